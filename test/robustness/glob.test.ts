import fc from 'fast-check';
import picomatch from 'picomatch';
import { compileGlob } from '../../src/util/glob.js';
import { ConfigurationError } from '../../src/util/errors.js';

/**
 * Policy globs run on RE2 (src/util/glob.ts): linear in the subject where picomatch's backtracking RegExp is
 * polynomial, and the same answers as picomatch on every subject without a `.`, `..` or empty segment.
 */

describe('policy globs', () => {
  test('many stars in one segment against a long name: prompt (picomatch takes polynomial time)', () => {
    const glob = `${'*a'.repeat(12)}*b`;
    const subject = 'a'.repeat(20_000);
    const started = performance.now();
    expect(compileGlob(glob)(subject)).toBe(false);
    expect(compileGlob(`**/${glob}`)(`x/${subject}`)).toBe(false);
    expect(compileGlob(glob)(`${subject}b`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('the same answers as picomatch (dot: true) on subjects without . / .. / empty segments', () => {
    const part = fc.constantFrom(
      'a',
      'b',
      'ab',
      '*',
      '?',
      '**',
      '{a,b}',
      '{a,b*}',
      '[ab]',
      '[!a]',
      '.',
      '-',
      '@1.',
      ':',
    );
    const glob = fc
      .array(fc.oneof(part, fc.constant('/')), { minLength: 1, maxLength: 7 })
      .map((parts) => parts.join(''));
    const segment = fc.stringMatching(/^[ab.\-:@1]{1,5}$/).filter((s) => s !== '.' && s !== '..');
    const subject = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/'));
    fc.assert(
      fc.property(glob, subject, (g, s) => {
        expect([g, s, compileGlob(g)(s)]).toEqual([g, s, picomatch(g, { dot: true })(s)]);
      }),
      { seed: 42, numRuns: 1000 },
    );
  });

  test('license names match case-insensitively; a leading ! negates', () => {
    expect(compileGlob('AGPL-*', { nocase: true })('agpl-3.0-only')).toBe(true);
    expect(compileGlob('!docker.io/**')('ghcr.io/a/b')).toBe(true);
    expect(compileGlob('!docker.io/**')('docker.io/library/alpine')).toBe(false);
  });

  test('a negation inside a glob (!(…)), which RE2 cannot run, is a ConfigurationError naming the glob and place', () => {
    expect(() => compileGlob('lib!(ssl)*', {}, { path: '.imagegate.yml', line: 7, column: 9 })).toThrow(
      new ConfigurationError(
        'the glob "lib!(ssl)*" uses a negation inside it (!(…)), which imagegate does not support; list what to match',
        { path: '.imagegate.yml', line: 7, column: 9 },
      ),
    );
  });
});
