import { SEVERITIES } from '../model/findings.js';
import type { RunResult } from './run-result.js';
import { codeSpan, escapeInline, type EscapeOptions } from '../util/markdown-escape.js';
import { SEVERITY_ICON } from './markdown-table.js';

/**
 * The **Policy changes** section of the summary, the PR comment and the GitLab MR note: on a pull request the base
 * branch's policy decides, and this lists what the pull request's own policy would loosen (every relaxation, one
 * per line) and, briefly, what it would tighten. Values come from the pull request's files, so every piece goes
 * through the caller's escape (escapeInline for GitHub, escapeGitLabInline for GitLab) after a fixed line prefix.
 */
export interface PolicyChangesOptions {
  escape?: (text: string, options?: EscapeOptions) => string;
  /** Relaxations listed before the rest are counted (default 50; imagegate.json has them all). */
  maxRelaxations?: number;
  /** Heading level marks, `####` by default. */
  heading?: string;
}

const MAX_TEXT = 200;

export function policyChangesSection(result: RunResult, options: PolicyChangesOptions = {}): string {
  const source = result.policySource;
  if (!source) return '';
  const escape = options.escape ?? escapeInline;
  const heading = `${options.heading ?? '####'} Policy changes`;
  const ref = codeSpan(shortRef(source.commit ?? source.ref ?? ''), { maxLength: 64 });
  if (source.origin !== 'base') {
    const note = source.note ? escape(source.note, { maxLength: MAX_TEXT * 2 }) : '';
    return [
      heading,
      `⚠️ The base (${ref}) has no policy file, so this change's own policy decided. ${note}`.trimEnd(),
    ].join('\n\n');
  }
  const changes = result.policyChanges ?? [];
  const relaxed = changes.filter((change) => change.kind === 'relaxation');
  const tightened = changes.filter((change) => change.kind === 'tightening');
  const decided = `The policy that decided is ${codeSpan(source.path ?? '', { maxLength: 120 })} at ${ref} (the base).`;
  const parts = [heading];
  if (changes.length === 0) {
    parts.push(`${decided} This change leaves it as it is.`);
  } else {
    parts.push(
      relaxed.length > 0
        ? `${decided} ⚠️ This change **relaxes** it in ${relaxed.length} ${relaxed.length === 1 ? 'place' : 'places'}; ` +
            'the relaxations apply only once merged, so review them with the code:'
        : `${decided} This change only tightens it.`,
    );
    const max = options.maxRelaxations ?? 50;
    const lines = relaxed
      .slice(0, max)
      .map(
        (change) => `- ${codeSpan(change.key, { maxLength: 120 })}: ${escape(change.message, { maxLength: MAX_TEXT })}`,
      );
    if (relaxed.length > max) lines.push(`- … and ${relaxed.length - max} more (policy.changes in imagegate.json)`);
    if (lines.length > 0) parts.push(lines.join('\n'));
    if (tightened.length > 0) {
      const brief = tightened
        .slice(0, 20)
        .map((change) => `${codeSpan(change.key, { maxLength: 120 })} (${escape(change.message, { maxLength: 80 })})`);
      const more = tightened.length > 20 ? ` and ${tightened.length - 20} more` : '';
      parts.push(`Tightened: ${brief.join(', ')}${more}.`);
    }
  }
  if (result.headPolicy) {
    const head = result.headPolicy;
    const counts = SEVERITIES.map((severity) => `${SEVERITY_ICON[severity]} ${head.counts[severity]}`).join(' ');
    parts.push(
      `Under this change's policy the gate would have ${head.verdict === 'pass' ? '✅ passed' : '❌ failed'} ` +
        `(fails on \`${head.failOn}\`; ${counts}); it did not decide.`,
    );
  }
  return parts.join('\n\n');
}

function shortRef(ref: string): string {
  return /^[0-9a-f]{40,64}$/.test(ref) ? ref.slice(0, 12) : ref;
}
