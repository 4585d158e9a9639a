import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ContextsInput, listContextEntries } from '../../../src/docker/contexts';
import type { EndpointSettings } from '../../../src/docker/endpoint';
import { contextDigest } from '../../../src/docker/endpoint';
import { diskFiles, listDir } from '../../../src/docker/nodeFiles';

describe('contexts view entries', () => {
  let configDir: string;
  function input(settings: EndpointSettings, env: Record<string, string> = {}): ContextsInput {
    return { settings: () => settings, env: { DOCKER_CONFIG: configDir, ...env }, homeDir: configDir, platform: 'linux', files: diskFiles, listDir };
  }
  function writeContext(name: string, host: string): void {
    const dir = path.join(configDir, 'contexts', 'meta', contextDigest(name));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: `about ${name}` }, Endpoints: { docker: { Host: host } } }));
  }
  const active = (entries: ReturnType<typeof listContextEntries>): string[] => entries.filter((e) => e.active).map((e) => (e.kind === 'host' ? 'dockhand.host' : e.name));

  beforeEach(() => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dh-ctx-'));
    writeContext('remote', 'tcp://10.0.0.9:2376');
  });
  afterEach(() => fs.rmSync(configDir, { recursive: true, force: true }));

  it('lists default and the CLI contexts; default is active and shows DOCKER_HOST when set', () => {
    const entries = listContextEntries(input({}, { DOCKER_HOST: 'unix:///run/x.sock' }));
    assert.deepStrictEqual(entries.map((e) => e.kind === 'context' ? e.name : e.kind), ['default', 'remote']);
    assert.deepStrictEqual(active(entries), ['default']);
    const def = entries[0];
    assert.ok(def.kind === 'context' && def.host === 'unix:///run/x.sock');
  });

  it('marks the context chosen in dockhand.context, or the CLI current context', () => {
    assert.deepStrictEqual(active(listContextEntries(input({ context: 'remote' }, { DOCKER_HOST: 'unix:///run/x.sock' }))), ['remote']);
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    assert.deepStrictEqual(active(listContextEntries(input({}))), ['remote']);
  });

  it('puts dockhand.host first and active; contexts are then marked overridden', () => {
    const entries = listContextEntries(input({ host: 'tcp://127.0.0.1:2375', context: 'remote' }));
    assert.strictEqual(entries[0].kind, 'host');
    assert.deepStrictEqual(active(entries), ['dockhand.host']);
    assert.ok(entries.slice(1).every((e) => e.kind === 'context' && e.overridden && !e.active));
  });

  it('shows a configured context that does not exist, active, with the problem', () => {
    const entries = listContextEntries(input({ context: 'gone' }));
    const gone = entries.find((e) => e.kind === 'context' && e.name === 'gone');
    assert.ok(gone && gone.active && gone.problem && /not found/.test(gone.problem), JSON.stringify(gone));
  });

  it('reports a bad dockhand.host on the host entry', () => {
    const entries = listContextEntries(input({ host: 'unix://relative.sock' }));
    assert.ok(entries[0].kind === 'host' && entries[0].problem, JSON.stringify(entries[0]));
  });
});
