#!/usr/bin/env bash
# The reconnect storm of docs/performance.md: dev mode (broker, streams-state, gateway) plus four
# node JVMs sharing its token key, 19,000 devices on node 2, SIGKILL, one PUT per device from the
# kill. Records thread CPU of every surviving server JVM for PROFILE_SECONDS after the kill (and a
# JFR of the dev JVM unless JFR=0), and the topics' offsets every second (watch.txt).
#   tools/perf/storm.sh OUTDIR [bench storm args...]
# WARM=N first runs a 40 s soak of N devices on the three survivors: nodes already in service
# rather than idle, cold JVMs. DEV_SETS / NODE_SETS add --set options; DEVICES, DURATION,
# TIMEOUT, DRAIN override the bench's. Ports 26xxx: below the ephemeral range, which the bench's
# own 19,000 client sockets would otherwise compete for.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
JAR=${JAR:-launcher/target/simplepush.jar}
LIB="$(dirname "$JAR")/lib/*"
data=target/dev-storm
out=$1; shift; mkdir -p $out; rm -rf $data
ulimit -n $(ulimit -Hn)
. tools/perf/nodes.sh
start_dev_and_nodes 26 $JAR $data $out ${DEV_SETS:-}
echo "dev $dev nodes ${pids[*]}" | tee $out/pids.txt; uptime
for n in 1 2 3 4; do grep -q -i 'listening on' $out/node$n.log || { echo "node $n did not start"; kill ${pids[*]} $dev; exit 3; }; done
if [ -n "${WARM:-}" ]; then
  # Nodes already in service: warm the three survivors (and the hello path) with their own devices first.
  java @launcher/bench-jvm.options -Dorg.jboss.logging.provider=slf4j -jar $JAR bench soak --ws-url ws://127.0.0.1:26101/,ws://127.0.0.1:26103/,ws://127.0.0.1:26104/ \
    --devices $WARM --rate 500 --churn 50 --duration 40s --warmup 5s --json $out/warm.json > $out/warm.out 2> $out/warm.err
  echo "warm-up exit $?"
fi
java -cp "$LIB" tools/perf/StormWatch.java 127.0.0.1:26092 > $out/watch.txt 2>&1 &
watcher=$!
(
  # Wait for the kill, then snapshot thread CPU of the survivors and start JFR on dev.
  while kill -0 ${pids[1]} 2>/dev/null; do kill -0 $$ 2>/dev/null || exit; sleep 0.2; done
  for p in $dev ${pids[0]} ${pids[2]} ${pids[3]}; do python3 tools/perf/threadcpu.py snap $p > $out/t0-$p.json; done
  [ "${JFR:-1}" = 1 ] && jcmd $dev JFR.start name=storm settings=profile > /dev/null
  sleep ${PROFILE_SECONDS:-40}
  for p in $dev ${pids[0]} ${pids[2]} ${pids[3]}; do python3 tools/perf/threadcpu.py snap $p > $out/t1-$p.json; done
  [ "${JFR:-1}" = 1 ] && jcmd $dev JFR.stop name=storm filename=$out/dev.jfr > /dev/null
  echo profiled
) &
prof=$!
java @launcher/bench-jvm.options -Dorg.jboss.logging.provider=slf4j -jar $JAR bench storm --ws-url ws://127.0.0.1:26102/,ws://127.0.0.1:26101/,ws://127.0.0.1:26103/,ws://127.0.0.1:26104/ \
  --devices ${DEVICES:-19000} --kill-pid ${pids[1]} --kill-after 20s --duration ${DURATION:-90s} --timeout ${TIMEOUT:-120s} \
  --drain-timeout ${DRAIN:-60s} --watch-pid ${pids[0]},${pids[2]},${pids[3]},$dev --json $out/bench.json "$@" > $out/bench.out 2> $out/bench.err
echo "bench exit $?"; uptime
wait $prof
kill $watcher ${pids[0]} ${pids[2]} ${pids[3]} $dev 2>/dev/null; wait 2>/dev/null
for p in $dev ${pids[0]} ${pids[2]} ${pids[3]}; do
  [ -f $out/t1-$p.json ] && python3 tools/perf/threadcpu.py diff $out/t0-$p.json $out/t1-$p.json 1 > $out/threads-$p.txt
done
if [ -f $out/dev.jfr ]; then
  jfr print --stack-depth 64 --events jdk.ExecutionSample $out/dev.jfr | python3 tools/perf/jfrsum.py 40 > $out/cpu.txt
fi
python3 - $out/bench.json <<'PY'
import json,sys
d=json.load(open(sys.argv[1])); s=d['storm']
print('done', s['done'], 'within10', s['doneWithin10s'], 'hello p50/p90/max', s['killToHelloMillis']['p50'], s['killToHelloMillis']['p90'], s['killToHelloMillis']['max'], 'update p50/p90/max', s['killToUpdateMillis']['p50'], s['killToUpdateMillis']['p90'], s['killToUpdateMillis']['max'])
print('puts', d['puts']['byStatus'], 'lost?', d['deliveries'])
for w in d['watched']: print(w['pid'], w['role'], w['cpuMillis'])
PY
