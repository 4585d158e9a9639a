import * as assert from 'assert';
import { parseCommandLine } from '../../../src/docker/exec';

describe('containers: exec command lines', () => {
  it('splits words and honours quotes without expanding anything', () => {
    assert.deepStrictEqual(parseCommandLine('ls -la /etc'), { argv: ['ls', '-la', '/etc'] });
    assert.deepStrictEqual(parseCommandLine(`echo "a b" 'c $HOME' d\\ e`), { argv: ['echo', 'a b', 'c $HOME', 'd e'] });
    assert.deepStrictEqual(parseCommandLine('echo $(rm -rf /) ; true'), { argv: ['echo', '$(rm', '-rf', '/)', ';', 'true'] }, 'no shell: metacharacters stay literal words');
    assert.deepStrictEqual(parseCommandLine('printf ""'), { argv: ['printf', ''] });
    assert.deepStrictEqual(parseCommandLine('"say \\"hi\\""'), { argv: ['say "hi"'] });
  });

  it('rejects empty input and unclosed quotes', () => {
    assert.ok('error' in parseCommandLine('   '));
    assert.ok('error' in parseCommandLine('echo "open'));
  });
});
