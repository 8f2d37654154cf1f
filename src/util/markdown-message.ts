import { codeSpan, escapeInline } from './markdown-escape.js';

/**
 * The one rule for Markdown in reports: imagegate's own words are Markdown, everything else is text. A finding's
 * message is written with the `md` template tag: its literal parts are imagegate's (trusted, may use `code`,
 * **emphasis** and links to its own docs), every interpolated value is escaped (or shown as a code span with `code()`)
 * however it got there. The same call gives the plain-text form for SARIF text, JUnit, the terminal and JSON.
 *
 * Only a Message made in this process is trusted: Markdown read back from a file (a baseline's imagegate.json) is
 * someone else's text and is escaped like any other.
 */

export interface Message {
  /** Plain text: what SARIF `text`, JUnit, the terminal and imagegate.json carry. */
  text: string;
  /** Inline Markdown, safe in a table cell (no line breaks, no unescaped `|`). */
  markdown: string;
}

/** An untrusted value shown verbatim as a code span. */
export interface CodeValue {
  kind: 'code';
  value: string;
}

export type MessageValue = string | number | CodeValue | Message;

/** Longest untrusted value kept inside a message, in code points: a message is one line, not a document. */
export const MAX_VALUE_LENGTH = 200;

/** An untrusted value to show as a code span (paths, service names, image references). */
export function code(value: string | number): CodeValue {
  return { kind: 'code', value: String(value) };
}

function isMessage(value: MessageValue): value is Message {
  return typeof value === 'object' && 'markdown' in value;
}

function isCode(value: MessageValue): value is CodeValue {
  return typeof value === 'object' && 'kind' in value && value.kind === 'code';
}

/** A message from imagegate's own Markdown (the literal parts) and untrusted values (escaped). */
export function md(strings: TemplateStringsArray, ...values: readonly MessageValue[]): Message {
  let text = '';
  let markdown = '';
  strings.forEach((literal, index) => {
    // imagegate's own text: only the table pipe needs care, everything else is meant as Markdown.
    text += literal;
    markdown += literal.replace(/\|/g, '\\|');
    if (index >= values.length) return;
    const value = values[index] as MessageValue;
    if (isMessage(value)) {
      text += value.text;
      markdown += value.markdown;
    } else if (isCode(value)) {
      // The text form keeps the backticks: readers of SARIF text, JUnit and the terminal see what is code too.
      text += `\`${value.value}\``;
      markdown += codeSpan(value.value, { inTable: true, maxLength: MAX_VALUE_LENGTH });
    } else {
      text += String(value);
      markdown += escapeInline(String(value), { maxLength: MAX_VALUE_LENGTH });
    }
  });
  return { text, markdown };
}

/** Untrusted text as a Message (escaped in its Markdown form). */
export function plain(text: string): Message {
  return md`${text}`;
}

/** Messages joined with a separator that is imagegate's own. */
export function joinMessages(parts: readonly Message[], separator: string): Message {
  return {
    text: parts.map((part) => part.text).join(separator),
    markdown: parts.map((part) => part.markdown).join(separator.replace(/\|/g, '\\|')),
  };
}
