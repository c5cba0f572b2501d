#!/usr/bin/env bash
# Runs compose/docker-compose.yml without Docker: podman's Docker-compatible API service on a
# socket of its own, for docker-compose (v1) to talk to, and a healthcheck driver, because podman
# runs healthchecks from systemd timers and there is no systemd here. Everything it starts is
# recorded in STATE_DIR and ended by `stop`. See compose/README.md, "Without Docker: podman".
#
#   eval "$(compose/podman/podman-service.sh start /tmp/simplepush-podman)"   # prints the exports
#   docker-compose -f compose/docker-compose.yml up -d
#   compose/podman/podman-service.sh stop /tmp/simplepush-podman
#
# Environment: PODMAN_HEALTH_STARTING_INTERVAL (seconds, default 5) between checks of a container
# not healthy yet, PODMAN_HEALTH_INTERVAL (default 30) once it is; each check starts a JVM in the
# container, so healthy ones are checked rarely.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
command="${1:-}"
state="${2:-}"
[ -n "$command" ] && [ -n "$state" ] || { echo "usage: $0 start|stop|health-loop STATE_DIR" >&2; exit 2; }

start() {
  command -v podman >/dev/null || { echo "podman is not installed (apt-get install podman runc netavark aardvark-dns iptables)" >&2; exit 1; }
  mkdir -p "$state"
  state="$(cd "$state" && pwd)"
  if [ -f "$state/service.pid" ] && kill -0 "$(cat "$state/service.pid")" 2>/dev/null; then
    echo "$0: already started in $state" >&2
  else
    rm -f "$state/podman.sock"
    # --time=0: no idle timeout; the service runs until stop.
    setsid podman system service --time=0 "unix://$state/podman.sock" >"$state/service.log" 2>&1 < /dev/null &
    echo $! >"$state/service.pid"
    for _ in $(seq 1 100); do
      [ -S "$state/podman.sock" ] && break
      kill -0 "$(cat "$state/service.pid")" 2>/dev/null || { cat "$state/service.log" >&2; exit 1; }
      sleep 0.1
    done
    [ -S "$state/podman.sock" ] || { echo "$0: no socket after 10 s; see $state/service.log" >&2; exit 1; }
    setsid "$0" health-loop "$state" >"$state/health.log" 2>&1 < /dev/null &
    echo $! >"$state/health.pid"
  fi
  echo "export DOCKER_HOST=unix://$state/podman.sock"
  echo "export CONTAINERS_CONF=$CONTAINERS_CONF"
}

# Runs `podman healthcheck run` for each running container that has a healthcheck, as often as
# its state asks; podman records the result where docker-compose (depends_on: service_healthy)
# and `podman ps` read it.
health_loop() {
  local starting="${PODMAN_HEALTH_STARTING_INTERVAL:-5}" healthy="${PODMAN_HEALTH_INTERVAL:-30}"
  declare -A last=()
  while true; do
    local now id status due
    now=$(date +%s)
    # Status is e.g. "Up 2 minutes ago (healthy)"; without a healthcheck there is no "(...)".
    while read -r id status; do
      [ -n "$id" ] || continue
      case "$status" in
        *"(healthy)") due=$healthy ;;
        *"(starting)"|*"(unhealthy)") due=$starting ;;
        *) continue ;;
      esac
      if (( now - ${last[$id]:-0} >= due )); then
        last[$id]=$now
        podman healthcheck run "$id" >/dev/null 2>&1 &
      fi
    done < <(podman ps --format '{{.ID}} {{.Status}}' 2>/dev/null || true)
    wait
    sleep 1
  done
}

stop() {
  local name pid
  for name in health service; do
    if [ -f "$state/$name.pid" ]; then
      pid="$(cat "$state/$name.pid")"
      # Each was started with setsid: its process group is its own, so this ends its children too.
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
      rm -f "$state/$name.pid"
    fi
  done
  rm -f "$state/podman.sock"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  health-loop) health_loop ;;
  *) echo "usage: $0 start|stop|health-loop STATE_DIR" >&2; exit 2 ;;
esac
