/**
 * What the Contexts view lists: the docker CLI's contexts plus the `dockhand.host` setting, with the one
 * Dockhand uses marked, decided by the same resolution the engine uses so the two never disagree.
 */
import { EndpointError, EndpointSettings, FileReader, listDockerContexts, resolveEngineEndpoint } from './endpoint';
import { CoreMessageArg, errorArg } from '../coreMessage';

export type ContextEntry =
  | { readonly kind: 'context'; readonly name: string; readonly host: string; readonly description?: CoreMessageArg; readonly active: boolean; readonly overridden: boolean; readonly problem?: string; readonly problemData?: CoreMessageArg }
  | { readonly kind: 'host'; readonly host: string; readonly active: true; readonly problem?: string; readonly problemData?: CoreMessageArg };

export interface ContextsInput {
  readonly settings: () => EndpointSettings;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
  readonly files: FileReader;
  readonly listDir: (dir: string) => string[];
}

/** Which entry Dockhand uses now: the same resolution the engine does, so the mark never disagrees with it. */
function activeEntry(input: ContextsInput, settings: EndpointSettings): { name: string; problem?: string; problemData?: CoreMessageArg } {
  try {
    const ep = resolveEngineEndpoint({ settings, env: input.env, homeDir: input.homeDir, platform: input.platform, files: input.files });
    if (ep.source === 'setting') return { name: 'dockhand.host' };
    if (ep.source === 'context') return { name: ep.contextName };
    return { name: 'default' };
  } catch (err) {
    // problem is the English (tests, logs), problemData what the view localizes
    const problem = err instanceof Error ? err.message : String(err);
    const problemData = errorArg(err);
    if (err instanceof EndpointError && err.source === 'setting') return { name: 'dockhand.host', problem, problemData };
    return { name: settings.context ?? 'default', problem, problemData };
  }
}

/**
 * The entries of the Contexts view: `dockhand.host` first when set, then the CLI's contexts (the implicit
 * `default` first), each marked active when Dockhand would use it; a configured context that does not
 * exist is listed too, with the problem, so it can be seen and replaced.
 */
export function listContextEntries(input: ContextsInput): ContextEntry[] {
  const settings = input.settings();
  const active = activeEntry(input, settings);
  const nodes: ContextEntry[] = [];
  if (settings.host) nodes.push({ kind: 'host', host: settings.host, active: true, problem: active.problem, problemData: active.problemData });
  for (const c of listDockerContexts(input, input.listDir)) {
    const isActive = active.name === c.name;
    // The CLI's default context means DOCKER_HOST when it is set.
    const host = c.name === 'default' && input.env.DOCKER_HOST?.trim() ? input.env.DOCKER_HOST.trim() : c.host;
    nodes.push({ kind: 'context', name: c.name, host, description: c.description, active: isActive, overridden: settings.host !== undefined, problem: isActive ? active.problem : undefined, problemData: isActive ? active.problemData : undefined });
  }
  if (active.name !== 'dockhand.host' && !nodes.some((n) => n.kind === 'context' && n.name === active.name)) {
    // A context named in the settings that does not exist: show it, so the problem is visible.
    nodes.push({ kind: 'context', name: active.name, host: '', active: true, overridden: false, problem: active.problem, problemData: active.problemData });
  }
  return nodes;
}
