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

/**
 * imagegate's own inline Markdown (a finding's messageMarkdown: its values already escaped for GitHub) made safe for
 * GitLab too: the reference sigils GitLab reads after escaping get their zero-width space, outside code spans only
 * (GitLab makes no references in code, and an entity there would show literally). One pass over the text.
 */
export function gitlabInlineFromMarkdown(markdown: string): string {
  let out = '';
  let plain = '';
  const flush = () => {
    out += plain.replace(REFERENCE_SIGIL, (sigil) => `${sigil}${ZERO_WIDTH_SPACE}`);
    plain = '';
  };
  let index = 0;
  while (index < markdown.length) {
    const char = markdown[index];
    if (char === '\\') {
      plain += markdown.slice(index, index + 2);
      index += 2;
      continue;
    }
    if (char !== '`') {
      plain += char;
      index += 1;
      continue;
    }
    let run = index;
    while (markdown[run] === '`') run += 1;
    const fence = markdown.slice(index, run);
    const close = closingFence(markdown, run, fence.length);
    if (close === -1) {
      plain += fence;
      index = run;
      continue;
    }
    flush();
    out += markdown.slice(index, close + fence.length);
    index = close + fence.length;
  }
  flush();
  return out;
}

/** Where a run of exactly `length` backticks starts at or after `from`, or -1. */
function closingFence(text: string, from: number, length: number): number {
  let at = text.indexOf('`', from);
  while (at !== -1) {
    let end = at;
    while (text[end] === '`') end += 1;
    if (end - at === length) return at;
    at = text.indexOf('`', end);
  }
  return -1;
}
