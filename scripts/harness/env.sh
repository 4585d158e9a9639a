# Shared locations for the test harness. Sourced by the other harness scripts.
# The engine gets its own socket and data-root so tests never touch an engine the user already runs.
export DOCKHAND_RUN_DIR="${DOCKHAND_RUN_DIR:-/run/dockhand-test}"
export DOCKHAND_ENGINE_SOCK="$DOCKHAND_RUN_DIR/docker.sock"
export DOCKHAND_ENGINE_PIDFILE="$DOCKHAND_RUN_DIR/dockerd.pid"
export DOCKHAND_ENGINE_DATA="${DOCKHAND_ENGINE_DATA:-/var/lib/dockhand-test}"
export DOCKHAND_ENGINE_LOG="$DOCKHAND_RUN_DIR/dockerd.log"
# Tools (code-server) are cached outside the clone so a second clone does not reinstall them.
export DOCKHAND_TOOLS_DIR="${DOCKHAND_TOOLS_DIR:-$HOME/.cache/dockhand-harness}"
export DOCKHAND_REGISTRY_DIR="$DOCKHAND_RUN_DIR/registry"
export DOCKHAND_REGISTRY_ADDR="${DOCKHAND_REGISTRY_ADDR:-127.0.0.1:5000}"
export DOCKHAND_REGISTRY_USER="tester"
export DOCKHAND_REGISTRY_PASSWORD="${DOCKHAND_REGISTRY_PASSWORD:-s3cret-dockhand}"
export DOCKHAND_BASE_IMAGE="dockhand-test/busybox:1"
export CODE_SERVER_VERSION="4.100.3"
# The remote-engine tests: sshd in front of the test engine, and a second dockerd with --tlsverify.
export DOCKHAND_SSH_DIR="$DOCKHAND_RUN_DIR/ssh"
export DOCKHAND_SSH_PORT="${DOCKHAND_SSH_PORT:-24322}"
export DOCKHAND_TLS_DIR="$DOCKHAND_RUN_DIR/tls"
export DOCKHAND_TLS_PORT="${DOCKHAND_TLS_PORT:-24376}"
# Podman's Docker-compatible API service (scripts/harness/podman.sh), storage of its own under the run folder.
export DOCKHAND_PODMAN_DIR="$DOCKHAND_RUN_DIR/podman"

# Stops the process whose pid FILE holds (SIGTERM, up to SECONDS for it to exit, then SIGKILL) and removes FILE.
stop_pidfile() {
  local file="$1" wait="${2:-10}" pid
  if [ -f "$file" ] && pid="$(cat "$file")" && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 $((wait * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" || true; fi
  fi
  rm -f "$file"
}
