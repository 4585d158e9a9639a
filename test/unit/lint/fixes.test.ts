/** Quick fixes: applying each one removes its finding and leaves a Dockerfile that still parses. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { applyEdits, Finding, lintDockerfile, RULES } from '../../../src/dockerfile/lint';
import { CASES } from './rules.test';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/dockerfiles/lint/docker-notes.Dockerfile');
/** the docker-notes example is judged on a fixed day, so its end-of-life finding does not move with the clock */
const NOTES_DAY = { today: '2026-12-01' };
const syntaxCodes = new Set(RULES.filter((r) => r.category === 'syntax').map((r) => r.code));

function syntaxErrors(text: string): string[] {
  return lintDockerfile(text).filter((f) => syntaxCodes.has(f.code)).map((f) => `${f.code} ${f.message}`);
}

/** The fixes a rule offers besides the generic "ignore" ones. */
function realFixes(f: Finding): Finding['fixes'] {
  return f.fixes.filter((x) => !/^(Ignore|Skip) /.test(x.title));
}

function assertParses(text: string, before: string): void {
  const parsed = DockerfileParser.parse(text);
  const keywords = parsed.getInstructions().map((i) => i.getKeyword());
  assert.ok(keywords.length > 0, 'fixed file has instructions');
  assert.deepStrictEqual(syntaxErrors(text), syntaxErrors(before).filter((e) => syntaxErrors(text).includes(e)), `a fix introduced builder errors:\n${text}`);
}

describe('lint quick fixes', () => {
  it('the docker-notes example is flagged for exactly the expected problems', () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const found = lintDockerfile(text, NOTES_DAY).map((f) => `${f.line + 1} ${f.code}`);
    // each real mistake of the notes' example: an end-of-life base, MAINTAINER, recommended packages and apt lists
    // left in the image, a dead single-string CMD, pip's cache kept
    assert.deepStrictEqual(found, ['1 DH116', '2 MaintainerDeprecated', '3 DH103', '3 DH104', '4 MultipleInstructionsDisallowed', '4 DH114', '7 DH107']);
  });

  it('applying each offered fix to the docker-notes example in turn clears that rule and keeps the file valid', () => {
    let text = fs.readFileSync(FIXTURE, 'utf8');
    const applied: string[] = [];
    for (let guard = 0; guard < 20; guard++) {
      // bottom-up, so the single-string CMD is split before the dead CMD is removed
      const next = lintDockerfile(text, NOTES_DAY).filter((f) => realFixes(f).length > 0).pop();
      if (!next) break;
      const fix = realFixes(next)[0];
      const before = text;
      text = applyEdits(text, fix.edits);
      applied.push(`${next.code}: ${fix.title}`);
      assert.ok(!lintDockerfile(text, NOTES_DAY).some((f) => f.code === next.code && f.line === next.line), `${next.code} still reported after "${fix.title}":\n${text}`);
      assertParses(text, before);
    }
    assert.deepStrictEqual(lintDockerfile(text, NOTES_DAY).map((f) => f.code), [], `left over after fixes:\n${text}`);
    assert.strictEqual(applied.length, 7, applied.join('\n'));
    assert.ok(text.startsWith('FROM ubuntu:26.04'), text);
    assert.ok(text.includes('LABEL org.opencontainers.image.authors="Adam Angell"'), text);
    assert.ok(text.includes('apt-get install --no-install-recommends -y   python3-pip python3-dev && rm -rf /var/lib/apt/lists/*'), text);
    assert.ok(text.includes('pip3 install --no-cache-dir -r requirements.txt'), text);
    assert.ok(!text.includes('ufw'), 'the dead CMD was removed');
    assert.deepStrictEqual(applied.map((a) => a.split(':')[0]), ['DH107', 'DH114', 'MultipleInstructionsDisallowed', 'DH104', 'DH103', 'MaintainerDeprecated', 'DH116']);
  });

  it('the single-string JSON CMD splits into words', () => {
    const text = 'FROM ubuntu:18.04\nCMD [ "ufw allow 5000" ]\n';
    const f = lintDockerfile(text).find((x) => x.code === 'DH114')!;
    assert.strictEqual(applyEdits(text, realFixes(f)[0].edits), 'FROM ubuntu:18.04\nCMD ["ufw", "allow", "5000"]\n');
  });

  for (const c of CASES) {
    const bad = lintDockerfile(c.bad, c.options).filter((f) => f.code === c.code);
    for (const fix of bad.flatMap((f) => f.fixes)) {
      it(`${c.code}: "${fix.title}" clears it`, () => {
        const fixed = applyEdits(c.bad, fix.edits);
        const after = lintDockerfile(fixed, c.options).filter((f) => f.code === c.code);
        assert.ok(after.length < bad.length, `${c.code} still there after "${fix.title}":\n${fixed}`);
        assertParses(fixed, c.bad);
      });
    }
  }

  it('offers mechanical fixes for the rules that have one', () => {
    const expect: Record<string, string> = {
      MaintainerDeprecated: 'FROM a:1\nLABEL org.opencontainers.image.authors="me"\n',
      FromAsCasing: 'FROM a:1 AS b\n',
      StageNameCasing: 'FROM a:1 AS build\nFROM a:1\nCOPY --from=build /x /y\n',
      LegacyKeyValueFormat: 'FROM a:1\nENV A=b\n',
      JSONArgsRecommended: 'FROM a:1\nCMD ["node", "app.js"]\n',
      ExposeProtoCasing: 'FROM a:1\nEXPOSE 80/udp\n',
      ConsistentInstructionCasing: 'FROM a:1\nRUN x\nRUN y\n',
      DH102: 'FROM a:1\nRUN apt-get install -y --no-install-recommends c && rm -rf /var/lib/apt/lists/*\n',
      DH106: 'FROM a:1\nRUN apk add --no-cache c\n',
      DH111: 'FROM a:1\nCOPY a.py /srv/\n',
    };
    const input: Record<string, string> = {
      MaintainerDeprecated: 'FROM a:1\nMAINTAINER me\n',
      FromAsCasing: 'FROM a:1 as b\n',
      StageNameCasing: 'FROM a:1 AS Build\nFROM a:1\nCOPY --from=Build /x /y\n',
      LegacyKeyValueFormat: 'FROM a:1\nENV A b\n',
      JSONArgsRecommended: 'FROM a:1\nCMD node app.js\n',
      ExposeProtoCasing: 'FROM a:1\nEXPOSE 80/UDP\n',
      ConsistentInstructionCasing: 'FROM a:1\nRUN x\nrun y\n',
      DH102: 'FROM a:1\nRUN apt-get install --no-install-recommends c && rm -rf /var/lib/apt/lists/*\n',
      DH106: 'FROM a:1\nRUN apk add c\n',
      DH111: 'FROM a:1\nADD a.py /srv/\n',
    };
    for (const code of Object.keys(expect)) {
      const f = lintDockerfile(input[code]).find((x) => x.code === code);
      assert.ok(f, `${code} not reported`);
      assert.strictEqual(applyEdits(input[code], realFixes(f)[0].edits), expect[code], code);
    }
  });

  it('rewrites quote with the file\'s escape character and keep $ literal in the new LABEL', () => {
    const fix = (text: string, code: string): string => applyEdits(text, realFixes(lintDockerfile(text).find((x) => x.code === code)!)[0].edits);
    assert.strictEqual(fix('FROM a:1\nMAINTAINER Jo "J" $5\n', 'MaintainerDeprecated'), 'FROM a:1\nLABEL org.opencontainers.image.authors="Jo \\"J\\" \\$5"\n');
    assert.strictEqual(fix('# escape=`\nFROM a:1\nMAINTAINER Jo "J" C:\\x\n', 'MaintainerDeprecated'), '# escape=`\nFROM a:1\nLABEL org.opencontainers.image.authors="Jo `"J`" C:\\x"\n');
    assert.strictEqual(fix('FROM a:1\nENV A b c $HOME\n', 'LegacyKeyValueFormat'), 'FROM a:1\nENV A="b c $HOME"\n');
    assert.strictEqual(realFixes(lintDockerfile('FROM a:1\nENV A "b" c\n').find((x) => x.code === 'LegacyKeyValueFormat')!).length, 0);
  });

  it('fixes keep CRLF line endings', () => {
    const text = 'FROM a:1\r\nMAINTAINER me\r\nCMD x\r\n';
    const f = lintDockerfile(text).find((x) => x.code === 'JSONArgsRecommended')!;
    assert.deepStrictEqual(f.fixes.map((x) => applyEdits(text, x.edits)), [
      'FROM a:1\r\nMAINTAINER me\r\nCMD ["x"]\r\n',
      'FROM a:1\r\nMAINTAINER me\r\n# dockhand-ignore: JSONArgsRecommended\r\nCMD x\r\n',
      '# check=skip=JSONArgsRecommended\r\nFROM a:1\r\nMAINTAINER me\r\nCMD x\r\n',
    ]);
  });

  it('"ignore" fixes silence the finding on that instruction or in the whole file', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM alpine\nCMD run me\n';
    for (const code of ['DH101', 'JSONArgsRecommended']) {
      const f = lintDockerfile(text).find((x) => x.code === code)!;
      for (const fix of f.fixes.filter((x) => /^(Ignore|Skip) /.test(x.title))) {
        const fixed = applyEdits(text, fix.edits);
        assert.ok(!lintDockerfile(fixed).some((x) => x.code === code), `${code} after "${fix.title}":\n${fixed}`);
        assert.ok(fixed.startsWith('# syntax=docker/dockerfile:1\n') || fixed.startsWith('# check=skip='), `directive kept first:\n${fixed}`);
      }
    }
  });
});
