import { ConfigurationError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { parseImagePattern } from './image-match.js';

/** The most Kyverno wildcards one imagegate pattern may expand into (`{a,b}` alternatives multiply). */
export const MAX_KYVERNO_PATTERNS = 64;

/**
 * imagegate's image globs as Kyverno wildcards. Kyverno knows only `*` (any run of characters, `/` included) and
 * `?`, so the translation can only widen: `**` and `*` both become `*`, a `[0-9]` class becomes `?`, and `{a,b}`
 * expands into one pattern per alternative. A pattern without a tag or digest names every tag and digest of the
 * repository, so it gives `name`, `name:*` and `name@*`. Kyverno substitutes `{{ … }}` in every string of a policy,
 * so a literal `{{` is escaped (`\{{`): a policy file cannot inject a variable lookup into the cluster's policy.
 */
export function kyvernoImagePatterns(pattern: string): string[] {
  const parsed = parseImagePattern(pattern);
  const forms: string[] = [];
  for (const name of expand(parsed.name, pattern)) {
    const base = wildcard(name);
    if (parsed.tag === undefined && parsed.digest === undefined) {
      forms.push(base, `${base}:*`, `${base}@*`);
      continue;
    }
    for (const tag of parsed.tag === undefined ? [undefined] : expand(parsed.tag, pattern)) {
      for (const digest of parsed.digest === undefined ? [undefined] : expand(parsed.digest, pattern)) {
        const withTag = tag === undefined ? base : `${base}:${wildcard(tag)}`;
        if (digest === undefined) forms.push(withTag, `${withTag}@*`);
        else
          forms.push(`${withTag}@${wildcard(digest)}`, ...(tag === undefined ? [`${base}:*@${wildcard(digest)}`] : []));
      }
    }
  }
  const unique = [...new Set(forms.map(escapeKyvernoVariables))];
  if (unique.length > MAX_KYVERNO_PATTERNS) {
    throw new ConfigurationError(
      `the image pattern ${excerpt(pattern)} expands into ${unique.length} Kyverno patterns (at most ${MAX_KYVERNO_PATTERNS})`,
    );
  }
  return unique;
}

/** `**` → `*`, a character class → `?`; runs of `*` collapse (Kyverno's `*` already spans `/`). */
function wildcard(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]!;
    if (char === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end !== -1) {
        out += '?';
        i = end;
        continue;
      }
    }
    if (char === '*' && out.endsWith('*')) continue;
    out += char;
  }
  return out;
}

/**
 * Expands `{a,b}` alternatives, innermost-free groups left to right, stopping past the cap: the work is bounded by
 * MAX_KYVERNO_PATTERNS whatever the pattern.
 */
function expand(glob: string, pattern: string): string[] {
  let done: string[] = [];
  let todo = [glob];
  while (todo.length > 0) {
    const next: string[] = [];
    for (const text of todo) {
      const group = braceGroup(text);
      if (!group) {
        done.push(text);
        continue;
      }
      for (const alternative of text.slice(group.open + 1, group.close).split(',')) {
        next.push(text.slice(0, group.open) + alternative + text.slice(group.close + 1));
      }
    }
    if (done.length + next.length > MAX_KYVERNO_PATTERNS) {
      throw new ConfigurationError(
        `the image pattern ${excerpt(pattern)} expands into more than ${MAX_KYVERNO_PATTERNS} Kyverno patterns`,
      );
    }
    todo = next;
  }
  done = [...new Set(done)];
  return done;
}

/** The first `{…}` with a comma and no brace inside, found in one linear scan (no backtracking regex). */
function braceGroup(text: string): { open: number; close: number } | undefined {
  let open = -1;
  let comma = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '{') {
      open = i;
      comma = false;
    } else if (char === ',' && open !== -1) {
      comma = true;
    } else if (char === '}' && open !== -1) {
      if (comma) return { open, close: i };
      open = -1;
    }
  }
  return undefined;
}

/** Kyverno substitutes `{{ … }}` in every string of a policy: a literal `{{` from a policy file is escaped. */
export function escapeKyvernoVariables(text: string): string {
  return text.replaceAll('{{', '\\{{');
}
