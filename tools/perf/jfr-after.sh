#!/usr/bin/env bash
# An ON_READY hook for run.sh: a JFR recording (settings=profile) of dev mode (PID $1) from
# JFR_DELAY seconds after `ready` (default 70, past a 60 s warm-up) for JFR_SECS seconds (default
# 30), so a profile shows the steady state and not the JIT's first minute. Written to JFR_OUT
# (default target/perf/steady.jfr); summarise with jfrsum.py as run.sh does. E.g.
#   JFR=0 JFR_OUT=/tmp/s.jfr ON_READY=tools/perf/jfr-after.sh tools/perf/run.sh NAME latency "..."
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jcmd "$1" JFR.start name=steady settings=profile delay="${JFR_DELAY:-70}s" duration="${JFR_SECS:-30}s" \
  filename="${JFR_OUT:-$root/target/perf/steady.jfr}"
