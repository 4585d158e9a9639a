import * as assert from 'assert';
import { foldingRanges, outline } from '../../../src/dockerfile/outline';
import { imageLinks, imageUrl, sourceLinks } from '../../../src/dockerfile/links';
import { definition, occurrences, rename, symbolAt } from '../../../src/dockerfile/navigation';
import { parseDockerfile } from '../../../src/dockerfile/parse';
import { signatureHelp } from '../../../src/dockerfile/signature';
import { after, readFixture } from './fixtures';

describe('dockerfile outline, folding, links, navigation and signature help', () => {
  const multistage = readFixture('multistage.Dockerfile');
  const p = parseDockerfile(multistage);

  it('groups symbols by stage, with global ARGs on top', () => {
    const symbols = outline(p);
    assert.deepStrictEqual(symbols.map((s) => [s.name, s.kind, s.detail, s.children.length]), [
      ['ARG', 'variable', 'GO_VERSION=1.23', 0],
      ['ARG', 'variable', 'ALPINE_VERSION=3.20', 0],
      ['build', 'stage', 'FROM golang:${GO_VERSION}-alpine', 8],
      ['test', 'stage', 'FROM build', 2],
      ['runtime', 'stage', 'FROM alpine:${ALPINE_VERSION}', 10],
    ]);
    assert.deepStrictEqual(symbols[2].children.map((c) => c.name), ['FROM', 'ARG', 'ARG', 'ARG', 'WORKDIR', 'ENV', 'RUN', 'RUN']);
    assert.deepStrictEqual([symbols[2].range.start.line, symbols[2].range.end.line], [4, 16]);
    const unnamed = outline(parseDockerfile('FROM a\nRUN x\nFROM b'));
    assert.deepStrictEqual(unnamed.map((s) => s.name), ['stage 0', 'stage 1']);
  });

  it('folds stages, multi-line instructions, heredocs and comment blocks', () => {
    const folds = foldingRanges(p).map((f) => `${f.start}-${f.end}${f.kind ? ` ${f.kind}` : ''}`);
    assert.deepStrictEqual(folds, ['4-16 region', '18-19 region', '21-33 region', '10-13', '14-16', '22-25']);
    const h = foldingRanges(parseDockerfile(readFixture('heredocs.Dockerfile'))).map((f) => `${f.start}-${f.end}`);
    assert.ok(h.includes('3-7') && h.includes('12-16') && h.includes('17-21'), h.join());
    const c = foldingRanges(parseDockerfile('# one\n# two\n# three\nFROM a'));
    assert.deepStrictEqual(c, [{ start: 0, end: 2, kind: 'comment' }]);
  });

  it('links FROM images to their registry pages and local COPY sources', () => {
    assert.strictEqual(imageUrl('alpine:3.20'), 'https://hub.docker.com/_/alpine');
    assert.strictEqual(imageUrl('docker.io/library/node@sha256:abc'), 'https://hub.docker.com/_/node');
    assert.strictEqual(imageUrl('bitnami/redis:7'), 'https://hub.docker.com/r/bitnami/redis');
    assert.strictEqual(imageUrl('ghcr.io/owner/app:1'), 'https://ghcr.io/owner/app');
    assert.strictEqual(imageUrl('quay.io/prometheus/node-exporter'), 'https://quay.io/repository/prometheus/node-exporter');
    assert.strictEqual(imageUrl('mcr.microsoft.com/dotnet/sdk:8.0'), 'https://mcr.microsoft.com/en-us/artifact/mar/dotnet/sdk');
    assert.strictEqual(imageUrl('127.0.0.1:5000/demo:1'), undefined);
    assert.strictEqual(imageUrl('${REGISTRY}/x'), undefined);
    assert.strictEqual(imageUrl('golang:${GO_VERSION}-alpine'), 'https://hub.docker.com/_/golang');
    assert.strictEqual(imageUrl('scratch'), undefined);
    assert.deepStrictEqual(imageLinks(parseDockerfile('FROM node:20 AS a\nFROM a\nFROM scratch')).map((l) => l.url), ['https://hub.docker.com/_/node']);
    assert.deepStrictEqual(sourceLinks(p).map((s) => s.path), ['config', 'assets']);
  });

  it('goes to stage and variable definitions', () => {
    const from = after(multistage, 'COPY --from=build', 13);
    assert.deepStrictEqual(definition(p, from), { start: { line: 4, character: 62 }, end: { line: 4, character: 67 } });
    const parent = after(multistage, 'FROM build AS test', 6);
    assert.deepStrictEqual(definition(p, parent)?.start, { line: 4, character: 62 });
    const arch = after(multistage, 'GOARCH=$TARGETARCH', 9);
    assert.deepStrictEqual(definition(p, arch), { start: { line: 6, character: 4 }, end: { line: 6, character: 14 } });
    const goVersion = after(multistage, 'golang:${GO_VERSION}', 10);
    assert.deepStrictEqual(definition(p, goVersion), { start: { line: 1, character: 4 }, end: { line: 1, character: 14 } });
    assert.strictEqual(definition(p, { line: 9, character: 1 }), undefined);
  });

  it('highlights and renames a stage everywhere it is used', () => {
    const pos = after(multistage, 'AS build', 4);
    const symbol = symbolAt(p, pos);
    assert.deepStrictEqual(symbol, { kind: 'stage', name: 'build' });
    assert.deepStrictEqual(occurrences(p, symbol).map((o) => [o.range.start.line, o.declaration]), [[4, true], [18, false], [26, false]]);
    const r = rename(p, pos, 'compile');
    assert.ok(!('error' in r));
    assert.strictEqual(r.edits.length, 3);
    assert.ok('error' in rename(p, pos, 'bad name'));
  });

  it('renames a global ARG together with the stage ARG that re-declares it', () => {
    const text = readFixture('arg-before-from.Dockerfile');
    const q = parseDockerfile(text);
    const r = rename(q, after(text, 'ARG TAG=', 5), 'VERSION');
    assert.ok(!('error' in r));
    // ARG TAG=3.20, ${TAG} in FROM, ARG TAG in base, $TAG in ENV, ${TAG:-none}, ${TAG:+set}
    assert.deepStrictEqual(r.edits.map((e) => e.range.start.line), [2, 3, 4, 5, 6, 6]);
    assert.ok('error' in rename(q, after(text, 'run echo $EXTRA', 9), '1bad'));
    assert.ok('error' in rename(parseDockerfile('FROM a\nRUN echo $HOME'), { line: 1, character: 11 }, 'X'));
  });

  it('shows the signature of the form being typed and the active parameter', () => {
    const s = signatureHelp(parseDockerfile('FROM a\nCOPY --from=x '), { line: 1, character: 14 })!;
    assert.strictEqual(s.signatures[s.activeSignature].label, 'COPY --from=<stage> <src> ... <dest>');
    const run = signatureHelp(parseDockerfile('FROM a\nRUN ["sh", '), { line: 1, character: 11 })!;
    assert.ok(run.signatures[run.activeSignature].label.includes('["<executable>"'));
    const hc = signatureHelp(parseDockerfile('FROM a\nHEALTHCHECK --timeout='), { line: 1, character: 22 })!;
    const sig = hc.signatures[hc.activeSignature];
    const [a, b] = sig.parameters[hc.activeParameter];
    assert.strictEqual(sig.label.slice(a, b), '[--timeout=<duration>]');
    const from = signatureHelp(parseDockerfile('FROM alpine '), { line: 0, character: 12 })!;
    const fsig = from.signatures[from.activeSignature];
    const [c, d] = fsig.parameters[from.activeParameter];
    assert.strictEqual(fsig.label.slice(c, d), '<name>');
    assert.strictEqual(signatureHelp(parseDockerfile('FROM a\n\n'), { line: 1, character: 0 }), undefined);
    assert.ok(signatureHelp(parseDockerfile('FROM a\nRUN --network=none '), { line: 1, character: 19 }));
    assert.strictEqual(signatureHelp(parseDockerfile('FROM a\nRUN apt-get install '), { line: 1, character: 20 }), undefined, 'quiet inside a shell command');
  });
});
