#!/usr/bin/env bash
# Checks that a Jib image tar (docker-load format) is a complete image without a Docker engine:
# manifest.json names a config and layers that are all in the tar, each layer's uncompressed
# sha256 is the config's diff_id, and the layers hold the runtime, the loader, the classpath
# file and the entrypoint's program. With --run ROOTFS it also unpacks the layers into ROOTFS
# and runs `simplepush --version` in a chroot as the image's user (needs root, mounts /proc).
#
#   check-image.sh launcher/target/jib-image.tar [--run /tmp/rootfs]
set -euo pipefail
tar_file="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xf "$tar_file" -C "$work"

python3 - "$work" <<'PY'
import gzip, hashlib, json, os, sys, tarfile
work = sys.argv[1]
manifest = json.load(open(os.path.join(work, "manifest.json")))
assert len(manifest) == 1, "one image per tar"
entry = manifest[0]
config = json.load(open(os.path.join(work, entry["Config"])))
assert config["os"] == "linux" and config["architecture"] == "amd64", (config["os"], config["architecture"])
diff_ids = config["rootfs"]["diff_ids"]
assert len(diff_ids) == len(entry["Layers"]) > 0, "a diff_id per layer"
files = {}
for layer, diff_id in zip(entry["Layers"], diff_ids):
    path = os.path.join(work, layer)
    digest = hashlib.sha256()
    with gzip.open(path, "rb") as raw:
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            digest.update(chunk)
    assert "sha256:" + digest.hexdigest() == diff_id, f"{layer}: diff_id mismatch"
    with tarfile.open(path, "r:gz") as t:
        for member in t.getmembers():
            files["/" + member.name.lstrip("./")] = member
need = {"/opt/java/bin/java": 0o755, "/lib64/ld-linux-x86-64.so.2": 0o755,
        "/lib/x86_64-linux-gnu/libc.so.6": None, "/app/jib-classpath-file": None,
        "/app/jib-main-class-file": None, "/etc/passwd": None,
        # The scripts without a shell (ScriptMain) and the broker role's log directory.
        "/opt/simplepush/bin/simplepush": 0o755, "/opt/kafka/bin/kafka-broker-api-versions.sh": 0o755,
        "/etc/kafka/docker/run": 0o755,
        "/opt/simplepush/script.args": None, "/opt/simplepush/server.args": None, "/var/lib/kafka/data": 0o777}
for name, mode in need.items():
    assert name in files, f"missing {name}"
    if mode is not None:
        assert files[name].mode & 0o777 == mode, f"{name} has mode {oct(files[name].mode)}"
entrypoint = config["config"]["Entrypoint"]
assert entrypoint[0] == "java" and "/opt/java/bin" in " ".join(config["config"]["Env"]), entrypoint
print(f"image ok: {entry['RepoTags']}, {len(diff_ids)} layers, {len(files)} files, "
      f"entrypoint {' '.join(entrypoint)}, user {config['config'].get('User')}")
PY

if [ "${2:-}" = "--run" ]; then
  rootfs="$3"
  rm -rf "$rootfs" && mkdir -p "$rootfs"
  for layer in $(python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))[0]['Layers']))" "$work/manifest.json"); do
    tar --warning=no-unknown-keyword -xzf "$work/$layer" -C "$rootfs"
  done
  mkdir -p "$rootfs/proc"
  mount --bind /proc "$rootfs/proc"
  trap 'umount "$rootfs/proc"; rm -rf "$work"' EXIT
  chroot --userspec=65532:65532 "$rootfs" /opt/java/bin/java -cp @/app/jib-classpath-file \
    dev.simplepush.launcher.Main --version
fi
