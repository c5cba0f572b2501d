#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample` (or jdk.ObjectAllocationSample) text:
top self frames, top inclusive frames and a share per component (by package of the frames).
Usage: jfr print --stack-depth 64 --events jdk.ExecutionSample rec.jfr | jfrsum.py [N] [alloc]"""
import re, sys
from collections import Counter

top = int(sys.argv[1]) if len(sys.argv) > 1 else 30
alloc = len(sys.argv) > 2 and sys.argv[2] == "alloc"

# Most specific first: the first frame (from the top of the stack) matching decides.
COMPONENTS = [
    ("jackson (JSON)", r"^com\.fasterxml\.jackson"),
    ("rocksdb", r"^org\.rocksdb"),
    ("kafka streams", r"^org\.apache\.kafka\.streams"),
    ("kafka clients: producer", r"^org\.apache\.kafka\.clients\.producer"),
    ("kafka clients: consumer", r"^org\.apache\.kafka\.clients\.consumer"),
    ("kafka clients: network", r"^org\.apache\.kafka\.(clients|common\.network)"),
    ("kafka common (records, serde, metrics)", r"^org\.apache\.kafka\.common"),
    ("kafka broker", r"^(kafka\.|org\.apache\.kafka\.(storage|server|raft|metadata|coordinator|controller|image|queue|snapshot|deferred))"),
    ("undertow/xnio", r"^(io\.undertow|org\.xnio)"),
    ("simplepush", r"^dev\.simplepush"),
    ("logging", r"^(org\.apache\.logging|org\.slf4j)"),
    ("micrometer", r"^io\.micrometer"),
    ("jdk nio/net", r"^(sun\.nio|java\.nio|sun\.net|java\.net|jdk\.internal\.net)"),
    ("jdk crypto", r"^(com\.sun\.crypto|sun\.security|javax\.crypto)"),
    ("jdk concurrency", r"^(java\.util\.concurrent|jdk\.internal\.misc\.Unsafe)"),
    ("jdk other", r"^(java|jdk|sun)\."),
]
COMP_RE = [(n, re.compile(p)) for n, p in COMPONENTS]

def component(stack):
    # Attribute to the innermost non-JDK frame's component, else the top frame's.
    for frame in stack:
        for name, rx in COMP_RE[:12]:
            if rx.search(frame):
                return name
    for frame in stack[:1]:
        for name, rx in COMP_RE:
            if rx.search(frame):
                return name
    return "other"

events, stack, weight, thread = [], [], 1, ""
in_stack = False
for line in sys.stdin:
    s = line.strip()
    if s.startswith("jdk.ExecutionSample") or s.startswith("jdk.ObjectAllocationSample"):
        stack, weight, thread, in_stack = [], 1, "", False
    elif s.startswith("weight ="):
        v = s.split("=", 1)[1].strip()
        m = re.match(r"([\d.]+)\s*(bytes|kB|MB|GB)?", v)
        mult = {"bytes": 1, "kB": 1024, "MB": 1024**2, "GB": 1024**3, None: 1}[m.group(2)]
        weight = float(m.group(1)) * mult
    elif s.startswith("sampledThread =") or s.startswith("eventThread ="):
        thread = re.sub(r"\d+", "N", s.split("=", 1)[1].split("(")[0].strip().strip('"'))
    elif s.startswith("stackTrace = ["):
        in_stack = True
    elif in_stack and s == "]":
        in_stack = False
        events.append((stack, weight if alloc else 1, thread))
    elif in_stack and s and s != "...":
        stack.append(re.sub(r"\s+line:.*$", "", s))

total = sum(w for _, w, _ in events) or 1
unit = "MB" if alloc else "samples"
def show(title, counter, n=top):
    print(f"\n== {title} (total {total / (1024**2) if alloc else total:.0f} {unit})")
    for k, v in counter.most_common(n):
        print(f"{100 * v / total:6.2f}%  {k}")

self_c, incl, comp, thr = Counter(), Counter(), Counter(), Counter()
for stack, w, t in events:
    if not stack:
        continue
    self_c[stack[0]] += w
    for f in set(stack):
        incl[f] += w
    comp[component(stack)] += w
    thr[t] += w
show("by component (innermost non-JDK frame)", comp)
show("by thread", thr, 25)
show("top self frames", self_c)
show("top inclusive frames", incl, top * 2)
