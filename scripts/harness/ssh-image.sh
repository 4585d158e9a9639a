#!/usr/bin/env bash
# The base image of the SSH-forwarding tests: the busybox base plus OpenSSH's ssh-add and the shared
# libraries it links (from this machine's openssh-client), so a RUN step can ask a forwarded agent which
# keys it holds. busybox alone cannot: its nc has no unix sockets. Imported, since nothing can be pulled.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
export DOCKER_HOST="unix://$DOCKHAND_ENGINE_SOCK"
image="${DOCKHAND_SSH_IMAGE:-dockhand-test/ssh-tools:1}"
if docker image inspect "$image" >/dev/null 2>&1; then exit 0; fi
command -v ssh-add >/dev/null || { echo "[harness] ssh-add is missing: run scripts/harness/install.sh (openssh-client)"; exit 1; }
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
cp /bin/busybox "$root/bin/"
for c in sh echo cat ls sleep true grep test; do ln -s busybox "$root/bin/$c"; done
add="$(command -v ssh-add)"
mkdir -p "$root$(dirname "$add")"; cp "$add" "$root$add"
# Every library ssh-add loads, at the path the dynamic loader looks for it.
for lib in $(ldd "$add" | grep -oE '/[^ ]+'); do
  mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
tar -C "$root" -c . | docker import -c 'ENV PATH=/bin:/usr/bin' -c 'CMD ["/bin/sh"]' - "$image" >/dev/null
echo "[harness] imported $image"
