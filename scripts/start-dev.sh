#!/usr/bin/env bash
# `npm start [-- DIR] [-- --registry]`: builds Dockhand and opens it in VS Code against the local Docker engine.
#   DIR          the folder to open; default a scratch folder outside the clone
#                (${XDG_CACHE_HOME:-~/.cache}/dockhand-scratch, or $DOCKHAND_SCRATCH), seeded with a sample
#                Dockerfile and compose file the first time
#   --registry   also start the project's authenticated registry and print its address and credentials
# Uses the desktop `code` when present (unless DOCKHAND_BROWSER is set); otherwise serves VS Code (code-server
# 1.100.3) on 127.0.0.1:${PORT:-8080} and prints the URL. If no engine answers on DOCKER_HOST or the default
# socket, it starts the project's own engine (scripts/harness). It prints the DOCKER_HOST line for your
# terminal and how to stop everything; Ctrl-C (or SIGTERM) stops what it started.
# The VS Code profile it uses ($DOCKHAND_DEV_DATA, default ~/.cache/dockhand-dev) has workspace trust off and
# never offers git repositories of parent folders, so no prompt stands between you and the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
here="$root/scripts/harness"
source "$here/env.sh"

workspace=""; want_registry=0
for arg in "$@"; do
  case "$arg" in
    --registry) want_registry=1 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "npm start: unknown option $arg (options: DIR, --registry)"; exit 2 ;;
    *) [ -z "$workspace" ] || { echo "npm start: one folder only ($workspace, $arg)"; exit 2; }
       workspace="$arg" ;;
  esac
done
if [ -n "$workspace" ]; then
  [ -d "$workspace" ] || { echo "npm start: $workspace is not a folder"; exit 2; }
  workspace="$(cd "$workspace" && pwd)"
else
  workspace="${DOCKHAND_SCRATCH:-${XDG_CACHE_HOME:-$HOME/.cache}/dockhand-scratch}"
  mkdir -p "$workspace"
  # Seeded once: later runs keep what you changed there.
  [ -e "$workspace/Dockerfile" ] || cat > "$workspace/Dockerfile" <<'DOCKERFILE'
# A sample to try Dockhand on: hover an instruction, run "Build Image" from the title bar, look at the
# warning on MAINTAINER (its quick fix rewrites it). dockhand-test/busybox:1 is the image the project's own
# engine imports (nothing is pulled); on an engine that can pull, use busybox:1.36 instead.
FROM dockhand-test/busybox:1
MAINTAINER you@example.com
WORKDIR /app
COPY hello.sh .
RUN chmod +x hello.sh
CMD ["./hello.sh"]
DOCKERFILE
  [ -e "$workspace/hello.sh" ] || printf '#!/bin/sh\necho "hello from a container built by Dockhand"\nsleep 3600\n' > "$workspace/hello.sh"
  [ -e "$workspace/compose.yaml" ] || cat > "$workspace/compose.yaml" <<'COMPOSE'
# A sample compose file: "Compose Up" from its context menu, then the project shows in the Containers view.
services:
  hello:
    build: .
    image: dockhand-scratch/hello:dev
    network_mode: none
    init: true
COMPOSE
fi

[ -d node_modules ] || npm ci --no-audit --no-fund
npm run bundle

started_engine=0; started_registry=0
cleanup() {
  [ -n "${cs_pid:-}" ] && kill "$cs_pid" 2>/dev/null || true
  [ "$started_registry" = 1 ] && bash "$here/registry.sh" stop || true
  [ "$started_engine" = 1 ] && bash "$here/engine.sh" stop || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

engine_answers() { curl -sf --max-time 2 --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1; }
if [ -n "${DOCKER_HOST:-}" ]; then
  echo "Using DOCKER_HOST=$DOCKER_HOST"
elif [ -S /var/run/docker.sock ] && engine_answers /var/run/docker.sock; then
  echo "Using the engine at /var/run/docker.sock"
  export DOCKER_HOST=unix:///var/run/docker.sock
elif [ -n "${XDG_RUNTIME_DIR:-}" ] && [ -S "$XDG_RUNTIME_DIR/docker.sock" ] && engine_answers "$XDG_RUNTIME_DIR/docker.sock"; then
  echo "Using the rootless engine at $XDG_RUNTIME_DIR/docker.sock"
  export DOCKER_HOST="unix://$XDG_RUNTIME_DIR/docker.sock"
else
  echo "No Docker engine answers; starting Dockhand's own (Debian docker.io, no network for containers)."
  bash "$here/install.sh"
  bash "$here/engine.sh" status >/dev/null 2>&1 || started_engine=1
  bash "$here/engine.sh" start
  bash "$here/base-image.sh"
  export DOCKER_HOST="unix://$DOCKHAND_ENGINE_SOCK"
fi
if [ "$want_registry" = 1 ]; then
  bash "$here/install.sh"
  [ -f "$DOCKHAND_REGISTRY_DIR/registry.pid" ] && kill -0 "$(cat "$DOCKHAND_REGISTRY_DIR/registry.pid")" 2>/dev/null || started_registry=1
  bash "$here/registry.sh" start
fi

# What to paste and how to stop, printed once whichever VS Code opens.
stop_hint() {
  echo
  echo "Workspace: $workspace"
  echo "For the docker CLI in your own terminal, paste:"
  echo "  export DOCKER_HOST=$DOCKER_HOST"
  if [ "$want_registry" = 1 ]; then
    echo "Registry: $DOCKHAND_REGISTRY_ADDR (plain HTTP on loopback), user $DOCKHAND_REGISTRY_USER, password $DOCKHAND_REGISTRY_PASSWORD"
    echo "  docker login $DOCKHAND_REGISTRY_ADDR -u $DOCKHAND_REGISTRY_USER --password-stdin   # then type the password"
  fi
  echo "$1"
}

if command -v code >/dev/null 2>&1 && [ -z "${DOCKHAND_BROWSER:-}" ]; then
  stop_hint "To stop: close the VS Code window, then Ctrl-C here (stops what this started: $( [ "$started_engine" = 1 ] && echo "the engine" || echo "nothing else")$( [ "$started_registry" = 1 ] && echo ", the registry"))."
  code --wait --extensionDevelopmentPath="$root" "$workspace"
  exit 0
fi

bash "$here/install.sh"
entry="$DOCKHAND_TOOLS_DIR/code-server-$CODE_SERVER_VERSION/node_modules/code-server/out/node/entry.js"
port="${PORT:-8080}"
data="${DOCKHAND_DEV_DATA:-$HOME/.cache/dockhand-dev}"
mkdir -p "$data/user-data/User" "$data/extensions"
# No trust prompt, no "a git repository was found in the parent folders" offer, no editor at start: merged
# into the profile's settings each time, keeping anything else you set there.
node -e '
  const fs = require("fs"); const f = process.argv[1];
  let s = {}; try { s = JSON.parse(fs.readFileSync(f, "utf8")); } catch { /* new or not plain JSON: start over */ }
  Object.assign(s, { "security.workspace.trust.enabled": false, "git.openRepositoryInParentFolders": "never",
    "workbench.startupEditor": s["workbench.startupEditor"] ?? "none", "telemetry.telemetryLevel": "off", "update.mode": "none" });
  fs.writeFileSync(f, JSON.stringify(s, null, 2) + "\n");' "$data/user-data/User/settings.json"
EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery"}' node "$entry" --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --user-data-dir "$data/user-data" --extensions-dir "$data/extensions" "$workspace" &
cs_pid=$!
for _ in $(seq 1 300); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  kill -0 "$cs_pid" 2>/dev/null || { echo "code-server exited"; exit 1; }
  sleep 0.2
done
payload="$(node -e 'console.log(encodeURIComponent(JSON.stringify([["extensionDevelopmentPath", "vscode-remote://127.0.0.1:" + process.argv[1] + process.argv[2]]])))' "$port" "$root")"
folder="$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$workspace")"
stop_hint "To stop everything this started (code-server$( [ "$started_engine" = 1 ] && echo ", the engine")$( [ "$started_registry" = 1 ] && echo ", the registry")): Ctrl-C here."
echo
echo "Dockhand is running in VS Code 1.100.3 (code-server $CODE_SERVER_VERSION, in your browser). Open:"
echo "  http://127.0.0.1:$port/?folder=$folder&payload=$payload"
wait "$cs_pid"
