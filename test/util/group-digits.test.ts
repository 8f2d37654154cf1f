import { groupDigits } from '../../src/util/group-digits.js';

test('groups digits exactly as toLocaleString("en-US") does, without Intl for integers', () => {
  const values = [0, 1, 7, 12, 999, 1_000, 1_204, 12_345, 999_999, 1_000_000, 123_456_789, Number.MAX_SAFE_INTEGER];
  for (const value of [...values, ...values.map((v) => -v), -0, 1.5, 1234.5678, Number.NaN, Infinity, 2 ** 60]) {
    expect(groupDigits(value)).toBe(value.toLocaleString('en-US'));
  }
  for (let value = 1; value < 1e15; value = value * 7 + 3)
    expect(groupDigits(value)).toBe(value.toLocaleString('en-US'));
});
