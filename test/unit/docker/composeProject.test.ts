import * as assert from 'assert';
import { groupByService, parseComposeLabels, projectFiles, replicaName, summarizeProject } from '../../../src/docker/composeProject';
import type { ContainerModel } from '../../../src/docker/containers';
import { formatLogLine } from '../../../src/docker/logs';

/** Labels as docker-compose 1.29.2 wrote them on this machine (`docker-compose -p demo up -d`). */
const V1_LABELS = {
  'com.docker.compose.config-hash': 'ef904712f979cb7e498f985ba6b98f86d3b12f9c317ec05bc465e32fb4f538de',
  'com.docker.compose.container-number': '1',
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.project.config_files': 'compose.yaml',
  'com.docker.compose.project.working_dir': '/tmp/cops',
  'com.docker.compose.project': 'demo',
  'com.docker.compose.service': 'web',
  'com.docker.compose.version': '1.29.2',
};

/** Compose v2 writes absolute config files, several joined by commas, and the env file it used. */
const V2_LABELS = {
  'com.docker.compose.project': 'shop',
  'com.docker.compose.service': 'api',
  'com.docker.compose.container-number': '2',
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.project.config_files': '/src/shop/compose.yaml,/src/shop/compose.override.yaml',
  'com.docker.compose.project.working_dir': '/src/shop',
  'com.docker.compose.project.environment_file': '/src/shop/.env',
  'com.docker.compose.version': '2.29.1',
};

function container(name: string, service: string | undefined, state: ContainerModel['state'], labels: Record<string, string> = {}): ContainerModel {
  return {
    id: name, name, image: 'img', imageId: 'sha', state, status: '', health: undefined, ports: [], created: 0, command: '',
    labels: { 'com.docker.compose.project': 'p', ...(service ? { 'com.docker.compose.service': service } : {}), ...labels },
    composeProject: 'p', composeService: service,
  };
}

describe('compose: labels', () => {
  it('reads what docker-compose 1.29 writes (relative config file, capitalised False)', () => {
    assert.deepStrictEqual(parseComposeLabels(V1_LABELS), {
      project: 'demo', service: 'web', number: 1, oneoff: false, workingDir: '/tmp/cops',
      configFiles: ['compose.yaml'], environmentFiles: [], composeVersion: '1.29.2',
    });
  });

  it('reads what Compose v2 writes (several absolute files, the env file)', () => {
    const l = parseComposeLabels(V2_LABELS);
    assert.deepStrictEqual(l?.configFiles, ['/src/shop/compose.yaml', '/src/shop/compose.override.yaml']);
    assert.deepStrictEqual(l?.environmentFiles, ['/src/shop/.env']);
    assert.strictEqual(l?.number, 2);
  });

  it('is undefined without a project label, and tolerates missing or odd values', () => {
    assert.strictEqual(parseComposeLabels({}), undefined);
    assert.strictEqual(parseComposeLabels(undefined), undefined);
    assert.strictEqual(parseComposeLabels({ 'com.docker.compose.project': '  ' }), undefined);
    const l = parseComposeLabels({ 'com.docker.compose.project': 'x', 'com.docker.compose.container-number': 'abc', 'com.docker.compose.oneoff': 'True', 'com.docker.compose.project.config_files': ' a.yml , ,b.yml' });
    assert.strictEqual(l?.number, undefined);
    assert.strictEqual(l?.oneoff, true);
    assert.deepStrictEqual(l?.configFiles, ['a.yml', 'b.yml']);
  });

  it('resolves config files against the working directory, only when all exist here', () => {
    const exists = (f: string): boolean => ['/tmp/cops/compose.yaml', '/src/shop/compose.yaml', '/src/shop/compose.override.yaml'].includes(f);
    assert.deepStrictEqual(projectFiles(parseComposeLabels(V1_LABELS), exists), { workingDir: '/tmp/cops', files: ['/tmp/cops/compose.yaml'], envFiles: [] });
    assert.deepStrictEqual(projectFiles(parseComposeLabels(V2_LABELS), exists)?.files, ['/src/shop/compose.yaml', '/src/shop/compose.override.yaml']);
    assert.deepStrictEqual(projectFiles(parseComposeLabels(V2_LABELS), exists)?.envFiles, [], 'a missing env file is left out');
    assert.strictEqual(projectFiles(parseComposeLabels(V1_LABELS), () => false), undefined, 'files of another machine');
    assert.strictEqual(projectFiles(parseComposeLabels({ ...V1_LABELS, 'com.docker.compose.project.working_dir': 'relative' }), () => true), undefined);
  });

  it('names replicas as Compose prints them in logs', () => {
    assert.strictEqual(replicaName({ name: 'demo_web_1', labels: V1_LABELS }), 'web-1');
    assert.strictEqual(replicaName({ name: 'demo_web_run_1', labels: { ...V1_LABELS, 'com.docker.compose.oneoff': 'True' } }), 'web-run');
    assert.strictEqual(replicaName({ name: 'plain', labels: {} }), 'plain');
  });

});

describe('compose: projects in the tree', () => {
  it('counts states and sees replicas', () => {
    const s = summarizeProject('p', [container('a', 'web', 'running'), container('b', 'web', 'paused'), container('c', 'db', 'exited')]);
    assert.deepStrictEqual([s.running, s.paused, s.stopped, s.hasReplicas], [1, 1, 1, true]);
    assert.deepStrictEqual(s.services, ['db', 'web']);
    assert.strictEqual(summarizeProject('p', [container('a', 'web', 'running'), container('c', 'db', 'created')]).hasReplicas, false);
    // Containers that only carry the project label (made by hand or another tool) are not a service's replicas.
    assert.strictEqual(summarizeProject('p', [container('a', undefined, 'running'), container('b', undefined, 'created')]).hasReplicas, false);
  });

  it('groups by service, sorted', () => {
    const g = groupByService([container('w1', 'web', 'running'), container('d', 'db', 'running'), container('w2', 'web', 'running')]);
    assert.deepStrictEqual(g.map((x) => [x.service, x.containers.map((c) => c.name)]), [['db', ['d']], ['web', ['w1', 'w2']]]);
  });

  it('prefixes merged log lines with their source', () => {
    assert.strictEqual(formatLogLine({ stream: 'stdout', text: 'hi', source: 'web-1' }, false), 'web-1 | hi');
    assert.strictEqual(formatLogLine({ stream: 'stdout', text: 'hi', ts: '2026-01-01T00:00:00Z', source: 'db-1 ' }, true), 'db-1  | 2026-01-01T00:00:00Z hi');
    assert.strictEqual(formatLogLine({ stream: 'stdout', text: 'hi' }, false), 'hi');
  });
});
