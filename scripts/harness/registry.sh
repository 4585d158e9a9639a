#!/usr/bin/env bash
# Starts/stops Debian's docker-registry on 127.0.0.1:5000 with htpasswd authentication.
#   registry.sh start | stop
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
pidfile="$DOCKHAND_REGISTRY_DIR/registry.pid"
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
case "${1:-}" in
  start)
    mkdir -p "$DOCKHAND_REGISTRY_DIR/data"
    if running; then exit 0; fi
    htpasswd -Bbn "$DOCKHAND_REGISTRY_USER" "$DOCKHAND_REGISTRY_PASSWORD" > "$DOCKHAND_REGISTRY_DIR/htpasswd"
    cat > "$DOCKHAND_REGISTRY_DIR/config.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DOCKHAND_REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $DOCKHAND_REGISTRY_ADDR
auth:
  htpasswd:
    realm: basic-realm
    path: $DOCKHAND_REGISTRY_DIR/htpasswd
YML
    setsid docker-registry serve "$DOCKHAND_REGISTRY_DIR/config.yml" >"$DOCKHAND_REGISTRY_DIR/registry.log" 2>&1 </dev/null &
    echo $! > "$pidfile"
    for _ in $(seq 1 100); do
      code="$(curl -s -o /dev/null -w '%{http_code}' "http://$DOCKHAND_REGISTRY_ADDR/v2/" || true)"
      [ "$code" = 401 ] && exit 0
      sleep 0.1
    done
    echo "[registry] did not answer with 401 on http://$DOCKHAND_REGISTRY_ADDR/v2/"; cat "$DOCKHAND_REGISTRY_DIR/registry.log"; exit 1
    ;;
  stop) stop_pidfile "$pidfile" 5 ;;
  *) echo "usage: registry.sh start|stop"; exit 2;;
esac
