/**
 * The Build view: the stages and steps of the current (or last) build with their state, elapsed time or
 * duration and byte progress; a step's output opens in a read-only `dockhand-build-step:` document. Reads
 * the BuildModel the BuildRunner publishes; while a step runs it re-renders once a second for the clock.
 */
import vscode = require('vscode');
import type { BuildRunner } from '../commands/build/buildRunner';
import { Commands, ContextValues, Views } from '../constants';
import { BuildModel, BuildStep, describeStep, stagesOf, StepState, stepDocument } from '../docker/buildModel';

export const BUILD_STEP_SCHEME = 'dockhand-build-step';

export type BuildViewNode =
  | { readonly kind: 'stage'; readonly label: string; readonly steps: readonly BuildStep[] }
  | { readonly kind: 'step'; readonly step: BuildStep };

const ICONS: Record<StepState, [string, string?]> = {
  queued: ['circle-large-outline'],
  running: ['sync~spin', 'charts.blue'],
  cached: ['check-all', 'charts.green'],
  done: ['check', 'charts.green'],
  failed: ['error', 'errorForeground'],
  cancelled: ['circle-slash', 'disabledForeground'],
};

const STEP_CONTEXT: Record<StepState, string> = {
  queued: ContextValues.buildStepQueued,
  running: ContextValues.buildStepRunning,
  cached: ContextValues.buildStepCached,
  done: ContextValues.buildStepDone,
  failed: ContextValues.buildStepFailed,
  cancelled: ContextValues.buildStepCancelled,
};

/** The state a stage shows: failed if a step failed, running if one runs, else done. */
function stageState(steps: readonly BuildStep[]): StepState {
  if (steps.some((s) => s.state === 'failed')) return 'failed';
  if (steps.some((s) => s.state === 'running')) return 'running';
  if (steps.some((s) => s.state === 'cancelled')) return 'cancelled';
  if (steps.every((s) => s.state === 'cached')) return 'cached';
  if (steps.some((s) => s.state === 'queued')) return 'queued';
  return 'done';
}

export class BuildStepsProvider implements vscode.TreeDataProvider<BuildViewNode>, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<BuildViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly docChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.docChanged.event;
  private model: BuildModel | undefined;
  private dockerfile: string | undefined;
  private pending: NodeJS.Timeout | undefined;
  private clock: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(runner: BuildRunner) {
    this.subscription = runner.onDidChangeModel((b) => {
      this.model = b.model;
      this.dockerfile = b.dockerfile;
      this.schedule();
    });
  }

  /** The build shown, for tests and the title. */
  get current(): { readonly model: BuildModel; readonly dockerfile: string } | undefined {
    return this.model && this.dockerfile ? { model: this.model, dockerfile: this.dockerfile } : undefined;
  }

  private schedule(): void {
    if (this.pending) return;
    // Many trace messages a second: render at most every 150 ms.
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.changed.fire(undefined);
      const running = this.model?.steps.some((s) => s.state === 'running') ?? false;
      if (running && !this.clock) this.clock = setInterval(() => this.changed.fire(undefined), 1000);
      if (!running && this.clock) { clearInterval(this.clock); this.clock = undefined; }
    }, 150);
  }

  getChildren(node?: BuildViewNode): BuildViewNode[] {
    if (!this.model) return [];
    if (!node) {
      const stages = stagesOf(this.model);
      return stages.map((s) => ({ kind: 'stage', label: s.label, steps: s.steps }));
    }
    return node.kind === 'stage' ? node.steps.map((step) => ({ kind: 'step', step })) : [];
  }

  getTreeItem(node: BuildViewNode): vscode.TreeItem {
    if (node.kind === 'stage') {
      const state = stageState(node.steps);
      const item = new vscode.TreeItem(node.label, node.label === 'internal' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.id = `stage:${node.label}`;
      item.description = state;
      item.iconPath = icon(state);
      item.contextValue = ContextValues.buildStage;
      return item;
    }
    const s = node.step;
    const item = new vscode.TreeItem(s.text, vscode.TreeItemCollapsibleState.None);
    item.id = `step:${s.id}`;
    item.description = describeStep(s);
    item.tooltip = s.error ? `${s.name}\n${s.error}` : s.name;
    item.iconPath = icon(s.state);
    item.contextValue = STEP_CONTEXT[s.state];
    item.command = { command: Commands.buildShowStepOutput, title: vscode.l10n.t('Show Step Output'), arguments: [node] };
    return item;
  }

  /** The read-only document of a step's output. */
  uriOf(step: BuildStep): vscode.Uri {
    return vscode.Uri.from({ scheme: BUILD_STEP_SCHEME, path: `/${step.number}-${step.text.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40)}.log`, query: step.id });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const step = this.model?.get(uri.query);
    return step ? stepDocument(step) : vscode.l10n.t('This build step is no longer in the Build view.');
  }

  /** Re-reads an open step document (its output grew). */
  refreshDocument(uri: vscode.Uri): void { this.docChanged.fire(uri); }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    if (this.clock) clearInterval(this.clock);
    this.subscription.dispose();
    this.changed.dispose();
    this.docChanged.dispose();
  }
}

function icon(state: StepState): vscode.ThemeIcon {
  const [id, color] = ICONS[state];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export function registerBuildStepsView(runner: BuildRunner, disposables: vscode.Disposable[]): BuildStepsProvider {
  const provider = new BuildStepsProvider(runner);
  const view = vscode.window.createTreeView(Views.build, { treeDataProvider: provider });
  disposables.push(provider, view, vscode.workspace.registerTextDocumentContentProvider(BUILD_STEP_SCHEME, provider));
  return provider;
}
