#!/usr/bin/env bash
# An engine behind SSH for the remote-engine tests: a real OpenSSH sshd on loopback whose sessions reach the
# test engine (`docker system dial-stdio` with DOCKER_HOST set by sshd), keys made here, and an ssh config
# file for the tests (a Host alias, the client key, a known_hosts of its own). Stopped by its pid.
#   ssh-engine.sh start | stop | status
# Files in $DOCKHAND_SSH_DIR: ssh_config, known_hosts (the right host key), client_ed25519 (authorized),
# other_client_ed25519 (not authorized), other_host_ed25519.pub (for a "changed host key"), sshd.log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/env.sh"
D="$DOCKHAND_SSH_DIR"; port="$DOCKHAND_SSH_PORT"

running() { [ -f "$D/sshd.pid" ] && kill -0 "$(cat "$D/sshd.pid")" 2>/dev/null; }
case "${1:-}" in
  start)
    if running; then exit 0; fi
    command -v /usr/sbin/sshd >/dev/null || { echo "[ssh-engine] /usr/sbin/sshd missing: run scripts/harness/install.sh"; exit 1; }
    mkdir -p /run/sshd "$D"; chmod 700 "$D"   # sshd refuses to start without /run/sshd
    for k in host_ed25519 client_ed25519 other_client_ed25519 other_host_ed25519; do
      [ -f "$D/$k" ] || ssh-keygen -q -t ed25519 -N '' -C "dockhand-$k" -f "$D/$k"
    done
    cp "$D/client_ed25519.pub" "$D/authorized_keys"
    cat > "$D/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $D/host_ed25519
PidFile $D/sshd.pid
AuthorizedKeysFile $D/authorized_keys
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
LogLevel VERBOSE
MaxStartups 100
SetEnv DOCKER_HOST=unix://$DOCKHAND_ENGINE_SOCK
CFG
    echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$D/host_ed25519.pub")" > "$D/known_hosts"
    cat > "$D/ssh_config" <<CFG
# The tests' own ssh config (OpenSSH reads ~ from the passwd entry, so they pass this with -F).
Host dockhand-ssh-engine
  HostName 127.0.0.1
  Port $port
  User root
Host *
  IdentityFile $D/client_ed25519
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $D/known_hosts
  GlobalKnownHostsFile /dev/null
CFG
    : > "$D/sshd.log"
    /usr/sbin/sshd -f "$D/sshd_config" -E "$D/sshd.log"   # daemonizes; writes its pid to sshd.pid
    for _ in $(seq 1 50); do running && break; sleep 0.1; done
    running || { echo "[ssh-engine] sshd did not start"; cat "$D/sshd.log"; exit 1; }
    echo "[ssh-engine] sshd on 127.0.0.1:$port in front of $DOCKHAND_ENGINE_SOCK ($D)"
    ;;
  stop) stop_pidfile "$D/sshd.pid" 5 ;;
  status) running && echo running || { echo stopped; exit 1; } ;;
  *) echo "usage: ssh-engine.sh start|stop|status"; exit 2;;
esac
