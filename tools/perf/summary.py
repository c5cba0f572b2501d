#!/usr/bin/env python3
"""One line per run directory: rate, latency, server CPU per update, offsets per update, load."""
import json, sys, os
for d in sys.argv[1:]:
    try:
        b = json.load(open(f"{d}/bench.json"))
    except Exception as e:
        print(f"{os.path.basename(d):14} no bench.json"); continue
    lat = b["latencyMillis"]["putToNotification"]
    rec = open(f"{d}/records.txt").read().split("TOTAL")[1].split()[1] if os.path.exists(f"{d}/records.txt") else "?"
    tot = open(f"{d}/threads.txt").read().split("TOTAL")[1].split() if os.path.exists(f"{d}/threads.txt") else ["?", "?"]
    load = open(f"{d}/load.txt").read().split()
    print(f"{os.path.basename(d):14} deliv/s {b['rates']['deliveredPerSecond']:8.1f} p50 {lat.get('p50',0):6.1f} p99 {lat.get('p99',0):6.1f} max {lat.get('max',0):6.1f} "
          f"cpu/upd(bench) {b.get('serverCpuMillisPerDeliveredUpdate')} ms  cpu/upd(all run) {float(tot[1])/1000:.3f} ms  offsets/upd {rec}  lost {b['deliveries']['lostChannels']} load {load[2]}-{load[8]}")
