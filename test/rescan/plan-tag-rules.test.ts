import { parseTagRules, selectTags, tagVersion, tryParseTagRule } from '../../src/policy/tag-rules.js';
import { ConfigurationError } from '../../src/util/errors.js';

/** Tag rules on a repository's tags, worked out by hand. */

const TAGS = [
  '1.0.0',
  'v1.0.1',
  '1.1.0',
  '1.1.5',
  '1.2.0-rc.1',
  '2.0.0',
  '2.0.1',
  '2.1.0',
  '2.1.3',
  'v2.1.3',
  '3.0.0-beta.2',
  'latest',
  '1.2',
  'stable',
  'dev-x',
  '20240501',
];

const pick = (...rules: string[]) => selectTags(TAGS, parseTagRules(rules));

describe('tag rules', () => {
  test('no rules: every tag, sorted, once', () => {
    expect(selectTags(['b', 'a', 'b'], [])).toEqual({ tags: ['a', 'b'], unmatched: [] });
  });

  test('only full versions are versions (with or without v); partial and date tags are not', () => {
    expect(tagVersion('v1.2.3')?.version).toBe('1.2.3');
    expect(tagVersion('1.2.3-rc.1')?.prerelease).toEqual(['rc', 1]);
    for (const tag of ['1.2', '1', 'latest', '20240501', 'V1.2.3', '1.2.3.4', 'x1.2.3']) {
      expect(tagVersion(tag)).toBeUndefined();
    }
  });

  test('semver ranges: prereleases only when the range names one', () => {
    expect(pick('semver:>=2.0.0').tags).toEqual(['2.0.0', '2.0.1', '2.1.0', '2.1.3', 'v2.1.3']);
    expect(pick('semver:^1.1').tags).toEqual(['1.1.0', '1.1.5']);
    expect(pick('semver:>=3.0.0-beta.0').tags).toEqual(['3.0.0-beta.2']);
    expect(pick('semver:1.0.x').tags).toEqual(['1.0.0', 'v1.0.1']);
  });

  test('latest N versions overall, per major and per minor; prereleases are not releases', () => {
    expect(pick('latest:2').tags).toEqual(['2.1.0', '2.1.3', 'v2.1.3']);
    expect(pick('latest:1/major').tags).toEqual(['1.1.5', '2.1.3', 'v2.1.3']);
    expect(pick('latest:1/minor').tags).toEqual(['1.1.5', '2.0.1', '2.1.3', 'v1.0.1', 'v2.1.3']);
    expect(pick('latest:2/minor').tags).toEqual([
      '1.0.0',
      '1.1.0',
      '1.1.5',
      '2.0.0',
      '2.0.1',
      '2.1.0',
      '2.1.3',
      'v1.0.1',
      'v2.1.3',
    ]);
    expect(pick('latest:100').tags).toHaveLength(9);
  });

  test('regex is anchored; exact tags; several rules are a union', () => {
    expect(pick('regex:dev-.*').tags).toEqual(['dev-x']);
    expect(pick('regex:dev').tags).toEqual([]);
    expect(pick('regex:v?2\\.1\\..*').tags).toEqual(['2.1.0', '2.1.3', 'v2.1.3']);
    expect(pick('1.2').tags).toEqual(['1.2']);
    expect(pick('stable', 'latest', 'latest:1').tags).toEqual(['2.1.3', 'latest', 'stable', 'v2.1.3']);
  });

  test('a rule that selects nothing is reported back, the others still select', () => {
    const selection = pick('stable', 'regex:release-.*', 'semver:>=9', 'nightly');
    expect(selection.tags).toEqual(['stable']);
    expect(selection.unmatched.map((rule) => rule.text)).toEqual(['regex:release-.*', 'semver:>=9', 'nightly']);
  });

  test.each([
    ['regex:(', /not a valid regular expression/],
    ['regex:', /expected a regular expression/],
    ['semver:', /is not a semver range/],
    ['semver:two', /'two' is not a semver range/],
    ['latest:0', /N ≥ 1/],
    ['latest:x', /expected latest:<N>/],
    ['latest:2/patch', /expected latest:<N>/],
    ['semvar:>=1', /expected semver:<range>, latest:<N>\[\/major\|\/minor\], regex:<re> or a tag/],
    ['has space', /or a tag/],
    ['.hidden', /or a tag/],
    ['x'.repeat(129), /at most 128/],
    [
      'regex:(a)\\1',
      /not a valid regular expression \(RE2 syntax: no back-references or look-around\): invalid escape/,
    ],
    ['regex:dev(?=-x)', /not a valid regular expression .*unsupported Perl syntax/],
    ['regex:(?<!v)1', /not a valid regular expression/],
    [`regex:${'a|'.repeat(512)}b`, /at most 1024 characters/],
  ])('%s is not a rule', (text, message) => {
    const parsed = tryParseTagRule(text);
    expect('problem' in parsed && parsed.problem).toMatch(message);
    expect(() => parseTagRules(['stable', text])).toThrow(ConfigurationError);
    expect(() => parseTagRules([text])).toThrow(`--tags '${text}': `);
  });

  test('a regex rule runs in time linear in the tag: (a+)+ on aaaa…ab is prompt (RE2, not backtracking)', () => {
    const evil = `${'a'.repeat(126)}b`;
    const started = performance.now();
    expect(selectTags([evil, 'aaa'], parseTagRules(['regex:(a+)+'])).tags).toEqual(['aaa']);
    expect(selectTags([evil], parseTagRules(['regex:(a|aa)+b'])).tags).toEqual([evil]);
    expect(selectTags([evil, 'x-1'], parseTagRules(['regex:(a*)*[^b]'])).tags).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('a regex rule names whole tags', () => {
    expect(pick('regex:lat|sta').tags).toEqual([]);
    expect(pick('regex:latest|stable').tags).toEqual(['latest', 'stable']);
  });
});
