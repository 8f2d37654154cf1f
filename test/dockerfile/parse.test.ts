import { parseDockerfile } from '../../src/dockerfile/parse.js';
import type { Dockerfile, Instruction } from '../../src/dockerfile/types.js';
import { ConfigurationError } from '../../src/util/errors.js';

const parse = (text: string, buildArgs: Record<string, string> = {}): Dockerfile =>
  parseDockerfile(text, { path: 'app/Dockerfile', buildArgs });

/** The instruction with `keyword` (nth occurrence), failing loudly when absent. */
function find(df: Dockerfile, keyword: string, nth = 0): Instruction {
  const found = df.instructions.filter((i) => i.keyword === keyword)[nth];
  if (!found) throw new Error(`no ${keyword} #${nth}`);
  return found;
}

function parseError(text: string, buildArgs: Record<string, string> = {}): ConfigurationError {
  try {
    parse(text, buildArgs);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('instructions, lines and columns', () => {
  test('keywords are case-insensitive and every instruction has its line, column and end line', () => {
    const df = parse('from scratch\n\n  Run echo hi\ncopy a /b\n');
    expect(df.instructions.map((i) => [i.keyword, i.line, i.column, i.endLine])).toEqual([
      ['FROM', 1, 1, 1],
      ['RUN', 3, 3, 3],
      ['COPY', 4, 1, 4],
    ]);
    expect(find(df, 'RUN')).toMatchObject({ args: 'echo hi', body: 'echo hi', flags: {}, heredocs: [], stageIndex: 0 });
  });

  test('comments, indented comments and blank lines are skipped; a # inside arguments is kept', () => {
    const df = parse('# leading comment\n\nFROM scratch\n   # indented comment\nRUN echo # not a comment\n');
    expect(df.instructions).toHaveLength(2);
    expect(find(df, 'RUN')).toMatchObject({ line: 5, body: 'echo # not a comment' });
  });

  test('CRLF line endings and a byte-order mark are accepted', () => {
    const df = parse('\uFEFFFROM scratch\r\nRUN a \\\r\n  b\r\nUSER 1\r\n');
    expect(find(df, 'RUN')).toMatchObject({ body: 'a   b', line: 2, endLine: 3 });
    expect(find(df, 'USER')).toMatchObject({ body: '1', line: 4 });
  });

  test('stages collect the instructions after their FROM', () => {
    const df = parse('ARG V=1\nFROM scratch AS one\nUSER 1\nFROM scratch\nUSER 2\nUSER 3\n');
    expect(df.stages.map((s) => [s.index, s.name, s.from.line, s.instructions.map((i) => i.body)])).toEqual([
      [0, 'one', 2, ['1']],
      [1, undefined, 4, ['2', '3']],
    ]);
    expect(df.instructions.map((i) => i.stageIndex)).toEqual([undefined, 0, 0, 1, 1, 1]);
  });
});

describe('line continuations', () => {
  test('continuation lines are joined with their indentation kept; endLine is the last line', () => {
    const df = parse('FROM scratch\nRUN set -eux; \\\n\tapk add curl \\\n    && echo done\nUSER 1\n');
    expect(find(df, 'RUN')).toMatchObject({ body: 'set -eux; \tapk add curl     && echo done', line: 2, endLine: 4 });
    expect(find(df, 'USER').line).toBe(5);
  });

  test('comment lines and empty lines inside a continuation are dropped', () => {
    const df = parse('FROM scratch\nRUN a \\\n# a comment\n\n   # indented comment \\\n  b\nUSER 1\n');
    expect(find(df, 'RUN')).toMatchObject({ body: 'a   b', endLine: 6 });
  });

  test('blanks after the escape character still continue the line', () => {
    const df = parse('FROM scratch\nRUN a \\   \n b\n');
    expect(find(df, 'RUN')).toMatchObject({ body: 'a  b', endLine: 3 });
  });

  test('a continuation at the end of the file ends the instruction', () => {
    expect(find(parse('FROM scratch\nRUN a \\\n'), 'RUN')).toMatchObject({ body: 'a', endLine: 2 });
  });

  test('the keyword and FROM image may come after a continuation', () => {
    const df = parse('FROM \\\n  scratch \\\n  AS base\n');
    expect(df.stages[0]).toMatchObject({ name: 'base', from: { image: 'scratch', line: 1, column: 1 } });
    expect(find(df, 'FROM').endLine).toBe(3);
  });

  test('an escape character written twice at the end of a line is a literal and ends the line (BuildKit)', () => {
    const df = parse('FROM scratch\nENV C trailing\\\\backslash\\\\\nENV D next\n');
    expect(find(df, 'ENV', 0)).toMatchObject({ args: 'C trailing\\\\backslash\\\\', line: 2, endLine: 2 });
    expect(find(df, 'ENV', 1)).toMatchObject({ args: 'D next', line: 3 });
    // Blanks after the doubled escape change nothing.
    expect(find(parse('FROM scratch\nENV C a\\\\  \t\nUSER 1\n'), 'USER').line).toBe(3);
  });

  test('two backticks at the end of a line are a literal under `# escape=`` ', () => {
    const df = parse('# escape=`\nFROM scratch\nCOPY a C:\\dir``\nUSER 1\nRUN a `\n b\n');
    expect(find(df, 'COPY')).toMatchObject({ body: 'a C:\\dir``', line: 3, endLine: 3 });
    expect(find(df, 'USER').line).toBe(4);
    expect(find(df, 'RUN')).toMatchObject({ body: 'a  b', endLine: 6 });
  });

  test('an escape character alone on a line continues it; three at the end are literal too, as in BuildKit', () => {
    expect(find(parse('FROM scratch\nENV E hello\\\n\\\nworld\n'), 'ENV')).toMatchObject({
      args: 'E helloworld',
      endLine: 4,
    });
    // BuildKit's pattern looks at the character before the last escape only, so `\\\` ends the line as well.
    expect(find(parse('FROM scratch\nRUN a \\\\\\\nUSER 1\n'), 'USER').line).toBe(3);
  });

  test('a 1 MB line of escape characters and blanks parses in linear time', () => {
    const long = `${'\\ \t'.repeat(350_000)}x`;
    const started = performance.now();
    const df = parse(`FROM scratch\nRUN ${long}\nRUN a ${'\\'.repeat(1_000_000)}\nUSER 1\n`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(find(df, 'USER').line).toBe(4);
  });
});

describe('parser directives', () => {
  test('syntax, escape and check are read from the top', () => {
    const df = parse('# syntax=docker/dockerfile:1.7\n#  escape = `\n# check=skip=all\nFROM scratch\n');
    expect(df.directives).toEqual({ syntax: 'docker/dockerfile:1.7', escape: '`', check: 'skip=all' });
    expect(df.escapeChar).toBe('`');
  });

  test('with escape=` a backtick continues lines and a backslash is an ordinary character', () => {
    const df = parse('# escape=`\nFROM scratch\nCOPY testfile.txt c:\\ `\n  c:\\dest\\\nUSER 1\n');
    expect(find(df, 'COPY')).toMatchObject({ body: 'testfile.txt c:\\   c:\\dest\\', line: 3, endLine: 4 });
    expect(find(df, 'USER').line).toBe(5);
  });

  test('a directive after a comment, a blank line or an unknown directive is only a comment', () => {
    expect(parse('# hello\n# escape=`\nFROM scratch\n').escapeChar).toBe('\\');
    expect(parse('\n# escape=`\nFROM scratch\n').escapeChar).toBe('\\');
    expect(parse('# unknown=1\n# escape=`\nFROM scratch\n').directives).toEqual({});
    expect(parse('FROM scratch\n# escape=`\n').directives).toEqual({});
  });

  test('an invalid escape value is an error at its position', () => {
    const error = parseError('# escape=x\nFROM scratch\n');
    expect(error.message).toBe(
      'app/Dockerfile:1:10: invalid escape directive "x": expected \\ or ` (backslash or backtick)',
    );
    expect(error.position).toEqual({ path: 'app/Dockerfile', line: 1, column: 10 });
  });

  test('a repeated directive is an error', () => {
    expect(parseError('# escape=`\n# escape=\\\nFROM scratch\n').message).toBe(
      'app/Dockerfile:2:1: only one "escape" parser directive can be used',
    );
  });
});

describe('flags', () => {
  test('flags are parsed off the front of the arguments; repeated ones are all kept', () => {
    const df = parse(
      'FROM scratch\nRUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=npm --network=none make\n' +
        'COPY --from=build --chown=1000:1000 --chmod=755 --link /out /app\n',
    );
    const run = find(df, 'RUN');
    expect(run.flags).toEqual({ mount: 'type=secret,id=npm', network: 'none' });
    expect(run.flagList).toEqual([
      { name: 'mount', value: 'type=cache,target=/root/.cache' },
      { name: 'mount', value: 'type=secret,id=npm' },
      { name: 'network', value: 'none' },
    ]);
    expect(run.body).toBe('make');
    expect(run.args).toBe('--mount=type=cache,target=/root/.cache --mount=type=secret,id=npm --network=none make');
    const copy = find(df, 'COPY');
    expect(copy.flags).toEqual({ from: 'build', chown: '1000:1000', chmod: '755', link: '' });
    expect(copy.flagList.at(-1)).toEqual({ name: 'link' });
    expect(copy.body).toBe('/out /app');
  });

  test('quoted flag values lose their quotes; a lone -- ends the flags', () => {
    const df = parse('FROM scratch\nRUN --mount="type=bind,target=/a b" -- --not-a-flag\n');
    expect(find(df, 'RUN')).toMatchObject({ flags: { mount: 'type=bind,target=/a b' }, body: '--not-a-flag' });
  });

  test('flags may sit on continuation lines', () => {
    const df = parse('FROM scratch\nCOPY \\\n  --from=build \\\n  /a /b\n');
    expect(find(df, 'COPY')).toMatchObject({ flags: { from: 'build' }, body: '/a /b', endLine: 4 });
  });
});

describe('exec (JSON) form', () => {
  test('a JSON array is the exec form', () => {
    const df = parse('FROM scratch\nRUN ["/bin/busybox", "--install", "-s"]\nCMD [ "serve" ]\nENTRYPOINT ["/app"]\n');
    expect(find(df, 'RUN').execForm).toEqual(['/bin/busybox', '--install', '-s']);
    expect(find(df, 'CMD').execForm).toEqual(['serve']);
    expect(find(df, 'ENTRYPOINT').execForm).toEqual(['/app']);
  });

  test('JSON-looking text that is not a JSON array of strings is shell form, not an error', () => {
    const df = parse('FROM scratch\nRUN ["a", ]\nCMD [1, 2]\nCMD [\'single\']\nRUN [ -f /x ] && echo y\n');
    expect(df.instructions.slice(1).map((i) => i.execForm)).toEqual([undefined, undefined, undefined, undefined]);
    expect(find(df, 'RUN', 1).body).toBe('[ -f /x ] && echo y');
  });

  test('ENV and LABEL never have an exec form', () => {
    expect(find(parse('FROM scratch\nLABEL ["a"]\n'), 'LABEL').execForm).toBeUndefined();
  });
});

describe('heredocs', () => {
  test('a RUN heredoc keeps its body out of the arguments and moves endLine past the terminator', () => {
    const df = parse('FROM scratch\nRUN <<EOF\necho hi\nFROM not-an-instruction\nEOF\nUSER 1\n');
    const run = find(df, 'RUN');
    expect(run).toMatchObject({ body: '<<EOF', heredocs: ['echo hi\nFROM not-an-instruction\n'], line: 2, endLine: 5 });
    expect(df.stages).toHaveLength(1);
    expect(find(df, 'USER').line).toBe(6);
  });

  test('several heredocs on one COPY line are read in order, with quoted and chomped delimiters', () => {
    const df = parse(
      'FROM scratch\nCOPY <<one <<"two" <<-\'three\' /dst/\nfirst\none\nsecond $X\ntwo\n\tthird\n\tthree\nUSER 1\n',
    );
    expect(find(df, 'COPY')).toMatchObject({
      body: '<<one <<"two" <<-\'three\' /dst/',
      heredocs: ['first\n', 'second $X\n', '\tthird\n'],
      endLine: 8,
    });
    expect(find(df, 'USER').line).toBe(9);
  });

  test('heredoc with a command after the marker and a file descriptor prefix', () => {
    const df = parse('FROM scratch\nRUN 3<<EOF cat /dev/fd/3 > /x\nbody\nEOF\n');
    expect(find(df, 'RUN')).toMatchObject({ heredocs: ['body\n'], endLine: 4 });
  });

  test('a line continuation before the heredoc body', () => {
    const df = parse('FROM scratch\nRUN --mount=type=cache,target=/c \\\n  <<EOF\nmake\nEOF\n');
    expect(find(df, 'RUN')).toMatchObject({ body: '<<EOF', flags: { mount: 'type=cache,target=/c' }, endLine: 5 });
  });

  test('only RUN, COPY and ADD take heredocs; a here-string is not one', () => {
    const df = parse('FROM scratch\nENV A=<<EOF\nRUN cat <<<word\nUSER 1\n');
    expect(find(df, 'ENV').heredocs).toEqual([]);
    expect(find(df, 'RUN').heredocs).toEqual([]);
    expect(find(df, 'USER').line).toBe(4);
  });

  test('ONBUILD RUN, COPY and ADD take heredocs too (BuildKit unwraps ONBUILD first); ONBUILD ENV does not', () => {
    const df = parse('FROM scratch\nonbuild run <<EOF\nFROM alpine\nEOF\nONBUILD ENV A=<<EOF\nUSER 1\n');
    expect(find(df, 'ONBUILD')).toMatchObject({ body: 'run <<EOF', heredocs: ['FROM alpine\n'], line: 2, endLine: 4 });
    expect(df.stages).toHaveLength(1);
    expect(find(df, 'USER').line).toBe(6);
  });

  test('an unterminated heredoc is an error naming the marker and its position', () => {
    const error = parseError('FROM scratch\nRUN echo a && cat <<EOF\nline\n');
    expect(error.message).toBe(
      'app/Dockerfile:2:19: unterminated heredoc <<EOF: expected a line "EOF" before the end of the file',
    );
    expect(parseError('FROM scratch\nCOPY <<-END /x\n\tbody\n END\n').position).toMatchObject({ line: 2, column: 6 });
  });
});

describe('FROM', () => {
  test('platform, alias (lower-cased), scratch and references to earlier stages', () => {
    const df = parse(
      'FROM --platform=linux/arm64 golang:1.22 AS Build\nFROM scratch as out\nFROM BUILD\nFROM 0\nFROM later\nFROM alpine AS later\n',
    );
    expect(df.stages.map((s) => [s.name, s.from.image, s.from.stageRef, s.from.isScratch, s.from.platform])).toEqual([
      ['build', 'golang:1.22', undefined, false, 'linux/arm64'],
      ['out', 'scratch', undefined, true, undefined],
      [undefined, 'BUILD', 0, false, undefined],
      [undefined, '0', undefined, false, undefined],
      [undefined, 'later', undefined, false, undefined],
      ['later', 'alpine', undefined, false, undefined],
    ]);
  });

  test('the stage FROM mirrors the instruction position', () => {
    const df = parse('ARG X\n\n   FROM scratch\n');
    expect(df.stages[0]?.from).toMatchObject({ line: 3, column: 4, rawImage: 'scratch', unresolved: [] });
  });
});

describe('ARG substitution in FROM', () => {
  test('global ARG defaults, overridden by build args', () => {
    const text = 'ARG REGISTRY=docker.io\nARG TAG=3.20\nFROM ${REGISTRY}/library/alpine:$TAG\n';
    expect(parse(text).stages[0]?.from).toMatchObject({
      rawImage: '${REGISTRY}/library/alpine:$TAG',
      image: 'docker.io/library/alpine:3.20',
      unresolved: [],
    });
    expect(parse(text, { TAG: '3.21' }).stages[0]?.from.image).toBe('docker.io/library/alpine:3.21');
    const df = parse(text, { TAG: '3.21' });
    expect(df.globalArgs).toEqual([
      { name: 'REGISTRY', defaultValue: 'docker.io', value: 'docker.io', line: 1, column: 5 },
      { name: 'TAG', defaultValue: '3.20', value: '3.21', line: 2, column: 5 },
    ]);
  });

  test.each([
    ['${UNSET:-alpine}', 'alpine', []],
    ['${EMPTY:-alpine}', 'alpine', []],
    ['${EMPTY-alpine}x', 'x', []],
    ['${UNSET-alpine}', 'alpine', []],
    ['${SET:-other}', 'debian', []],
    ['alpine${SET:+-extra}', 'alpine-extra', []],
    ['alpine${EMPTY:+-extra}', 'alpine', []],
    ['alpine${EMPTY+-extra}', 'alpine-extra', []],
    ['alpine${UNSET+-extra}', 'alpine', []],
    ['${UNSET:-${SET}}:1', 'debian:1', []],
    ['${SET}:${UNSET}', 'debian:${UNSET}', ['UNSET']],
    ['$SET:$UNSET', 'debian:$UNSET', ['UNSET']],
    ['${UNSET:?required}', '${UNSET:?required}', ['UNSET']],
    ['${SET:?required}', 'debian', []],
    ['${SET#deb}', '${SET#deb}', ['SET']],
    ['"$SET":1', 'debian:1', []],
    ["'$SET':1", '$SET:1', []],
    ['\\$SET', '$SET', []],
    ['$', '$', []],
  ])('FROM %s → %s', (expression, image, unresolved) => {
    const df = parse(`ARG SET=debian\nARG EMPTY=\nFROM ${expression}\n`);
    expect(df.stages[0]?.from.image).toBe(image);
    expect(df.stages[0]?.from.unresolved).toEqual(unresolved);
  });

  test('with escape=` the backtick escapes $', () => {
    const df = parse('# escape=`\nARG A=x\nFROM `$A$A\n');
    expect(df.stages[0]?.from.image).toBe('$Ax');
  });

  test('only global ARGs apply to FROM: stage ARGs and undeclared build args do not', () => {
    const df = parse('ARG A=1\nFROM img:$A\nARG B=2\nFROM img:$B\n', { B: 'from-cli', C: '3' });
    expect(df.stages.map((s) => [s.from.image, s.from.unresolved])).toEqual([
      ['img:1', []],
      ['img:$B', ['B']],
    ]);
  });

  test('a declared ARG without a default stays unresolved unless a build arg gives it', () => {
    expect(parse('ARG BASE\nFROM $BASE\n').stages[0]?.from).toMatchObject({ image: '$BASE', unresolved: ['BASE'] });
    expect(parse('ARG BASE\nFROM $BASE\n', { BASE: 'alpine' }).stages[0]?.from.image).toBe('alpine');
    expect(parse('ARG BASE\nFROM $BASE\n').globalArgs[0]).toEqual({ name: 'BASE', line: 1, column: 5 });
  });

  test('predefined platform ARGs stay as written unless a build arg gives them', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22-${TARGETARCH:-amd64}\n';
    expect(parse(text).stages[0]?.from).toMatchObject({
      image: 'golang:1.22-${TARGETARCH:-amd64}',
      unresolved: ['TARGETARCH'],
      platform: '$BUILDPLATFORM',
    });
    expect(parse(text, { TARGETARCH: 'arm64', BUILDPLATFORM: 'linux/amd64' }).stages[0]?.from).toMatchObject({
      image: 'golang:1.22-arm64',
      unresolved: [],
      platform: 'linux/amd64',
    });
    expect(parse('ARG TARGETOS\nFROM img:$TARGETOS\n').stages[0]?.from.unresolved).toEqual(['TARGETOS']);
  });

  test('ARG defaults may use earlier ARGs; several ARGs and quotes on one line', () => {
    const df = parse('ARG A=alpine B="${A}:3.20" C\nFROM $B\n');
    expect(df.globalArgs.map((a) => [a.name, a.defaultValue, a.value, a.column])).toEqual([
      ['A', 'alpine', 'alpine', 5],
      ['B', '"${A}:3.20"', 'alpine:3.20', 14],
      ['C', undefined, undefined, 28],
    ]);
    expect(df.stages[0]?.from.image).toBe('alpine:3.20');
  });

  test('an unresolved name inside an ARG default is reported by the FROM that uses it', () => {
    expect(parse('ARG V\nARG IMG=app:$V\nFROM $IMG\n').stages[0]?.from).toMatchObject({
      image: 'app:$V',
      unresolved: ['V'],
    });
  });

  test('a build arg is taken as is, not expanded again', () => {
    expect(parse('ARG IMG\nFROM $IMG\n', { IMG: 'a$b' }).stages[0]?.from.image).toBe('a$b');
  });
});

describe('errors', () => {
  test.each([
    ['', 'app/Dockerfile:1:1: the Dockerfile has no instructions: expected at least one FROM'],
    ['# only a comment\n\n', 'app/Dockerfile:1:1: the Dockerfile has no instructions: expected at least one FROM'],
    [
      'ARG A=1\nARG B=2\n',
      'app/Dockerfile:2:1: the Dockerfile has no FROM instruction: expected "FROM <image>" after the global ARGs',
    ],
    [
      'ARG A\nRUN echo\nFROM scratch\n',
      'app/Dockerfile:2:1: RUN before the first FROM: expected FROM (only ARG may come before it)',
    ],
    [
      'FROM\n',
      'app/Dockerfile:1:1: FROM without an image: expected "FROM [--platform=<platform>] <image> [AS <name>]"',
    ],
    [
      'FROM --platform=linux/amd64\n',
      'app/Dockerfile:1:1: FROM without an image: expected "FROM [--platform=<platform>] <image> [AS <name>]"',
    ],
    [
      'FROM alpine AS\n',
      'app/Dockerfile:1:13: "AS" without a stage name: expected "FROM [--platform=<platform>] <image> [AS <name>]"',
    ],
    [
      'FROM alpine base\n',
      'app/Dockerfile:1:13: unexpected "base" after the image: expected "FROM [--platform=<platform>] <image> [AS <name>]"',
    ],
    [
      'FROM alpine AS a b\n',
      'app/Dockerfile:1:18: unexpected "b" after the stage name: expected "FROM [--platform=<platform>] <image> [AS <name>]"',
    ],
    [
      'FROM alpine AS 1st\n',
      'app/Dockerfile:1:16: invalid stage name "1st": expected a letter followed by letters, digits, "-", "_" or "."',
    ],
    [
      'FROM alpine AS build\nRUN x\nFROM \\\n  debian AS BUILD\n',
      'app/Dockerfile:4:13: duplicate stage name "build": already used by the stage on line 1',
    ],
    [
      'ARG EMPTY=""\nFROM $EMPTY\n',
      'app/Dockerfile:2:6: the image "$EMPTY" is empty after ARG substitution: expected an image name',
    ],
  ])('%j', (text, message) => {
    const error = parseError(text);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(message);
  });

  test.each([
    ['RUNN', 'RUN'],
    ['WORKIDR', 'WORKDIR'],
    ['entrypont', 'ENTRYPOINT'],
    ['COPPY', 'COPY'],
  ])('unknown instruction %s suggests %s', (typo, suggestion) => {
    const error = parseError(`FROM scratch\n  ${typo} x\n`);
    expect(error.message).toContain(`app/Dockerfile:2:3: unknown instruction "${typo}" (did you mean ${suggestion}?)`);
    expect(error.message).toContain('expected one of ADD, ARG, CMD, COPY');
  });

  test('an unknown instruction far from every keyword has no suggestion', () => {
    const error = parseError('FROM scratch\nRUN <<EOF\nok\nEOF\necho oops\n');
    expect(error.message).toMatch(/^app\/Dockerfile:5:1: unknown instruction "echo": expected one of /);
    expect(error.message).not.toContain('did you mean');
  });
});
