import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { EngineState } from '../../src/docker/engine';
import { CountingProxy, startCountingProxy } from '../support/countingProxy';
import { dockhand, engineApi, waitUntil } from './helpers';

// Must run first: it is the test that activates Dockhand.
/** Reads the state through a function so TypeScript does not keep the narrowing from before the command. */
function currentState(api: { engine: { state: EngineState } }): EngineState {
  return api.engine.state;
}

function extensionFile(name: string): string {
  const ext = vscode.extensions.getExtension('dockhand.dockhand');
  assert.ok(ext, 'extension present');
  return path.join(ext.extensionPath, 'dist', name);
}
const languageFile = (): string => extensionFile('language.js');

describe('activation', () => {
  let proxy: CountingProxy;

  before(async () => {
    const ext = vscode.extensions.getExtension('dockhand.dockhand');
    assert.ok(ext, 'extension present');
    assert.strictEqual(ext.isActive, false, 'nothing should have activated Dockhand before this test');
    const target = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
    proxy = await startCountingProxy(path.join(os.tmpdir(), `dockhand-proxy-${process.pid}.sock`), target);
    // Route Dockhand through the counting proxy via its own setting (top of the resolution order).
    await vscode.workspace.getConfiguration('dockhand').update('host', `unix://${proxy.socketPath}`, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('dockhand').update('host', undefined, vscode.ConfigurationTarget.Global);
    await proxy.close();
  });

  it('makes zero engine requests while activating, and talks through dockhand.host once asked', async () => {
    const api = await dockhand();
    assert.strictEqual(proxy.requests.length, 0, `activation made requests: ${proxy.requests.join(', ')}`);
    assert.strictEqual(api.engine.state.kind, 'unknown');
    // Nothing heavy is evaluated while activating for the explorer: the engine client, the Dockerfile
    // language service, the parser and the tar packages are separate files, required on first use.
    const lazyFiles = fs.readdirSync(path.dirname(languageFile())).filter((f) => f.endsWith('.js') && f !== 'extension.js' && f !== 'cli.js');
    for (const name of ['dockerode.js', 'language.js', 'dockerfile-ast.js', 'tar-stream.js', 'contextPackWorker.js', 'grpc-js.js', 'protobufjs.js', 'buildkit-session.js']) assert.ok(lazyFiles.includes(name), `dist/${name} is built`);
    for (const name of lazyFiles) assert.strictEqual(require.cache[extensionFile(name)], undefined, `${name} was loaded while activating`);
    console.log(`      activate() took ${api.activationMs.toFixed(1)} ms in VS Code ${vscode.version}`);

    await vscode.commands.executeCommand('dockhand.engine.retry');
    const state = currentState(api);
    if (state.kind !== 'connected') assert.fail(`not connected: ${JSON.stringify(state)}`);
    const real = await engineApi().version();
    assert.strictEqual(state.engineVersion, real.Version);
    assert.strictEqual(state.apiVersion, real.ApiVersion, 'API version negotiated down to the engine (1.41 here)');
    assert.strictEqual(state.endpoint.source, 'setting');
    assert.ok(proxy.requests.some((r) => r.startsWith('GET /version')), `requests: ${proxy.requests.join(', ')}`);
  });

  it('loads the Dockerfile language service when the first Dockerfile opens, and it lints that file', async () => {
    assert.strictEqual(require.cache[languageFile()], undefined, 'language.js loaded before any Dockerfile was open');
    const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'FROM alpine:3.20\nMAINTAINER someone\n' });
    assert.ok(require.cache[languageFile()], 'opening a Dockerfile loads dist/language.js');
    const found = await waitUntil('a Dockhand diagnostic on the Dockerfile that loaded the service', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'dockhand' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'MaintainerDeprecated'));
    assert.strictEqual(found.range.start.line, 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 1));
    assert.ok(hovers.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('FROM'))), 'hover on FROM answers');
  });

  it('runs in the VS Code version we claim to test on', () => {
    assert.strictEqual(vscode.version, '1.100.3');
  });
});
