import { escapeInline } from './markdown-escape.js';
import { secretValues } from './secret-env.js';

/**
 * The one redaction pass at the output boundary. Every report file, every publisher's request body, the terminal,
 * the job summary, annotations, outputs and the final error line go through the run's Redactor, which replaces each
 * known secret value with `***` — also in the forms the value takes on its way out: URL-encoded, base64 (at each of
 * the three byte alignments, standard and URL alphabets, since a value inside a longer encoded string shifts), and
 * escaped for JSON, XML and Markdown (a token with `_` is `\_` in a summary).
 *
 * Linear in the text: plain `indexOf` per form, never a regular expression built from a secret.
 */

/**
 * Values shorter than this are not redacted: `true`, `main` or `1234` would blank ordinary words and numbers in
 * every report, and a credential that short is guessable whatever the reports say.
 */
export const MIN_SECRET_LENGTH = 6;

export const REDACTED = '***';

export class Redactor {
  /** Every form of every secret, longest first, so a longer form wins where two start at the same place. */
  private forms: string[] = [];
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a value; too short, empty and already known ones are ignored. Returns whether it was added. */
  add(secret: string): boolean {
    if (secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return false;
    this.secrets.add(secret);
    const known = new Set(this.forms);
    for (const form of formsOf(secret)) if (form.length >= MIN_SECRET_LENGTH) known.add(form);
    this.forms = [...known].sort((a, b) => b.length - a.length);
    return true;
  }

  /** The registered values (not their forms), e.g. to mask them in the runner's log too. */
  values(): string[] {
    return [...this.secrets];
  }

  /** The encoded and escaped forms of the registered values. */
  encodedForms(): string[] {
    return this.forms.filter((form) => !this.secrets.has(form));
  }

  redact(text: string): string {
    if (this.forms.length === 0 || text.length === 0) return text;
    return this.scan(text, text.length).output;
  }

  /**
   * A writer that redacts text handed to it in pieces (a report streamed to disk), including a secret split across
   * two pieces: it holds back the last `longest form − 1` characters until it knows no secret starts there.
   */
  stream(write: (text: string) => Promise<void>): RedactingStream {
    let pending = '';
    return {
      write: async (text: string) => {
        pending += text;
        const longest = this.forms[0]?.length ?? 0;
        let safe = pending.length - Math.max(0, longest - 1);
        if (safe <= 0) return;
        // Never cut a surrogate pair: its halves would be written as two replacement characters.
        if (isHighSurrogate(pending.charCodeAt(safe - 1))) safe -= 1;
        const { output, consumed } = this.scan(pending, safe);
        pending = pending.slice(consumed);
        if (output) await write(output);
      },
      end: async () => {
        const rest = this.redact(pending);
        pending = '';
        if (rest) await write(rest);
      },
    };
  }

  /**
   * Replaces every form that starts before `safe` (each one fits in `text`, since `safe` leaves room for the
   * longest), copying text up to `safe` or past the last replacement; returns that and how much of `text` it used.
   */
  private scan(text: string, safe: number): { output: string; consumed: number } {
    const next = this.forms.map((form) => text.indexOf(form));
    const parts: string[] = [];
    let position = 0;
    for (;;) {
      let best = -1;
      for (let index = 0; index < this.forms.length; index += 1) {
        let at = next[index] as number;
        if (at !== -1 && at < position) {
          at = text.indexOf(this.forms[index] as string, position);
          next[index] = at;
        }
        // Longest first: a later form wins only by starting earlier.
        if (at !== -1 && (best === -1 || at < (next[best] as number))) best = index;
      }
      const at = best === -1 ? -1 : (next[best] as number);
      if (at === -1 || at >= safe) break;
      parts.push(text.slice(position, at), REDACTED);
      position = at + (this.forms[best] as string).length;
    }
    const end = Math.max(position, safe);
    parts.push(text.slice(position, end));
    return { output: parts.join(''), consumed: end };
  }
}

export interface RedactingStream {
  write(text: string): Promise<void>;
  /** Writes what was held back. */
  end(): Promise<void>;
}

/** A Redactor that knows nothing: for tests and for code paths that handle no secret. */
export function noRedaction(): Redactor {
  return new Redactor();
}

/**
 * The run's Redactor, built once by the entry point from its environment: the credentials and secret-named
 * variables src/util/secret-env.ts knows, plus the `--secret-env` names. Secrets found later (registry tokens,
 * credential-helper answers) are added through the logger's `mask`.
 */
export function redactorFor(
  environment: Readonly<Record<string, string | undefined>>,
  listed: Iterable<string> = [],
): Redactor {
  return new Redactor(secretValues(environment, new Set(listed)));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The value as it may appear in an output: raw, escaped, percent-encoded and base64-encoded. */
function formsOf(secret: string): string[] {
  const escaped = [
    secret,
    escapeInline(secret),
    secret.replaceAll('|', '\\|'),
    xmlText(secret),
    xmlText(secret).replaceAll('"', '&quot;').replaceAll("'", '&apos;'),
  ];
  const forms = new Set<string>();
  for (const form of escaped) {
    forms.add(form);
    forms.add(JSON.stringify(form).slice(1, -1));
  }
  forms.add(encodeURIComponent(secret));
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  for (const form of base64Forms(Buffer.from(secret, 'utf8'))) forms.add(form);
  return [...forms];
}

/**
 * The base64 characters that depend on the secret's bytes alone, for each of the three offsets the secret can have
 * inside a longer encoded string (`user:password` in a Basic header, a token inside a config file).
 */
function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6);
    const form = encoded.slice(first, last);
    forms.push(form, form.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return forms;
}

/** As JUnit's text content has it (its attributes add `&quot;` and `&apos;`). */
function xmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
