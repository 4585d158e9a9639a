import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { BuildModel, describeStep, parseStepName, stagesOf, stepDocument } from '../../../src/docker/buildModel';
import { chooseBuilder, isBuilderRejection } from '../../../src/docker/builder';
import { formatCoreMessage } from '../../../src/coreMessage';
import { dockerfileInfo, locatePodmanStep, locateParseError, locateVertex } from '../../../src/docker/buildMapping';
import { decodeStatusResponse, encodeStatusResponse, traceOf } from '../../../src/docker/buildkit/trace';
import { JsonLineSplitter } from '../../../src/docker/progress';

const streams = path.resolve(__dirname, '../../../../test/fixtures/streams');
const ts = (ms: number): { seconds: number; nanos: number } => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
const trace = (resp: Parameters<typeof encodeStatusResponse>[0]): Record<string, unknown> => ({ id: 'moby.buildkit.trace', aux: Buffer.from(encodeStatusResponse(resp)).toString('base64') });

describe('BuildKit builder choice', () => {
  const linux = (headers: Record<string, string>, apiVersion = '1.41') => ({ headers, apiVersion, os: 'linux' });
  it('auto: BuildKit on Linux Docker engines that have it, classic for Podman, Windows and old APIs', () => {
    assert.strictEqual(chooseBuilder('auto', linux({ 'builder-version': '2' }, '1.38')).builder, 'buildkit');
    assert.strictEqual(chooseBuilder('auto', linux({})).builder, 'buildkit', 'API 1.41 without the header');
    assert.strictEqual(chooseBuilder('auto', linux({ 'builder-version': '1' })).builder, 'classic');
    assert.strictEqual(chooseBuilder('auto', linux({}, '1.38')).builder, 'classic');
    assert.strictEqual(chooseBuilder('auto', linux({ 'libpod-api-version': '4.3.1' })).builder, 'classic');
    assert.strictEqual(chooseBuilder('auto', { headers: { ostype: 'windows' }, apiVersion: '1.44', os: 'windows' }).builder, 'classic');
    assert.strictEqual(chooseBuilder('classic', linux({ 'builder-version': '2' })).builder, 'classic');
    assert.strictEqual(chooseBuilder('buildkit', linux({ 'libpod-api-version': '4' })).builder, 'buildkit');
    assert.match(formatCoreMessage(chooseBuilder('auto', linux({ 'libpod-api-version': '4' })).reason), /Podman/);
  });

  it('says why as data: a code and its arguments, the English only when formatted', () => {
    const why = (s: Parameters<typeof chooseBuilder>[0], f: Parameters<typeof chooseBuilder>[1]): unknown => chooseBuilder(s, f).reason;
    assert.deepStrictEqual(why('classic', linux({})), { code: 'builder.reason.setting', args: ['classic'] });
    assert.deepStrictEqual(why('auto', linux({ 'builder-version': '2' })), { code: 'builder.reason.announced', args: ['2'] });
    assert.deepStrictEqual(why('auto', linux({}, '1.43')), { code: 'builder.reason.apiHas', args: ['1.43'] });
    assert.deepStrictEqual(why('auto', linux({}, '1.38')), { code: 'builder.reason.apiPredates', args: ['1.38'] });
    assert.deepStrictEqual(why('auto', { headers: { ostype: 'windows' }, apiVersion: '1.44', os: 'windows' }), { code: 'builder.reason.windows', args: [] });
    assert.strictEqual(formatCoreMessage(chooseBuilder('buildkit', linux({})).reason), 'dockhand.build.builder is "buildkit"');
  });

  it('falls back only on the engine refusing the request, never on a failed build', () => {
    assert.strictEqual(isBuilderRejection({ statusCode: 400, message: '(HTTP code 400) unexpected - unsupported builder version "2"' }), true);
    assert.strictEqual(isBuilderRejection({ statusCode: 400, json: { message: 'buildkit not supported by daemon' } }), true);
    assert.strictEqual(isBuilderRejection({ statusCode: 500, message: 'failed to solve: executor failed running' }), false);
    assert.strictEqual(isBuilderRejection({ statusCode: 400, message: 'invalid reference format' }), false);
    assert.strictEqual(isBuilderRejection(new Error('connect ENOENT')), false);
  });
});

describe('BuildKit trace decoding and the build model', () => {
  it('decodes a recorded stream of this engine into stages, steps, logs and the failing vertex', () => {
    const text = fs.readFileSync(path.join(streams, 'buildkit-two-stages-fail.Dockerfile'), 'utf8');
    const model = new BuildModel('buildkit');
    let log = '';
    let error: string | undefined;
    const s = new JsonLineSplitter((m) => {
      const t = traceOf(m);
      if (t) log += model.applyTrace(t); else if (typeof m.error === 'string') error = m.error;
    });
    s.push(fs.readFileSync(path.join(streams, 'buildkit-two-stages-fail.jsonl')));
    s.end();
    const names = model.steps.filter((x) => !x.internal).map((x) => [x.stage, x.index, x.total, x.state]);
    assert.deepStrictEqual(names, [['base', 1, 3, 'cached'], ['base', 2, 3, 'done'], ['base', 3, 3, 'done'], ['stage-1', 1, 1, 'failed']]);
    const run = model.steps.find((x) => x.index === 2);
    assert.deepStrictEqual(run?.logs, ['arch=amd64 naïve ✓ 日本', '}{']);
    const failed = model.failedStep();
    assert.strictEqual(failed?.error, 'executor failed running [/bin/sh -c exit 3]: exit code: 3');
    assert.match(error ?? '', /exit code: 3/);
    assert.strictEqual(locateVertex(text, failed?.name ?? '')?.startLine, 6, 'RUN exit 3 of the unnamed second stage (FROM base makes no vertex)');
    assert.strictEqual(locateVertex(text, run?.name ?? '')?.startLine, 2, 'variables expanded, continuation squashed');
    assert.deepStrictEqual([locateVertex(text, run?.name ?? '')?.endLine], [3]);
    // The plain log in --progress=plain shape.
    assert.match(log, /^#\d+ \[base 2\/3\] RUN --mount=type=cache,target=\/c echo arch=amd64/m);
    assert.match(log, /^#\d+ \d+\.\d+ arch=amd64 naïve ✓ 日本$/m);
    assert.match(log, /^#\d+ DONE \d+\.\ds$/m);
    assert.match(log, /^#\d+ ERROR: executor failed running \[\/bin\/sh -c exit 3\]: exit code: 3$/m);
    assert.deepStrictEqual(model.counts(), { done: 4, total: 4, current: undefined });
  });

  it('folds cached steps, byte progress, log lines split across messages and warnings with ranges', () => {
    const model = new BuildModel('buildkit');
    const fold = (r: Parameters<typeof encodeStatusResponse>[0]): string => {
      const t = traceOf(trace(r));
      assert.ok(t);
      return model.applyTrace(t);
    };
    fold({ vertexes: [{ digest: 'sha256:a', name: '[1/2] FROM x' }, { digest: 'sha256:b', name: '[2/2] RUN make' }, { digest: 'sha256:c', name: '[internal] load build context' }] });
    assert.deepStrictEqual(model.steps.map((s) => s.state), ['queued', 'queued', 'queued']);
    assert.match(fold({ vertexes: [{ digest: 'sha256:a', name: '[1/2] FROM x', cached: true, started: ts(1000), completed: ts(1000) }] }), /#1 CACHED/);
    fold({ vertexes: [{ digest: 'sha256:c', name: '[internal] load build context', started: ts(1000) }], statuses: [{ ID: 'transferring context', vertex: 'sha256:c', current: 512, timestamp: ts(1100) }] });
    assert.deepStrictEqual([...(model.get('sha256:c')?.progress.values() ?? [])].map((p) => [p.name, p.current, p.done]), [['transferring context', 512, false]]);
    assert.match(fold({ statuses: [{ ID: 'transferring context', vertex: 'sha256:c', current: 2048, total: 2048, timestamp: ts(1200), completed: ts(1200) }] }), /transferring context 2\.00kB \/ 2\.00kB done/);
    fold({ vertexes: [{ digest: 'sha256:b', name: '[2/2] RUN make', started: ts(2000) }] });
    assert.strictEqual(model.get('sha256:b')?.state, 'running');
    assert.deepStrictEqual(model.counts().current?.text, 'RUN make');
    fold({ logs: [{ vertex: 'sha256:b', stream: 1, msg: Buffer.from('comp'), timestamp: ts(2100) }] });
    fold({ logs: [{ vertex: 'sha256:b', stream: 1, msg: Buffer.from('iling\nlinking\n'), timestamp: ts(2500) }] });
    assert.deepStrictEqual(model.get('sha256:b')?.logs, ['compiling', 'linking']);
    const done = fold({ vertexes: [{ digest: 'sha256:b', name: '[2/2] RUN make', started: ts(2000), completed: ts(3400) }] });
    assert.match(done, /#2 DONE 1\.4s/);
    fold({ warnings: [{ vertex: 'sha256:b', level: 1, short: Buffer.from('JSONArgsRecommended: JSON arguments recommended for CMD'), detail: [Buffer.from('Use JSON')], url: 'https://docs.docker.com/go/dockerfile/rule/json-args-recommended/', ranges: [{ start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }] }] });
    assert.deepStrictEqual(model.warnings.map((w) => [w.message, w.detail, w.ranges[0]?.startLine, w.url?.endsWith('/json-args-recommended/')]), [['JSONArgsRecommended: JSON arguments recommended for CMD', ['Use JSON'], 3, true]]);
    model.finish({});
    assert.ok(model.finished);
  });

  it('names the step that failed of its own accord, not a parallel one BuildKit cancelled because of it', () => {
    const model = new BuildModel('buildkit');
    const t = traceOf(trace({ vertexes: [
      { digest: 'sha256:a', name: '[stage-0 1/1] FROM 127.0.0.1:5000/one', started: ts(1000), completed: ts(1500), error: 'failed to do request: context canceled' },
      { digest: 'sha256:b', name: '[stage-1 1/1] FROM 127.0.0.1:5001/two', started: ts(1000), completed: ts(1400), error: 'failed to authorize: 401 Unauthorized' },
    ] }));
    assert.ok(t);
    model.applyTrace(t);
    assert.strictEqual(model.failedStep()?.error, 'failed to authorize: 401 Unauthorized');
    const only = new BuildModel('buildkit');
    only.applyTrace(traceOf(trace({ vertexes: [{ digest: 'sha256:a', name: '[1/1] FROM x', started: ts(1), completed: ts(2), error: 'failed to do request: context canceled' }] }))!);
    assert.strictEqual(only.failedStep()?.error, 'failed to do request: context canceled', 'a lone cancelled step is still the one to show');
  });

  it('groups steps by stage for the Build view and describes state, clock and bytes', () => {
    const model = new BuildModel('buildkit');
    const t = traceOf(trace({ vertexes: [
      { digest: 'i', name: '[internal] load build context', started: ts(0), completed: ts(100) },
      { digest: 'a', name: '[base 1/2] FROM x', cached: true, started: ts(0), completed: ts(0) },
      { digest: 'b', name: '[base 2/2] RUN make', started: ts(1000) },
      { digest: 'c', name: '[stage-1 1/1] COPY --from=base /out /out' },
    ], statuses: [{ ID: 'sha256:layer', vertex: 'b', current: 1536, total: 4096, timestamp: ts(1500) }] }));
    assert.ok(t);
    model.applyTrace(t);
    assert.deepStrictEqual(stagesOf(model).map((g) => [g.label, g.steps.map((s) => s.state)]), [['base', ['cached', 'running']], ['stage-1', ['queued']], ['internal', ['done']]]);
    const run = model.get('b');
    assert.ok(run);
    assert.strictEqual(describeStep(run, 3500), 'running 2.5s · sha256:layer 1.50kB / 4.00kB');
    assert.strictEqual(describeStep(model.get('a')!, 3500), 'cached');
    model.finish({ cancelled: true }, 4000);
    assert.strictEqual(model.get('b')?.state, 'cancelled');
    assert.match(stepDocument(run), /^#3 \[base 2\/2\] RUN make\ncancelled/);
  });

  it('decodes an empty message and keeps unknown fields out', () => {
    assert.deepStrictEqual(decodeStatusResponse(new Uint8Array()), { vertexes: [], statuses: [], logs: [], warnings: [] });
    assert.strictEqual(traceOf({ id: 'moby.image.id', aux: { ID: 'sha256:1' } }), undefined);
  });

  it('parses step names: stage label, index, total', () => {
    assert.deepStrictEqual(parseStepName('[base 2/3] RUN x'), { stage: 'base', index: 2, total: 3, text: 'RUN x' });
    assert.deepStrictEqual(parseStepName('[2/3] RUN x'), { stage: undefined, index: 2, total: 3, text: 'RUN x' });
    assert.strictEqual(parseStepName('[internal] load metadata for x'), undefined);
  });
});

describe('build failures on their lines', () => {
  const multi = [
    'ARG BASE=dockhand-test/busybox:1',
    'FROM $BASE AS build',
    'ARG GREETING=hi',
    'RUN echo "$GREETING" \\',
    '    && exit 4',
    '',
    'FROM $BASE',
    'RUN true',
    'RUN true',
    'FROM build AS last',
    'COPY --chmod=755 a /a',
  ].join('\n');

  it('maps named stages, unnamed stages (stage-N), variables and continuations, and repeated text', () => {
    assert.strictEqual(locateVertex(multi, '[build 2/2] RUN echo "hi"     && exit 4')?.startLine, 3);
    assert.strictEqual(locateVertex(multi, '[build 1/2] FROM docker.io/dockhand-test/busybox:1')?.startLine, 1);
    assert.strictEqual(locateVertex(multi, '[stage-1 2/3] RUN true')?.startLine, 7);
    assert.strictEqual(locateVertex(multi, '[stage-1 3/3] RUN true')?.startLine, 8, 'the n-th vertex of the stage when the text repeats');
    // FROM of an earlier stage makes no vertex: the stage's own steps count from 1.
    assert.strictEqual(locateVertex(multi, '[last 1/1] COPY --chmod=755 a /a')?.startLine, 10);
    assert.strictEqual(locateVertex('FROM x AS a\nFROM a AS b\nRUN same\nRUN same\n', '[b 2/2] RUN same')?.startLine, 3);
    assert.strictEqual(locateVertex(multi, '[internal] load build context'), undefined);
  });

  it('maps a step without a stage label: the only stage, or the stage whose text matches', () => {
    assert.strictEqual(locateVertex('FROM x\nWORKDIR /w\nRUN  make   all\n', '[3/3] RUN make all')?.startLine, 2);
    assert.strictEqual(locateVertex(multi, '[1/1] COPY --chmod=755 a /a')?.startLine, 10);
  });

  it('maps a parse error to its line', () => {
    const text = 'FROM x\nRUN ok\nRUNN bad\n';
    assert.deepStrictEqual(locateParseError(text, 'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: RUNN'), { startLine: 2, startChar: 0, endLine: 2, endChar: 8 });
    assert.strictEqual(locateParseError(text, 'Dockerfile parse error line 9: nope'), undefined);
    assert.strictEqual(locateParseError(text, 'executor failed'), undefined);
  });

  it('maps Podman steps per stage, FROM counted', () => {
    assert.strictEqual(locatePodmanStep(multi, 1, 3, 'RUN echo "$GREETING" && exit 4')?.startLine, 3);
    assert.strictEqual(locatePodmanStep(multi, 2, 3, 'RUN true')?.startLine, 8);
    assert.strictEqual(locatePodmanStep(multi, 3, 1, 'FROM build AS last')?.startLine, 9);
  });

  it('lists stages, ARGs and base images from the shared parse', () => {
    const info = dockerfileInfo(multi);
    assert.deepStrictEqual(info.stages, [{ name: 'build', line: 1 }, { name: 'last', line: 9 }]);
    assert.deepStrictEqual(info.args.map((a) => [a.name, a.defaultValue]), [['BASE', 'dockhand-test/busybox:1'], ['GREETING', 'hi']]);
    assert.deepStrictEqual(info.baseImages, ['$BASE']);
  });
});
