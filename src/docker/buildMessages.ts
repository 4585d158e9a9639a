/**
 * The English templates of the build's secret and SSH refusals (`buildkit/sources.ts`: the spelling, then
 * whether each file, variable and agent is there), shown by the Build Image input boxes, the build task and
 * the build session. Merged into `CORE_MESSAGES` (`src/coreMessage.ts`); the adapter's literal for each is in
 * `src/localize.ts`. Plain data, no imports.
 */
export const BUILD_MESSAGES = {
  // build arguments and the network option (build.ts), and the two failures that are ours, not the engine's
  'build.arg.syntax': 'Give the build argument as NAME=value.',
  'build.arg.name': '"{0}" is not a valid build argument name.',
  'build.network': 'Give a network as default, none, host or the name of a network.',
  'build.classicNoSources': 'Secrets and SSH forwarding need BuildKit, and this build uses the classic builder ({0}).',
  'build.noImage': 'The engine ended the build without reporting an image.',
  // the build context (buildContext.ts, contextPackWorker.ts) and the builder probe (builder.ts)
  'build.context.notFolder': 'The build context {0} is not a folder.',
  'build.context.shrank': '{0} changed while the build context was being packed (it is shorter than when it was listed). Build again.',
  'build.context.notPackable': '{0} is neither a file, a folder nor a symbolic link, and cannot go into the build context.',
  'build.context.noDockerfile': 'The Dockerfile {0} does not exist.',
  'build.context.tarStart': 'The build context could not be packed: tar did not start ({0}).',
  'build.context.tarFailed': 'The build context could not be packed (a file may have changed or vanished while it was being packed; build again): {0}',
  'build.context.tarStopped': 'tar stopped before the context was listed',
  'build.context.packerStopped': 'The build context packer stopped (exit code {0}) before the context was complete.',
  'build.probe.deadline': 'The Docker engine did not answer {0} within {1} s.',
  // why a build uses the builder it uses (builder.ts): shown after "Builder: BuildKit" and in build.classicNoSources
  'builder.reason.setting': 'dockhand.build.builder is "{0}"',
  'builder.reason.podman': 'Podman engine (its API builds with Buildah, not BuildKit)',
  'builder.reason.windows': 'Windows engine (BuildKit builds Linux images only)',
  'builder.reason.announced': 'the engine announces Builder-Version {0}',
  'builder.reason.apiHas': 'API {0} has BuildKit',
  'builder.reason.apiPredates': 'API {0} predates BuildKit (1.39)',
  'builder.reason.refused': 'the engine refused BuildKit ({0})',
  'builder.noBridge': 'This engine has no bridge network: RUN steps build without a network (set the network build option to choose one).',
  // {1} the secret as written
  'build.secret.notPair': '"{0}" in secret "{1}" is not key=value (write id=NAME,src=PATH or id=NAME,env=VARIABLE).',
  'build.secret.unknownKey': 'Unknown key "{0}" in secret "{1}" (use id, src or env).',
  'build.secret.noId': 'The secret "{0}" has no id (write id=NAME,src=PATH or id=NAME,env=VARIABLE).',
  'build.secret.badId': '"{0}" is not a valid secret id (letters, digits, ".", "_", "-").',
  'build.secret.type': 'Secret "{0}": type must be file or env, not "{1}".',
  'build.secret.both': 'Secret "{0}" names both a file and a variable; give one.',
  'build.secret.envWithSrc': 'Secret "{0}": type=env takes env=VARIABLE, not src.',
  'build.secret.emptySrc': 'Secret "{0}": src= needs a file path.',
  'build.secret.envName': 'Secret "{0}": "{1}" is not an environment variable name.',
  'build.secret.noSource': 'Secret "{0}" needs a source: src=PATH (a file) or env=VARIABLE.',
  'build.secret.twice': 'The secret id "{0}" is given twice.',
  'build.secret.envUnset': 'Secret "{0}": the environment variable {1} is not set (in the environment VS Code was started with).',
  // {1} a variable's name or a file's path, {2} the limit in KB
  'build.secret.large': 'Secret "{0}": {1} is larger than {2} KB, more than BuildKit accepts.',
  'build.secret.fileMissing': 'Secret "{0}": the file {1} does not exist.',
  'build.secret.notFile': 'Secret "{0}": {1} is not a file.',
  'build.secret.unreadable': 'Secret "{0}": {1} cannot be read.',
  'build.ssh.empty': 'Give SSH forwarding as default or ID=PATH.',
  'build.ssh.badId': '"{0}" is not a valid SSH id (letters, digits, ".", "_", "-").',
  'build.ssh.noPath': 'SSH "{0}=" needs a socket or key file after "=".',
  'build.ssh.twice': 'The SSH id "{0}" is given twice.',
  'build.ssh.noAgent': 'SSH "{0}": SSH_AUTH_SOCK is not set, so there is no agent to forward. Start ssh-agent, or give {0}=PATH_TO_KEY.',
  'build.ssh.agentMissing': 'SSH "{0}": the agent socket {1} (SSH_AUTH_SOCK) does not exist.',
  'build.ssh.pathMissing': 'SSH "{0}": {1} does not exist.',
  // the build session (buildkit/session.ts) and Dockhand's private ssh-agent for key files (buildkit/sshAgent.ts)
  'build.session.timeout': 'The engine did not open a build session within {0} s.',
  'build.session.cancelled': 'The build was cancelled.',
  'build.session.refused': 'The engine refused a build session: {0}',
  'build.session.noConnection': 'The engine refused a build session: no connection',
  'build.session.envUnset': 'the environment variable {0} is not set',
  'build.session.tooLarge': '{0} is larger than {1} KB',
  'build.session.agentSlow': 'the agent did not accept the connection in time',
  'build.agent.exited': 'ssh-agent exited before it opened its socket.',
  'build.agent.noSocket': 'ssh-agent did not open its socket in time.',
  'build.agent.noAuthSock': 'SSH "{0}": SSH_AUTH_SOCK is not set, so there is no agent to forward.',
  'build.agent.notInstalled': 'ssh-agent is not installed or not on PATH (it comes with OpenSSH).',
  'build.agent.failed': 'ssh-agent failed: {0}',
  'build.agent.addNotInstalled': 'ssh-add is not installed or not on PATH (it comes with OpenSSH).',
  'build.agent.addFailed': 'SSH "{0}": ssh-add could not load {1}. A key with a passphrase must be added to your own agent; then use "{0}" without a path.',
  'build.agent.addFailedSaid': 'SSH "{0}": ssh-add could not load {1} ({2}). A key with a passphrase must be added to your own agent; then use "{0}" without a path.',
} as const;
