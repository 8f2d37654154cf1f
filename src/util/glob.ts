import picomatch from 'picomatch';
import { RE2JS } from 're2js';
import { ConfigurationError, type SourcePosition } from './errors.js';
import { excerpt } from './excerpt.js';

/**
 * Globs from the policy (image patterns, package, path and purl globs, license names, host paths) matched in time
 * linear in the subject. picomatch compiles a glob to a backtracking JavaScript RegExp, and one segment with many
 * `*` (`*a*a*a*a*a*a*b`) costs polynomial time in the subject: a policy from a pull request and a package name
 * from the image it gates could hang the run. Here picomatch still parses the glob (its syntax and semantics stay
 * what the README documents) and its RegExp source runs on RE2 instead.
 *
 * RE2 has no look-ahead. picomatch uses it only to keep `*` and `**` from matching a `.` or `..` segment and `*`
 * from matching nothing at the end; those guards are dropped, which can only matter for a subject with such a
 * segment (a canonical reference, tag, digest, package name or layer path has none). A glob picomatch turns into
 * any other look-around (negated extglobs, `!(…)`) is refused: the caller reports it where it is written.
 */

export type GlobMatcher = (subject: string) => boolean;

export interface GlobOptions {
  nocase?: boolean;
}

const DROPPED_LOOKAROUNDS = [
  String.raw`(?!(?:^|\/)\.{1,2}(?:\/|$))`,
  String.raw`(?!\.{1,2}(?:\/|$))`,
  String.raw`(?!\.{0,1}(?:\/|$))`,
  '(?=.)',
];

/** A linear-time matcher for `glob` (picomatch syntax, `dot: true`); a ConfigurationError for what RE2 cannot run. */
export function compileGlob(glob: string, options: GlobOptions = {}, where?: SourcePosition): GlobMatcher {
  const negated = glob.startsWith('!') && !glob.startsWith('!(');
  const body = negated ? glob.slice(1) : glob;
  let source = picomatch.makeRe(body, { dot: true, nocase: options.nocase ?? false }).source;
  for (const lookaround of DROPPED_LOOKAROUNDS) source = source.split(lookaround).join('');
  if (/\(\?[=!<]/.test(source)) {
    throw new ConfigurationError(
      `the glob ${excerpt(glob)} uses a negation inside it (!(…)), which imagegate does not support; list what to match`,
      where,
    );
  }
  let pattern: RE2JS;
  try {
    pattern = RE2JS.compile(source, options.nocase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new ConfigurationError(`the glob ${excerpt(glob)} cannot be matched: ${(error as Error).message}`, where);
  }
  return negated ? (subject) => !pattern.matches(subject) : (subject) => pattern.matches(subject);
}
