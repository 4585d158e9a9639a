/**
 * Which Dockerfile features Dockhand provides next to other Docker extensions (pure: no `vscode`).
 *
 * Microsoft's Container Tools (and the older Docker extension, now a shell that installs it) runs
 * dockerfile-language-server-nodejs; Docker DX runs the Docker Language Server, plus the same Node server when
 * Microsoft's extension is absent. Between them they give completion, hover, diagnostics and formatting for
 * Dockerfiles on disk (their document selector is `{ language: 'dockerfile', scheme: 'file' }`), and nothing for
 * untitled or virtual documents. Without coordination every completion, hover and diagnostic shows twice.
 *
 * Per feature the user setting is `auto` (default), `on` or `off`: `auto` steps back for the documents another
 * Docker extension serves, unless the remembered choice says Dockhand leads.
 */

export const DOCKERFILE_FEATURES = ['completion', 'hover', 'diagnostics', 'formatting'] as const;
export type DockerfileFeature = (typeof DOCKERFILE_FEATURES)[number];

export type FeatureSetting = 'auto' | 'on' | 'off';

/** The user's answer to the offer: Dockhand's features lead, or the other extension's do. */
export type LeadChoice = 'dockhand' | 'others';

/**
 * Where Dockhand provides a feature: every Dockerfile, only those no other Docker extension serves
 * (untitled and virtual documents), or none.
 */
export type FeatureScope = 'all' | 'uncovered' | 'none';

export interface OtherDockerExtension {
  readonly id: string;
  readonly name: string;
  /** the Dockerfile features it provides for the documents it serves */
  readonly features: readonly DockerfileFeature[];
}

/** The extensions known to provide Dockerfile language features, with what they provide. */
export const OTHER_DOCKER_EXTENSIONS: readonly OtherDockerExtension[] = [
  { id: 'ms-azuretools.vscode-containers', name: 'Container Tools', features: ['completion', 'hover', 'diagnostics', 'formatting'] },
  // Docker 2.x is an empty extension that depends on Container Tools; 1.x carried the same language server itself.
  { id: 'ms-azuretools.vscode-docker', name: 'Docker (Microsoft)', features: ['completion', 'hover', 'diagnostics', 'formatting'] },
  // Completion and formatting come from dockerfile-language-server-nodejs, which Docker DX starts itself only
  // without Microsoft's extension; with it, Microsoft's provides them. Either way they are there.
  { id: 'docker.docker', name: 'Docker DX', features: ['completion', 'hover', 'diagnostics', 'formatting'] },
];

/** The document scheme those extensions serve (their document selector). */
export const OTHERS_SERVE_SCHEME = 'file';

export interface CoexistenceInput {
  /** ids of the installed extensions (any case, as `vscode.extensions.all` gives them) */
  readonly installed: readonly string[];
  readonly settings: Readonly<Record<DockerfileFeature, FeatureSetting>>;
  readonly choice: LeadChoice | undefined;
}

export interface FeatureDecision {
  readonly scope: FeatureScope;
  /** names of the other extensions providing the feature (empty when none does) */
  readonly providedBy: readonly string[];
}

export type CoexistenceDecision = Readonly<Record<DockerfileFeature, FeatureDecision>>;

/** The known Docker extensions among the installed ones. */
export function otherDockerExtensions(installed: readonly string[]): OtherDockerExtension[] {
  const ids = new Set(installed.map((i) => i.toLowerCase()));
  return OTHER_DOCKER_EXTENSIONS.filter((e) => ids.has(e.id));
}

/** A setting value as read from configuration: anything else than the three values counts as `auto`. */
export function featureSetting(value: unknown): FeatureSetting {
  return value === 'on' || value === 'off' ? value : 'auto';
}

export function decideFeatures(input: CoexistenceInput): CoexistenceDecision {
  const others = otherDockerExtensions(input.installed);
  const decide = (feature: DockerfileFeature): FeatureDecision => {
    const providedBy = others.filter((o) => o.features.includes(feature)).map((o) => o.name);
    const setting = input.settings[feature];
    if (setting === 'off') return { scope: 'none', providedBy };
    if (setting === 'on' || providedBy.length === 0 || input.choice === 'dockhand') return { scope: 'all', providedBy };
    return { scope: 'uncovered', providedBy };
  };
  return {
    completion: decide('completion'),
    hover: decide('hover'),
    diagnostics: decide('diagnostics'),
    formatting: decide('formatting'),
  };
}

/**
 * Whether to ask the user who leads: another Docker extension overlaps a feature left on `auto`, and the
 * question was never answered (nor dismissed: it is asked once).
 */
export function shouldOffer(input: CoexistenceInput, offeredBefore: boolean): boolean {
  if (offeredBefore || input.choice !== undefined) return false;
  const decision = decideFeatures(input);
  return DOCKERFILE_FEATURES.some((f) => input.settings[f] === 'auto' && decision[f].providedBy.length > 0);
}

/** Whether Dockhand provides the feature for a document in `scheme`. */
export function providesFor(decision: FeatureDecision, scheme: string): boolean {
  return decision.scope === 'all' || (decision.scope === 'uncovered' && scheme !== OTHERS_SERVE_SCHEME);
}
