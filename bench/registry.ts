/**
 * P9 registry listing, in plain Node (the registry client is Dockhand's pure core): all 1,000 tags of one
 * repository and all 250 repositories of a registry, through Dockhand's client (a new client each round, so
 * its first request meets the 401 challenge as in a fresh session) vs raw HTTP requests that already know
 * the credentials, the same pages in the same run. The registry is Debian's docker-registry with htpasswd
 * (Basic), started here on a loopback port of its own and stopped by pid.
 *   node out/bench/registry.js OUT.json
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RegistryClient } from '../src/registry/client';
import { nextLink } from '../src/registry/link';
import { inParallel, RawRegistry } from '../test/integration/registrySupport';
import { FigureLog, RawFigure } from '../test/bench/figures';

const ROUNDS = 20;
const WARMUP = 3;
const PORT = Number(process.env.DOCKHAND_BENCH_REGISTRY_PORT ?? 24520);
const USER = 'bench';
const PASSWORD = 'bench-registry-password';

async function startRegistry(dir: string): Promise<ChildProcess> {
  fs.writeFileSync(path.join(dir, 'htpasswd'), execFileSync('htpasswd', ['-Bbn', USER, PASSWORD]));
  fs.writeFileSync(path.join(dir, 'config.yml'), [
    'version: 0.1', 'log:', '  level: error', 'storage:', '  filesystem:', `    rootdirectory: ${path.join(dir, 'data')}`,
    'http:', `  addr: 127.0.0.1:${PORT}`, 'auth:', '  htpasswd:', '    realm: bench', `    path: ${path.join(dir, 'htpasswd')}`, '',
  ].join('\n'));
  const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    if (await fetch(`http://127.0.0.1:${PORT}/v2/`).then((r) => r.status === 401, () => false)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`docker-registry did not start on 127.0.0.1:${PORT}`);
}

async function rawList(base: string, first: string, auth: string, key: 'tags' | 'repositories'): Promise<string[]> {
  const out: string[] = [];
  let url: string | undefined = `${base}${first}`;
  while (url) {
    const res: Response = await fetch(url, { headers: { Authorization: auth } });
    const body = await res.json() as Record<string, string[] | undefined>;
    out.push(...(body[key] ?? []));
    url = nextLink(res.headers.get('link'), url);
  }
  return out;
}

function newClient(base: string): RegistryClient {
  return new RegistryClient({ baseUrl: base, credentials: () => Promise.resolve({ username: USER, password: PASSWORD }), pageSize: 100 });
}

async function ourList(client: RegistryClient, what: 'tags' | 'repositories'): Promise<string[]> {
  const out: string[] = [];
  let next: string | undefined;
  do {
    const page = what === 'tags' ? await client.tags('bench/many', next) : await client.catalog(next);
    out.push(...page.items);
    next = page.next;
  } while (next);
  return out;
}

/** Rounds of each path in turn (A B C, A B C, …), so none of them gets a warmer registry. */
async function measure(paths: readonly (() => Promise<string[]>)[], expect: number): Promise<number[][]> {
  const samples = paths.map((): number[] => []);
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    for (const [j, run] of paths.entries()) {
      const t = performance.now();
      const items = await run();
      const ms = performance.now() - t;
      if (items.length !== expect) throw new Error(`listed ${items.length}, expected ${expect}`);
      if (i >= WARMUP) samples[j]?.push(ms);
    }
  }
  return samples;
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? path.join(os.tmpdir(), 'p7.json');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-bench-registry-'));
  const child = await startRegistry(dir);
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const raw = new RawRegistry(base, () => auth);
    const repos = Array.from({ length: 249 }, (_, i) => `bench/r${String(i).padStart(3, '0')}`);
    await inParallel(repos, 8, async (r) => { await raw.pushSmallImage(r, 'latest'); });
    await raw.pushSmallImage('bench/many', 't0000');
    const m = await raw.getManifest('bench/many', 't0000');
    const tagNames = Array.from({ length: 999 }, (_, i) => `t${String(i + 1).padStart(4, '0')}`);
    await inParallel(tagNames, 8, async (t) => { await raw.putManifest('bench/many', t, JSON.parse(m.text) as object, m.mediaType); });

    const log = new FigureLog();
    const med = (x: readonly number[]): number => [...x].sort((a, b) => a - b)[x.length >> 1] ?? NaN;
    const figure = (id: string, title: string, [warm, rawSamples, cold]: number[][]): RawFigure => ({
      id, title, unit: 'ms',
      ours: { label: 'Dockhand client', samples: warm ?? [] },
      refs: [{ label: 'raw HTTP', samples: rawSamples ?? [] }],
      targets: [{ text: '≤ 1.3x raw HTTP (median)', ref: 'raw HTTP', max: 1.3 }],
      notes: [
        `${ROUNDS} rounds after ${WARMUP} warm-up, the paths in turn each round; Basic auth (htpasswd, bcrypt) on every request of both`,
        'Dockhand: one client for the run, as the view keeps one per registry; raw HTTP: fetch with the Authorization header already set',
        `a new Dockhand client each round (its first request meets the 401 challenge): median ${med(cold ?? []).toFixed(1)} ms`,
      ],
    });
    const session = newClient(base);
    const tagRounds = await measure([() => ourList(session, 'tags'), () => rawList(base, '/v2/bench/many/tags/list?n=100', auth, 'tags'), () => ourList(newClient(base), 'tags')], 1000);
    const repoRounds = await measure([() => ourList(session, 'repositories'), () => rawList(base, '/v2/_catalog?n=100', auth, 'repositories'), () => ourList(newClient(base), 'repositories')], 250);
    log.add(figure('P9.tags', 'registry: list 1,000 tags of one repository', tagRounds));
    log.add(figure('P9.repos', 'registry: list 250 repositories (3 catalog pages)', repoRounds));
    log.write(out);
    for (const [what, rounds] of [['tags', tagRounds], ['repositories', repoRounds]] as const) {
      const [warm, rawS, cold] = rounds;
      console.log(`[bench] P9 ${what}: Dockhand ${med(warm ?? []).toFixed(1)} ms vs raw ${med(rawS ?? []).toFixed(1)} ms (${(med(warm ?? []) / med(rawS ?? [])).toFixed(2)}x); new client each round ${med(cold ?? []).toFixed(1)} ms`);
    }
    console.log(`[bench] P9: ${log.figures.length} figures written to ${out}`);
  } finally {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { console.error(err); process.exitCode = 1; });
