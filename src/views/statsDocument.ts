/**
 * Live resource usage of a container as a read-only Markdown document under `dockhand-stats:`: a table
 * of the latest sample (CPU, memory, network, block IO, PIDs) and text plots of the last minute. It
 * updates at the engine's rate from the stats stream, resumes when the container starts again, and stops
 * streaming when the document closes.
 */
import vscode = require('vscode');
import { showProvidedDocument } from './showDocument';
import type { Engine, EngineEvent } from '../docker/engine';
import { Disposable } from '../docker/events';
import { summarizeLimits } from '../docker/limits';
import { localize } from '../localize';
import { formatBytes, sparkline, StatsSample, StatsStream } from '../docker/stats';

export const STATS_SCHEME = 'dockhand-stats';
const HISTORY = 60;

export function statsUri(containerId: string, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: STATS_SCHEME, path: `/${name.replace(/[/\\]/g, '_')}.stats.md`, query: containerId });
}

interface Watch {
  readonly name: string;
  readonly stream: StatsStream;
  readonly events: Disposable;
  readonly samples: StatsSample[];
  stopped: boolean;
  /** The limits in force (inspect), read when the document opens and again on each `update` event. */
  limits?: string;
}

export function renderStats(name: string, id: string, samples: readonly StatsSample[], stopped: boolean, limits?: string): string {
  const last = samples.at(-1);
  const lines = [`# ${vscode.l10n.t('Stats of {0}', name)}`, '', `\`${id.slice(0, 12)}\` · ${stopped ? vscode.l10n.t('not running; resumes when the container starts') : vscode.l10n.t('live, one sample per second from the engine')}`, ''];
  if (limits) lines.push(vscode.l10n.t('Limits: {0}', limits), '');
  if (!last) {
    lines.push(vscode.l10n.t('Waiting for the first sample…'));
    return lines.join('\n');
  }
  const head = [vscode.l10n.t('CPU'), vscode.l10n.t('Memory'), vscode.l10n.t('Memory %'), vscode.l10n.t('Network rx / tx'), vscode.l10n.t('Block read / write'), vscode.l10n.t('PIDs')];
  const row = [`${last.cpuPercent.toFixed(2)}%`, `${formatBytes(last.memUsage)} / ${formatBytes(last.memLimit)}`, `${last.memPercent.toFixed(2)}%`,
    `${formatBytes(last.netRx)} / ${formatBytes(last.netTx)}`, `${formatBytes(last.blockRead)} / ${formatBytes(last.blockWrite)}`, String(last.pids)];
  // Padded so the table reads as well in the plain editor as in a Markdown preview.
  const widths = head.map((h, i) => Math.max(h.length, row[i].length));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
  lines.push(line(head), `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`, line(row));
  lines.push(
    '',
    '```text',
    `CPU    ${sparkline(samples.map((s) => s.cpuPercent), 1)}  max ${Math.max(...samples.map((s) => s.cpuPercent)).toFixed(1)}%`,
    `Memory ${sparkline(samples.map((s) => s.memUsage), 1)}  max ${formatBytes(Math.max(...samples.map((s) => s.memUsage)))}`,
    '```',
    '',
    vscode.l10n.t('Last sample: {0}, {1} samples shown.', new Date(last.time).toLocaleTimeString(), samples.length),
  );
  return lines.join('\n');
}

export class StatsDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly watches = new Map<string, Watch>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly engine: Engine) {
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme !== STATS_SCHEME) return;
      // Changing a document's language closes and reopens it: keep streaming if it is back right away.
      const key = doc.uri.toString();
      setTimeout(() => {
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) this.stop(key);
      }, 1000);
    }));
  }

  /** The samples shown in a document so far (tests read them; the text shows the same numbers). */
  samples(uri: vscode.Uri): readonly StatsSample[] {
    return this.watches.get(uri.toString())?.samples ?? [];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = uri.toString();
    const id = uri.query;
    const name = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.stats\.md$/, ''));
    let w = this.watches.get(key);
    if (!w && id) {
      const stream = new StatsStream(this.engine, id);
      const watch: Watch = {
        name, stream, samples: [], stopped: false,
        events: this.engine.subscribe((e: EngineEvent) => {
          if (e.Type !== 'container' || e.Actor.ID !== id) return;
          if (e.Action === 'update') {
            readLimits();
          } else if (e.Action === 'start') {
            watch.stopped = false;
            void stream.start().catch(() => undefined);
            this.changed.fire(uri);
          } else if (e.Action === 'die' || e.Action === 'destroy') {
            // The engine keeps a stats stream of a stopped container open (sending zeros): the event says it stopped.
            watch.stopped = true;
            this.changed.fire(uri);
          }
        }),
      };
      w = watch;
      this.watches.set(key, watch);
      const readLimits = (): void => {
        void this.engine.api.containers.inspect(id).then((c) => {
          watch.limits = summarizeLimits(c.HostConfig, formatBytes).map(localize).join(' · ');
          this.changed.fire(uri);
        }, () => undefined);
      };
      readLimits();
      stream.onSample((s) => {
        if (watch.stopped && s.pids === 0) return;
        watch.samples.push(s);
        if (watch.samples.length > HISTORY) watch.samples.shift();
        watch.stopped = false;
        this.changed.fire(uri);
      });
      stream.onEnd(() => { watch.stopped = true; this.changed.fire(uri); });
      void stream.start().catch(() => { watch.stopped = true; this.changed.fire(uri); });
    }
    return w ? renderStats(w.name, id, w.samples, w.stopped, w.limits) : '';
  }

  private stop(key: string): void {
    const w = this.watches.get(key);
    if (!w) return;
    w.events.dispose();
    w.stream.dispose();
    this.watches.delete(key);
  }

  dispose(): void {
    for (const k of [...this.watches.keys()]) this.stop(k);
    for (const d of this.disposables) d.dispose();
  }
}

export async function openStats(containerId: string, name: string): Promise<vscode.TextEditor> {
  // As the logs: closing the editor closes the document and so ends the stats stream.
  return showProvidedDocument(statsUri(containerId, name), 'markdown');
}
