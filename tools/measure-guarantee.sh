#!/usr/bin/env bash
# Latency and rough throughput of streams-state's processing guarantees on dev mode.
#   tools/measure-guarantee.sh [base-port]     (default 34080: ws, +1 http, +10 admin, +12 kafka)
#   env: PROBE_COUNT (300), LOAD_SECONDS (20), ONLY (names of the runs below), SIMPLEPUSH_JAR
# Each configuration gets a fresh data directory; prints one probe line and one load line each.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:-34080}"
ws=$base; http=$((base + 1)); admin=$((base + 10)); kafka=$((base + 12))
out="$root/target/measure"
# A fixed build (SIMPLEPUSH_JAR), so editing sources meanwhile does not trigger a rebuild.
jar="${SIMPLEPUSH_JAR:-$root/launcher/target/simplepush.jar}"
sp() { java -Dorg.jboss.logging.provider=slf4j -jar "$jar" "$@"; }
mkdir -p "$out"
run() {
  local name="$1"; shift
  # ONLY="alos-100 eos-20" measures just those.
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then return; fi
  local dir="$out/$name"
  rm -rf "$dir"
  java -Dorg.jboss.logging.provider=slf4j -jar "$jar" dev --data-dir "$dir" --ws-port "$ws" --http-port "$http" --admin-port "$admin" \
      --kafka-port "$kafka" "$@" >"$out/$name.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 240); do grep -q "mode is ready" "$out/$name.log" && break; sleep 0.5; done
  echo "== $name ($*)"
  sp probe --ws-url "ws://127.0.0.1:$ws/" --count "${PROBE_COUNT:-300}" 2>&1 | tail -2
  java "$root/tools/PutLoad.java" "ws://127.0.0.1:$ws/" 8 32 "${LOAD_SECONDS:-20}" 2>&1 | tail -1
  kill "$pid"; wait "$pid" || true
}
run alos-100 --set state.processing.guarantee=at_least_once
run eos-100 --set state.processing.guarantee=exactly_once_v2 --set state.commit.interval=100ms
run eos-50 --set state.processing.guarantee=exactly_once_v2 --set state.commit.interval=50ms
run eos-20 --set state.processing.guarantee=exactly_once_v2 --set state.commit.interval=20ms
run eos-10 --set state.processing.guarantee=exactly_once_v2 --set state.commit.interval=10ms
