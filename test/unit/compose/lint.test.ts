import * as assert from 'assert';
import { lintCompose } from '../../../src/compose/lint';
import { RULES } from '../../../src/compose/rules';
import { isComposeFileName } from '../../../src/compose/fileNames';
import { COMPOSE_MESSAGES } from '../../../src/compose/messages';
import { CoreMessage, formatCoreMessage } from '../../../src/coreMessage';
import { goldenCases } from './golden.test';
import { main } from '../../../src/cli/lint';
import { COMPOSE_DIR, FIXTURES, optionsFor, readCompose } from './fixtures';
import * as path from 'path';

type Row = [string, string, string, string];

/** code, severity, `line:col-line:col` (1-based), the text under the range */
function rows(name: string, text = readCompose(name)): Row[] {
  return lintCompose(text, optionsFor(name)).map((f) => [f.code, f.severity, `${f.line + 1}:${f.character + 1}-${f.endLine + 1}:${f.endCharacter + 1}`, text.slice(f.start, f.end)]);
}

describe('compose diagnostics', () => {
  it('finds nothing wrong in the well-formed fixtures but the one unset variable', () => {
    assert.deepStrictEqual(rows('webapp/compose.yaml'), [['UnsetVariable', 'info', '28:16-28:26', '${API_KEY}']]);
    assert.deepStrictEqual(rows('anchors/docker-compose.yml'), []);
    assert.deepStrictEqual(rows('include/compose.yaml'), []);
    assert.deepStrictEqual(rows('include/infra/compose.yaml'), []);
  });

  it('places schema and semantic findings on the offending key or value', () => {
    assert.deepStrictEqual(rows('broken/compose.yaml'), [
      ['ComposeSchema', 'error', '4:5-4:10', 'imgae'],
      ['DuplicateHostPort', 'warning', '8:10-8:17', '80:8080'],
      ['PortSyntax', 'error', '9:10-9:18', '70000:80'],
      ['UndefinedService', 'error', '11:9-11:16', 'backend'],
      ['UndefinedNetwork', 'error', '13:9-13:20', 'missing-net'],
      ['UndefinedVolume', 'error', '15:9-15:14', 'cache'],
      ['UndefinedVolume', 'error', '16:9-16:13', 'data'],
      ['VolumeSyntax', 'error', '16:9-16:27', 'data:relative/path'],
      ['MissingPath', 'error', '19:16-19:25', './nowhere'],
      ['MissingPath', 'error', '20:15-20:28', './missing.env'],
      ['UndefinedSecret', 'error', '22:9-22:14', 'token'],
      ['ComposeSchema', 'error', '24:17-24:19', '10'],
      ['ComposeSchema', 'error', '25:5-25:14', 'mem_limit'],
    ]);
  });

  it('words messages for people, not JSON pointers', () => {
    const messages = lintCompose(readCompose('broken/compose.yaml'), optionsFor('broken/compose.yaml')).map((f) => f.message);
    assert.ok(messages.includes("Service 'web': unknown key 'imgae' (did you mean 'image'?)."), messages.join('\n'));
    assert.ok(messages.includes("Service 'worker' healthcheck.interval must be a string, not 10."), messages.join('\n'));
    assert.ok(messages.includes("depends_on of service 'web' names service 'backend', which is not defined."), messages.join('\n'));
    for (const m of messages) assert.ok(!/#\/|\/services\//.test(m), m);
  });

  it('hands every finding up as data: a compose code of its own rule, whose English is the finding\'s message', () => {
    const codes = new Set<string>();
    const nested = (m: CoreMessage): void => {
      assert.ok(m.code in COMPOSE_MESSAGES, m.code);
      codes.add(m.code);
      for (const a of m.args) if (typeof a === 'object') nested(a);
    };
    let n = 0;
    for (const [name, [text, fixture]] of goldenCases()) {
      for (const f of lintCompose(text, optionsFor(fixture))) {
        n++;
        assert.ok(f.messageData, `${name}: ${f.message}`);
        assert.ok(f.messageData.code.startsWith(`${f.code}.`), `${name}: ${f.code} reports ${f.messageData.code}`);
        assert.strictEqual(formatCoreMessage(f.messageData), f.message, name);
        nested(f.messageData);
      }
    }
    assert.ok(n > 100, `${n} findings`);
    // the schema's phrases (where, what it must be, the value it is) are nested messages, not English arguments
    for (const c of ['ComposeSchema.where.service', 'ComposeSchema.where.serviceKey', 'ComposeSchema.type.string', 'ComposeSchema.or', 'ComposeSchema.unknownKeyGuess']) assert.ok(codes.has(c), c);
  });

  it('words a schema type error from nested messages: where, the types joined, the value', () => {
    const [f] = lintCompose('services:\n  web:\n    image: a\n    labels: 3\n');
    assert.strictEqual(f.message, "Service 'web' labels must be a mapping or a list, not 3.");
    assert.deepStrictEqual(f.messageData, {
      code: 'ComposeSchema.type',
      args: [{ code: 'ComposeSchema.where.serviceKey', args: ['web', 'labels'] }, { code: 'ComposeSchema.or', args: [{ code: 'ComposeSchema.type.object', args: [] }, { code: 'ComposeSchema.type.array', args: [] }] }, '3'],
    });
    const [e] = lintCompose('services:\n  web:\n    image: a\n    depends_on: {db: {condition: started}}\n    links: [db]\n  db: {image: b}\n');
    assert.strictEqual(e.message, "Service 'web' depends_on.db.condition: 'started' is not allowed; use 'service_started', 'service_healthy' or 'service_completed_successfully'.");
    assert.strictEqual(e.messageData?.args[2] && typeof e.messageData.args[2] === 'object' ? e.messageData.args[2].code : undefined, 'ComposeSchema.list');
  });

  it('reports YAML syntax errors where they are', () => {
    const text = 'services:\n  web:\n    image: "unterminated\n';
    const f = lintCompose(text);
    assert.strictEqual(f[0].code, 'ComposeYaml');
    assert.strictEqual(f[0].severity, 'error');
    const dup = lintCompose('services:\n  a:\n    image: x\n  a:\n    image: y\n');
    assert.deepStrictEqual(dup.map((x) => [x.code, x.line]), [['ComposeYaml', 3]]);
    assert.match(dup[0].message, /unique/i);
  });

  it('checks build.target against the stages of the service\'s Dockerfile', () => {
    const text = readCompose('webapp/compose.yaml').replace('target: runtime', 'target: runtme');
    const f = lintCompose(text, optionsFor('webapp/compose.yaml')).filter((x) => x.code === 'UnknownBuildTarget');
    assert.strictEqual(f.length, 1);
    assert.strictEqual(text.slice(f[0].start, f[0].end), 'runtme');
    assert.match(f[0].message, /did you mean 'runtime'\?.*stages: build, runtime/);
    const inline = 'services:\n  a:\n    build:\n      dockerfile_inline: |\n        FROM alpine AS one\n      target: two\n';
    assert.deepStrictEqual(lintCompose(inline).map((x) => x.code), ['UnknownBuildTarget']);
  });

  it('understands anchors, merge keys, extends, include, x- fields and network_mode: service:', () => {
    const text = readCompose('anchors/docker-compose.yml').replace('    - queue\n', '    - queu\n');
    const f = lintCompose(text, optionsFor('anchors/docker-compose.yml'));
    // the reference sits in the anchor: reported where it is written, once for each service merging it
    assert.deepStrictEqual(f.map((x) => [x.code, text.slice(x.start, x.end)]), [['UndefinedService', 'queu'], ['UndefinedService', 'queu']]);
    assert.deepStrictEqual(f.map((x) => /service '([^']+)'/.exec(x.message)?.[1]), ['worker-fast', 'worker-slow']);
    assert.match(f[0].message, /Did you mean 'queue'\?/);
    const ext = lintCompose('services:\n  a:\n    image: x\n  b:\n    extends: c\n  d:\n    image: y\n    network_mode: "service:e"\n');
    assert.deepStrictEqual(ext.map((x) => x.message), [
      "extends of service 'b' names service 'c', which is not defined.",
      "network_mode of service 'd' names service 'e', which is not defined.",
    ]);
    const inc = readCompose('include/compose.yaml').replace('- database', '- databse');
    assert.deepStrictEqual(lintCompose(inc, optionsFor('include/compose.yaml')).map((x) => x.code), ['UndefinedService']);
    // without the included file's names, no reference is judged
    assert.deepStrictEqual(lintCompose(inc).map((x) => x.code), []);
  });

  it('parses port and volume syntax', () => {
    const text = 'services:\n  a:\n    image: x\n    ports:\n      - "127.0.0.1:8000-8001:80-81/udp"\n      - "[::1]:9000:90"\n      - "1:2:3:4"\n      - "80/xyz"\n      - 8443\n    volumes:\n      - /anon\n      - ./src:/src:ro,z\n      - "C:\\\\data:/data"\n      - "./x:/y:bogus"\n';
    assert.deepStrictEqual(lintCompose(text).map((x) => [x.code, x.message]), [
      ['PortSyntax', "Port '1:2:3:4': too many ':'; the form is [ip:][host:]container[/protocol]."],
      ['PortSyntax', "Port '80/xyz': the protocol must be tcp, udp or sctp."],
      ['VolumeSyntax', "Volume './x:/y:bogus': unknown mode 'bogus' (use ro, rw, z, Z, cached, delegated, nocopy or a propagation mode)."],
    ]);
  });

  it('reports ${VAR} without default only when .env does not set it', () => {
    const o = optionsFor('webapp/compose.yaml');
    const f = lintCompose('services:\n  a:\n    image: "x:${TAG}"\n    command: echo $$HOME ${LOG_LEVEL} ${REGION} ${B:-1} ${C?err} $D\n', o);
    assert.deepStrictEqual(f.map((x) => x.message.split(' ')[0]), ["'TAG'", "'D'"]);
    assert.ok(f.every((x) => x.severity === 'info'));
  });

  it('honours rule settings and every rule is documented', () => {
    const text = readCompose('broken/compose.yaml');
    const f = lintCompose(text, { ...optionsFor('broken/compose.yaml'), rules: { UndefinedVolume: 'off', DuplicateHostPort: 'error' } });
    assert.ok(!f.some((x) => x.code === 'UndefinedVolume'));
    assert.strictEqual(f.find((x) => x.code === 'DuplicateHostPort')?.severity, 'error');
    for (const r of RULES) {
      assert.ok(r.doc.length > 10 && /^https:\/\//.test(r.href ?? ''), r.code);
    }
  });

  it('knows compose file names', () => {
    for (const n of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'docker-compose.prod.yml', 'compose.override.yaml', '/a/b/compose.dev.yaml']) assert.ok(isComposeFileName(n), n);
    for (const n of ['values.yaml', 'my-compose.yml', 'compose.json', 'docker-compose', 'composer.yaml']) assert.ok(!isComposeFileName(n), n);
  });

  it('runs in dockhand-lint', () => {
    const out: string[] = [];
    const file = path.join(COMPOSE_DIR, 'broken', 'compose.yaml');
    const code = main(['--rule', 'UndefinedVolume=off', file], { out: (l) => out.push(l), err: (l) => out.push(l), readFile: (f) => readCompose(path.relative(COMPOSE_DIR, f)) });
    assert.strictEqual(code, 1);
    assert.ok(out.some((l) => l.startsWith(`${file}:11:9 error UndefinedService `)), out.join('\n'));
    assert.ok(!out.some((l) => l.includes('UndefinedVolume')));
    const ok: string[] = [];
    assert.strictEqual(main(['--format', 'json', path.join(COMPOSE_DIR, 'anchors', 'docker-compose.yml')], { out: (l) => ok.push(l), err: (l) => ok.push(l), readFile: (f) => readCompose(path.relative(COMPOSE_DIR, f)) }), 0);
    assert.deepStrictEqual(JSON.parse(ok.join('\n')), []);
  });

  it('no fixture makes a schema error fire on a valid key', () => {
    for (const name of FIXTURES.filter((n) => !n.startsWith('broken'))) {
      assert.deepStrictEqual(lintCompose(readCompose(name), optionsFor(name)).filter((f) => f.code === 'ComposeSchema'), [], name);
    }
  });
});
