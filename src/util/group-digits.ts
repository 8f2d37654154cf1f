/**
 * `1,204`: an integer with en-US digit grouping, as `toLocaleString('en-US')` writes it, without Intl. The first
 * Intl call of a process loads ICU's locale data (tens of milliseconds, measured in issue 17's profile of a layer
 * analysis), which a count in a summary line does not need. Anything but a safe integer still goes through Intl.
 */
export function groupDigits(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group},${grouped}`;
  }
  return value < 0 ? `-${grouped}` : grouped;
}
