#!/usr/bin/env bash
# Podman's Docker-compatible API for the Podman tests: `podman system service` on a socket of its own, with its
# own storage (vfs), run folder and event log under $DOCKHAND_PODMAN_DIR, so nothing of a Podman the machine
# already has is touched. It starts no container (they cannot start in this sandbox: HARNESS.md) and needs no
# network. Stopped by its pid.
#   podman.sh start | stop | status
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
D="$DOCKHAND_PODMAN_DIR"; pidfile="$D/podman.pid"; sock="$D/podman.sock"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
case "${1:-}" in
  start)
    if running; then exit 0; fi
    command -v podman >/dev/null || { echo "[podman] podman missing: run scripts/harness/install.sh"; exit 1; }
    mkdir -p "$D/root" "$D/runroot" "$D/tmp"; chmod 700 "$D"
    rm -f "$sock"
    # An empty containers.conf of ours: the machine's own (if any) does not change the events backend or paths.
    printf '[engine]\nevents_logger = "file"\nevents_logfile_path = "%s"\ncgroup_manager = "cgroupfs"\ntmp_dir = "%s"\n' "$D/events.log" "$D/tmp" > "$D/containers.conf"
    CONTAINERS_CONF="$D/containers.conf" TMPDIR="$D/tmp" setsid podman --root "$D/root" --runroot "$D/runroot" --storage-driver vfs \
      system service --time=0 "unix://$sock" >>"$D/service.log" 2>&1 </dev/null &
    echo $! > "$pidfile"
    for _ in $(seq 1 100); do
      curl -sf --unix-socket "$sock" http://podman/_ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    curl -sf --unix-socket "$sock" http://podman/_ping >/dev/null \
      || { echo "[podman] the API service did not answer on $sock"; tail -20 "$D/service.log"; exit 1; }
    echo "[podman] $(podman --version) API service on unix://$sock"
    ;;
  stop)
    stop_pidfile "$pidfile" 5
    rm -f "$sock"
    ;;
  status) running && echo running || { echo stopped; exit 1; } ;;
  *) echo "usage: podman.sh start|stop|status"; exit 2;;
esac
