import vscode = require('vscode');
import { reopenLogsWith } from '../../views/logsDocument';
import { logsCommandTarget } from '../../views/logsPanel';
import type { CommandFactory } from '../types';

/** `10m`, `2h`, `1d` ago, or an ISO date/time, as Unix seconds; empty is no bound. */
export function parseLogTime(text: string, now = Date.now()): number | undefined | 'invalid' {
  const t = text.trim();
  if (!t) return undefined;
  const rel = /^(\d+)\s*([smhd])$/.exec(t);
  if (rel) return Math.floor(now / 1000) - Number(rel[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[rel[2] as 's' | 'm' | 'h' | 'd'];
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 'invalid' : Math.floor(ms / 1000);
}

/** Reopens a logs editor (a panel restarts its stream in place) showing only lines since/until the given times. Arguments `{ since, until }` (Unix seconds) skip the questions. */
export const rangeLogs: CommandFactory = (deps) => async (uri?: unknown, given?: { since?: number; until?: number }) => {
  const target = logsCommandTarget(deps.logsPanels, uri);
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a container\'s logs first.'));
    return undefined;
  }
  let range = given;
  if (!range) {
    const ask = async (title: string): Promise<number | undefined | 'cancel'> => {
      const v = await vscode.window.showInputBox({
        title, prompt: vscode.l10n.t('How long ago (10m, 2h, 1d) or a date and time (2026-12-01T10:00:00Z); empty for no bound.'),
        validateInput: (s) => parseLogTime(s) === 'invalid' ? vscode.l10n.t('Write 10m, 2h, 1d or a date such as 2026-12-01T10:00:00Z.') : undefined,
      });
      if (v === undefined) return 'cancel';
      const p = parseLogTime(v);
      return p === 'invalid' ? 'cancel' : p;
    };
    const since = await ask(vscode.l10n.t('Show logs since'));
    if (since === 'cancel') return undefined;
    const until = await ask(vscode.l10n.t('Show logs until'));
    if (until === 'cancel') return undefined;
    range = { since, until };
  }
  if (target.panel) { target.panel.restart({ since: range.since, until: range.until }); return target.panel.uri.toString(); }
  return (await reopenLogsWith(target.uri, () => ({ since: range.since, until: range.until })))?.toString();
};
