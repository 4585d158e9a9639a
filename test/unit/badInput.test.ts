/**
 * Bad input everywhere a user types: every pure validator answers a malformed value with a message
 * (never a throw, never "valid"), accepts the ordinary values, and survives thousands of random strings.
 * What a validator accepts is checked too: a parser never hands the engine an out-of-range value.
 */
import * as assert from 'assert';
import { validateBuildArg } from '../../src/docker/build';
import { validateContainerName as validateRenameTarget } from '../../src/docker/containers';
import { dockerodeOptions } from '../../src/docker/transport';
import { EndpointError, parseHost, resolveEngineEndpoint } from '../../src/docker/endpoint';
import { parseCommandLine } from '../../src/docker/exec';
import { type CoreMessage, formatCoreMessage, isCoreMessage } from '../../src/coreMessage';
import { parseReference, validateReference } from '../../src/docker/reference';
import {
  parseCpus, parseEnv, parseMemory, parsePorts, parseRestart, parseVolumes, validateContainerName, validateCpus, validateEnv,
  validateMemory, validatePorts, validateVolumes,
} from '../../src/docker/run';
import { Prng } from '../fuzz/prng';

let tried = 0;
const RANDOM_PER_VALIDATOR = 2000;

/** A core validator's refusal as the English text the tables read. */
const english = (validate: (s: string) => CoreMessage | undefined) => (s: string): string | undefined => { const m = validate(s); return m && formatCoreMessage(m); };

/** Asserts `validate` rejects each input with a readable message and accepts each good one. */
function table(name: string, validate: (s: string) => string | undefined, bad: readonly string[], good: readonly string[]): void {
  for (const input of bad) {
    tried++;
    let msg: string | undefined;
    assert.doesNotThrow(() => { msg = validate(input); }, `${name} threw on ${JSON.stringify(input)}`);
    assert.ok(typeof msg === 'string' && msg.trim().length >= 8, `${name} accepted ${JSON.stringify(input)} (answer: ${JSON.stringify(msg)})`);
    // An echo of the input is fine; a leaked "undefined" or "[object Object]" is not.
    assert.ok(!/undefined|NaN|\[object Object\]/.test((msg ?? '').split(input.trim()).join('')), `${name}: unclear message for ${JSON.stringify(input)}: ${msg}`);
  }
  for (const input of good) assert.strictEqual(validate(input), undefined, `${name} rejected the good value ${JSON.stringify(input)}`);
}

const ALPHABET = ['a', 'Z', '0', '9', ':', '/', '@', '.', '-', '_', '=', ' ', '\t', '\n', ';', ',', '[', ']', '$', '"', "'", '\\', '\u0000', 'é', '\ud800', '💥', '%', '*', 'sha256:', '65536', '-1', 'ro', 'rw', 'tcp', 'udp'];
function randomStrings(seed: number, n: number): string[] {
  const r = new Prng(seed);
  return Array.from({ length: n }, () => Array.from({ length: r.range(0, 40) }, () => r.pick(ALPHABET)).join('') + (r.chance(0.01) ? 'x'.repeat(r.range(256, 5000)) : ''));
}

/** Random strings: never a throw; whatever is accepted must parse into values the engine can take. */
function survivesRandom(name: string, validate: (s: string) => string | undefined, checkAccepted?: (s: string) => void): void {
  for (const s of randomStrings(name.length * 7919, RANDOM_PER_VALIDATOR)) {
    tried++;
    let msg: string | undefined;
    assert.doesNotThrow(() => { msg = validate(s); }, `${name} threw on ${JSON.stringify(s)}`);
    assert.ok(msg === undefined || typeof msg === 'string', `${name} returned ${typeof msg}`);
    if (msg === undefined && checkAccepted) checkAccepted(s);
  }
}

describe('bad input', () => {
  after(() => console.log(`      bad input: ${tried} bad or random inputs tried, 0 crashes, 0 accepted malformed values`));

  it('image references (tag, push, pull, run)', () => {
    table('validateReference', english((s) => validateReference(s)), [
      '', ' ', 'host/UPPER', 'a b', 'repo:', ':tag', 'repo:tag:tag2', 'repo@sha256:short', 'repo@md5:', '//x', 'x//y', 'x/', '-x', 'x-', 'a..b',
      'repo:' + 't'.repeat(129), 'r'.repeat(256), 'host:port/x', 'ho_st:5000/x', 'localhost:99a/x', 'x:.tag', 'x:-tag', 'x\ny', 'x\u0000', 'é', '💥', '[::1/x',
    ], ['busybox', 'busybox:1', 'library/busybox:latest', '127.0.0.1:5000/demo:1', 'localhost/x', 'ghcr.io/o/r:v1.2', `x@sha256:${'a'.repeat(64)}`, '[::1]:5000/x:1']);
    table('tag target (no digest)', english((s) => validateReference(s, { allowDigest: false })), [`x@sha256:${'a'.repeat(64)}`], ['x:1']);
    survivesRandom('validateReference', english((s) => validateReference(s)), (s) => {
      const r = parseReference(s);
      assert.ok(r.ok && !/\s/.test(r.ref.path) && r.ref.path === r.ref.path.toLowerCase(), `accepted ${JSON.stringify(s)} as ${JSON.stringify(r)}`);
    });
  });

  it('ports', () => {
    table('validatePorts', english(validatePorts), [
      '80:', 'abc', '0:80', '80:0', '65536:80', '80:65536', '-1:80', '1.2.3.4:80', '999.1.1.1:80:80', '80:80/icmp', '80:80/TCP', '80:80:80:80',
      '8080:80,8080:80', '[zz]:80:80', '80-90:80', '８０:80', '80 : 80', ':::', '\u0000', '99999999999999999999:1',
    ], ['', '80', '8080:80', ':80', '127.0.0.1:8080:80', '53:53/udp', '8080:80, 8443:443', '[::1]:8080:80']);
    survivesRandom('validatePorts', english(validatePorts), (s) => {
      const r = parsePorts(s);
      assert.ok(Array.isArray(r), `accepted ${JSON.stringify(s)}`);
      for (const p of r) assert.ok(p.containerPort >= 1 && p.containerPort <= 65535 && (p.hostPort === undefined || (p.hostPort >= 1 && p.hostPort <= 65535)), `out of range: ${JSON.stringify(p)}`);
    });
  });

  it('environment entries', () => {
    table('validateEnv', english(validateEnv), ['NOEQUALS', '=value', '1ABC=x', 'A B=x', 'A=1;=2', 'Ä=1', 'A$=1', '-A=1', 'A=1\nB'], ['', 'A=1', 'A=', 'A=1;B=two words', 'PATH=/bin:/usr/bin', 'a.b-c=1']);
    survivesRandom('validateEnv', english(validateEnv), (s) => {
      const r = parseEnv(s);
      assert.ok(Array.isArray(r), `accepted ${JSON.stringify(s)}`);
      for (const e of r) assert.match(e, /^[A-Za-z_][A-Za-z0-9_.-]*=/, `bad entry from ${JSON.stringify(s)}`);
    });
  });

  it('volume specs', () => {
    table('validateVolumes', english(validateVolumes), [
      'data', 'data:', ':/x', 'data:relative', '/host:relative', 'data:/x:rx', 'data:/x:ro:rw', '-bad:/x', 'my vol:/x', 'a:b:c:d', 'data:/x:', '$HOME:/x', '~/x:/y',
    ], ['', 'data:/data', '/host:/path', '/host:/path:ro', 'v1:/a, v2:/b:rw']);
    survivesRandom('validateVolumes', english(validateVolumes), (s) => {
      const r = parseVolumes(s);
      assert.ok(Array.isArray(r), `accepted ${JSON.stringify(s)}`);
      for (const v of r) assert.ok(v.target.startsWith('/') && (v.kind === 'bind' ? v.source.startsWith('/') : /^[A-Za-z0-9]/.test(v.source)), `bad mapping ${JSON.stringify(v)}`);
    });
  });

  it('container names (run and rename)', () => {
    const bad = ['-x', '.x', '_x', 'a b', 'a/b', 'x', 'é', 'a:b', 'a\nb', 'a\u0000b', '💥💥', '//x'];
    table('run: validateContainerName', english(validateContainerName), bad, ['', 'ab', 'my-app_1.2', '/web']);
    const validateRename = (s: string): string | undefined => { const m = validateRenameTarget(s); return m && formatCoreMessage(m); };
    table('rename: validateContainerName', validateRename, ['', ' ', ...bad, 'n'.repeat(254)], ['ab', 'my-app_1.2']);
    survivesRandom('validateContainerName', english(validateContainerName), (s) => assert.match(s.trim(), /^$|^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/));
    survivesRandom('renameContainerName', validateRename, (s) => assert.match(s.trim(), /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/));
  });

  it('build arguments, memory, cpus, restart policy, exec command lines', () => {
    table('validateBuildArg', validateBuildArg, ['', '=x', '1A=x', 'A B=x', 'A-B=x', 'é=1', '$A=1'], ['A=1', 'A', 'HTTP_PROXY=http://x', 'A=a=b']);
    survivesRandom('validateBuildArg', validateBuildArg, (s) => assert.match(s.split('=')[0] ?? '', /^[A-Za-z_][A-Za-z0-9_]*$/));
    table('validateMemory', english(validateMemory), ['abc', '1', '5m', '-1m', '1t', '1.5.5m', 'm', '12 mb x'], ['', '512m', '1g', '6m', '1048576000']);
    survivesRandom('validateMemory', english(validateMemory), (s) => { const m = parseMemory(s); assert.ok(m === undefined || (typeof m === 'number' && Number.isFinite(m) && m >= 6 * 1024 * 1024)); });
    table('validateCpus', english(validateCpus), ['0', '-1', 'abc', '1,5', '.5', '1e3', 'NaN', 'Infinity'], ['', '0.5', '2']);
    survivesRandom('validateCpus', english(validateCpus), (s) => { const c = parseCpus(s); assert.ok(c === undefined || (typeof c === 'number' && Number.isFinite(c) && c > 0)); });
    table('parseRestart', (s) => { const r = parseRestart(s); return isCoreMessage(r) ? formatCoreMessage(r) : undefined; }, ['sometimes', 'on-failure:', 'on-failure:-1', 'on-failure:x', 'ALWAYS'], ['', 'no', 'always', 'unless-stopped', 'on-failure', 'on-failure:3']);
    table('parseCommandLine', (s) => { const r = parseCommandLine(s); return 'error' in r ? formatCoreMessage(r.error) + ' (command line)' : undefined; }, ['', '   ', '"unclosed', "'unclosed", 'echo "a'], ['sh', 'echo "a b" c', "ls -la '/tmp dir'"]);
    survivesRandom('parseCommandLine', (s) => { const r = parseCommandLine(s); return 'error' in r ? formatCoreMessage(r.error) : undefined; }, (s) => {
      const r = parseCommandLine(s);
      assert.ok('argv' in r && r.argv.length > 0 && r.argv.every((a) => typeof a === 'string'), JSON.stringify(s));
    });
  });

  it('dockhand.host values and missing TLS files give clear errors, never a crash', () => {
    const bad = ['ftp://host', 'unix://relative.sock', 'tcp://', 'tcp://host:99999', 'tcp://host:0', 'tcp://host:-1', 'tcp://host:abc', 'tcp://[::1', 'ssh://', 'ssh://@', 'http://', '://x', 'unix://', 'npipe://', '\u0000', 'tcp://ho st', 'tcp://host:2375/path?x#y%', 'mailto:x', 'javascript:alert(1)', 'file:///etc/passwd'];
    let clear = 0;
    for (const host of bad) {
      tried++;
      try {
        const ep = resolveEngineEndpoint({ settings: { host }, env: {}, homeDir: '/nonexistent', platform: 'linux', files: { readText: () => undefined, exists: () => false } });
        // A few odd strings are valid URLs; they must still resolve to something the client can use.
        assert.ok(ep.kind === 'tcp' ? ep.port >= 1 && ep.port <= 65535 && ep.host.length > 0 : ep.kind !== 'unix' || ep.socketPath.startsWith('/'), `${host} → ${JSON.stringify(ep)}`);
      } catch (err) {
        assert.ok(err instanceof EndpointError, `${JSON.stringify(host)} threw ${String(err)} instead of an EndpointError`);
        assert.match(err.message, /dockhand\.host/, 'the message names the setting');
        clear++;
      }
    }
    assert.ok(clear >= bad.length - 3, `only ${clear} of ${bad.length} garbage hosts were rejected`);
    survivesRandom('parseHost', (s) => { try { parseHost(s, 'setting', 'dockhand.host', undefined, undefined); return undefined; } catch (err) { assert.ok(err instanceof EndpointError, `${JSON.stringify(s)}: ${String(err)}`); return err.message; } });
    // Missing TLS files: a clear error naming the file, before any connection.
    const ep = resolveEngineEndpoint({ settings: { host: 'tcp://engine.test:2376', certPath: '/nonexistent/certs' }, env: {}, homeDir: '/x', platform: 'linux', files: { readText: () => undefined, exists: () => false } });
    for (const missing of ['ca', 'cert', 'key']) {
      tried++;
      assert.throws(() => dockerodeOptions(ep, { readFile: (f) => { if (f.includes(missing === 'ca' ? 'ca.pem' : missing === 'cert' ? 'cert.pem' : 'key.pem')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' }); return Buffer.from('x'); } }),
        (err: Error) => /TLS .* file \/nonexistent\/certs\/\w+\.pem cannot be read/.test(err.message));
    }
  });
});
