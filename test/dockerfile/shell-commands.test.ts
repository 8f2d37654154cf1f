import { programIndex, shellPipelines } from '../../src/dockerfile/shell-commands.js';
import { runPipelines, shellScriptOf } from '../../src/dockerfile/run-scripts.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';

/** The shell reading behind the Dockerfile RUN rules: which commands run, how they are piped, in linear time. */

const commands = (script: string) =>
  shellPipelines(script).map((pipeline) => pipeline.map((command) => command.words.map((word) => word.value)));

describe('shellPipelines', () => {
  test('separators: ; && || & newline end a pipeline, | joins commands', () => {
    expect(commands('a 1; b && c || d & e\nf | g |& h')).toEqual([
      [['a', '1']],
      [['b']],
      [['c']],
      [['d']],
      [['e']],
      [['f'], ['g'], ['h']],
    ]);
  });

  test('quotes and escapes keep separators inside a word; escaped newlines join lines', () => {
    expect(commands(`echo "a | b; c" 'd && e' f\\;g \\\n  tail`)).toEqual([
      [['echo', 'a | b; c', 'd && e', 'f;g', 'tail']],
    ]);
  });

  test('comments, redirections and their targets are not words', () => {
    expect(commands('curl -o x url 2>/dev/null >>log </in 2>&1 # | sh\nnext')).toEqual([
      [['curl', '-o', 'x', 'url']],
      [['next']],
    ]);
  });

  test('$(…), backticks and <(…) stay whole inside their word, whatever they hold', () => {
    const command = shellPipelines('sh -c "$(curl -s x | head; echo)" `a | b` <(curl y)')[0]?.[0];
    expect(command?.words.map((word) => word.raw)).toEqual([
      'sh',
      '-c',
      '"$(curl -s x | head; echo)"',
      '`a | b`',
      '<(curl y)',
    ]);
  });

  test('a here-string is a word of its command, marked by its raw <<< prefix', () => {
    const command = shellPipelines('bash <<< "$(curl x)" && next')[0]?.[0];
    expect(command?.words.map((word) => [word.value, word.raw])).toEqual([
      ['bash', 'bash'],
      ['$(curl x)', '<<<"$(curl x)"'],
    ]);
  });

  test('heredoc bodies inside a script are data, not commands', () => {
    expect(commands('cat <<EOF > /f\ncurl x | sh\nEOF\nnext\ncat <<-"END"\n\tcurl | sh\n\tEND\nlast')).toEqual([
      [['cat']],
      [['next']],
      [['cat']],
      [['last']],
    ]);
  });

  test('subshells and groups: the commands inside are read', () => {
    expect(commands('(cd /x && make) | tee log; { a; b; }')).toEqual([
      [['cd', '/x']],
      [['make'], ['tee', 'log']],
      [['{', 'a']],
      [['b']],
      [['}']],
    ]);
  });

  test('unterminated quotes, substitutions and heredocs end at the end of the text', () => {
    expect(commands('echo "open')).toEqual([[['echo', 'open']]]);
    expect(commands('echo $(open')).toEqual([[['echo', '$(open']]]);
    expect(commands("echo 'open")).toEqual([[['echo', 'open']]]);
    expect(commands('cat <<EOF\nnever ends')).toEqual([[['cat']]]);
  });

  test.each([
    ['quotes', '"'.repeat(1_000_000)],
    ['substitutions', '$('.repeat(500_000)],
    ['heredoc markers', '<<A '.repeat(250_000)],
    ['escapes', '\\'.repeat(1_000_000)],
    ['separators', '|&;'.repeat(330_000)],
    ['backticks', '`'.repeat(1_000_000)],
  ])('1 MB of %s is read in linear time', (_name, text) => {
    const started = performance.now();
    shellPipelines(text);
    // Linear: about 0.1–0.5 s here; a quadratic reading of 1 MB would take minutes.
    expect(performance.now() - started).toBeLessThan(4000);
  });
});

describe('programIndex', () => {
  test.each([
    ['curl x', 0],
    ['A=1 B=2 curl x', 2],
    ['sudo -E -u root curl x', 4],
    ['env -i PATH=/bin curl x', 3],
    ['exec curl x', 1],
    ['then curl x', 1],
    ['A=1', 1],
  ])('%s → %d', (script, expected) => {
    const command = shellPipelines(script)[0]?.[0];
    expect(programIndex(command?.words ?? [])).toBe(expected);
  });
});

describe('run scripts', () => {
  test('shellScriptOf finds the -c script of a shell command line, not of other programs', () => {
    expect(shellScriptOf(['/bin/sh', '-c', 'a | b'])).toBe('a | b');
    expect(shellScriptOf(['bash', '-euxo', 'pipefail', '-c', 'x'])).toBeUndefined();
    expect(shellScriptOf(['bash', '-lc', 'x'])).toBe('x');
    expect(shellScriptOf(['sudo', 'sh', '-c', 'x'])).toBe('x');
    expect(shellScriptOf(['python3', '-c', 'x'])).toBeUndefined();
    expect(shellScriptOf(['sh', 'script.sh'])).toBeUndefined();
  });

  test('a RUN yields its shell form, exec-form script, heredocs run by a shell, and nested sh -c scripts', () => {
    const dockerfile = parseDockerfile(
      [
        'FROM alpine',
        'RUN a | b',
        'RUN ["sh", "-c", "c | d"]',
        'RUN <<EOF',
        'e | f',
        'EOF',
        "RUN sh -c 'g | h'",
        'RUN python3 <<EOF',
        'i | j',
        'EOF',
        '',
      ].join('\n'),
      { path: 'Dockerfile' },
    );
    const runs = dockerfile.instructions.filter((instruction) => instruction.keyword === 'RUN');
    const names = runs.map((instruction) =>
      runPipelines(instruction).map((pipeline) => pipeline.map((command) => command.words[0]?.value).join('|')),
    );
    expect(names).toEqual([['a|b'], ['c|d'], ['e|f'], ['sh', 'g|h'], ['python3']]);
  });
});
