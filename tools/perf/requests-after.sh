#!/usr/bin/env bash
# An ON_READY hook for run.sh: once dev mode (PID $1) has run REQ_DELAY seconds (default 72, past
# a 60 s warm-up), the embedded broker's requests per type over REQ_SECS seconds (default 20),
# written to REQ_OUT (default target/perf/requests.txt). E.g.
#   REQ_OUT=/tmp/r.txt ON_READY=tools/perf/requests-after.sh tools/perf/run.sh NAME latency "..."
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sleep "${REQ_DELAY:-72}"
java "$root/tools/perf/BrokerRequests.java" "$1" "${REQ_SECS:-20}" > "${REQ_OUT:-$root/target/perf/requests.txt}" 2>&1
