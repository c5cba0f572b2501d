#!/usr/bin/env bash
# One profiled bench run against a fresh dev mode (ports 43xxx, or PERF_BASE=NN for NNxxx):
#   tools/perf/run.sh NAME SCENARIO "BENCH ARGS" [dev --set args...]
# e.g. tools/perf/run.sh base-tp throughput "--duration 60s" ; JFR=0 to run without a recording.
# Writes target/perf/NAME/{bench.json,threads.txt,cpuline.txt,offsets-*.txt,cpu.txt,alloc.txt,dev.log}
# (cpuline.txt: the cores each thread group used per WATCH_EVERY seconds, default 2).
# LAG=1 also writes lag.txt: each consumer group's lag per topic every WATCH_EVERY seconds.
# ON_READY=cmd runs `cmd <dev pid>` in the background once dev mode is ready (e.g. a stack sampler).
# Dev mode starts with launcher/dev-jvm.options, as ./simplepush dev does (DEV_JAVA_OPTS=-XX:+TieredCompilation
# for the JVM's default JIT). DEV_JAVA=/path/to/java runs dev mode on another JDK, DEV_JAVA_OPTS adds JVM options to it.
# The bench starts with launcher/bench-jvm.options, as ./simplepush bench does; BENCH_JAVA_OPTS adds to them
# (e.g. -Xlog:gc:file=/tmp/bench-gc.log, or -XX:TieredStopAtLevel=4 for the JVM's default JIT); bench-cpu.txt has the bench JVM's
# own CPU seconds every WATCH_EVERY seconds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
name=$1 scenario=$2 benchargs=$3; shift 3
out="$root/target/perf/$name"; rm -rf "$out" "$root/target/dev-perf"; mkdir -p "$out"
sets=(); for s in "$@"; do sets+=(--set "$s"); done
cd "$root"
${DEV_JAVA:-java} @launcher/dev-jvm.options ${DEV_JAVA_OPTS:-} -Dorg.jboss.logging.provider=slf4j -jar "${JAR:-launcher/target/simplepush.jar}" dev --ws-port ${PERF_BASE:-43}080 --http-port ${PERF_BASE:-43}081 \
  --admin-port -1 --kafka-port ${PERF_BASE:-43}092 --data-dir target/dev-perf "${sets[@]}" > "$out/dev.log" 2>&1 &
devpid=$!
trap 'kill $devpid 2>/dev/null || true' EXIT
for i in $(seq 1 240); do grep -q 'is ready' "$out/dev.log" && break; kill -0 $devpid 2>/dev/null || break; sleep 0.5; done
grep -q 'is ready' "$out/dev.log" || { echo "dev mode not ready"; tail -20 "$out/dev.log"; exit 2; }
# The JVM is the java child of the script's exec: same pid.
jpid=$devpid
java -cp "launcher/target/lib/*" tools/perf/Offsets.java 127.0.0.1:${PERF_BASE:-43}092 > "$out/offsets-before.txt"
python3 tools/perf/threadcpu.py snap $jpid > "$out/t0.json"
python3 tools/perf/threadcpu.py watch $jpid ${WATCH_EVERY:-2} > "$out/cpuline.txt" 2>/dev/null &
[ "${LAG:-0}" = 1 ] && { java -cp "launcher/target/lib/*" tools/perf/Lag.java 127.0.0.1:${PERF_BASE:-43}092 ${WATCH_EVERY:-2} > "$out/lag.txt" 2>&1 & }
[ -n "${ON_READY:-}" ] && { $ON_READY $jpid > /dev/null 2>&1 & }
[ "${JFR:-1}" = 1 ] && jcmd $jpid JFR.start name=perf settings=profile > /dev/null
echo "load before: $(cat /proc/loadavg)" | tee "$out/load.txt"
java @launcher/bench-jvm.options ${BENCH_JAVA_OPTS:-} -Dorg.jboss.logging.provider=slf4j -jar "${JAR:-launcher/target/simplepush.jar}" bench $scenario --ws-url ws://127.0.0.1:${PERF_BASE:-43}080/ --progress 10s --watch-pid $jpid \
   --json "$out/bench.json" $benchargs > /dev/null 2> "$out/bench.err" &
benchpid=$!
# The bench JVM's own CPU (user + system, seconds since it started) every WATCH_EVERY seconds:
# on this box the load tool competes with the server it measures.
( tick=$(getconf CLK_TCK); while kill -0 $benchpid 2>/dev/null; do
    awk -v t=$tick -v s=$SECONDS '{printf "%d %.2f\n", s, ($14 + $15) / t}' /proc/$benchpid/stat 2>/dev/null
    sleep ${WATCH_EVERY:-2}; done ) > "$out/bench-cpu.txt" &
wait $benchpid || echo "bench exit $?"
python3 tools/perf/threadcpu.py snap $jpid > "$out/t1.json"
[ "${JFR:-1}" = 1 ] && jcmd $jpid JFR.stop name=perf filename="$out/rec.jfr" > /dev/null
echo "load after: $(cat /proc/loadavg)" | tee -a "$out/load.txt"
java -cp "launcher/target/lib/*" tools/perf/Offsets.java 127.0.0.1:${PERF_BASE:-43}092 > "$out/offsets-after.txt"
# Updates over the whole run (warm-up included, like the thread CPU): the notifications written.
updates=$(python3 - "$out" <<'PY'
import sys
def read(f): return dict(l.split() for l in open(f))
a, b = read(sys.argv[1] + "/offsets-before.txt"), read(sys.argv[1] + "/offsets-after.txt")
print(max(1, int(b.get("notifications", 0)) - int(a.get("notifications", 0))))
PY
)
python3 - "$out" "$updates" > "$out/records.txt" <<'PY'
import sys
def read(f): return dict(l.split() for l in open(f))
a, b = read(sys.argv[1] + "/offsets-before.txt"), read(sys.argv[1] + "/offsets-after.txt")
n = int(sys.argv[2]); print(f"updates (notifications written) {n}; offsets per update, markers included:")
tot = 0
for t in sorted(b):
    d = int(b[t]) - int(a.get(t, 0))
    if d: print(f"  {t:60} {d:9} {d / n:6.2f}"); tot += d
print(f"  {'TOTAL':60} {tot:9} {tot / n:6.2f}")
PY
python3 tools/perf/threadcpu.py diff "$out/t0.json" "$out/t1.json" "$updates" > "$out/threads.txt"
kill $devpid; wait $devpid 2>/dev/null || true
trap - EXIT
if [ -f "$out/rec.jfr" ]; then
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$out/rec.jfr" | python3 tools/perf/jfrsum.py 40 > "$out/cpu.txt"
  jfr print --stack-depth 64 --events jdk.ObjectAllocationSample "$out/rec.jfr" | python3 tools/perf/jfrsum.py 40 alloc > "$out/alloc.txt"
fi
echo "done: $out"
