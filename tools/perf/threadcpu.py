#!/usr/bin/env python3
"""CPU time per thread of a JVM, from /proc: `threadcpu.py snap PID > a.json`, later
`threadcpu.py diff a.json b.json [updates]` groups threads by name (digits folded) and prints
seconds, share and, given the delivered updates, microseconds per update.
`threadcpu.py watch PID [seconds]` prints, every interval until the JVM exits, the cores each
thread group used in it (the top groups), to see what a stall is made of."""
import json, os, re, sys
from collections import defaultdict

HZ = os.sysconf("SC_CLK_TCK")

def snap(pid):
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            comm = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = [comm, (int(fields[11]) + int(fields[12])) / HZ]
    return out

def group(name):
    return re.sub(r"\d+", "N", name)

def diff(a, b, updates):
    per = defaultdict(float)
    for tid, (comm, cpu) in b.items():
        per[group(comm)] += cpu - (a.get(tid, [comm, 0.0])[1])
    total = sum(per.values())
    print(f"{'thread group':32} {'cpu s':>8} {'share':>7}" + (f" {'us/update':>10}" if updates else ""))
    for name, cpu in sorted(per.items(), key=lambda kv: -kv[1]):
        if cpu < total * 0.002:
            continue
        line = f"{name:32} {cpu:8.2f} {100 * cpu / total:6.1f}%"
        if updates:
            line += f" {1e6 * cpu / updates:10.1f}"
        print(line)
    print(f"{'TOTAL':32} {total:8.2f}" + (f"         {1e6 * total / updates:10.1f}" if updates else ""))

def watch(pid, every):
    import time
    prev, t0 = snap(pid), time.time()
    while os.path.exists(f"/proc/{pid}"):
        time.sleep(every)
        try:
            cur = snap(pid)
        except OSError:
            break
        per = defaultdict(float)
        for tid, (comm, cpu) in cur.items():
            per[group(comm)] += cpu - prev.get(tid, [comm, 0.0])[1]
        prev = cur
        top = sorted(per.items(), key=lambda kv: -kv[1])[:6]
        print(f"t={time.time() - t0:6.1f}s cores={sum(per.values()) / every:4.2f} " + " ".join(
            f"{name}={cpu / every:.2f}" for name, cpu in top if cpu > 0), flush=True)

if __name__ == "__main__":
    if sys.argv[1] == "watch":
        watch(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 2.0)
    elif sys.argv[1] == "snap":
        json.dump(snap(sys.argv[2]), sys.stdout)
    else:
        diff(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])),
             float(sys.argv[4]) if len(sys.argv) > 4 else 0)
