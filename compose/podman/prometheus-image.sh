#!/usr/bin/env bash
# Builds a Prometheus image without pulling anything, for the monitoring profile where
# prom/prometheus cannot be pulled: Debian's prometheus binary (apt-get install prometheus) and the
# C library it links, FROM scratch, with the entrypoint and paths of prom/prometheus, so the compose
# file's prometheus service runs it unchanged.
#
#   compose/podman/prometheus-image.sh [TAG]        # default localhost/simplepush-prometheus:debian
#   PROMETHEUS_IMAGE=localhost/simplepush-prometheus:debian \
#     docker-compose -f compose/docker-compose.yml up -d prometheus
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
tag="${1:-localhost/simplepush-prometheus:debian}"
binary="$(command -v prometheus)" || { echo "no prometheus binary (apt-get install prometheus)" >&2; exit 1; }
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT

root="$context/rootfs"
mkdir -p "$root/bin" "$root/etc/prometheus" "$root/prometheus"
cp -L "$binary" "$root/bin/prometheus"
for lib in $(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# The data volume starts as a copy of this directory: writable by the image's user (nobody).
chmod 777 "$root/prometheus"
cat > "$context/Containerfile" <<'CONTAINERFILE'
FROM scratch
COPY rootfs/ /
USER 65534:65534
EXPOSE 9090
VOLUME /prometheus
WORKDIR /prometheus
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
CONTAINERFILE
podman build -q -t "$tag" "$context" >/dev/null
echo "$tag"
