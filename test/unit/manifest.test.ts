import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { shown } from '../support/manifest';
import { Commands, Views } from '../../src/constants';

interface Manifest {
  activationEvents: string[];
  main: string;
  engines: { vscode: string };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, unknown> };
  };
}

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('declares exactly the commands in src/constants.ts, each in the Dockhand category (unambiguous next to other Docker extensions)', () => {
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    const known = Object.values(Commands).map(String).sort();
    assert.deepStrictEqual(declared, known);
    for (const c of manifest.contributes.commands) {
      assert.strictEqual(shown(c.category), 'Dockhand', `${c.command} category`);
      assert.match(c.command, /^dockhand\.[a-z]+\.[a-zA-Z]+$/, `${c.command} follows dockhand.<area>.<verb>`);
    }
  });

  it('declares every view in src/constants.ts inside the dockhand container', () => {
    const declared = manifest.contributes.views.dockhand.map((v) => v.id).sort();
    assert.deepStrictEqual(declared, Object.values(Views).map(String).sort());
  });

  it('menus only reference declared commands', () => {
    const known = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) assert.ok(known.has(e.command), `${menu} references unknown ${e.command}`);
    }
  });

  it('activates precisely, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
    assert.ok(manifest.activationEvents.includes('onLanguage:dockerfile'));
  });

  it('settings are all dockhand.*', () => {
    for (const key of Object.keys(manifest.contributes.configuration.properties)) assert.match(key, /^dockhand\./);
  });

  it('targets VS Code ^1.90.0 with the bundled entry point', () => {
    assert.strictEqual(manifest.engines.vscode, '^1.90.0');
    assert.strictEqual(manifest.main, './dist/extension.js');
  });
});
