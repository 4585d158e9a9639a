/**
 * Coexistence with other Docker extensions (Container Tools, Docker DX): reads which are installed (again on
 * `extensions.onDidChange`), the `dockhand.dockerfile.*` settings and the remembered answer to "who leads",
 * and tells the Dockerfile providers whether to serve a document (decision in src/dockerfile/coexistence.ts).
 * The question is asked once, when the first Dockerfile opens; the answer and the fact it was asked live in
 * globalState.
 */
import vscode = require('vscode');
import { Settings } from '../constants';
import {
  CoexistenceDecision, CoexistenceInput, decideFeatures, DOCKERFILE_FEATURES, DockerfileFeature, featureSetting, FeatureSetting, LeadChoice,
  otherDockerExtensions, providesFor, shouldOffer,
} from '../dockerfile/coexistence';

const CHOICE_KEY = 'dockhand.dockerfile.lead';
const OFFERED_KEY = 'dockhand.dockerfile.leadOffered';

const FEATURE_SETTINGS: Record<DockerfileFeature, string> = {
  completion: Settings.dockerfileCompletion,
  hover: Settings.dockerfileHover,
  diagnostics: Settings.dockerfileDiagnostics,
  formatting: Settings.dockerfileFormatting,
};

/** What the integration tests see and do (the offer's buttons, without a click). */
export interface CoexistenceApi {
  decision(): CoexistenceDecision;
  /** how many times the question was shown in this window */
  readonly offersShown: number;
  /** answers the question that is showing, as its button would; false when none is showing */
  answerOffer(choice: LeadChoice): boolean;
}

export class DockerfileCoexistence implements vscode.Disposable, CoexistenceApi {
  private readonly changed = new vscode.EventEmitter<void>();
  /** fires when what Dockhand provides changed (settings, extensions, the user's answer) */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private current: CoexistenceDecision;
  private answer: ((choice: LeadChoice) => void) | undefined;
  /** set once a Dockerfile was open: from then on a newly installed Docker extension is asked about at once */
  private offering = false;
  offersShown = 0;

  constructor(private readonly state: vscode.Memento) {
    this.current = decideFeatures(this.input());
    this.subscriptions.push(
      vscode.extensions.onDidChange(() => { this.refresh(); if (this.offering) this.offerIfNeeded(); }),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(`${Settings.section}.dockerfile`)) this.refresh(); }),
    );
  }

  decision(): CoexistenceDecision {
    return this.current;
  }

  /** Whether Dockhand provides `feature` for this document. */
  provides(feature: DockerfileFeature, document: vscode.TextDocument): boolean {
    return providesFor(this.current[feature], document.uri.scheme);
  }

  /** Whether Dockhand provides `feature` for any document (else its provider is not registered at all). */
  active(feature: DockerfileFeature): boolean {
    return this.current[feature].scope !== 'none';
  }

  /** Called when the first Dockerfile opens: asks who leads if another Docker extension overlaps and nobody asked yet. */
  offerIfNeeded(): void {
    this.offering = true;
    if (this.answer || !shouldOffer(this.input(), this.state.get<boolean>(OFFERED_KEY, false))) return;
    void this.offer();
  }

  answerOffer(choice: LeadChoice): boolean {
    if (!this.answer) return false;
    this.answer(choice);
    return true;
  }

  private async offer(): Promise<void> {
    const names = otherDockerExtensions(this.installed()).map((e) => e.name).join(', ');
    const lead = vscode.l10n.t('Dockhand Leads');
    const stepBack = vscode.l10n.t('{0} Leads', names);
    const answered = new Promise<LeadChoice>((resolve) => { this.answer = resolve; });
    this.offersShown++;
    // A Memento holds the new value at once; the write to disk is not waited for.
    this.remember(OFFERED_KEY, true);
    const clicked = vscode.window.showInformationMessage(
      vscode.l10n.t('{0} also provides completion, hover, diagnostics and formatting for Dockerfiles. So that nothing shows twice, Dockhand leaves them to it on Dockerfiles on disk. Should Dockhand lead instead? (Settings: dockhand.dockerfile.*)', names),
      lead, stepBack,
    ).then((b): LeadChoice | undefined => (b === lead ? 'dockhand' : b === stepBack ? 'others' : undefined));
    const choice = await Promise.race([clicked, answered]);
    this.answer = undefined;
    if (!choice) return; // dismissed: not asked again (OFFERED_KEY), auto keeps stepping back
    this.remember(CHOICE_KEY, choice);
    this.refresh();
  }

  private remember(key: string, value: unknown): void {
    this.state.update(key, value).then(undefined, () => undefined);
  }

  private installed(): string[] {
    return vscode.extensions.all.map((e) => e.id);
  }

  private input(): CoexistenceInput {
    const config = vscode.workspace.getConfiguration(Settings.section);
    const settings = Object.fromEntries(DOCKERFILE_FEATURES.map((f) => [f, featureSetting(config.get(FEATURE_SETTINGS[f]))])) as Record<DockerfileFeature, FeatureSetting>;
    const stored = this.state.get<string>(CHOICE_KEY);
    return { installed: this.installed(), settings, choice: stored === 'dockhand' || stored === 'others' ? stored : undefined };
  }

  private refresh(): void {
    const next = decideFeatures(this.input());
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/**
 * Keeps a provider registered while Dockhand provides `feature` anywhere, and disposes it while it does not;
 * settings and extension changes apply at once. `register` wraps its provider with the per-document check.
 */
export function liveRegistration(coexistence: DockerfileCoexistence, feature: DockerfileFeature, register: () => vscode.Disposable): vscode.Disposable {
  let registered: vscode.Disposable | undefined;
  const apply = (): void => {
    const want = coexistence.active(feature);
    if (want && !registered) registered = register();
    else if (!want && registered) { registered.dispose(); registered = undefined; }
  };
  apply();
  const sub = coexistence.onDidChange(apply);
  return { dispose: () => { sub.dispose(); registered?.dispose(); registered = undefined; } };
}
