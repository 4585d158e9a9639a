/**
 * Dockerfile and compose diagnostics: lints open Dockerfiles (src/dockerfile/lint) and compose files
 * (src/compose/lint; their paths are checked on disk when the file is local) after a
 * short pause in typing, cancels a pending run when the document changes again, and keeps the
 * findings per document version so the code action provider can offer their fixes. With
 * `dockhand.lint.shellcheck` on, the RUN scripts also go to the `shellcheck` program (asynchronously, after the
 * built-in findings are shown); its findings join them when they arrive for the same document version.
 */
import vscode = require('vscode');
import { Settings } from '../constants';
import { localize } from '../localize';
import { Finding, lintDockerfile, SeveritySetting } from '../dockerfile/lint';
import { ShellChecker } from '../dockerfile/lint/shellcheck';
import { shellcheckRunner } from './shellcheckRunner';
import { lintParsed } from '../compose/lint';
import { nodeComposeFiles } from '../compose/nodeFiles';
import { composeDir, isComposeDocument } from './composeSelector';
import { parsedCompose } from './documentParse';
import type { DockerfileCoexistence } from './coexistence';

const DEBOUNCE_MS = 150;

export interface LintResult {
  readonly version: number;
  readonly findings: readonly Finding[];
}

export class DockerfileDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('dockhand');
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; cts: vscode.CancellationTokenSource }>();
  private readonly results = new Map<string, LintResult>();
  /** .dockerignore content per build-context folder (undefined: none) */
  private readonly ignoreFiles = new Map<string, string | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** one shellcheck per distinct RUN script, shared by every document */
  private readonly shellChecker = new ShellChecker(shellcheckRunner());
  private readonly shellChecks = new Map<string, AbortController>();
  private shellCheckProblemShown = false;

  /** `coexistence` says which Dockerfiles Dockhand lints next to another Docker extension (compose files: always). */
  constructor(private readonly coexistence?: DockerfileCoexistence) {
    const s = this.subscriptions;
    s.push(this.collection);
    if (coexistence) s.push(coexistence.onDidChange(() => this.relintAll()));
    s.push(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    s.push(vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length > 0) this.schedule(e.document, DEBOUNCE_MS); }));
    s.push(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    s.push(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(`${Settings.section}.lint`)) this.relintAll(); }));
    const watcher = vscode.workspace.createFileSystemWatcher('**/.dockerignore');
    const dropIgnore = (uri: vscode.Uri): void => { this.ignoreFiles.delete(vscode.Uri.joinPath(uri, '..').toString()); this.relintAll(); };
    s.push(watcher, watcher.onDidChange(dropIgnore), watcher.onDidCreate(dropIgnore), watcher.onDidDelete(dropIgnore));
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Findings for the document's current version, linting now if the last run is stale. */
  findingsFor(document: vscode.TextDocument): readonly Finding[] {
    const hit = this.results.get(document.uri.toString());
    if (hit && hit.version === document.version) return hit.findings;
    return this.lintNow(document).findings;
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== 'dockerfile' && !isComposeDocument(document)) return;
    const key = document.uri.toString();
    this.cancel(key);
    const cts = new vscode.CancellationTokenSource();
    const timer = setTimeout(() => { void this.run(document, cts.token).finally(() => { if (this.pending.get(key)?.cts === cts) this.pending.delete(key); cts.dispose(); }); }, delay);
    this.pending.set(key, { timer, cts });
  }

  private cancel(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    p.cts.cancel();
    this.pending.delete(key);
  }

  private async run(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<void> {
    if (document.isClosed) return;
    const version = document.version;
    if (document.languageId === 'dockerfile') await this.loadIgnore(document);
    if (token.isCancellationRequested || document.isClosed || document.version !== version) return;
    this.lintNow(document);
  }

  private lintNow(document: vscode.TextDocument): LintResult {
    const key = document.uri.toString();
    const config = vscode.workspace.getConfiguration(Settings.section, document.uri);
    const compose = isComposeDocument(document);
    const enabled = config.get<boolean>(Settings.lintEnable, true) && (compose || this.coexistence?.provides('diagnostics', document) !== false);
    const folder = contextFolder(document.uri);
    const rules = config.get<Record<string, SeveritySetting>>(Settings.lintRules, {});
    const dir = compose ? composeDir(document) : undefined;
    const findings = !enabled ? [] : compose
      ? lintParsed(parsedCompose(document), { rules, dir, files: dir ? nodeComposeFiles() : undefined })
      : lintDockerfile(document.getText(), { rules, context: { dockerignore: () => this.ignoreFiles.get(folder) } });
    const result = { version: document.version, findings };
    this.results.set(key, result);
    this.collection.set(document.uri, findings.map((f) => toDiagnostic(document, f)));
    this.shellChecks.get(key)?.abort();
    this.shellChecks.delete(key);
    if (enabled && !compose && config.get<boolean>(Settings.lintShellcheck, false)) this.startShellCheck(document, result, rules);
    return result;
  }

  /** Runs shellcheck over the document's RUN scripts and adds its findings if the document has not changed since. */
  private startShellCheck(document: vscode.TextDocument, base: LintResult, rules: Record<string, SeveritySetting>): void {
    const key = document.uri.toString();
    const ac = new AbortController();
    this.shellChecks.set(key, ac);
    this.shellChecker.check(document.getText(), { signal: ac.signal, rules }).then((extra) => {
      if (ac.signal.aborted || document.isClosed || document.version !== base.version || extra.length === 0) return;
      const findings = [...base.findings, ...extra].sort((a, b) => a.start - b.start);
      this.results.set(key, { version: base.version, findings });
      this.collection.set(document.uri, findings.map((f) => toDiagnostic(document, f)));
    }, (err: unknown) => {
      if (ac.signal.aborted || this.shellCheckProblemShown) return;
      this.shellCheckProblemShown = true;
      void vscode.window.showWarningMessage(vscode.l10n.t('ShellCheck could not check the RUN scripts: {0}', err instanceof Error ? err.message : String(err)));
    }).finally(() => { if (this.shellChecks.get(key) === ac) this.shellChecks.delete(key); });
  }

  private async loadIgnore(document: vscode.TextDocument): Promise<void> {
    const folder = contextFolder(document.uri);
    if (this.ignoreFiles.has(folder)) return;
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.Uri.parse(folder), '.dockerignore'));
      this.ignoreFiles.set(folder, new TextDecoder().decode(bytes));
    } catch {
      this.ignoreFiles.set(folder, undefined);
    }
  }

  private relintAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancel(key);
    this.shellChecks.get(key)?.abort();
    this.shellChecks.delete(key);
    this.results.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
    for (const ac of this.shellChecks.values()) ac.abort();
    this.shellChecker.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The build context we assume: the Dockerfile's folder (where `docker build .` is usually run). */
function contextFolder(uri: vscode.Uri): string {
  return vscode.Uri.joinPath(uri, '..').toString();
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Ranges come from offsets: VS Code and BuildKit disagree on lone CR line breaks, offsets do not. */
export function findingRange(document: vscode.TextDocument, f: Finding): vscode.Range {
  return new vscode.Range(document.positionAt(f.start), document.positionAt(f.end));
}

/**
 * What the Problems panel shows: a Dockerfile rule's message in the user's language; ShellCheck's text (its
 * own English, no template of ours) and compose findings (not converted yet) as they come.
 */
export function findingMessage(f: Finding): string {
  return f.messageData ? localize(f.messageData) : f.message;
}

export function toDiagnostic(document: vscode.TextDocument, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(findingRange(document, f), findingMessage(f), SEVERITY[f.severity]);
  d.source = 'dockhand';
  d.code = f.href ? { value: f.code, target: vscode.Uri.parse(f.href) } : f.code;
  if (f.code === 'MaintainerDeprecated') d.tags = [vscode.DiagnosticTag.Deprecated];
  if (f.code === 'MultipleInstructionsDisallowed') d.tags = [vscode.DiagnosticTag.Unnecessary];
  return d;
}

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}
