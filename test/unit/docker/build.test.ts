import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDockerfile, buildEventsOf, buildOptions, classicStepOf, validateBuildArg } from '../../../src/docker/build';
import { locateClassicStep } from '../../../src/docker/buildMapping';
import { JsonLineSplitter, LayerProgress } from '../../../src/docker/progress';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/build');

describe('build stream and Dockerfile mapping', () => {
  it('parses the classic builder stream into steps, output, image and error events', () => {
    assert.deepStrictEqual(buildEventsOf({ stream: 'Step 3/7 : RUN echo $GREETING > /g' }), [
      { kind: 'step', step: 3, total: 7, instruction: 'RUN echo $GREETING > /g' },
      { kind: 'output', text: 'Step 3/7 : RUN echo $GREETING > /g' },
    ]);
    assert.deepStrictEqual(buildEventsOf({ aux: { ID: 'sha256:abc' } }), [{ kind: 'image', id: 'sha256:abc' }]);
    assert.deepStrictEqual(buildEventsOf({ errorDetail: { code: 3, message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" }, error: 'x' }), [
      { kind: 'error', message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3" },
    ]);
    assert.deepStrictEqual(buildEventsOf({ error: 'only error' }), [{ kind: 'error', message: 'only error' }]);
  });

  it('splits JSON lines across chunk boundaries and keeps stray text', () => {
    const msgs: unknown[] = [];
    const texts: string[] = [];
    const s = new JsonLineSplitter((m) => msgs.push(m), (t) => texts.push(t));
    s.push('{"stream":"a"}\n{"str');
    s.push('eam":"b"}{"stream":"c"}\nnot json\n');
    s.push('{"stream":"d"}');
    s.end();
    assert.deepStrictEqual(msgs, [{ stream: 'a' }, { stream: 'b' }, { stream: 'c' }, { stream: 'd' }]);
    assert.deepStrictEqual(texts, ['not json']);
  });

  it('lists stages and ARGs (first declaration wins) from the fixture', () => {
    const info = analyzeDockerfile(fs.readFileSync(path.join(fixtures, 'stages', 'Dockerfile'), 'utf8'));
    assert.deepStrictEqual(info.stages, [{ name: 'base', line: 1 }, { name: 'final', line: 6 }]);
    assert.deepStrictEqual(info.args.map((a) => [a.name, a.defaultValue]), [['GREETING', 'hello'], ['FLAVOUR', 'plain']]);
    assert.strictEqual(info.instructions.length, 9);
    assert.deepStrictEqual(info.baseImages, ['dockhand-test/busybox:1'], 'FROM base names a stage, not an image');
  });

  it('maps a step number to its instruction line, counting initial ARGs as the engine does', () => {
    const text = fs.readFileSync(path.join(fixtures, 'stages', 'Dockerfile'), 'utf8');
    assert.strictEqual(locateClassicStep(text, 4, 'RUN echo "$GREETING from base" > /greeting')?.startLine, 3);
    assert.strictEqual(locateClassicStep(text, 9, 'RUN echo "final $FLAVOUR" > /stage')?.startLine, 8);
    // A step number that no longer matches (the file changed) falls back to the text.
    assert.strictEqual(locateClassicStep(text, 2, 'RUN echo "final $FLAVOUR" > /stage')?.startLine, 8);
    assert.strictEqual(locateClassicStep(text, 99, 'RUN nothing like it'), undefined);
  });

  it('maps a failing step in the failing fixture, comments and continuation lines included', () => {
    const text = fs.readFileSync(path.join(fixtures, 'failing', 'Dockerfile'), 'utf8');
    assert.strictEqual(locateClassicStep(text, 3, 'RUN echo about to fail && exit 3')?.startLine, 3);
    const r = locateClassicStep('FROM x\nRUN a \\\n  && b\nRUN c\n', 2, 'RUN a   && b');
    assert.deepStrictEqual([r?.startLine, r?.endLine], [1, 2]);
  });

  it('reads Docker and Podman step lines of the classic stream', () => {
    assert.deepStrictEqual(classicStepOf('Step 2/5 : RUN make\n'), { step: 2, total: 5, instruction: 'RUN make' });
    // Recorded from Podman 4.3's Docker-compatible /build (multi-stage, then single stage).
    assert.deepStrictEqual(classicStepOf('[1/2] STEP 2/3: RUN echo building > /out'), { step: 2, total: 3, instruction: 'RUN echo building > /out', stage: 1, stages: 2 });
    assert.deepStrictEqual(classicStepOf('[2/2] STEP 1/2: FROM dockhand-test/busybox:1'), { step: 1, total: 2, instruction: 'FROM dockhand-test/busybox:1', stage: 2, stages: 2 });
    assert.deepStrictEqual(classicStepOf('STEP 3/3: CMD ["true"]'), { step: 3, total: 3, instruction: 'CMD ["true"]', stage: 1, stages: 1 });
    assert.strictEqual(classicStepOf('--> 1b2c3d4e5f6'), undefined);
    assert.deepStrictEqual(buildEventsOf({ stream: '[1/2] STEP 2/3: RUN exit 3\n' })[0], { kind: 'step', step: 2, total: 3, instruction: 'RUN exit 3' });
  });

  it('builds the query of POST /build for both builders', () => {
    assert.deepStrictEqual(buildOptions({ dockerfile: 'D', contextDir: '.', network: 'host' }, 'D', 'buildkit', { buildId: 'abc', network: 'none' }), {
      dockerfile: 'D', version: 2, rm: true, forcerm: true, networkmode: 'host', buildid: 'abc',
    }, 'the network the user chose wins over the engine default');
    assert.strictEqual(buildOptions({ dockerfile: 'D', contextDir: '.' }, 'D', 'buildkit', { network: 'none' }).networkmode, 'none');
    assert.deepStrictEqual(buildOptions({ dockerfile: '/x/Dockerfile', contextDir: '/x', tags: ['a:1'], target: 'base', buildArgs: { A: '1' }, platform: 'linux/amd64', noCache: true }, 'Dockerfile'), {
      dockerfile: 'Dockerfile', version: '1', rm: true, forcerm: true, t: 'a:1', target: 'base', buildargs: { A: '1' }, platform: 'linux/amd64', nocache: true,
    });
    assert.deepStrictEqual(buildOptions({ dockerfile: 'D', contextDir: '.', tags: ['a', 'b'] }, 'D').t, ['a', 'b']);
    assert.strictEqual(buildOptions({ dockerfile: 'D', contextDir: '.' }, 'D').t, undefined);
  });

  it('validates build arguments', () => {
    assert.strictEqual(validateBuildArg('A=1'), undefined);
    assert.strictEqual(validateBuildArg('_x='), undefined);
    assert.match(validateBuildArg('=1') ?? '', /NAME=value/);
    assert.match(validateBuildArg('1A=1') ?? '', /not a valid/);
    assert.match(validateBuildArg('A-B=1') ?? '', /not a valid/);
  });
});

describe('layer progress', () => {
  it('folds push messages into per-layer state, percent, digest and the first error', () => {
    const p = new LayerProgress();
    p.update({ status: 'The push refers to repository [127.0.0.1:5000/demo]' });
    p.update({ status: 'Preparing', id: 'aaaaaaaaaaaa' });
    p.update({ status: 'Preparing', id: 'bbbbbbbbbbbb' });
    p.update({ status: 'Pushing', id: 'aaaaaaaaaaaa', progressDetail: { current: 50, total: 100 } });
    assert.strictEqual(p.percent(), 25);
    assert.match(p.summary(), /^0\/2 layers — aaaaaaaaaaaa: Pushing 50 B\/100 B$/);
    p.update({ status: 'Pushed', id: 'aaaaaaaaaaaa', progressDetail: {} });
    p.update({ status: 'Layer already exists', id: 'bbbbbbbbbbbb', progressDetail: {} });
    assert.strictEqual(p.percent(), 100);
    assert.strictEqual(p.summary(), '2/2 layers');
    p.update({ status: `1: digest: sha256:${'c'.repeat(64)} size: 527` });
    assert.strictEqual(p.digest, `sha256:${'c'.repeat(64)}`);
    assert.strictEqual(p.error, undefined);
    p.update({ errorDetail: { message: 'no basic auth credentials' }, error: 'no basic auth credentials' });
    p.update({ error: 'second' });
    assert.strictEqual(p.error, 'no basic auth credentials');
  });

  it('reads the pull digest line', () => {
    const p = new LayerProgress();
    p.update({ status: `Digest: sha256:${'d'.repeat(64)}` });
    assert.strictEqual(p.digest, `sha256:${'d'.repeat(64)}`);
    assert.strictEqual(p.percent(), undefined);
  });
});
