import { nounFor, plural, pluralOf, singularOf } from '../../src/util/plural.js';
import { formatBytes, formatPercent } from '../../src/util/units.js';
import { elideMiddle } from '../../src/util/markdown-escape.js';

test('counted nouns: singular for exactly one, plural otherwise, grouped thousands', () => {
  expect(plural(1, 'layer')).toBe('1 layer');
  expect(plural(2, 'layer')).toBe('2 layers');
  expect(plural(0, 'service')).toBe('0 services');
  expect(plural(1, 'vulnerability')).toBe('1 vulnerability');
  expect(plural(2, 'vulnerability')).toBe('2 vulnerabilities');
  expect(plural(2, 'copy')).toBe('2 copies');
  expect(plural(2, 'day')).toBe('2 days');
  expect(plural(2, 'patch')).toBe('2 patches');
  expect(plural(1204, 'finding')).toBe('1,204 findings');
  expect(plural(1, 'history entry', 'history entries')).toBe('1 history entry');
  expect(nounFor(3, 'mount')).toBe('mounts');
  expect(pluralOf('new finding')).toBe('new findings');
  expect(['findings', 'vulnerabilities', 'licenses', 'secrets', 'layers', 'patches'].map(singularOf)).toEqual([
    'finding',
    'vulnerability',
    'license',
    'secret',
    'layer',
    'patch',
  ]);
});

test('sizes: decimal units, three significant digits, never "1000 kB"', () => {
  expect(formatBytes(999)).toBe('999 B');
  expect(formatBytes(1000)).toBe('1.00 kB');
  expect(formatBytes(999_499)).toBe('999 kB');
  expect(formatBytes(999_999)).toBe('1.00 MB');
  expect(formatBytes(9_996_000)).toBe('10.0 MB');
  expect(formatBytes(33_400_000)).toBe('33.4 MB');
  expect(formatBytes(10_000_000)).toBe('10.0 MB');
  expect(formatBytes(10 * 2 ** 20)).toBe('10.5 MB');
  expect(formatBytes(1_500_000_000)).toBe('1.50 GB');
});

test('percentages: one decimal, never rounded up to a budget', () => {
  expect(formatPercent(0.57)).toBe('57.0%');
  expect(formatPercent(0.8499)).toBe('84.9%');
  expect(formatPercent(0.9999)).toBe('99.9%');
  expect(formatPercent(1)).toBe('100.0%');
});

test('long tokens lose their middle, both ends kept, at most max code points', () => {
  expect(elideMiddle('short', 10)).toBe('short');
  expect(elideMiddle('ghcr.io/acme/a-very-long-name/api:1.2.3', 20)).toBe('ghcr.io/ac…api:1.2.3');
  expect([...elideMiddle('x'.repeat(500), 48)]).toHaveLength(48);
  expect(elideMiddle('😀'.repeat(10), 5)).toBe('😀😀…😀😀');
});
