import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatCoreMessage } from '../../../src/coreMessage';
import { packEntries, PackMessage } from '../../../src/docker/contextPackWorker';

describe('build context packer thread: refusals as data', () => {
  it('an entry that is neither file, folder nor link is refused with a code and its path, which the main thread formats', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockhand-pack-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
      const sent: PackMessage[] = [];
      const port = { postMessage: (m: PackMessage) => { sent.push(m); }, on: () => port, off: () => port };
      await packEntries({ contextDir: dir, entries: ['Dockerfile', 'pipe'], dockerfileInTar: 'Dockerfile', umask: 0o022 }, port as never);
      const last = sent[sent.length - 1];
      assert.strictEqual(last.kind, 'error');
      assert.ok(last.kind === 'error' && last.refusal, 'the refusal travels as data');
      assert.deepStrictEqual(last.refusal, { code: 'build.context.notPackable', args: ['pipe'] });
      assert.strictEqual(formatCoreMessage(last.refusal), 'pipe is neither a file, a folder nor a symbolic link, and cannot go into the build context.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
