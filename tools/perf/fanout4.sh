#!/usr/bin/env bash
# The broadcast fan-out of docs/performance.md on four nodes: dev mode (broker, streams-state,
# gateway with a bench broadcaster token, its own node unused) plus four node JVMs sharing its
# token key, DEVICES (default 76,000) subscribed devices spread over the four, PUTs at RATE
# (default 200/s), a broadcast set every 10 s through the gateway's API.
#   tools/perf/fanout4.sh OUTDIR [bench broadcast args...]
# DEV_SETS / NODE_SETS add --set options. Ports 27xxx: below the ephemeral range, which the
# bench's own client sockets would otherwise compete for.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
JAR=${JAR:-launcher/target/simplepush.jar}
data=target/dev-fanout4
token=bench-broadcaster-token-012345
out=$1; shift; mkdir -p $out; rm -rf $data
ulimit -n $(ulimit -Hn)
. tools/perf/nodes.sh
NODE_SETS="--set node.fd.reserve=600 ${NODE_SETS:-}" start_dev_and_nodes 27 $JAR $data $out \
  --set broadcast.tokens=bench=$token ${DEV_SETS:-}
echo "dev $dev nodes ${pids[*]}" | tee $out/pids.txt; uptime
for n in 1 2 3 4; do grep -q -i 'listening on' $out/node$n.log || { echo "node $n did not start"; kill ${pids[*]} $dev; exit 3; }; done
java @launcher/bench-jvm.options -Dorg.jboss.logging.provider=slf4j -jar $JAR bench broadcast \
  --ws-url ws://127.0.0.1:27101/,ws://127.0.0.1:27102/,ws://127.0.0.1:27103/,ws://127.0.0.1:27104/ \
  --devices ${DEVICES:-76000} --processes ${PROCESSES:-6} --rate ${RATE:-200} --duration ${DURATION:-60s} --warmup 10s \
  --timeout 300s --broadcast-url http://127.0.0.1:27081 --broadcast-token $token \
  --watch-pid ${pids[0]},${pids[1]},${pids[2]},${pids[3]},$dev --progress 10s --json $out/bench.json "$@" > $out/bench.out 2> $out/bench.err
echo "bench exit $?"; uptime
kill ${pids[*]} $dev 2>/dev/null; wait 2>/dev/null
python3 - $out/bench.json <<'PY'
import json,sys
d=json.load(open(sys.argv[1])); b=d['broadcast']
print('sets', [(s['devices'], s['missing'], s['putToLastDeviceMillis']) for s in b['sets']])
for k in ('notificationDuringFanoutMillis', 'notificationOutsideFanoutMillis'):
    print(k, b[k]['count'], 'p50', b[k]['p50'], 'p99', b[k]['p99'])
print('ratio', b['p99DuringOverOutside'], 'putToDevice', b['putToDeviceMillis']['p50'], b['putToDeviceMillis']['p99'])
print('puts', d['puts']['byStatus'], 'lost', d['deliveries']['lostChannels'], 'byNode', d['deliveries']['byNode'])
PY
