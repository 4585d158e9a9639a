import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { keysAt, enumValuesAt, validateSchema } from '../../../src/compose/schema';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('compose schema', () => {
  it('the committed validator is what scripts/gen-compose-validator.mjs generates from compose-spec.json', function () {
    this.timeout(60_000);
    const generated = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-compose-validator.mjs'), '--stdout'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    assert.ok(generated === fs.readFileSync(path.join(ROOT, 'src', 'compose', 'validateCompose.ts'), 'utf8'), 'validateCompose.ts is stale: run node scripts/gen-compose-validator.mjs');
  });

  it('validates and walks the schema', () => {
    assert.deepStrictEqual(validateSchema({ services: { a: { image: 'x' } } }), []);
    assert.ok(validateSchema({ services: { a: { imgae: 'x' } } }).length > 0);
    assert.ok(keysAt(['services', 'web']).has('healthcheck'));
    assert.ok(keysAt(['services', 'web', 'build']).has('dockerfile'));
    assert.ok(keysAt(['services', 'web', 'ports', '#']).has('published'));
    assert.ok(enumValuesAt(['services', 'web', 'depends_on', 'db', 'condition']).includes('service_healthy'));
  });
});
