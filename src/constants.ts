/**
 * Every id Dockhand hands to VS Code, defined once. package.json must use the same strings
 * (test/unit/manifest.test.ts checks both directions).
 */
export const Commands = {
  engineRetry: 'dockhand.engine.retry',
  engineChooseContext: 'dockhand.engine.chooseContext',
  engineOpenSettings: 'dockhand.engine.openSettings',
  engineShowInfo: 'dockhand.engine.showInfo',
  containersRefresh: 'dockhand.containers.refresh',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  containers: 'dockhand.containers',
  images: 'dockhand.images',
  volumes: 'dockhand.volumes',
  networks: 'dockhand.networks',
  contexts: 'dockhand.contexts',
} as const;
export type ViewId = (typeof Views)[keyof typeof Views];

/** Context keys used in `when` clauses. */
export const ContextKeys = {
  /** 'unknown' | 'connected' | 'unreachable' */
  engineState: 'dockhand.engineState',
  /** the UnreachableReason while unreachable */
  engineProblem: 'dockhand.engineProblem',
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
} as const;
export type ContextValue = (typeof ContextValues)[keyof typeof ContextValues];

export const Settings = {
  section: 'dockhand',
  host: 'host',
  context: 'context',
  tlsVerify: 'tlsVerify',
  certPath: 'certPath',
  sshIdentityFile: 'sshIdentityFile',
} as const;
