import { escapeInline, type EscapeOptions } from '../util/markdown-escape.js';

/**
 * Untrusted text for GitLab Flavored Markdown (MR notes, vulnerability descriptions and solutions). GitLab turns
 * more than GitHub into references, and does it on the rendered text, after Markdown escapes are gone: `!123`
 * (merge requests), `%milestone`, `~label`, `&123` (epics), `$123` (snippets), `[vulnerability:1]`, besides `@user`
 * and `#123`. So a backslash is not enough: a zero-width space after the sigil breaks the reference while the text
 * reads the same. Quick actions (`/close`) act only at the start of a line, and callers never start a line with
 * untrusted text (see markdown-escape.ts).
 */

const ZERO_WIDTH_SPACE = '&#8203;';

/**
 * A sigil as escapeInline leaves it (`!`, `%`, `\~`, `&amp;`, `\$`, `\[`) before the first character of a
 * reference. `@` and `#` before a digit already have their space.
 */
const REFERENCE_SIGIL = /(!|%|\\~|&amp;|\\\$|\\\[)(?=[\p{L}\p{N}_"])/gu;

/** Untrusted text as inline GitLab Markdown that renders as the same characters: no HTML, links or references. */
export function escapeGitLabInline(text: string, options: EscapeOptions = {}): string {
  return escapeInline(text, options).replace(REFERENCE_SIGIL, (sigil) => `${sigil}${ZERO_WIDTH_SPACE}`);
}
