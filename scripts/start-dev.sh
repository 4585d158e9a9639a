#!/usr/bin/env bash
# `npm start`: builds Dockhand and opens it in VS Code against the local Docker engine.
# Uses the desktop `code` when present; otherwise serves VS Code (code-server 1.100.3) on 127.0.0.1 and prints
# the URL. If no engine answers on DOCKER_HOST or the default socket, it starts the project's own engine
# (scripts/harness) and stops it again on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
here="$root/scripts/harness"
source "$here/env.sh"

[ -d node_modules ] || npm ci --no-audit --no-fund
npm run bundle

started_engine=0
cleanup() {
  [ -n "${cs_pid:-}" ] && kill "$cs_pid" 2>/dev/null || true
  [ "$started_engine" = 1 ] && bash "$here/engine.sh" stop || true
}
trap cleanup EXIT INT TERM

engine_answers() { curl -sf --max-time 2 --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1; }
if [ -n "${DOCKER_HOST:-}" ]; then
  echo "Using DOCKER_HOST=$DOCKER_HOST"
elif [ -S /var/run/docker.sock ] && engine_answers /var/run/docker.sock; then
  echo "Using the engine at /var/run/docker.sock"
elif [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -S "$XDG_RUNTIME_DIR/docker.sock" ] && engine_answers "$XDG_RUNTIME_DIR/docker.sock"; then
  echo "Using the rootless engine at $XDG_RUNTIME_DIR/docker.sock"
else
  echo "No Docker engine answers; starting Dockhand's own (Debian docker.io, no network for containers)."
  bash "$here/install.sh"
  bash "$here/engine.sh" status >/dev/null 2>&1 || started_engine=1
  bash "$here/engine.sh" start
  bash "$here/base-image.sh"
  export DOCKER_HOST="unix://$DOCKHAND_ENGINE_SOCK"
fi

workspace="${1:-$root/test/fixtures/workspace}"
if command -v code >/dev/null 2>&1 && [ -z "${DOCKHAND_BROWSER:-}" ]; then
  exec code --extensionDevelopmentPath="$root" "$workspace"
fi

bash "$here/install.sh"
entry="$DOCKHAND_TOOLS_DIR/code-server-$CODE_SERVER_VERSION/node_modules/code-server/out/node/entry.js"
port="${PORT:-8080}"
data="${DOCKHAND_DEV_DATA:-$HOME/.cache/dockhand-dev}"
mkdir -p "$data/user-data/User" "$data/extensions"
[ -f "$data/user-data/User/settings.json" ] || echo '{ "workbench.startupEditor": "none" }' > "$data/user-data/User/settings.json"
EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery"}' node "$entry" --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --user-data-dir "$data/user-data" --extensions-dir "$data/extensions" "$workspace" &
cs_pid=$!
payload="$(node -e 'console.log(encodeURIComponent(JSON.stringify([["extensionDevelopmentPath", "vscode-remote://127.0.0.1:" + process.argv[1] + process.argv[2]]])))' "$port" "$root")"
folder="$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$workspace")"
sleep 0.5
echo
echo "Dockhand is running in VS Code 1.100.3 (code-server $CODE_SERVER_VERSION, in your browser). Open:"
echo "  http://127.0.0.1:$port/?folder=$folder&payload=$payload"
echo "Press Ctrl-C to stop."
wait "$cs_pid"
