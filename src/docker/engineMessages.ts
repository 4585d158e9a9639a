/**
 * The English templates of the engine's problems as the user meets them in view headers, the status bar and
 * notifications: connection failures and TLS (`errors.ts`, `transport.ts`), endpoint refusals (`endpoint.ts`)
 * and ssh's failures (`ssh.ts`). Merged into `CORE_MESSAGES` (`src/coreMessage.ts`); the adapter's literal for
 * each is in `src/localize.ts`. Plain data, no imports. Where a sentence names the engine without an address
 * ("the Docker engine") or where a setting came from ("the dockhand.host setting"), that phrase is a nested
 * message (`engine.where.*`, `endpoint.where.*`) so a translation words it too.
 */
export const ENGINE_MESSAGES = {
  // where: the engine's address when known, else one of these phrases
  'engine.where.unknown': 'the Docker engine',
  'engine.where.configured': 'the configured address',
  // what a call was, where the engine facade names it itself (other calls name themselves: "container list")
  'engine.what.request': 'request',
  'engine.what.version': 'version request',
  'engine.what.stream': 'stream',
  'engine.deadline': 'The engine at {0} did not answer the {1} within {2} s.',
  'engine.notResponding': 'The engine at {0} is not responding.',
  'engine.socketMissing': 'No Docker engine socket at {0}. Is the engine running?',
  'engine.permissionDenied': 'Permission denied on {0}. Add your user to the docker group, or point dockhand.host at a socket you can use.',
  'engine.refused': 'Connection refused by {0}. Is the engine running and listening there?',
  'engine.badHost': 'Cannot resolve the host of {0}.',
  'engine.timeout': 'Timed out talking to {0}.',
  'engine.reset': 'The connection to {0} was reset.',
  'engine.unknown': 'Cannot reach {0}: {1}',
  'engine.eventStreamEnded': 'the event stream ended',
  // a stream of progress (progress.ts: push, pull, load…) that lost its engine; {0} names the operation
  'engine.stream.lost': 'The connection to the Docker engine was lost before the {0} finished.',
  'engine.stream.closed': 'The Docker engine closed the connection before the {0} finished.',
  'engine.exec.tooLarge': 'command output too large',
  'engine.buildCachePrune': 'build cache prune failed',
  // TLS: where the files come from (the hint), then what went wrong
  'engine.certHint.env': 'DOCKER_CERT_PATH (or ~/.docker)',
  'engine.certHint.context': 'the TLS files of context "{0}"',
  'engine.tls.files': 'Cannot use the TLS files for {0}: {1}',
  'engine.tls.unreadable.ca': 'TLS CA file {0} cannot be read.',
  'engine.tls.unreadable.certificate': 'TLS certificate file {0} cannot be read.',
  'engine.tls.unreadable.key': 'TLS key file {0} cannot be read.',
  'engine.tls.unknownAuthority': 'The engine at {0} presented a certificate signed by an unknown authority ({1}). Check the CA (ca.pem) in {2}.',
  'engine.tls.altName': 'The certificate of the engine at {0} is not valid for that host name: {1}',
  'engine.tls.expired': 'The certificate of the engine at {0} is expired or not yet valid ({1}).',
  'engine.tls.clientCert': 'The engine at {0} refused the client certificate (missing, or not signed by a CA it trusts; {1}). Check cert.pem and key.pem in {2}.',
  'engine.tls.notTls': 'The engine at {0} does not speak TLS on that port ({1}). Use its TLS port, or plain tcp:// without TLS settings.',
  'engine.tls.plainHttp': 'The engine at {0} expects TLS, but Dockhand spoke plain HTTP to it. Set DOCKER_TLS_VERIFY=1 (with DOCKER_CERT_PATH), or use a context or dockhand.certPath with its certificates.',
  'engine.tls.handshake': 'TLS handshake with {0} failed: {1}. Check {2}.',
  // the endpoint's refusals (endpoint.ts); {0} is where the host came from (endpoint.where.*, or DOCKER_HOST)
  'endpoint.where.setting': 'the dockhand.host setting',
  'endpoint.where.context': 'context "{0}"',
  'endpoint.where.default': 'the default socket',
  'endpoint.context.notFound': 'Docker context "{0}" was not found in {1}.',
  'endpoint.context.noEndpoint': 'Docker context "{0}" has no docker endpoint.',
  'endpoint.unix.relative': '{0}: "{1}" needs an absolute socket path, like unix:///var/run/docker.sock.',
  'endpoint.npipe.none': '{0}: "{1}" names no pipe.',
  'endpoint.tcp.invalid': '{0}: "{1}" is not a valid host; expected tcp://HOST:PORT.',
  'endpoint.noHostName': '{0}: "{1}" has no host name.',
  'endpoint.port': '{0}: port in "{1}" must be 1-65535.',
  'endpoint.ssh.invalid': '{0}: "{1}" is not a valid ssh host; expected ssh://user@host[:port].',
  'endpoint.ssh.password': '{0}: "{1}" holds a password; use an SSH key or agent instead.',
  'endpoint.ssh.query': '{0}: "{1}" must not have a query or fragment.',
  'endpoint.ssh.unsafeHost': '{0}: "{1}" is not a host name ssh can use safely.',
  'endpoint.ssh.unsafeUser': '{0}: "{1}" is not a user name ssh can use safely.',
  'endpoint.ssh.unsafePath': '{0}: the socket path "{1}" may only hold letters, digits and . _ - /.',
  'endpoint.scheme': '{0}: unsupported scheme "{1}://" in "{2}"; use unix://, tcp://, ssh:// or npipe://.',
  // ssh's failures (ssh.ts); {0} is the endpoint, the last argument ssh's own last lines
  'ssh.optionLike': 'Refusing ssh host or user "{0}" that starts with "-".',
  'ssh.controlDir': '{0} must be a folder owned by you with mode 0700; it is not, so Dockhand does not share SSH connections through it.',
  'ssh.changedHostKey': 'WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for {0}. Someone could be eavesdropping on you (man-in-the-middle), or the host key has just been changed. Dockhand does not connect. {1}',
  'ssh.changedHostKey.noDetail': 'WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for {0}. Someone could be eavesdropping on you (man-in-the-middle), or the host key has just been changed. Dockhand does not connect.',
  'ssh.unknownHostKey': 'The host key of {0} is not known (not in known_hosts).',
  'ssh.unknownHostKey.fingerprint': "The authenticity of {0} can't be established: its {1} host key fingerprint is {2}, and it is not in {3}. Dockhand connects only after you accept it.",
  'ssh.auth': 'SSH login to {0} was refused ({1}). Check the user name and the key: dockhand.sshIdentityFile, IdentityFile in your ssh config, or your ssh-agent.',
  'ssh.resolve': 'ssh cannot resolve the host of {0}: {1}',
  'ssh.refused': 'Connection refused by the SSH server of {0}: {1}',
  'ssh.timeout': 'Timed out connecting to the SSH server of {0}: {1}',
  'ssh.noDocker': 'The docker CLI was not found on {0}: the remote machine needs it for `docker system dial-stdio`.',
  'ssh.remoteEngine': 'Connected over SSH, but the Docker engine on {0} did not answer: {1}',
  'ssh.other': 'ssh to {0} failed: {1}',
  'ssh.other.exit': 'ssh to {0} failed (exit {1}): {2}',
  'ssh.noMessage': 'no message',
  'ssh.noSsh': 'The ssh program was not found on PATH. Install OpenSSH (the docker CLI uses it too).',
  'ssh.closed': 'the ssh connection to {0} is closed',
} as const;
