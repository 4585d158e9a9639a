#!/usr/bin/env bash
# Nothing can be pulled here, so the test base image is imported from Debian's busybox-static.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
export DOCKER_HOST="unix://$DOCKHAND_ENGINE_SOCK"
if docker image inspect "$DOCKHAND_BASE_IMAGE" >/dev/null 2>&1; then exit 0; fi
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
cp /bin/busybox "$root/bin/"
for c in sh ash echo cat ls sleep true false env printf mkdir rm cp mv wc head tail grep sed id whoami date stat touch find ps kill hostname uname test tee; do
  ln -s busybox "$root/bin/$c"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - "$DOCKHAND_BASE_IMAGE" >/dev/null
echo "[harness] imported $DOCKHAND_BASE_IMAGE"
