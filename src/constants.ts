/**
 * Every id Dockhand hands to VS Code, defined once. package.json must use the same strings
 * (test/unit/manifest.test.ts checks both directions).
 */
export const Commands = {
  engineRetry: 'dockhand.engine.retry',
  engineChooseContext: 'dockhand.engine.chooseContext',
  engineOpenSettings: 'dockhand.engine.openSettings',
  engineShowInfo: 'dockhand.engine.showInfo',
  engineStartDockerDesktop: 'dockhand.engine.startDockerDesktop',
  containersRefresh: 'dockhand.containers.refresh',
  containersStart: 'dockhand.containers.start',
  containersStop: 'dockhand.containers.stop',
  containersRestart: 'dockhand.containers.restart',
  containersPause: 'dockhand.containers.pause',
  containersUnpause: 'dockhand.containers.unpause',
  containersKill: 'dockhand.containers.kill',
  containersRename: 'dockhand.containers.rename',
  containersRemove: 'dockhand.containers.remove',
  containersInspect: 'dockhand.containers.inspect',
  containersIsolation: 'dockhand.containers.isolation',
  containersLogs: 'dockhand.containers.logs',
  containersShell: 'dockhand.containers.shell',
  containersExec: 'dockhand.containers.exec',
  containersStats: 'dockhand.containers.stats',
  containersFiles: 'dockhand.containers.files',
  containersCopyId: 'dockhand.containers.copyId',
  containersPrune: 'dockhand.containers.prune',
  containersLogsTimestamps: 'dockhand.containers.logsTimestamps',
  containersLogsFollow: 'dockhand.containers.logsFollow',
  imagesInspect: 'dockhand.images.inspect',
  imagesHistory: 'dockhand.images.history',
  imagesRemove: 'dockhand.images.remove',
  imagesPrune: 'dockhand.images.prune',
  imagesCopyId: 'dockhand.images.copyId',
  imagesCopyReference: 'dockhand.images.copyReference',
  imagesToggleDangling: 'dockhand.images.toggleDangling',
  imagesRefresh: 'dockhand.images.refresh',
  volumesInspect: 'dockhand.volumes.inspect',
  volumesRemove: 'dockhand.volumes.remove',
  volumesPrune: 'dockhand.volumes.prune',
  volumesRefresh: 'dockhand.volumes.refresh',
  networksInspect: 'dockhand.networks.inspect',
  networksRemove: 'dockhand.networks.remove',
  networksPrune: 'dockhand.networks.prune',
  networksRefresh: 'dockhand.networks.refresh',
  contextsUse: 'dockhand.contexts.use',
  contextsRefresh: 'dockhand.contexts.refresh',
  imageBuild: 'dockhand.image.build',
  imageCancelBuild: 'dockhand.image.cancelBuild',
  buildShowStepOutput: 'dockhand.build.showStepOutput',
  imagesRun: 'dockhand.images.run',
  imagesCreate: 'dockhand.images.create',
  imagesTag: 'dockhand.images.tag',
  imagesPush: 'dockhand.images.push',
  imagesPull: 'dockhand.images.pull',
  registryLogin: 'dockhand.registry.login',
  registryLogout: 'dockhand.registry.logout',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  containers: 'dockhand.containers',
  images: 'dockhand.images',
  volumes: 'dockhand.volumes',
  networks: 'dockhand.networks',
  contexts: 'dockhand.contexts',
  build: 'dockhand.build',
} as const;
export type ViewId = (typeof Views)[keyof typeof Views];

/** Context keys used in `when` clauses. */
export const ContextKeys = {
  /** 'unknown' | 'connected' | 'unreachable' */
  engineState: 'dockhand.engineState',
  /** the UnreachableReason while unreachable (welcome content per reason) */
  engineProblem: 'dockhand.engineProblem',
  /** true where Docker Desktop can be started (shows its button in the welcome content) */
  dockerDesktop: 'dockhand.dockerDesktop',
  /** true while at least one image build runs (shows Cancel Build in the palette) */
  buildRunning: 'dockhand.buildRunning',
} as const;

/** Tree item contextValues: state lives here and package.json menus match it with `viewItem =~ /…/`. */
export const ContextValues = {
  runningContainer: 'container.running',
  pausedContainer: 'container.paused',
  exitedContainer: 'container.exited',
  createdContainer: 'container.created',
  restartingContainer: 'container.restarting',
  deadContainer: 'container.dead',
  containerGroup: 'containerGroup',
  imageRepository: 'imageRepository',
  taggedImage: 'image.tagged',
  danglingImage: 'image.dangling',
  volumeInUse: 'volume.inUse',
  volumeUnused: 'volume.unused',
  builtinNetwork: 'network.builtin',
  customNetwork: 'network.custom',
  activeContext: 'context.active',
  inactiveContext: 'context.inactive',
  hostContext: 'context.host',
  buildStage: 'buildStage',
  buildStepQueued: 'buildStep.queued',
  buildStepRunning: 'buildStep.running',
  buildStepCached: 'buildStep.cached',
  buildStepDone: 'buildStep.done',
  buildStepFailed: 'buildStep.failed',
  buildStepCancelled: 'buildStep.cancelled',
} as const;
export type ContextValue = (typeof ContextValues)[keyof typeof ContextValues];

export const Settings = {
  section: 'dockhand',
  host: 'host',
  context: 'context',
  tlsVerify: 'tlsVerify',
  certPath: 'certPath',
  sshIdentityFile: 'sshIdentityFile',
  sshConfigFile: 'ssh.configFile',
  containersGroupBy: 'containers.groupBy',
  confirmDestructive: 'confirmDestructive',
  logsTail: 'containers.logs.tail',
  logsTimestamps: 'containers.logs.timestamps',
  imagesShowDangling: 'images.showDangling',
  lintEnable: 'lint.enable',
  lintRules: 'lint.rules',
  buildBuilder: 'build.builder',
} as const;
