import * as assert from 'assert';
import { completeCompose } from '../../../src/compose/completion';
import { KEY_DOCS } from '../../../src/compose/docs';
import { formatComposeText } from '../../../src/compose/format';
import { composeHover } from '../../../src/compose/hover';
import { composeLinks } from '../../../src/compose/links';
import { definition, occurrences, rename, symbolAt } from '../../../src/compose/navigation';
import { composeFolding, composeOutline } from '../../../src/compose/outline';
import { parseCompose } from '../../../src/compose/parse';
import { composeSchema } from '../../../src/compose/schema';
import { after, FIXTURES, optionsFor, readCompose } from './fixtures';

const webapp = readCompose('webapp/compose.yaml');
const anchors = readCompose('anchors/docker-compose.yml');

/** The position `back` characters before the end of `marker`. */
function before(text: string, marker: string, back = 0): { line: number; character: number } {
  return after(text, marker, marker.length - back);
}

function labels(text: string, marker: string, back = 0, options = optionsFor('webapp/compose.yaml')): string[] {
  return completeCompose(text, before(text, marker, back), { ...options, images: ['nginx:1.27', 'redis:7'] }).map((e) => e.label);
}

describe('compose completion', () => {
  it('offers service keys by schema position, with docs, and not those already set', () => {
    const text = webapp.replace('    image: busybox:1.36\n', '    image: busybox:1.36\n    he\n');
    const entries = completeCompose(text, before(text, '    he\n', 1), optionsFor('webapp/compose.yaml'));
    const hc = entries.find((e) => e.label === 'healthcheck');
    assert.ok(hc && hc.documentation?.includes('health') && hc.documentation.includes('https://docs.docker.com/reference/compose-file/services/#healthcheck'));
    assert.ok(entries.some((e) => e.label === 'depends_on'));
    assert.ok(!entries.some((e) => e.label === 'image' || e.label === 'profiles'), 'keys already present are not offered');
    const top = webapp.replace('name: shop\n', 'name: shop\ninc\n');
    assert.ok(labels(top, 'name: shop\ninc', 0).includes('include'));
    const build = 'services:\n  a:\n    build:\n      \n';
    assert.ok(completeCompose(build, { line: 3, character: 6 }).some((e) => e.label === 'dockerfile'));
  });

  it('offers enum values, reference names, stages, engine images and paths', () => {
    assert.deepStrictEqual(labels(webapp, 'condition: service_started', 'service_started'.length).slice(0, 3), ['service_started', 'service_healthy', 'service_completed_successfully']);
    const dep = webapp.replace('      cache:\n        condition: service_started\n', '      cache:\n        condition: service_started\n    links:\n      - \n');
    assert.deepStrictEqual(labels(dep, '    links:\n      - ').filter((l) => ['web', 'db', 'cache', 'debug', 'api'].includes(l)).sort(), ['cache', 'db', 'debug', 'web']);
    assert.ok(labels(webapp, '      - front\n      - back\n    secrets:\n      - ', 0).includes('db_password'));
    assert.deepStrictEqual(labels(webapp, 'target: runtime', 'runtime'.length).filter((l) => l === 'build' || l === 'runtime'), ['build', 'runtime']);
    assert.ok(labels(webapp, 'image: postgres:16-alpine', 'postgres:16-alpine'.length).includes('nginx:1.27'));
    assert.ok(labels(webapp, 'context: ./web', 'web'.length).includes('web/'));
    assert.ok(labels(webapp, '      - ./web.env', 'web.env'.length).includes('web.env'));
    assert.ok(labels(webapp, 'network_mode: service:api', 'service:api'.length).includes('service:api'));
  });
});

describe('compose hover', () => {
  it('documents every top-level and every service key in its own words, with a reference link', () => {
    const schema = composeSchema();
    for (const key of Object.keys(schema.properties ?? {})) {
      const text = `${key}:\n`;
      const h = composeHover(parseCompose(text), { line: 0, character: 1 });
      assert.ok(h && KEY_DOCS.top[key] && h.markdown.includes(KEY_DOCS.top[key]) && h.markdown.includes('https://docs.docker.com/reference/compose-file/'), key);
    }
    const serviceKeys = Object.keys(schema.definitions?.service.properties ?? {});
    assert.ok(serviceKeys.length > 80);
    for (const key of serviceKeys) {
      const text = `services:\n  web:\n    ${key}: x\n`;
      const h = composeHover(parseCompose(text), { line: 2, character: 5 });
      assert.ok(KEY_DOCS.service[key], `no words for ${key}`);
      assert.ok(h && h.markdown.includes(KEY_DOCS.service[key]) && h.markdown.includes(`services/#${key}`), key);
    }
  });

  it('shows what a reference or alias points to', () => {
    const p = parseCompose(webapp);
    const h = composeHover(p, after(webapp, '      db:\n        condition', 7));
    assert.ok(h?.markdown.startsWith('Service `db` — image `postgres:16-alpine`'), h?.markdown);
    const a = parseCompose(anchors);
    const alias = composeHover(a, after(anchors, '  worker-fast:\n    <<: *worker', '  worker-fast:\n    <<: *'.length + 1));
    assert.ok(alias?.markdown.includes('image: example/worker:2.1'), alias?.markdown);
  });
});

describe('compose outline, navigation, links, folding, formatting', () => {
  it('outlines services, networks, volumes, secrets and configs', () => {
    const o = composeOutline(parseCompose(webapp));
    assert.deepStrictEqual(o.map((s) => [s.name, s.children.map((c) => c.name).join(',')]), [
      ['name', ''], ['services', 'web,api,debug,db,cache'], ['networks', 'front,back'], ['volumes', 'db-data'], ['secrets', 'db_password'], ['configs', 'api_config'],
    ]);
    assert.strictEqual(o[1].children[3].detail, 'postgres:16-alpine');
  });

  it('goes to definitions and renames services, volumes and anchors everywhere', () => {
    const p = parseCompose(webapp);
    const at = after(webapp, '      - db-data:', 9);
    assert.deepStrictEqual(symbolAt(p, at), { type: 'definition', kind: 'volume', name: 'db-data' });
    assert.strictEqual(definition(p, at)?.start.line, after(webapp, 'volumes:\n  db-data:', 12).line);
    const r = rename(p, after(webapp, '      api:\n        condition', 7), 'backend');
    assert.ok(!('error' in r));
    assert.deepStrictEqual(r.edits.map((e) => e.range.start.line + 1), [16, 23, 58]);
    const a = parseCompose(anchors);
    const ra = rename(a, after(anchors, '&worker\n', 2), 'job');
    assert.ok(!('error' in ra) && ra.edits.length === 3);
    assert.deepStrictEqual(occurrences(a, { type: 'anchor', name: 'default-logging' }).map((o) => o.declaration), [true, false, false]);
    assert.ok('error' in rename(p, at, 'bad name'));
    assert.ok('error' in rename(p, at, 'front') === false);
    assert.ok('error' in rename(p, after(webapp, '      api:\n        condition', 7), 'db'));
  });

  it('links images, build contexts, Dockerfiles, env files and secret files', () => {
    const links = composeLinks(parseCompose(webapp));
    assert.deepStrictEqual(links.map((l) => l.url ?? l.path), ['https://hub.docker.com/r/shop/web', './web', 'web/Dockerfile', './web.env', './api', 'https://hub.docker.com/_/busybox', 'https://hub.docker.com/_/postgres', 'https://hub.docker.com/_/redis', './db_password.txt', './api.yaml']);
    assert.deepStrictEqual(composeLinks(parseCompose(readCompose('include/compose.yaml'))).filter((l) => l.path).map((l) => l.path), ['infra/compose.yaml', './infra/compose.yaml']);
  });

  it('folds blocks and comment runs', () => {
    const f = composeFolding('# a\n# b\nservices:\n  web:\n    image: x\n    ports:\n    - 1:1\n    - 2:2\n');
    assert.deepStrictEqual(f.map((x) => `${x.start}-${x.end}${x.kind ? ' ' + x.kind : ''}`), ['0-1 comment', '2-7', '3-7', '5-7']);
  });

  it('formats idempotently, keeping comments, anchors, quoting and key order', () => {
    for (const name of FIXTURES) {
      const text = readCompose(name);
      // four-space indentation and trailing spaces: the same structure, laid out differently
      const messy = formatComposeText(text, { tabSize: 4 }).split('\n').map((l) => (l.trim() === '' ? l : `${l}  `)).join('\n');
      assert.notStrictEqual(messy, text);
      if (!name.startsWith('broken')) assert.strictEqual(formatComposeText(messy, { tabSize: 2 }), text, `${name} formats back to the original`);
      for (const tabSize of [2, 4]) {
        const once = formatComposeText(messy, { tabSize });
        assert.strictEqual(formatComposeText(once, { tabSize }), once, `${name} idempotent at ${tabSize}`);
        assert.deepStrictEqual(parseCompose(once).value, parseCompose(text).value, `${name} same data`);
        const comments = (t: string): string[] => t.split('\n').filter((l) => l.trim().startsWith('#')).map((l) => l.trim());
        assert.deepStrictEqual(comments(once), comments(text));
        const marks = (t: string): string[] => t.match(/[&*][\w-]+/g) ?? [];
        assert.deepStrictEqual(marks(once), marks(text));
      }
      if (!name.startsWith('broken')) assert.strictEqual(formatComposeText(text, { tabSize: 2 }), text, `${name} is already formatted`);
    }
    assert.strictEqual(formatComposeText('services:\n  a: [', { tabSize: 2 }), 'services:\n  a: [', 'a broken file is left alone');
  });
});
