/**
 * The compose rules the schema cannot express. Each rule has a code (also its `dockhand.lint.rules` key),
 * a default severity, a one-line doc and `check(ctx, report)` over the shared parse. To add one: write it
 * here, list it in RULES, and add a case to test/unit/compose/lint.test.ts.
 */
import * as path from 'path';
import type * as Yaml from 'yaml';
import { CoreMessage, coreMessage, isCoreMessage } from '../coreMessage';
import type { Severity } from '../dockerfile/lint/types';
import { parseDockerfile } from '../dockerfile/parse';
import type { ComposeFiles, Report } from './lint';
import {
  Definition, DefinitionKind, isVolumeName, pairValue, ParsedCompose, resolveNode, scalarText,
  SECTION_OF, splitVolumeSpec, yaml,
} from './parse';
import { closest } from './schemaErrors';

export interface RuleContext {
  readonly parsed: ParsedCompose;
  readonly dir: string | undefined;
  readonly files: ComposeFiles | undefined;
}

export interface ComposeRule {
  readonly code: string;
  readonly severity: Severity;
  readonly doc: string;
  readonly href?: string;
  check(ctx: RuleContext, report: Report): void;
}

const REF = 'https://docs.docker.com/reference/compose-file/';

function services(p: ParsedCompose): Definition[] {
  return p.definitions.filter((d) => d.kind === 'service');
}

/** Names defined by the files `include` pulls in; undefined when one of them cannot be read. */
function includedNames(ctx: RuleContext): Map<DefinitionKind, Set<string>> | undefined {
  const Y = yaml();
  const names = new Map<DefinitionKind, Set<string>>();
  const include = ctx.parsed.section('include') ?? (ctx.parsed.doc.contents && Y.isMap(ctx.parsed.doc.contents) ? resolveNode(ctx.parsed.doc, ctx.parsed.doc.get('include', true) as Yaml.Node | null) : null);
  if (!include) return names;
  if (!ctx.dir || !ctx.files) return undefined;
  if (!Y.isSeq(include)) return names;
  for (const item of include.items) {
    const n = resolveNode(ctx.parsed.doc, item as Yaml.Node);
    const paths: string[] = [];
    const s = scalarText(n)?.text;
    if (s !== undefined) paths.push(s);
    else {
      const pv = pairValue(ctx.parsed.doc, n, 'path')?.value;
      if (Y.isSeq(pv)) for (const x of pv.items) { const t = scalarText(resolveNode(ctx.parsed.doc, x as Yaml.Node))?.text; if (t) paths.push(t); }
      else { const t = scalarText(pv)?.text; if (t) paths.push(t); }
    }
    for (const rel of paths) {
      const text = rel.includes('$') ? undefined : ctx.files.read(path.resolve(ctx.dir, rel));
      if (text === undefined) return undefined;
      let data: unknown;
      try { data = Y.parse(text, { merge: true, maxAliasCount: 1000 }); } catch { return undefined; }
      if (!data || typeof data !== 'object') continue;
      for (const [section, kind] of Object.entries({ services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' } as const)) {
        const m = (data as Record<string, unknown>)[section];
        if (!m || typeof m !== 'object') continue;
        const set = names.get(kind) ?? new Set<string>();
        for (const k of Object.keys(m)) set.add(k);
        names.set(kind, set);
      }
    }
  }
  return names;
}

/** "… names network 'x', which is not defined.", with a guess when a defined name is close (else, but for services, where to declare it). */
function undefinedMessage(kind: DefinitionKind, via: string, from: string, name: string, guess: string | undefined): CoreMessage {
  switch (kind) {
    case 'service': return guess ? coreMessage('UndefinedService.guess', via, from, name, guess) : coreMessage('UndefinedService.undefined', via, from, name);
    case 'network': return guess ? coreMessage('UndefinedNetwork.guess', via, from, name, guess) : coreMessage('UndefinedNetwork.undefined', via, from, name);
    case 'volume': return guess ? coreMessage('UndefinedVolume.guess', via, from, name, guess) : coreMessage('UndefinedVolume.undefined', via, from, name);
    case 'secret': return guess ? coreMessage('UndefinedSecret.guess', via, from, name, guess) : coreMessage('UndefinedSecret.undefined', via, from, name);
    case 'config': return guess ? coreMessage('UndefinedConfig.guess', via, from, name, guess) : coreMessage('UndefinedConfig.undefined', via, from, name);
  }
}

function undefinedReference(kind: DefinitionKind, code: string, doc: string): ComposeRule {
  return {
    code, severity: 'error', doc, href: `${REF}${SECTION_OF[kind]}/`,
    check(ctx, report) {
      const p = ctx.parsed;
      const defined = new Set(p.definitions.filter((d) => d.kind === kind).map((d) => d.name));
      if (kind === 'network') defined.add('default');
      const refs = p.references.filter((r) => r.kind === kind && !defined.has(r.name));
      if (refs.length === 0) return;
      const extra = includedNames(ctx);
      if (extra === undefined) return;
      for (const r of refs) {
        if (extra.get(kind)?.has(r.name) || r.name.includes('$')) continue;
        report(code, r.start, r.end, undefinedMessage(kind, r.via, r.from, r.name, closest(r.name, defined)));
      }
      if (kind === 'service') {
        for (const s of services(p)) {
          for (const r of p.references) if (r.from === s.name && r.via === 'depends_on' && r.name === s.name) {
            report(code, r.start, r.end, coreMessage('UndefinedService.self', s.name));
          }
        }
      }
    },
  };
}

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^git@/.test(s) || /\.git(#.*)?$/.test(s) || /^github\.com\//.test(s);
}

/** A relative or absolute path that can be checked: no variables, no home folder. */
function checkable(s: string): boolean {
  return s.length > 0 && !s.includes('$') && !s.startsWith('~') && !isUrl(s);
}

function statOf(ctx: RuleContext, rel: string, base?: string): { abs: string; kind: ReturnType<ComposeFiles['stat']> } | undefined {
  if (!ctx.dir || !ctx.files || !checkable(rel)) return undefined;
  const abs = path.resolve(base ?? ctx.dir, rel);
  return { abs, kind: ctx.files.stat(abs) };
}

interface BuildInfo {
  readonly service: string;
  readonly contextNode: Yaml.Node | null;
  readonly context: string;
  readonly dockerfileNode: Yaml.Node | null;
  readonly dockerfile: string | undefined;
  readonly inline: string | undefined;
  readonly targetNode: Yaml.Node | null;
}

function buildOf(p: ParsedCompose, s: Definition): BuildInfo | undefined {
  const Y = yaml();
  const b = pairValue(p.doc, s.value, 'build')?.value ?? null;
  if (!b) return undefined;
  if (Y.isScalar(b)) {
    const t = scalarText(b)?.text;
    return t === undefined ? undefined : { service: s.name, contextNode: b, context: t, dockerfileNode: null, dockerfile: undefined, inline: undefined, targetNode: null };
  }
  if (!Y.isMap(b)) return undefined;
  const c = pairValue(p.doc, b, 'context')?.value ?? null;
  const d = pairValue(p.doc, b, 'dockerfile')?.value ?? null;
  const inline = pairValue(p.doc, b, 'dockerfile_inline')?.value;
  return {
    service: s.name,
    contextNode: c,
    context: scalarText(c)?.text ?? '.',
    dockerfileNode: d,
    dockerfile: scalarText(d)?.text,
    inline: Y.isScalar(inline) && typeof inline.value === 'string' ? inline.value : undefined,
    targetNode: pairValue(p.doc, b, 'target')?.value ?? null,
  };
}

function rangeOfNode(n: Yaml.Node | null | undefined): [number, number] | undefined {
  const s = scalarText(n);
  if (s) return [s.start, s.end];
  return n?.range ? [n.range[0], n.range[1]] : undefined;
}

const missingPath: ComposeRule = {
  code: 'MissingPath', severity: 'error', doc: 'A build context, Dockerfile, env_file, include, extends or secret/config file that does not exist.', href: `${REF}build/#context`,
  check(ctx, report) {
    const Y = yaml();
    const p = ctx.parsed;
    // `missing(abs)` says the path does not exist (abs: where it was looked for), `wrong` that it is a file
    // where a folder should be (or a folder where a file should be, as `want` says)
    const miss = (node: Yaml.Node | null | undefined, rel: string, missing: (abs: string) => CoreMessage, wrong: CoreMessage, want: 'file' | 'dir', base?: string): boolean => {
      const st = statOf(ctx, rel, base);
      const r = rangeOfNode(node);
      if (!st || !r || st.kind === 'unknown') return false;
      if (st.kind === 'missing') { report('MissingPath', r[0], r[1], missing(st.abs)); return true; }
      if (st.kind !== want) { report('MissingPath', r[0], r[1], wrong); return true; }
      return false;
    };
    const missEnvFile = (node: Yaml.Node | null | undefined, rel: string, service: string): boolean =>
      miss(node, rel, (abs) => coreMessage('MissingPath.envFile', rel, service, abs), coreMessage('MissingPath.envFileIsFolder', rel, service), 'file');
    for (const s of services(p)) {
      const b = buildOf(p, s);
      if (b && checkable(b.context)) {
        const bad = miss(b.contextNode, b.context, (abs) => coreMessage('MissingPath.context', b.context, s.name, abs), coreMessage('MissingPath.contextIsFile', b.context, s.name), 'dir');
        if (!bad && b.inline === undefined && ctx.dir) {
          const ctxDir = path.resolve(ctx.dir, b.context);
          const dockerfile = b.dockerfile;
          if (dockerfile !== undefined) miss(b.dockerfileNode, dockerfile, (abs) => coreMessage('MissingPath.dockerfile', dockerfile, s.name, abs), coreMessage('MissingPath.dockerfileIsFolder', dockerfile, s.name), 'file', ctxDir);
          else if (b.contextNode && ctx.files?.stat(path.join(ctxDir, 'Dockerfile')) === 'missing' && ctx.files.stat(path.join(ctxDir, 'Containerfile')) === 'missing') {
            const r = rangeOfNode(b.contextNode);
            if (r) report('MissingPath', r[0], r[1], coreMessage('MissingPath.noDockerfile', b.context, s.name));
          }
        }
      }
      const envFile = pairValue(p.doc, s.value, 'env_file')?.value ?? null;
      const items = Y.isSeq(envFile) ? envFile.items.map((i) => resolveNode(p.doc, i as Yaml.Node)) : [envFile];
      for (const item of items) {
        if (Y.isMap(item)) {
          const req = pairValue(p.doc, item, 'required')?.value;
          if (Y.isScalar(req) && (req.value === false || req.value === 'false')) continue;
          const pv = pairValue(p.doc, item, 'path')?.value;
          const t = scalarText(pv)?.text;
          if (t !== undefined) missEnvFile(pv, t, s.name);
        } else {
          const t = scalarText(item)?.text;
          if (t !== undefined) missEnvFile(item, t, s.name);
        }
      }
      const ext = pairValue(p.doc, s.value, 'extends')?.value;
      const file = Y.isMap(ext) ? pairValue(p.doc, ext, 'file')?.value : undefined;
      const ft = scalarText(file)?.text;
      if (ft !== undefined && !miss(file, ft, (abs) => coreMessage('MissingPath.extends', ft, s.name, abs), coreMessage('MissingPath.extendsIsFolder', ft, s.name), 'file') && ctx.dir && ctx.files && checkable(ft)) {
        const text = ctx.files.read(path.resolve(ctx.dir, ft));
        const svcNode = pairValue(p.doc, ext ?? null, 'service')?.value;
        const svc = scalarText(svcNode)?.text;
        if (text !== undefined && svc !== undefined && !svc.includes('$')) {
          let data: unknown;
          try { data = Y.parse(text, { merge: true, maxAliasCount: 1000 }); } catch { data = undefined; }
          const servicesOf = data && typeof data === 'object' ? (data as Record<string, unknown>).services : undefined;
          if (servicesOf && typeof servicesOf === 'object' && !(svc in servicesOf)) {
            const r = rangeOfNode(svcNode);
            if (r) report('UndefinedService', r[0], r[1], coreMessage('UndefinedService.extends', s.name, svc, ft));
          }
        }
      }
    }
    for (const kind of ['secret', 'config'] as const) {
      for (const d of p.definitions.filter((x) => x.kind === kind)) {
        const f = pairValue(p.doc, d.value, 'file')?.value;
        const t = scalarText(f)?.text;
        if (t === undefined) continue;
        if (kind === 'secret') miss(f, t, (abs) => coreMessage('MissingPath.secret', t, d.name, abs), coreMessage('MissingPath.secretIsFolder', t, d.name), 'file');
        else miss(f, t, (abs) => coreMessage('MissingPath.config', t, d.name, abs), coreMessage('MissingPath.configIsFolder', t, d.name), 'file');
      }
    }
    const include = resolveNode(p.doc, Y.isMap(p.doc.contents) ? p.doc.get('include', true) as Yaml.Node | null : null);
    if (Y.isSeq(include)) {
      for (const item of include.items) {
        const n = resolveNode(p.doc, item as Yaml.Node);
        const nodes: (Yaml.Node | null)[] = [];
        if (Y.isScalar(n)) nodes.push(n);
        else {
          const pv = pairValue(p.doc, n, 'path')?.value ?? null;
          if (Y.isSeq(pv)) for (const x of pv.items) nodes.push(resolveNode(p.doc, x as Yaml.Node)); else nodes.push(pv);
        }
        for (const x of nodes) {
          const t = scalarText(x)?.text;
          if (t !== undefined) miss(x, t, (abs) => coreMessage('MissingPath.include', t, abs), coreMessage('MissingPath.includeIsFolder', t), 'file');
        }
      }
    }
  },
};

const unknownTarget: ComposeRule = {
  code: 'UnknownBuildTarget', severity: 'error', doc: 'build.target names no stage of the service\'s Dockerfile.', href: `${REF}build/#target`,
  check(ctx, report) {
    const p = ctx.parsed;
    for (const s of services(p)) {
      const b = buildOf(p, s);
      const target = scalarText(b?.targetNode)?.text;
      if (!b || target === undefined || target.includes('$')) continue;
      const text = dockerfileText(ctx, b);
      if (text === undefined) continue;
      const stages = parseDockerfile(text).stages.map((st) => st.name).filter((n): n is string => n !== undefined);
      if (stages.includes(target.toLowerCase())) continue;
      const r = rangeOfNode(b.targetNode);
      if (!r) continue;
      const suggestion = closest(target, stages);
      report('UnknownBuildTarget', r[0], r[1], stages.length === 0
        ? coreMessage('UnknownBuildTarget.noStages', target, s.name)
        : suggestion
          ? coreMessage('UnknownBuildTarget.guess', target, s.name, suggestion, stages.join(', '))
          : coreMessage('UnknownBuildTarget.notStage', target, s.name, stages.join(', ')));
    }
  },
};

/** The text of a service's Dockerfile (inline or read from its context), if it can be had. */
export function dockerfileText(ctx: { dir: string | undefined; files: ComposeFiles | undefined }, b: BuildInfo): string | undefined {
  if (b.inline !== undefined) return b.inline;
  if (!ctx.dir || !ctx.files || !checkable(b.context) || (b.dockerfile !== undefined && !checkable(b.dockerfile))) return undefined;
  const ctxDir = path.resolve(ctx.dir, b.context);
  return ctx.files.read(path.resolve(ctxDir, b.dockerfile ?? 'Dockerfile'));
}

export function serviceBuild(p: ParsedCompose, name: string): BuildInfo | undefined {
  const s = p.definition('service', name);
  return s ? buildOf(p, s) : undefined;
}

interface PortSpec { readonly ip: string; readonly host: [number, number] | undefined; readonly container: [number, number]; readonly proto: string }

/** Parses the short port syntax `[[ip:][host[-host]]:]container[-container][/proto]`; a CoreMessage is the error. */
export function parsePort(spec: string): PortSpec | CoreMessage {
  let rest = spec.trim();
  let proto = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    proto = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (!['tcp', 'udp', 'sctp'].includes(proto)) return coreMessage('PortSyntax.protocol', spec);
  }
  let ip = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close < 0) return coreMessage('PortSyntax.ipv6', spec);
    ip = rest.slice(1, close);
    rest = rest.slice(close + 2);
    if (!rest.includes(':')) rest = `${rest}`;
  }
  const parts = rest.split(':');
  if (parts.length > 3 || (ip && parts.length > 2)) return coreMessage('PortSyntax.colons', spec);
  if (parts.length === 3) { ip = parts.shift() ?? ''; }
  const containerText = parts.pop() ?? '';
  const hostText = parts.pop();
  if (ip && !/^[0-9a-fA-F.:]+$/.test(ip)) return coreMessage('PortSyntax.ip', spec, ip);
  const container = portRange(containerText);
  if (container === 'notNumber') return coreMessage('PortSyntax.containerNotNumber', spec, containerText);
  if (container === 'range') return coreMessage('PortSyntax.containerRange', spec, containerText);
  if (container === 'backwards') return coreMessage('PortSyntax.containerBackwards', spec, containerText);
  let host: [number, number] | undefined;
  if (hostText !== undefined && hostText !== '') {
    const h = portRange(hostText);
    if (typeof h === 'string') return hostPortMessage(spec, hostText, h);
    host = h;
    const hn = h[1] - h[0];
    const cn = container[1] - container[0];
    if (cn > 0 && hn !== cn) return coreMessage('PortSyntax.sameSize', spec);
  }
  return { ip, host, container, proto };
}

type PortRangeProblem = 'notNumber' | 'range' | 'backwards';

function portRange(s: string): [number, number] | PortRangeProblem {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) return 'notNumber';
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a < 1 || b > 65535) return 'range';
  if (b < a) return 'backwards';
  return [a, b];
}

/** `spec`'s host part `host` is not a port or range. */
function hostPortMessage(spec: string, host: string, problem: PortRangeProblem): CoreMessage {
  switch (problem) {
    case 'notNumber': return coreMessage('PortSyntax.hostNotNumber', spec, host);
    case 'range': return coreMessage('PortSyntax.hostRange', spec, host);
    case 'backwards': return coreMessage('PortSyntax.hostBackwards', spec, host);
  }
}

const portSyntax: ComposeRule = {
  code: 'PortSyntax', severity: 'error', doc: 'A ports entry that is not [ip:][host:]container[/protocol].', href: `${REF}services/#ports`,
  check(ctx, report) { walkPorts(ctx.parsed, (_s, node, spec) => { if (isCoreMessage(spec)) { const r = rangeOfNode(node); if (r) report('PortSyntax', r[0], r[1], spec); } }); },
};

function walkPorts(p: ParsedCompose, visit: (service: string, node: Yaml.Node, spec: PortSpec | CoreMessage) => void): void {
  const Y = yaml();
  for (const s of services(p)) {
    const ports = pairValue(p.doc, s.value, 'ports')?.value;
    if (!Y.isSeq(ports)) continue;
    for (const item of ports.items) {
      const n = resolveNode(p.doc, item as Yaml.Node);
      if (!n) continue;
      if (Y.isScalar(n)) {
        const v = n.value;
        if (typeof v === 'number') { visit(s.name, n, Number.isInteger(v) && v >= 1 && v <= 65535 ? { ip: '', host: undefined, container: [v, v], proto: 'tcp' } : coreMessage('PortSyntax.notPort', String(v))); continue; }
        if (typeof v !== 'string' || v.includes('$')) continue;
        visit(s.name, n, parsePort(v));
      } else if (Y.isMap(n)) {
        const published = pairValue(p.doc, n, 'published')?.value;
        const pub = Y.isScalar(published) ? String(published.value) : undefined;
        if (pub === undefined || pub.includes('$') || pub === '') continue;
        const h = portRange(pub);
        const target = pairValue(p.doc, n, 'target')?.value;
        const t = Y.isScalar(target) ? Number(target.value) : NaN;
        if (typeof h === 'string') { visit(s.name, published as Yaml.Node, hostPortMessage(pub, pub, h)); continue; }
        const ip = Y.isScalar(pairValue(p.doc, n, 'host_ip')?.value) ? String((pairValue(p.doc, n, 'host_ip')?.value as Yaml.Scalar).value) : '';
        const proto = Y.isScalar(pairValue(p.doc, n, 'protocol')?.value) ? String((pairValue(p.doc, n, 'protocol')?.value as Yaml.Scalar).value) : 'tcp';
        visit(s.name, published as Yaml.Node, { ip, host: h, container: [t, t], proto });
      }
    }
  }
}

const duplicatePort: ComposeRule = {
  code: 'DuplicateHostPort', severity: 'warning', doc: 'Two ports entries publish the same host port: the second container cannot start.', href: `${REF}services/#ports`,
  check(ctx, report) {
    const taken = new Map<string, { service: string; ip: string; line: number }>();
    walkPorts(ctx.parsed, (service, node, spec) => {
      if (isCoreMessage(spec) || !spec.host || !node.range) return;
      const wild = (ip: string): boolean => ip === '' || ip === '0.0.0.0' || ip === '::';
      for (let port = spec.host[0]; port <= spec.host[1] && port - spec.host[0] < 1000; port++) {
        const key = `${port}/${spec.proto}`;
        const prior = taken.get(key);
        if (prior && (wild(prior.ip) || wild(spec.ip) || prior.ip === spec.ip)) {
          const r = rangeOfNode(node);
          if (r) report('DuplicateHostPort', r[0], r[1], coreMessage('DuplicateHostPort.taken', key, prior.service, prior.line + 1));
          return;
        }
        if (!prior) taken.set(key, { service, ip: spec.ip, line: ctx.parsed.lines.positionAt(node.range[0]).line });
      }
    });
  },
};

const VOLUME_MODES = new Set(['ro', 'rw', 'z', 'Z', 'cached', 'delegated', 'consistent', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

export function checkVolumeSpec(spec: string): CoreMessage | undefined {
  const parts = splitVolumeSpec(spec);
  const isAbs = (s: string): boolean => s.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(s) || s.startsWith('\\\\');
  if (parts.length > 3) return coreMessage('VolumeSyntax.colons', spec);
  if (parts.length === 1) return isAbs(parts[0]) ? undefined : coreMessage('VolumeSyntax.relative', spec);
  const [source, target, mode] = parts;
  if (source === '') return coreMessage('VolumeSyntax.emptySource', spec);
  if (!isAbs(target)) return coreMessage('VolumeSyntax.target', spec, target);
  if (mode !== undefined) {
    const bad = mode.split(',').filter((m) => !VOLUME_MODES.has(m));
    if (bad.length > 0) return coreMessage('VolumeSyntax.mode', spec, bad.join(','));
  }
  if (!isVolumeName(source) && !/^[./~\\]/.test(source) && !isAbs(source)) return coreMessage('VolumeSyntax.source', spec, source);
  return undefined;
}

const volumeSyntax: ComposeRule = {
  code: 'VolumeSyntax', severity: 'error', doc: 'A volumes entry that is not [source:]target[:mode].', href: `${REF}services/#volumes`,
  check(ctx, report) {
    const Y = yaml();
    const p = ctx.parsed;
    for (const s of services(p)) {
      const vols = pairValue(p.doc, s.value, 'volumes')?.value;
      if (!Y.isSeq(vols)) continue;
      for (const item of vols.items) {
        const n = resolveNode(p.doc, item as Yaml.Node);
        const t = scalarText(n);
        if (!t || t.text.includes('$')) continue;
        const problem = checkVolumeSpec(t.text);
        if (problem) report('VolumeSyntax', t.start, t.end, problem);
      }
    }
  },
};

/** KEY=VALUE names of a .env file (`export` prefixes and comments allowed). */
export function dotEnvNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

const VAR = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

const unsetVariable: ComposeRule = {
  code: 'UnsetVariable', severity: 'info', doc: '${VAR} without a default that .env does not set.', href: 'https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/',
  check(ctx, report) {
    if (!ctx.dir || !ctx.files) return;
    const envPath = path.join(ctx.dir, '.env');
    const st = ctx.files.stat(envPath);
    if (st === 'unknown') return;
    const names = st === 'file' ? dotEnvNames(ctx.files.read(envPath) ?? '') : new Set<string>();
    const text = ctx.parsed.text;
    if (!text.includes('$')) return;
    eachScalar(ctx.parsed.doc.contents, null, (key, node) => {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$') || !node.range) return;
      const src = text.slice(node.range[0], node.range[1]);
      VAR.lastIndex = 0;
      for (let m = VAR.exec(src); m; m = VAR.exec(src)) {
        if (m[1]) continue;
        const name = m[2] ?? m[4];
        const modifier = m[3] ?? '';
        if (/^:?[-?+]/.test(modifier) || names.has(name)) continue;
        const start = node.range[0] + m.index;
        report('UnsetVariable', start, start + m[0].length, coreMessage('UnsetVariable.unset', name, `\${${name}:-default}`));
      }
    });
  },
};

/**
 * Every scalar under `node` in document order, with the key it sits under as yaml's `visit` names it
 * ('key' or 'value' in a pair, the index in a collection): the same walk without `visit`'s frozen paths,
 * which cost more than the check itself on a large file.
 */
function eachScalar(node: unknown, key: 'key' | 'value' | number | null, fn: (key: 'key' | 'value' | number | null, node: Yaml.Scalar) => void): void {
  const Y = yaml();
  if (Y.isScalar(node)) fn(key, node);
  else if (Y.isCollection(node)) node.items.forEach((item, i) => eachScalar(item, i, fn));
  else if (Y.isPair(node)) {
    eachScalar(node.key, 'key', fn);
    eachScalar(node.value, 'value', fn);
  }
}

export const RULES: readonly ComposeRule[] = [
  undefinedReference('service', 'UndefinedService', 'depends_on, links, extends, network_mode or volumes_from name a service the file does not define.'),
  undefinedReference('network', 'UndefinedNetwork', 'A service joins a network the top-level networks key does not declare.'),
  undefinedReference('volume', 'UndefinedVolume', 'A service mounts a named volume the top-level volumes key does not declare.'),
  undefinedReference('secret', 'UndefinedSecret', 'A service uses a secret the top-level secrets key does not declare.'),
  undefinedReference('config', 'UndefinedConfig', 'A service uses a config the top-level configs key does not declare.'),
  missingPath,
  unknownTarget,
  portSyntax,
  duplicatePort,
  volumeSyntax,
  unsetVariable,
  { code: 'ComposeYaml', severity: 'error', doc: 'The file is not well-formed YAML.', href: 'https://yaml.org/spec/1.2.2/', check: () => undefined },
  { code: 'ComposeSchema', severity: 'error', doc: 'The file does not follow the Compose Specification.', href: REF, check: () => undefined },
];

