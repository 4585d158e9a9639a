#!/usr/bin/env bash
# Starts/stops the test Docker engine on its own socket and data-root, with no bridge network and no
# iptables, so containers get no network at all. Stopped by the pid in its pidfile, never by name.
#   engine.sh start | stop | status
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"

running() {
  [ -f "$DOCKHAND_ENGINE_PIDFILE" ] && kill -0 "$(cat "$DOCKHAND_ENGINE_PIDFILE")" 2>/dev/null
}
wait_ready() {
  for _ in $(seq 1 150); do
    if curl -sf --unix-socket "$DOCKHAND_ENGINE_SOCK" http://localhost/_ping >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "[engine] did not answer on $DOCKHAND_ENGINE_SOCK within 30 s"; tail -20 "$DOCKHAND_ENGINE_LOG" || true
  return 1
}
case "${1:-}" in
  start)
    mkdir -p "$DOCKHAND_RUN_DIR" "$DOCKHAND_ENGINE_DATA"
    if running; then wait_ready; exit 0; fi
    rm -f "$DOCKHAND_ENGINE_PIDFILE"
    # containerd comes with docker.io; dockerd starts its own managed instance under exec-root.
    setsid dockerd --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
      --host "unix://$DOCKHAND_ENGINE_SOCK" --data-root "$DOCKHAND_ENGINE_DATA" \
      --exec-root "$DOCKHAND_RUN_DIR/exec" --pidfile "$DOCKHAND_ENGINE_PIDFILE" \
      --insecure-registry "$DOCKHAND_REGISTRY_ADDR" >>"$DOCKHAND_ENGINE_LOG" 2>&1 </dev/null &
    wait_ready
    ;;
  stop) stop_pidfile "$DOCKHAND_ENGINE_PIDFILE" 30 ;;
  status)
    running && echo running || { echo stopped; exit 1; }
    ;;
  *) echo "usage: engine.sh start|stop|status"; exit 2;;
esac
