# Sourced by the multi-node perf scripts: dev mode on ports ${P}080/${P}081/${P}092 plus four node
# JVMs on ${P}101..${P}104 sharing its token key, each node waited for until it listens.
#   start_dev_and_nodes P JAR DATA OUT [dev args...]   (NODE_SETS adds --set options to the nodes)
# Sets $dev (the dev mode's pid) and $pids (the nodes').
start_dev_and_nodes() {
  local p=$1 jar=$2 data=$3 out=$4; shift 4
  java ${DEV_OPTS:-} -Dorg.jboss.logging.provider=slf4j -jar $jar dev --ws-port ${p}080 --http-port ${p}081 \
    --admin-port -1 --kafka-port ${p}092 --data-dir $data "$@" > $out/dev.log 2>&1 &
  dev=$!
  for i in $(seq 1 240); do grep -q 'is ready' $out/dev.log && break; sleep 0.5; done
  local key n i
  key=$(cat $data/endpoint-token.key)
  pids=()
  for n in 1 2 3 4; do
    java -Dorg.jboss.logging.provider=slf4j -jar $jar node --bootstrap-servers 127.0.0.1:${p}092 --set node.id=$n \
      --set node.listen.host=127.0.0.1 --set node.listen.port=${p}10$n --set token.keys=$key \
      --set node.endpoint.base=http://127.0.0.1:${p}081 --set topics.uaid.partitions=2 --set admin.listen.port=-1 \
      ${NODE_SETS:-} > $out/node$n.log 2>&1 &
    pids+=($!)
  done
  for n in 1 2 3 4; do for i in $(seq 1 120); do grep -q -i 'listening on' $out/node$n.log && break; sleep 0.5; done; done
}
