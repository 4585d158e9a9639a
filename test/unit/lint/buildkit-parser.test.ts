/**
 * BuildKit's parser as the oracle: one case per test file of moby/buildkit's
 * frontend/dockerfile/parser/testfiles (and testfiles-negative). Each case is a Dockerfile of our own that exercises
 * the same parsing fact, with the parse BuildKit states for it, and says whether BuildKit builds it. The parse is
 * shown as `keyword [flags] args`: JSON elements when the exec form parsed, else the words after the flags (shell
 * forms as one string). A file BuildKit refuses must get a builder error (severity error) and one it builds none.
 */
import * as assert from 'assert';
import { lintDockerfile, RULES } from '../../../src/dockerfile/lint';
import { scanDockerfile } from '../../../src/dockerfile/lint/scan';

const SHELL_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'MAINTAINER', 'USER', 'WORKDIR', 'STOPSIGNAL']);
const syntax = new Set(RULES.filter((r) => r.category === 'syntax').map((r) => r.code));

function dump(text: string): string[] {
  return scanDockerfile(text).instructions.map((i) => {
    const flags = i.flags.length > 0 ? ` [${i.flags.map((f) => f.word.raw).join(' ')}]` : '';
    let args: string;
    if (i.json !== undefined) args = i.json.map((a) => JSON.stringify(a)).join(' ');
    else if (i.keyword === 'HEALTHCHECK' && i.args.length > 1) args = `${JSON.stringify(i.args[0].raw)} ${JSON.stringify(i.logical.slice(i.args[1].start).trim())}`;
    else if (SHELL_FORM.has(i.keyword) && i.args.length > 0) args = JSON.stringify(i.logical.slice(i.restStart).trim());
    else args = i.args.map((w) => JSON.stringify(w.raw)).join(' ');
    return `(${i.keyword.toLowerCase()}${flags}${args ? ' ' + args : ''})`;
  });
}

function builderErrors(text: string): string[] {
  return lintDockerfile(text).filter((f) => syntax.has(f.code) && f.severity === 'error').map((f) => `${f.line + 1} ${f.code} ${f.message}`);
}

interface OracleCase { readonly file: string; readonly text: string; readonly parse?: readonly string[]; readonly builds: boolean }

const CASES: readonly OracleCase[] = [
  {
    file: 'ADD-COPY-with-JSON', builds: true, text: 'FROM\tdebian:13\nCOPY\t.\t/src\nADD\t\t[ "a b", "/dst dir" ]\nCOPY [ "x", "/y" ]\n',
    parse: ['(from "debian:13")', '(copy "." "/src")', '(add "a b" "/dst dir")', '(copy "x" "/y")'],
  },
  { file: 'args', builds: true, text: 'ARG one two=2\nFROM alpine:3.22\nARG three="3 4" five\n', parse: ['(arg "one" "two=2")', '(from "alpine:3.22")', '(arg "three=\\"3 4\\"" "five")'] },
  {
    file: 'brimstone-consuldock', builds: true, text: '#escape=\\\nFROM alpine:3.22\nRUN a \\\n\t&& b \\\n\n\t&& c\n',
    parse: ['(from "alpine:3.22")', '(run "a \\t&& b \\t&& c")'],
  },
  { file: 'brimstone-docker-consul', builds: true, text: 'FROM alpine:3.22\nCMD []\nEXPOSE 1 2 3\n', parse: ['(from "alpine:3.22")', '(cmd)', '(expose "1" "2" "3")'] },
  { file: 'continue-at-eof', builds: true, text: 'FROM alpine:3.22\n\nRUN make \\', parse: ['(from "alpine:3.22")', '(run "make")'] },
  {
    file: 'continueIndent', builds: true, text: 'FROM alpine:3.22\nRUN echo one\\\n  two\\\nthree\nRUN echo a \\\n# a comment\n\n# another\nb\n',
    parse: ['(from "alpine:3.22")', '(run "echo one  twothree")', '(run "echo a b")'],
  },
  { file: 'cpuguy83-nagios', builds: true, text: 'FROM alpine:3.22\nENV HOME_DIR /opt/x\nRUN ( grep -i "^${HOME_DIR}" /etc/group || true )\n', parse: ['(from "alpine:3.22")', '(env "HOME_DIR" "/opt/x")', '(run "( grep -i \\"^${HOME_DIR}\\" /etc/group || true )")'] },
  { file: 'docker', builds: true, text: '# a long comment\n#\n# docker run -v `pwd`:/x\nFROM\talpine:3.22\nRUN apk add \\\n\tgit \\\n\tmake\n', parse: ['(from "alpine:3.22")', '(run "apk add \\tgit \\tmake")'] },
  {
    file: 'env', builds: true, text: 'FROM alpine:3.22\nENV a b\nENV c=d e=f\nENV g="h i"\nENV j=k\\ l\nENV m=\'n"o"p\'\nENV q=r \\\n    s="t \\\n       u"\n',
    parse: ['(from "alpine:3.22")', '(env "a" "b")', '(env "c=d" "e=f")', '(env "g=\\"h i\\"")', '(env "j=k\\\\ l")', '(env "m=\'n\\"o\\"p\'")', '(env "q=r" "s=\\"t        u\\"")'],
  },
  { file: 'escape-after-comment', builds: true, text: '# a comment first\n# escape = `\n\nFROM alpine:3.22\nENV P \\\n\\go\n', parse: ['(from "alpine:3.22")', '(env "P" "\\\\go")'] },
  { file: 'escape-nonewline', builds: true, text: '# escape = `\n# no blank line after the directive\nFROM alpine:3.22\nENV P `\n\\go\n', parse: ['(from "alpine:3.22")', '(env "P" "\\\\go")'] },
  { file: 'escape-with-syntax', builds: true, text: '# syntax = docker/dockerfile:1\n# escape = `\n\nFROM `\n    alpine:3.22\n', parse: ['(from "alpine:3.22")'] },
  { file: 'escape', builds: true, text: '#escape = `\n\nFROM alpine:3.22\nENV P `\n\\go\n', parse: ['(from "alpine:3.22")', '(env "P" "\\\\go")'] },
  {
    file: 'escapes', builds: true, text: 'FROM alpine:3.22\nRUN echo \\a && \\\n  echo \\"b\nADD \\conf\\\\" /.znc\nRUN foo \\\n\nbar\nCMD [ "\\/usr\\\\\\"/bin/x", "-f" ]\n',
    parse: ['(from "alpine:3.22")', '(run "echo \\\\a &&   echo \\\\\\"b")', '(add "\\\\conf\\\\\\\\\\"" "/.znc")', '(run "foo bar")', '(cmd "/usr\\\\\\"/bin/x" "-f")'],
  },
  {
    file: 'flags', builds: false, text: 'FROM scratch\nCOPY --chown=me -- x /y/\nCOPY -- x /y/\nCMD --doit [ "a", "b" ]\n',
    parse: ['(from "scratch")', '(copy [--chown=me] "x" "/y/")', '(copy "x" "/y/")', '(cmd [--doit] "a" "b")'],
  },
  {
    file: 'health', builds: true, text: 'FROM alpine:3.22\nHEALTHCHECK --interval=5s --retries=3 \\\n  CMD /check --quiet\nHEALTHCHECK --start-period=0s --start-interval=0s --timeout=0s --retries=0 CMD ["c"]\n',
    parse: ['(from "alpine:3.22")', '(healthcheck [--interval=5s --retries=3] "CMD" "/check --quiet")', '(healthcheck [--start-period=0s --start-interval=0s --timeout=0s --retries=0] "c")'],
  },
  { file: 'health (refused forms)', builds: false, text: 'FROM alpine:3.22\nHEALTHCHECK CONNECT TCP 7000\n' },
  { file: 'influxdb', builds: true, text: 'FROM alpine:3.22\nVOLUME /data\nCMD /bin/srv --pidfile /run/x.pid -config /etc/x\nEXPOSE 8083\n', parse: ['(from "alpine:3.22")', '(volume "/data")', '(cmd "/bin/srv --pidfile /run/x.pid -config /etc/x")', '(expose "8083")'] },
  { file: 'jeztah-invalid-json-json-inside-string-double', builds: true, text: 'FROM alpine:3.22\nCMD "[\\"echo\\", \\"hi\\"]"\n', parse: ['(from "alpine:3.22")', '(cmd "\\"[\\\\\\"echo\\\\\\", \\\\\\"hi\\\\\\"]\\"")'] },
  { file: 'jeztah-invalid-json-json-inside-string', builds: true, text: 'FROM alpine:3.22\nCMD \'["echo", "hi"]\'\n', parse: ['(from "alpine:3.22")', '(cmd "\'[\\"echo\\", \\"hi\\"]\'")'] },
  { file: 'jeztah-invalid-json-single-quotes', builds: true, text: "FROM alpine:3.22\nCMD ['echo','hi']\n", parse: ['(from "alpine:3.22")', '(cmd "[\'echo\',\'hi\']")'] },
  { file: 'jeztah-invalid-json-unterminated-bracket', builds: true, text: 'FROM alpine:3.22\nCMD ["echo", "hi"\n', parse: ['(from "alpine:3.22")', '(cmd "[\\"echo\\", \\"hi\\"")'] },
  { file: 'jeztah-invalid-json-unterminated-string', builds: true, text: 'FROM alpine:3.22\nCMD ["echo", "hi]\n', parse: ['(from "alpine:3.22")', '(cmd "[\\"echo\\", \\"hi]")'] },
  {
    file: 'json', builds: true, text: 'FROM alpine:3.22\nCMD [""]\nCMD [\t"a",\t"b"\t]\t\nCMD ["♥", "\\" \\\\ \\/ \\n \\u0041"]\n',
    parse: ['(from "alpine:3.22")', '(cmd "")', '(cmd "a" "b")', '(cmd "♥" "\\" \\\\ / \\n A")'],
  },
  { file: 'kartar-entrypoint-oddities', builds: true, text: 'FROM alpine:3.22\nLABEL who Jane "jane@example.com"\nENTRYPOINT [ "/bin/srv" ]\n', parse: ['(from "alpine:3.22")', '(label "who" "Jane" "\\"jane@example.com\\"")', '(entrypoint "/bin/srv")'] },
  {
    file: 'lk4d4-the-edge-case-generator', builds: true, text: 'FROM alpine:3.22\nONBUILD RUN ["echo", "t"]\nONBUILD COPY . /\n# a comment \\\nRUN ["ls", "-la"]\nENV A 1 B 3\n',
    parse: ['(from "alpine:3.22")', '(onbuild "RUN" "[\\"echo\\"," "\\"t\\"]")', '(onbuild "COPY" "." "/")', '(run "ls" "-la")', '(env "A" "1" "B" "3")'],
  },
  { file: 'mail', builds: true, text: 'FROM alpine:3.22\nRUN echo "x" >/.zshenv\nCMD setsid cron; tmux -2\n', parse: ['(from "alpine:3.22")', '(run "echo \\"x\\" >/.zshenv")', '(cmd "setsid cron; tmux -2")'] },
  { file: 'multiple-volumes', builds: true, text: 'FROM alpine:3.22\nVOLUME /a /b /c\n', parse: ['(from "alpine:3.22")', '(volume "/a" "/b" "/c")'] },
  { file: 'ADD-COPY-with-JSON (whitespace words)', builds: true, text: 'FROM alpine:3.22\nCOPY "a b" /x/\nUSER app group\nSTOPSIGNAL SIGTERM\n', parse: ['(from "alpine:3.22")', '(copy "\\"a" "b\\"" "/x/")', '(user "app group")', '(stopsignal "SIGTERM")'] },
  { file: 'mumble', builds: true, text: 'FROM alpine:3.22\nADD ./a.ini /etc/a.ini\nCMD /usr/sbin/srv\n', parse: ['(from "alpine:3.22")', '(add "./a.ini" "/etc/a.ini")', '(cmd "/usr/sbin/srv")'] },
  { file: 'nginx', builds: true, text: 'FROM alpine:3.22\nCMD ["/usr/sbin/nginx"]\nVOLUME /www\nEXPOSE 80\n', parse: ['(from "alpine:3.22")', '(cmd "/usr/sbin/nginx")', '(volume "/www")', '(expose "80")'] },
  { file: 'tf2', builds: true, text: 'FROM alpine:3.22\nRUN curl -fsSL http://x/a.tgz | tar vxz -C /s\n', parse: ['(from "alpine:3.22")', '(run "curl -fsSL http://x/a.tgz | tar vxz -C /s")'] },
  {
    file: 'trailing-backslash', builds: true, text: 'FROM alpine:3.22\nENV B another\\\\path\nENV C trailing\\\\\nENV D next\nENV E hello\\\n\\\nworld\nENV F hello\\\n \\\nworld\n',
    parse: ['(from "alpine:3.22")', '(env "B" "another\\\\\\\\path")', '(env "C" "trailing\\\\\\\\")', '(env "D" "next")', '(env "E" "helloworld")', '(env "F" "hello" "world")'],
  },
  { file: 'weechat', builds: true, text: 'FROM alpine:3.22\nCMD zsh -c weechat\n', parse: ['(from "alpine:3.22")', '(cmd "zsh -c weechat")'] },
  { file: 'znc', builds: true, text: 'FROM alpine:3.22\nCMD [ "/usr/bin/znc", "-f", "-r" ]\n', parse: ['(from "alpine:3.22")', '(cmd "/usr/bin/znc" "-f" "-r")'] },
  // testfiles-negative: BuildKit refuses each
  { file: 'negative/empty_dockerfile', builds: false, text: '' },
  { file: 'negative/env_no_value', builds: false, text: 'FROM alpine:3.22\n\nENV PATH\n' },
  { file: 'negative/only_comments', builds: false, text: '# Hello\n# only comments\n\n' },
  { file: 'negative/shykes-nested-json', builds: false, text: 'FROM alpine:3.22\nCMD [ "echo", [ "nested json" ] ]\n' },
];

describe('BuildKit parser test files as the oracle', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.builds ? 'builds' : 'refused'}${c.parse ? ', parsed as BuildKit parses it' : ''}`, () => {
      if (c.parse) assert.deepStrictEqual(dump(c.text), c.parse, c.text);
      const errors = builderErrors(c.text);
      if (c.builds) assert.deepStrictEqual(errors, [], c.text);
      else assert.ok(errors.length > 0, `no builder error for a file BuildKit refuses:\n${c.text}`);
    });
  }
});
