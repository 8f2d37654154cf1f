/**
 * Package versions compared well enough to pick "the version that fixes them all" from a scanner's fixed versions:
 * dpkg, apk, rpm and semver-like strings. An epoch (`1:`) is compared first, as a number; the rest is read as runs
 * of digits (compared as numbers) and of other characters (compared character by character, letters before other
 * characters, `~` before everything, even the end), which is dpkg's order and agrees with apk's and rpm's on the
 * versions scanners report (`1.1.1k-r0` < `1.1.1w-r0`, `1.1.0k-1~deb9u1` < `1.1.0k-1`, `7.61.1-9.amzn2` <
 * `7.61.1-11.amzn2`). Linear in the input, no regular expression whose cost the input controls.
 */

/** Negative when `a` is older than `b`, positive when newer, 0 when equal. */
export function compareVersions(a: string, b: string): number {
  const [epochA, restA] = splitEpoch(a.trim());
  const [epochB, restB] = splitEpoch(b.trim());
  if (epochA !== epochB) return epochA < epochB ? -1 : 1;
  return compareRest(withoutV(restA), withoutV(restB));
}

/**
 * The version a package must be upgraded to for one advisory: the smallest of the fixed versions the scanner
 * lists (Trivy joins several with `, `, language advisories write `>= 2.1.3`, `< 3.0.0` bounds are not fixes) that
 * is newer than the installed one; undefined when none is.
 */
export function fixVersionFor(installed: string, fixedVersions: string | undefined): string | undefined {
  if (!fixedVersions) return undefined;
  let best: string | undefined;
  for (const raw of fixedVersions.split(',')) {
    const candidate = fixCandidate(raw);
    if (candidate === undefined) continue;
    if (installed !== '' && compareVersions(candidate, installed) <= 0) continue;
    if (best === undefined || compareVersions(candidate, best) < 0) best = candidate;
  }
  return best;
}

/** The highest of some versions (undefined for none). */
export function highestVersion(versions: Iterable<string>): string | undefined {
  let highest: string | undefined;
  for (const version of versions) {
    if (highest === undefined || compareVersions(version, highest) > 0) highest = version;
  }
  return highest;
}

/** `>= 2.1.3` → `2.1.3`, `2.1.3` → itself; upper bounds (`< 3.0.0`, `<= 3`) and empty parts → undefined. */
function fixCandidate(raw: string): string | undefined {
  let text = raw.trim();
  if (text.startsWith('<')) return undefined;
  if (text.startsWith('>=')) text = text.slice(2).trim();
  else if (text.startsWith('=')) text = text.slice(1).trim();
  return text === '' ? undefined : text;
}

function splitEpoch(version: string): [number, string] {
  const colon = version.indexOf(':');
  if (colon > 0) {
    const epoch = version.slice(0, colon);
    if (isAllDigits(epoch)) return [Number(epoch), version.slice(colon + 1)];
  }
  return [0, version];
}

function withoutV(version: string): string {
  return (version.startsWith('v') || version.startsWith('V')) && isDigit(version.charCodeAt(1))
    ? version.slice(1)
    : version;
}

/** dpkg's verrevcmp over the whole string. */
function compareRest(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // The non-digit run.
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const orderA = i < a.length && !isDigit(a.charCodeAt(i)) ? order(a.charCodeAt(i)) : 0;
      const orderB = j < b.length && !isDigit(b.charCodeAt(j)) ? order(b.charCodeAt(j)) : 0;
      if (orderA !== orderB) return orderA < orderB ? -1 : 1;
      i += 1;
      j += 1;
    }
    // The digit run, as numbers: skip leading zeros, then the longer run is the larger number.
    while (a.charCodeAt(i) === 48) i += 1;
    while (b.charCodeAt(j) === 48) j += 1;
    let firstDifference = 0;
    while (i < a.length && isDigit(a.charCodeAt(i)) && j < b.length && isDigit(b.charCodeAt(j))) {
      if (firstDifference === 0) firstDifference = a.charCodeAt(i) - b.charCodeAt(j);
      i += 1;
      j += 1;
    }
    if (i < a.length && isDigit(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigit(b.charCodeAt(j))) return -1;
    if (firstDifference !== 0) return firstDifference < 0 ? -1 : 1;
  }
  return 0;
}

/** `~` before the end before letters before everything else. */
function order(code: number): number {
  if (code === 126) return -1;
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return code;
  return code + 256;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAllDigits(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (!isDigit(text.charCodeAt(index))) return false;
  return text.length > 0;
}
