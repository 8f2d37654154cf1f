import { parseDotenv } from '../../../src/compose/loader/dotenv.js';
import { ConfigurationError } from '../../../src/util/errors.js';

const parse = (text: string, environment: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(parseDotenv(text, '.env', (name) => environment[name]).values);

describe('.env files in compose syntax', () => {
  it('reads plain, exported, yaml-style, quoted and inherited variables, skipping comments', () => {
    const text = [
      '# a comment',
      'PLAIN=value # inline comment',
      'HASH=a#b',
      'export EXPORTED=yes',
      'YAML: style',
      "SINGLE='${NOT} \\n kept'",
      'DOUBLE="line\\nbreak \\"quoted\\""',
      'MULTI="one',
      'two"',
      'SPACED =  padded  ',
      'INHERITED',
      'EMPTY=',
      '',
    ].join('\n');
    expect(parse(text, { INHERITED: 'from-env' })).toEqual({
      PLAIN: 'value',
      HASH: 'a#b',
      EXPORTED: 'yes',
      YAML: 'style',
      SINGLE: '${NOT} \\n kept',
      DOUBLE: 'line\nbreak "quoted"',
      MULTI: 'one\ntwo',
      SPACED: 'padded',
      INHERITED: 'from-env',
      EMPTY: '',
    });
  });

  it('interpolates unquoted and double-quoted values: the environment first, then earlier lines', () => {
    const text = 'BASE=/srv\nDATA=${BASE}/data\nQUOTED="$BASE/q"\nDEFAULTED=${MISSING:-fallback}\nESCAPED="\\$BASE"\n';
    expect(parse(text, { BASE: '/env' })).toEqual({
      BASE: '/srv',
      DATA: '/env/data',
      QUOTED: '/env/q',
      DEFAULTED: 'fallback',
      ESCAPED: '$BASE',
    });
    expect(parse(text)).toMatchObject({ DATA: '/srv/data' });
  });

  it('reports errors with the line', () => {
    const failure = (text: string): string => {
      try {
        parseDotenv(text, '.env', () => undefined);
      } catch (error) {
        if (error instanceof ConfigurationError) return error.message;
      }
      return 'no error';
    };
    expect(failure('A=1\nB C=2\n')).toBe('.env:2: a variable name cannot contain a space');
    expect(failure('A=1\nB="open\n')).toBe('.env:2: unterminated quoted value (opened with ", never closed)');
    expect(failure('A=1\nB$=2\n')).toBe('.env:2: unexpected character "$" in variable name "B$=2"');
    expect(failure('A=${REQUIRED:?needed}\n')).toBe('.env:1: required variable REQUIRED is missing a value: needed');
  });
});
