/**
 * Docker: Update Limits. A form pre-filled with the container's current limits (inspect): memory, memory
 * reservation, memory + swap, CPUs, CPU shares, CPU set, PIDs limit and restart policy, each checked as it
 * is typed; only the fields that changed go to the engine (`POST /containers/{id}/update`), running or not.
 */
import vscode = require('vscode');
import { engineMessage } from '../../docker/errors';
import { isCoreMessage } from '../../coreMessage';
import { localize } from '../../localize';
import { LIMIT_VALIDATORS, limitsFromInspect, LimitsText, limitsUpdate, UpdateBody } from '../../docker/limits';
import type { CommandFactory } from '../types';
import { targetContainers } from './pick';

export interface UpdateLimitsResult {
  readonly containerId: string;
  readonly body?: UpdateBody;
  readonly warnings?: readonly string[];
  readonly error?: string;
}

type FieldItem = vscode.QuickPickItem & { key?: keyof LimitsText | 'apply' };

function fieldInfo(): Record<keyof LimitsText, { label: string; prompt: string; empty: string }> {
  return {
    memory: { label: vscode.l10n.t('Memory limit'), prompt: vscode.l10n.t('Memory limit such as 512m or 2g'), empty: vscode.l10n.t('(unlimited)') },
    memoryReservation: { label: vscode.l10n.t('Memory reservation'), prompt: vscode.l10n.t('Soft memory limit such as 256m (at most the memory limit)'), empty: vscode.l10n.t('(none)') },
    memorySwap: { label: vscode.l10n.t('Memory + swap'), prompt: vscode.l10n.t('Memory plus swap such as 1g (equal to memory: no swap; -1: unlimited swap)'), empty: vscode.l10n.t('(twice the memory limit)') },
    cpus: { label: vscode.l10n.t('CPUs'), prompt: vscode.l10n.t('Number of CPUs such as 0.5 or 1.5'), empty: vscode.l10n.t('(unlimited)') },
    cpuShares: { label: vscode.l10n.t('CPU shares'), prompt: vscode.l10n.t('Relative CPU weight, 2 to 262144 (default 1024)'), empty: vscode.l10n.t('(1024)') },
    cpusetCpus: { label: vscode.l10n.t('CPU set'), prompt: vscode.l10n.t('CPUs the container may run on, such as 0-1 or 0,2 (empty: all)'), empty: vscode.l10n.t('(all CPUs)') },
    pidsLimit: { label: vscode.l10n.t('PIDs limit'), prompt: vscode.l10n.t('Most processes and threads at once, such as 100 (unlimited: no limit)'), empty: vscode.l10n.t('(unlimited)') },
    restart: { label: vscode.l10n.t('Restart policy'), prompt: vscode.l10n.t('no, always, unless-stopped or on-failure[:max-retries]'), empty: 'no' },
  };
}

/** The form: a quick pick of fields, each a validated input box, until "Apply". */
async function showForm(name: string, start: LimitsText): Promise<LimitsText | undefined> {
  const f: { -readonly [K in keyof LimitsText]: string } = { ...start };
  const info = fieldInfo();
  for (;;) {
    const items: FieldItem[] = [
      { key: 'apply', label: `$(check) ${vscode.l10n.t('Apply')}`, description: vscode.l10n.t('update {0}', name) },
      ...(Object.keys(info) as (keyof LimitsText)[]).map((k) => ({ key: k, label: info[k].label, description: f[k] || info[k].empty, detail: f[k] !== start[k] ? vscode.l10n.t('changed from {0}', start[k] || info[k].empty) : undefined })),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Update limits of {0}', name), placeHolder: vscode.l10n.t('Choose a limit to change, or Apply') });
    if (!pick?.key) return undefined;
    if (pick.key === 'apply') return f;
    const key = pick.key;
    if (key === 'restart') {
      const r = await vscode.window.showQuickPick(['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:3'], { title: info.restart.label });
      if (r) f.restart = r;
      continue;
    }
    const v = await vscode.window.showInputBox({
      title: vscode.l10n.t('Update limits of {0}: {1}', name, info[key].label), prompt: info[key].prompt, value: f[key], ignoreFocusOut: true,
      validateInput: (s) => { const p = LIMIT_VALIDATORS[key](s); return p && localize(p); },
    });
    if (v !== undefined) f[key] = v.trim();
  }
}

/**
 * Third argument (automation): the limits as typed (`{ memory: '64m', cpus: '0.5', pidsLimit: '50' }`),
 * merged over the current values and checked the same way; no form is shown.
 */
export const updateContainerLimits: CommandFactory = (deps) => async (node?: unknown, nodes?: unknown, args?: Partial<LimitsText>): Promise<UpdateLimitsResult | undefined> => {
  const [target] = await targetContainers(deps, node, nodes, { applies: () => true, placeHolder: vscode.l10n.t('Container whose limits to change'), many: false });
  if (!target) return undefined;
  const headless = typeof args === 'object' && args !== null;
  const fail = (msg: string): UpdateLimitsResult => {
    if (!headless) void vscode.window.showErrorMessage(msg);
    return { containerId: target.id, error: msg };
  };
  let inspect;
  try {
    inspect = await deps.engine.api.containers.inspect(target.id);
  } catch (err) {
    return fail(vscode.l10n.t('Cannot read the limits of {0}: {1}', target.name, engineMessage(err)));
  }
  const before = limitsFromInspect(inspect.HostConfig);
  let after: LimitsText;
  if (headless) {
    after = { ...before, ...Object.fromEntries(Object.entries(args).filter(([k, v]) => k in before && typeof v === 'string')) };
  } else {
    const chosen = await showForm(target.name, before);
    if (!chosen) return undefined;
    after = chosen;
  }
  const ncpu = await deps.engine.api.info().then((i) => i.NCPU, () => undefined);
  const body = limitsUpdate(inspect.HostConfig, before, after, { NCPU: typeof ncpu === 'number' ? ncpu : undefined });
  if (isCoreMessage(body)) return fail(localize(body));
  if (Object.keys(body).length === 0) {
    if (!headless) void vscode.window.showInformationMessage(vscode.l10n.t('Nothing changed: {0} keeps its limits.', target.name));
    return { containerId: target.id, body, warnings: [] };
  }
  let warnings: string[];
  try {
    warnings = await deps.engine.api.containers.updateLimits(target.id, body);
  } catch (err) {
    return fail(vscode.l10n.t('Could not update the limits of {0}: {1}', target.name, engineMessage(err)));
  }
  deps.output.info(`updated limits of ${target.name}: ${JSON.stringify(body)}`);
  for (const w of warnings) deps.output.warn(`${target.name}: ${w}`);
  if (!headless) {
    const msg = warnings.length ? vscode.l10n.t('Updated the limits of {0}. The engine warns: {1}', target.name, warnings.join(' ')) : vscode.l10n.t('Updated the limits of {0}.', target.name);
    void vscode.window.showInformationMessage(msg);
  }
  return { containerId: target.id, body, warnings };
};
