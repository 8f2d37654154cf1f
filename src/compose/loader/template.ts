import { excerpt } from '../../util/excerpt.js';
/**
 * Variable substitution exactly as compose-go's `template` package does it: `$VAR`, `${VAR}`, `${VAR:-d}`,
 * `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`, `${VAR:+a}`, `${VAR+a}`, nesting inside defaults, `$$` for a literal `$`.
 * Its quirks are kept on purpose, since imagegate must see what compose sees: a `$` not followed by a name or `{`
 * stays literal (`$5`), `${` without a valid body is an error, `${VAR[key]}` stays as written, the operator is the
 * first one found in the matched text, and a `${…}` match runs to the last `}` on the line before being cut at its
 * own closing brace (what is after it is substituted on its own).
 */

export type Lookup = (name: string) => string | undefined;

export type TemplateError =
  | { kind: 'invalid'; template: string }
  | { kind: 'required'; variable: string; reason: string }
  | { kind: 'too-deep'; limit: number };

export interface SubstitutionResult {
  value: string;
  error?: TemplateError;
  /** Variables used bare (`$X`, `${X}`) that were not set: compose warns and substitutes "". */
  unset: string[];
}

const BODY =
  String.raw`(?:(?<escaped>\$)|(?<named>[_a-z][_a-z0-9]*)|\{(?:(?<braced>[_a-z][_a-z0-9]*(?::?[-+?][^\n]*)?)\}` +
  String.raw`|(?<mapping>[_a-z][_a-z0-9]*\[[^\n]*\](?::?[-+?}][^\n]*)?)\}|(?<invalid>)))`;
const SOURCE = String.raw`\$` + BODY;

/**
 * How deep `${A:-${B:-…}}` may nest. Compose has no limit, but each level is a stack frame here and a pass over the
 * rest of the line: a repository must not be able to exhaust either. Nobody writes more than a handful.
 */
export const MAX_TEMPLATE_NESTING = 100;

type Operator = ':?' | '?' | ':-' | '-' | ':+' | '+';
const OPERATORS: readonly Operator[] = [':?', '?', ':-', '-', ':+', '+'];

class TemplateFailure extends Error {
  constructor(readonly detail: TemplateError) {
    super(detail.kind);
  }
}

/** Substitutes every variable in `template`; the first error is reported, as compose reports it. */
export function substitute(template: string, lookup: Lookup): SubstitutionResult {
  const unset: string[] = [];
  try {
    return { value: substituteAll(template, lookup, unset, 0), unset };
  } catch (error) {
    if (error instanceof TemplateFailure) {
      const detail =
        error.detail.kind === 'invalid' && error.detail.template === ''
          ? { kind: 'invalid' as const, template }
          : error.detail;
      return { value: '', error: detail, unset };
    }
    throw error;
  }
}

/**
 * compose substitutes what follows a match's own closing brace "on its own"; scanning on from that brace is the
 * same (the pattern has no look-behind, and `[^\n]*` reaches the same line end), and a loop keeps a line of many
 * `${A:-x}` from costing a stack frame each.
 */
function substituteAll(template: string, lookup: Lookup, unset: string[], depth: number): string {
  if (!template.includes('$')) return template;
  if (depth >= MAX_TEMPLATE_NESTING) throw new TemplateFailure({ kind: 'too-deep', limit: MAX_TEMPLATE_NESTING });
  const sticky = new RegExp(SOURCE, 'iy');
  let result = '';
  let copied = 0;
  for (let at = template.indexOf('$'); at !== -1; at = template.indexOf('$', at)) {
    const matched = matchAt(template, at, sticky);
    if (matched === undefined) {
      at += 1;
      continue;
    }
    const closing = firstBraceClosingIndex(matched);
    // A TemplateFailure ends the scan: compose reports the first error, and what follows cannot change it.
    result += template.slice(copied, at) + replaceOne(matched, closing, lookup, unset, depth);
    at += closing > -1 ? closing + 1 : matched.length;
    copied = at;
  }
  return result + template.slice(copied);
}

/**
 * The pattern's match at `at`, as a global search would find it. A `${…}` match runs to the last `}` on the line
 * and is then cut at its own closing brace; matching only up to that brace gives the same cut in time
 * proportional to it, not to the line, so a line of many `${A:-x}` is not quadratic. Only when that shorter text
 * does not match as a substitution (no closing brace, or a `}` inside `[…]` of a mapping) is the line read whole.
 */
function matchAt(template: string, at: number, sticky: RegExp): string | undefined {
  if (template.charCodeAt(at + 1) === 0x7b /* { */) {
    const lineEnd = template.indexOf('\n', at);
    const closing = braceClosingFrom(template, at, lineEnd === -1 ? template.length : lineEnd);
    if (closing !== -1) {
      sticky.lastIndex = 0;
      const short = sticky.exec(template.slice(at, closing + 1));
      if (short && short.groups?.invalid === undefined) return short[0];
    }
  }
  sticky.lastIndex = at;
  return sticky.exec(template)?.[0];
}

/** firstBraceClosingIndex over `text[start, end)`, as an index into `text`. */
function braceClosingFrom(text: string, start: number, end: number): number {
  let open = 0;
  for (let i = start; i < end; i++) {
    if (text[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (text[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

function replaceOne(matched: string, closing: number, lookup: Lookup, unset: string[], depth: number): string {
  const substring = closing > -1 ? matched.slice(0, closing + 1) : matched;
  const groups = new RegExp(SOURCE, 'i').exec(substring)?.groups;
  if (groups?.escaped) return groups.escaped;

  let value: string;
  if (groups?.named) {
    value = plainLookup(groups.named, lookup, unset);
  } else if (groups?.braced) {
    // The operator is chosen from the whole match (before it was cut at its closing brace), as compose does.
    const operator = firstOperator(matched);
    value = operator
      ? (applyOperator(operator, groups.braced, lookup, unset, depth) ?? substring)
      : plainLookup(groups.braced, lookup, unset);
  } else if (groups?.mapping) {
    // Named mappings (`${secret[key]}`) are off unless a caller enables them: compose keeps the text as written.
    value = substring;
  } else {
    throw new TemplateFailure({ kind: 'invalid', template: '' });
  }
  return value;
}

function plainLookup(name: string, lookup: Lookup, unset: string[]): string {
  const value = lookup(name);
  if (value === undefined) {
    unset.push(name);
    return '';
  }
  return value;
}

/** compose's brace matcher: counts `{` (skipping the character after it) against `}`. */
function firstBraceClosingIndex(text: string): number {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (text[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

function firstOperator(text: string): Operator | undefined {
  let best: Operator | undefined;
  let bestIndex = Infinity;
  for (const operator of OPERATORS) {
    const index = text.indexOf(operator);
    if (index >= 0 && index < bestIndex) {
      best = operator;
      bestIndex = index;
    }
  }
  return best;
}

/** One `${NAME<op>word}`; undefined when the operator is not in this substitution (compose keeps the text). */
function applyOperator(
  operator: Operator,
  substitution: string,
  lookup: Lookup,
  unset: string[],
  depth: number,
): string | undefined {
  const at = substitution.indexOf(operator);
  if (at < 0) return undefined;
  const name = substitution.slice(0, at);
  const word = substituteAll(substitution.slice(at + operator.length), lookup, unset, depth + 1);
  const value = lookup(name);
  switch (operator) {
    case ':-':
      return value === undefined || value === '' ? word : value;
    case '-':
      return value === undefined ? word : value;
    case ':+':
      return value !== undefined && value !== '' ? word : (value ?? '');
    case '+':
      return value !== undefined ? word : '';
    case ':?':
    case '?':
      if (value === undefined || (operator === ':?' && value === '')) {
        throw new TemplateFailure({ kind: 'required', variable: name, reason: word });
      }
      return value;
  }
}

/** The message compose prints for a template error, without the place (the caller adds file:line:column). */
export function describeTemplateError(error: TemplateError): string {
  if (error.kind === 'too-deep') {
    return `interpolation nested more than ${error.limit} levels deep (\${A:-\${B:-…}}); imagegate reads at most ${error.limit}`;
  }
  if (error.kind === 'required') {
    return error.reason === ''
      ? `required variable ${error.variable} is missing a value`
      : `required variable ${error.variable} is missing a value: ${error.reason}`;
  }
  return `invalid interpolation format in ${excerpt(error.template)}; you may need to escape any $ with another $ ($$)`;
}
