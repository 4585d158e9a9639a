#!/usr/bin/env bash
# A second dockerd that only listens on 127.0.0.1:$DOCKHAND_TLS_PORT with --tlsverify, for the TLS tests,
# with certificates made here by openssl: ca.pem + cert.pem/key.pem (a client of that CA) in $D/client,
# and in $D/other a CA and client of another authority. Own data-root/exec-root/pidfile; stopped by its pid.
#   tls-engine.sh start | stop | status
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
D="$DOCKHAND_TLS_DIR"; port="$DOCKHAND_TLS_PORT"; pidfile="$D/dockerd.pid"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
make_ca() { # dir
  openssl req -x509 "${ec[@]}" -keyout "$1/ca-key.pem" -out "$1/ca.pem" -days 30 -subj "/CN=dockhand test CA $(basename "$1")" 2>/dev/null
}
make_cert() { # ca-dir out-dir name ext
  printf '%b' "$4" > "$2/$3.ext"
  openssl req "${ec[@]}" -keyout "$2/$3-key.pem" -out "$2/$3.csr" -subj "/CN=$3" 2>/dev/null
  openssl x509 -req -in "$2/$3.csr" -CA "$1/ca.pem" -CAkey "$1/ca-key.pem" -CAcreateserial -days 30 -extfile "$2/$3.ext" -out "$2/$3-cert.pem" 2>/dev/null
  rm -f "$2/$3.csr" "$2/$3.ext"
}
case "${1:-}" in
  start)
    if running; then exit 0; fi
    mkdir -p "$D/ca" "$D/client" "$D/other" "$D/data" "$D/exec"; chmod 700 "$D"
    if [ ! -f "$D/client/cert.pem" ]; then
      make_ca "$D/ca"
      make_cert "$D/ca" "$D/ca" server 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'
      make_cert "$D/ca" "$D/client" client 'extendedKeyUsage=clientAuth\n'
      cp "$D/ca/ca.pem" "$D/client/ca.pem"; mv "$D/client/client-cert.pem" "$D/client/cert.pem"; mv "$D/client/client-key.pem" "$D/client/key.pem"
      make_ca "$D/other"
      make_cert "$D/other" "$D/other" client 'extendedKeyUsage=clientAuth\n'
      mv "$D/other/client-cert.pem" "$D/other/cert.pem"; mv "$D/other/client-key.pem" "$D/other/key.pem"
    fi
    setsid dockerd --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
      --host "tcp://127.0.0.1:$port" --tlsverify --tlscacert "$D/ca/ca.pem" --tlscert "$D/ca/server-cert.pem" --tlskey "$D/ca/server-key.pem" \
      --data-root "$D/data" --exec-root "$D/exec" --pidfile "$pidfile" >>"$D/dockerd.log" 2>&1 </dev/null &
    for _ in $(seq 1 150); do
      curl -sf --cacert "$D/client/ca.pem" --cert "$D/client/cert.pem" --key "$D/client/key.pem" "https://127.0.0.1:$port/_ping" >/dev/null 2>&1 && break
      sleep 0.2
    done
    curl -sf --cacert "$D/client/ca.pem" --cert "$D/client/cert.pem" --key "$D/client/key.pem" "https://127.0.0.1:$port/_ping" >/dev/null \
      || { echo "[tls-engine] dockerd did not answer on 127.0.0.1:$port"; tail -20 "$D/dockerd.log"; exit 1; }
    echo "[tls-engine] dockerd --tlsverify on 127.0.0.1:$port ($D)"
    ;;
  stop) stop_pidfile "$pidfile" 30 ;;
  status) running && echo running || { echo stopped; exit 1; } ;;
  *) echo "usage: tls-engine.sh start|stop|status"; exit 2;;
esac
