import * as assert from 'assert';
import { formatCoreMessage, isCoreMessage } from '../../../src/coreMessage';
import { createOptions } from '../../../src/docker/run';
import {
  engineHasGpus, joinedContainer, parseArgvField, parseByteSize, parseCapabilities, parseEnvFile, parseGpus, parseLabels, parseUlimits,
  validateHostname, validateNamespaceMode, validateUser, validateWorkingDir,
} from '../../../src/docker/runOptions';

/** A parser's refusal as its English text ('' when it accepted). */
const en = (r: unknown): string => isCoreMessage(r) ? formatCoreMessage(r) : '';


describe('run form: process and isolation options', () => {
  it('splits command and entrypoint without a shell; empty keeps the image default', () => {
    assert.deepStrictEqual(parseArgvField(`sh -c 'echo "a b"; sleep 1'`, 'command'), ['sh', '-c', 'echo "a b"; sleep 1']);
    assert.strictEqual(parseArgvField('  ', 'command'), undefined);
    assert.match(en(parseArgvField('echo "open', 'entrypoint')), /entrypoint has an unclosed quote/i);
  });

  it('checks working dir, user and host name', () => {
    assert.strictEqual(validateWorkingDir('/app'), undefined);
    assert.match(en(validateWorkingDir('app')), /absolute/);
    for (const ok of ['nobody', '1000', '1000:1000', 'www-data:www-data', 'app:0', '']) assert.strictEqual(validateUser(ok), undefined, ok);
    for (const bad of ['a b', ':1000', '1000:', 'x:y:z', '-rf', '99999999999']) assert.ok(validateUser(bad), bad);
    for (const ok of ['web', 'web-1.example.com', 'a', '']) assert.strictEqual(validateHostname(ok), undefined, ok);
    for (const bad of ['-web', 'web-', 'we_b', 'a..b', 'x'.repeat(64), 'a b']) assert.ok(validateHostname(bad), bad);
  });

  it('parses labels as key=value with unique, well-formed keys', () => {
    assert.deepStrictEqual(parseLabels('com.example.team=web; tier = front end\nflag'), { 'com.example.team': 'web', tier: ' front end', flag: '' });
    assert.match(en(parseLabels('a=1; a=2')), /twice/);
    assert.match(en(parseLabels('has space=1')), /not a label key/);
    assert.match(en(parseLabels('=1')), /no label key/);
  });

  it('reads env files as the docker CLI does', () => {
    const text = '\uFEFF# comment\nA=1\n  B= spaced value \n\nC="quoted"\nFROM_ENV\nMISSING\nEMPTY=\r\n';
    assert.deepStrictEqual(parseEnvFile(text, (k) => k === 'FROM_ENV' ? 'yes' : undefined),
      ['A=1', 'B= spaced value ', 'C="quoted"', 'FROM_ENV=yes', 'EMPTY=']);
    assert.match(en(parseEnvFile('BAD KEY=1', () => undefined, 'app.env')), /app\.env, line 1: "BAD KEY" is not a variable name/);
    assert.match(en(parseEnvFile('=1', () => undefined)), /no variable name/);
  });

  it('parses capabilities case-insensitively, with or without CAP_, and ALL', () => {
    assert.deepStrictEqual(parseCapabilities('net_admin, CAP_SYS_PTRACE sys_ptrace'), ['NET_ADMIN', 'SYS_PTRACE']);
    assert.deepStrictEqual(parseCapabilities('all'), ['ALL']);
    assert.match(en(parseCapabilities('NET_MAGIC')), /not a Linux capability/);
    assert.deepStrictEqual(parseCapabilities(''), []);
  });

  it('accepts only the namespace modes each kind has', () => {
    for (const ok of ['', 'host', 'container:web']) assert.strictEqual(validateNamespaceMode('pid', ok), undefined, ok);
    for (const ok of ['', 'private', 'shareable', 'none', 'host', 'container:db-1']) assert.strictEqual(validateNamespaceMode('ipc', ok), undefined, ok);
    for (const ok of ['', 'host']) { assert.strictEqual(validateNamespaceMode('uts', ok), undefined); assert.strictEqual(validateNamespaceMode('userns', ok), undefined); }
    assert.match(en(validateNamespaceMode('uts', 'container:web')), /cannot be joined/);
    assert.match(en(validateNamespaceMode('userns', 'private')), /not a userns mode/);
    assert.match(en(validateNamespaceMode('pid', 'container:')), /not a container name/);
    assert.match(en(validateNamespaceMode('pid', 'shareable')), /not a pid mode: use host, container:<name>/);
    for (const ok of ['', 'none', 'host', 'my-net', 'container:web']) assert.strictEqual(validateNamespaceMode('network', ok), undefined, ok);
    assert.match(en(validateNamespaceMode('network', 'my net')), /not a network/);
    assert.strictEqual(joinedContainer('container:web'), 'web');
    assert.strictEqual(joinedContainer('host'), undefined);
  });

  it('parses ulimits, shm size and GPU requests', () => {
    assert.deepStrictEqual(parseUlimits('nofile=1024:2048, nproc=512 core=-1'), [
      { Name: 'nofile', Soft: 1024, Hard: 2048 }, { Name: 'nproc', Soft: 512, Hard: 512 }, { Name: 'core', Soft: -1, Hard: -1 },
    ]);
    assert.match(en(parseUlimits('nofile=4096:1024')), /cannot be above its hard limit/);
    assert.match(en(parseUlimits('files=1')), /not a ulimit name/);
    assert.match(en(parseUlimits('nofile')), /name=soft\[:hard\]/);
    assert.match(en(parseUlimits('nofile=1, nofile=2')), /twice/);
    assert.strictEqual(parseByteSize('128m', 'shm'), 128 * 1024 * 1024);
    assert.match(en(parseByteSize('lots', 'shm')), /not a shared memory size/);
    assert.deepStrictEqual(parseGpus('ALL'), { count: 'all' });
    assert.deepStrictEqual(parseGpus('2'), { count: 2 });
    assert.match(en(parseGpus('0')), /not a GPU request/);
    assert.strictEqual(engineHasGpus({ Runtimes: { runc: {}, nvidia: {} } }), true);
    assert.strictEqual(engineHasGpus({ Runtimes: { runc: {}, 'io.containerd.runc.v2': {} } }), false);
  });

  it('puts every option where the engine reads it', () => {
    const body = createOptions({
      image: 'x', entrypoint: [], cmd: ['sleep', '1'], workingDir: '/w', user: '1000:1000', hostname: 'h', init: true, readOnlyRootfs: true,
      capAdd: ['NET_ADMIN'], capDrop: ['MKNOD'], privileged: true, pidMode: 'host', ipcMode: 'container:a', utsMode: 'host', usernsMode: 'host',
      cgroupnsMode: 'private', ulimits: [{ Name: 'nofile', Soft: 1, Hard: 2 }], shmSize: 1024, gpus: { count: 'all' }, labels: { a: 'b' },
    });
    assert.deepStrictEqual(body.Entrypoint, [''], 'an empty entrypoint clears the image\'s');
    assert.deepStrictEqual(body.Cmd, ['sleep', '1']);
    assert.strictEqual(body.WorkingDir, '/w');
    assert.strictEqual(body.User, '1000:1000');
    assert.strictEqual(body.Hostname, 'h');
    const h = body.HostConfig as Record<string, unknown>;
    assert.strictEqual(h.Init, true);
    assert.strictEqual(h.ReadonlyRootfs, true);
    assert.deepStrictEqual(h.CapAdd, ['NET_ADMIN']);
    assert.deepStrictEqual(h.CapDrop, ['MKNOD']);
    assert.strictEqual(h.Privileged, true);
    assert.strictEqual(h.PidMode, 'host');
    assert.strictEqual(h.IpcMode, 'container:a');
    assert.strictEqual(h.UTSMode, 'host');
    assert.strictEqual(h.UsernsMode, 'host');
    assert.strictEqual(h.CgroupnsMode, 'private');
    assert.deepStrictEqual(h.Ulimits, [{ Name: 'nofile', Soft: 1, Hard: 2 }]);
    assert.strictEqual(h.ShmSize, 1024);
    assert.deepStrictEqual(h.DeviceRequests, [{ Driver: '', Count: -1, Capabilities: [['gpu']], Options: {} }]);
    const plain = createOptions({ image: 'x' });
    assert.strictEqual(plain.Entrypoint, undefined, 'no entrypoint override unless asked');
    assert.strictEqual((plain.HostConfig as Record<string, unknown>).Privileged, undefined);
  });
});
