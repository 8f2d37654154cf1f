import type { Finding } from '../model/findings.js';
import type { FindingAllowEntry } from '../policy/types.js';
import { compileGlob } from '../util/glob.js';
import { entryFindings, isExpired, suppressFindings, type AllowCandidate, type AllowScope } from './allow-entries.js';
import { appliesToImage, type AllowlistOutcome } from './allowlist.js';
import type { CheckContext } from './context.js';

/**
 * `allow.findings` through the one allowlist mechanism (allow-entries.ts): an entry matches a finding of a rule
 * its `rule` names (an id or a glob over ids) whose `properties.subject` its `subject` glob matches. Any rule that
 * sets a subject is allowlistable this way, with no code of its own: the fs/, config/, user/ and dockerfile/ rules,
 * and the hygiene rules' paths.
 */

interface CompiledFindingEntry extends AllowCandidate {
  entry: FindingAllowEntry;
  rule: (ruleId: string) => boolean;
  subject: (subject: string) => boolean;
}

const FINDINGS_SCOPE: AllowScope = {
  findingsOf: "of this image's checks",
  unusedIn: "of this image's checks",
  subject: () => 'finding',
};

/** Findings whose rule families come from the scanner: they are accepted by `allow.vulnerabilities` and co. */
const SCAN_FAMILIES = ['vuln/', 'secret/', 'license/'];

/**
 * Applies the `allow.findings` entries that concern this image to `findings` (already through the scan
 * allowlist: a finding another entry suppresses keeps that suppression). An entry that matched nothing is
 * unused: the image checks ran, so a subject it names that is no longer reported is gone, or its rule is off.
 */
export function applyFindingAllowlist(findings: readonly Finding[], context: CheckContext): AllowlistOutcome {
  const entries = (context.allow.findings ?? [])
    .filter((entry) => appliesToImage(entry, context))
    .map((entry) => compileEntry(entry, context.now));
  if (entries.length === 0) return { findings: [...findings], entryFindings: [] };
  const suppressed = suppressFindings(
    findings,
    (finding) => (subjectOf(finding) === undefined ? undefined : entries),
    (candidate, finding) => {
      const subject = subjectOf(finding);
      return subject !== undefined && candidate.rule(finding.ruleId) && candidate.subject(subject);
    },
  );
  const own = entryFindings(entries, suppressed.matchCounts, context, FINDINGS_SCOPE, () => true);
  return { findings: suppressed.findings, entryFindings: own };
}

/** The subject a finding names, normalized like the entries' globs; undefined when it names none. */
function subjectOf(finding: Finding): string | undefined {
  if (SCAN_FAMILIES.some((family) => finding.ruleId.startsWith(family))) return undefined;
  if (finding.ruleId.startsWith('allow/')) return undefined;
  const subject = finding.properties?.subject;
  return typeof subject === 'string' && subject !== '' ? withoutLeadingSlash(subject) : undefined;
}

function compileEntry(entry: FindingAllowEntry, now: Date): CompiledFindingEntry {
  const label = `${entry.rule} on ${entry.subject}`;
  return {
    entry,
    label,
    reason: entry.reason,
    expires: entry.expires,
    source: entry.source,
    identity: JSON.stringify(['findings', entry.rule, entry.subject, entry.images ?? null]),
    kind: 'findings',
    id: label,
    expired: isExpired(entry.expires, now),
    rule: compileGlob(entry.rule, {}, entry.source),
    subject: compileGlob(withoutLeadingSlash(entry.subject), {}, entry.source),
  };
}

/** `/usr/bin/passwd` and `usr/bin/passwd` name the same file in an image; compare both without the slash. */
function withoutLeadingSlash(value: string): string {
  return value.replace(/^\/+/, '');
}
