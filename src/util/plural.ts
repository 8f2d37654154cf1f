import { groupDigits } from './group-digits.js';

/**
 * Counted nouns for every report ("1 layer", "2 layers", "1,204 vulnerabilities"): one rule, so no report says
 * "1 layers". English plurals of imagegate's own nouns: `-y` after a consonant becomes `-ies`, `-s`/`-x`/`-ch`/`-sh`
 * take `-es`, everything else `-s`; irregular ones are passed explicitly (`plural(n, 'copy')` is regular).
 */

/** The noun's form for `count`: `one` for exactly 1, otherwise `many` (by default the regular plural of `one`). */
export function nounFor(count: number, one: string, many: string = pluralOf(one)): string {
  return count === 1 ? one : many;
}

/** `1 layer`, `2 layers`, `1,204 vulnerabilities`: the count (en-US grouping) and its noun. */
export function plural(count: number, one: string, many?: string): string {
  return `${groupDigits(count)} ${nounFor(count, one, many)}`;
}

/** The regular English plural of a noun, or of the last word of a phrase (`new finding` → `new findings`). */
export function pluralOf(one: string): string {
  if (/[^aeiou]y$/i.test(one)) return `${one.slice(0, -1)}ies`;
  if (/(?:s|x|ch|sh)$/i.test(one)) return `${one}es`;
  return `${one}s`;
}

/**
 * The singular of a regular plural (`vulnerabilities` → `vulnerability`, `findings` → `finding`), for callers that
 * name their rows in the plural. Only the regular forms pluralOf makes are undone.
 */
export function singularOf(many: string): string {
  if (/[^aeiou]ies$/i.test(many)) return `${many.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/i.test(many)) return many.slice(0, -2);
  if (/[^s]s$/i.test(many)) return many.slice(0, -1);
  return many;
}
