#!/usr/bin/env bash
# Idempotently installs everything the integration suite needs: Debian docker.io, docker-registry,
# openssh-client, Podman, Chromium, and code-server (VS Code 1.100.3 served to a browser). Safe to run repeatedly.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

need_apt=()
command -v dockerd >/dev/null || need_apt+=(docker.io)
[ -x /bin/busybox ] || need_apt+=(busybox-static)
command -v docker-registry >/dev/null || need_apt+=(docker-registry)
command -v htpasswd >/dev/null || need_apt+=(apache2-utils)
# The build session's SSH forwarding: ssh-agent/ssh-add for Dockhand and the tests, ssh-add in the test image.
command -v ssh-agent >/dev/null && command -v ssh-add >/dev/null && command -v ssh-keygen >/dev/null || need_apt+=(openssh-client)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
# The SSH and TLS engines of the remote-engine tests (scripts/harness/ssh-engine.sh, tls-engine.sh).
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
command -v ssh >/dev/null || need_apt+=(openssh-client)
command -v openssl >/dev/null || need_apt+=(openssl)
# The Podman tests: Podman's Docker-compatible API service (scripts/harness/podman.sh).
command -v podman >/dev/null || need_apt+=(podman)
# The engine and registry scripts probe their sockets with curl.
command -v curl >/dev/null || need_apt+=(curl)
# The optional ShellCheck pass over RUN scripts (dockhand.lint.shellcheck) and its integration test.
command -v shellcheck >/dev/null || need_apt+=(shellcheck)
# The Compose CLI actions' tests: Debian's docker-compose 1.29.2 (no Compose v2 plugin is reachable here).
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
for p in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev pkg-config; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "[harness] apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
fi

cs="$DOCKHAND_TOOLS_DIR/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$cs/node_modules/code-server/out/node/entry.js" ]; then
  echo "[harness] installing code-server@$CODE_SERVER_VERSION into $cs (about 80 s)"
  mkdir -p "$cs"
  # code-server's postinstall downloads ripgrep; pre-seed the cache it checks first with Debian's rg.
  cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  if [ ! -f "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
    tmp="$(mktemp -d)"; cp "$(command -v rg)" "$tmp/rg"
    tar -C "$tmp" -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
    rm -rf "$tmp"
  fi
  [ -f "$cs/package.json" ] || echo '{"name":"dockhand-code-server","private":true}' > "$cs/package.json"
  (cd "$cs" && npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund \
      --dangerously-allow-all-scripts=true "code-server@$CODE_SERVER_VERSION" >"$cs/install.log" 2>&1) || {
    echo "[harness] code-server install failed; see $cs/install.log"; tail -20 "$cs/install.log"; exit 1; }
fi
echo "[harness] installed: $(dockerd --version), code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -1)"
