#!/usr/bin/env bash
# Builds the file tree under the simplepush container image (Jib puts the application on top):
# a jlinked Java runtime in /opt/java and exactly the shared libraries it and RocksDB's JNI
# library need, copied from this (glibc, x86-64 Linux) build machine. No base image is pulled:
# the image starts FROM scratch, so it builds where no registry is reachable.
#
#   runtime.sh <output-dir>
set -euo pipefail
out="$1"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jlink="$java_home/bin/jlink"
[ -x "$jlink" ] || jlink="$(command -v jlink)"
# What jdeps --print-module-deps reports for the launcher and its libraries, plus the EC and
# DNS providers (found by the service loader, so invisible to jdeps).
modules=java.base,java.compiler,java.desktop,java.naming,java.net.http,java.rmi,java.scripting,\
java.security.jgss,java.security.sasl,java.sql,jdk.httpserver,jdk.management,jdk.unsupported,\
jdk.crypto.ec,jdk.naming.dns,jdk.zipfs

rm -rf "$out"
# /var/lib/kafka/data: the broker role's log directory where the apache/kafka image keeps it, so a
# volume mounted there starts out writable by the image's user (like /data).
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/data" "$out/var/lib/kafka/data"
"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/opt/java"

# Shared libraries: whatever the runtime's binaries and libraries link to, and RocksDB's JNI
# library's own (it is unpacked from its jar at run time, so ldd cannot see it here). The
# desktop's native parts (AWT, fonts, sound, images: java.desktop is there for java.beans only)
# are left out with their X11 and font libraries; a headless server never loads them.
desktop='/lib(awt|awt_xawt|awt_headless|jawt|fontmanager|lcms|javajpeg|splashscreen|jsound|mlib_image)\.so$'
libs=$( { ldd "$out/opt/java/bin/java"; find "$out/opt/java" -name '*.so' | grep -Ev "$desktop" | xargs -n1 ldd || true; } 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
for extra in libstdc++.so.6 libgcc_s.so.1 librt.so.1 libdl.so.2 libpthread.so.0 libm.so.6; do
  found=""
  for dir in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /usr/lib64; do
    if [ -e "$dir/$extra" ]; then found="$dir/$extra"; break; fi
  done
  [ -n "$found" ] || { echo "runtime.sh: $extra not found on this machine" >&2; exit 1; }
  libs="$libs"$'\n'"$found"
done
for lib in $(printf '%s\n' "$libs" | grep -v "^$out" | sort -u); do
  # /usr/lib is where merged-/usr systems keep them; the loader searches /lib/<triplet> first.
  target="$out$lib"
  mkdir -p "$(dirname "$target")"
  cp -L "$lib" "$target"
done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
simplepush:x:65532:65532:simplepush:/data:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
simplepush:x:65532:
GROUP
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
echo "runtime for the image in $out: $(du -sh "$out" | cut -f1)"
