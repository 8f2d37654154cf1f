import type { Finding, SourceLocation, Suppression } from '../model/findings.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';
import { md } from '../util/markdown-message.js';

/**
 * The one allowlist mechanism, whatever the entries accept (scan findings, compose mounts): an entry that has not
 * expired suppresses the findings it matches (the first matching entry in policy order is named), an expired one
 * suppresses nothing and becomes an `allow/expired` finding at its line in the policy, and one that matched
 * nothing can become an `allow/unused` finding. Each family only says which findings an entry matches.
 */

/** An allowlist entry as the mechanism sees it. */
export interface AllowCandidate {
  /** How messages name what the entry accepts: `CVE-2023-0286`, `mounts of service db at /data`. */
  label: string;
  reason: string;
  expires: string;
  /** The entry in its policy file. */
  source: SourceLocation;
  /** What identifies the entry across edits that move it or change its expiry or reason. */
  identity: string;
  /** `allowKind` and `allowId` of the entry's own findings. */
  kind: string;
  id: string;
  expired: boolean;
}

/** How the entry findings word what was checked. */
export interface AllowScope {
  /** "of this scan" → "It matches no finding of this scan". */
  findingsOf: string;
  /** "of this image's scan" → "matched no finding of this image's scan". */
  unusedIn: string;
  /** The kind of thing that is gone when an entry is unused: `vulnerability`, `mount`. */
  subject(candidate: AllowCandidate): string;
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`: what `expires` is compared with. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** An entry applies until the end of its `expires` day (UTC). */
export function isExpired(expires: string, now: Date): boolean {
  return expires < utcDay(now);
}

/**
 * Marks the findings that unexpired candidates match (the first one in `candidatesFor`'s order is named) and
 * counts every candidate's matches, expired ones included.
 */
export function suppressFindings<C extends AllowCandidate>(
  findings: readonly Finding[],
  candidatesFor: (finding: Finding) => readonly C[] | undefined,
  matches: (candidate: C, finding: Finding) => boolean,
): { findings: Finding[]; matchCounts: Map<C, number> } {
  const matchCounts = new Map<C, number>();
  const result = findings.map((finding) => {
    const candidates = candidatesFor(finding);
    if (!candidates) return finding;
    let suppression: Suppression | undefined;
    for (const candidate of candidates) {
      if (!matches(candidate, finding)) continue;
      matchCounts.set(candidate, (matchCounts.get(candidate) ?? 0) + 1);
      if (!candidate.expired && !suppression && !finding.suppressedBy) {
        const { reason, expires, source } = candidate;
        suppression = { reason, expires, source };
      }
    }
    return suppression ? { ...finding, suppressedBy: suppression } : finding;
  });
  return { findings: result, matchCounts };
}

/**
 * The entries' own findings: `allow/expired` for every expired entry, `allow/unused` for unexpired entries that
 * matched nothing when `reportUnused` says the findings they could match were looked for.
 */
export function entryFindings<C extends AllowCandidate>(
  candidates: readonly C[],
  matchCounts: ReadonlyMap<C, number>,
  context: Pick<CheckContext, 'imageRepository'>,
  scope: AllowScope,
  reportUnused: (candidate: C) => boolean,
): Finding[] {
  const own: Finding[] = [];
  for (const candidate of candidates) {
    const count = matchCounts.get(candidate) ?? 0;
    if (candidate.expired) own.push(expiredFinding(candidate, count, context, scope));
    else if (count === 0 && reportUnused(candidate)) own.push(unusedFinding(candidate, context, scope));
  }
  return own;
}

function expiredFinding(
  candidate: AllowCandidate,
  matches: number,
  context: Pick<CheckContext, 'imageRepository'>,
  scope: AllowScope,
): Finding {
  const counting =
    matches === 0
      ? md`It matches no finding ${scope.findingsOf}; remove it.`
      : md`It matches ${matches === 1 ? '1 finding' : `${matches} findings`}, which count again: fix ${matches === 1 ? 'it' : 'them'}, or review the reason and set a new date.`;
  return makeFinding('allow/expired', context, {
    message: md`Allowlist entry for ${candidate.label} expired on ${candidate.expires} (reason: ${candidate.reason}) and no longer suppresses. ${counting}`,
    location: candidate.source,
    key: candidate.identity,
    properties: { ...entryProperties(candidate), matches },
  });
}

function unusedFinding(
  candidate: AllowCandidate,
  context: Pick<CheckContext, 'imageRepository'>,
  scope: AllowScope,
): Finding {
  return makeFinding('allow/unused', context, {
    message: md`Allowlist entry for ${candidate.label} (expires ${candidate.expires}) matched no finding ${scope.unusedIn}; remove it if the ${scope.subject(candidate)} is gone.`,
    location: candidate.source,
    key: candidate.identity,
    properties: entryProperties(candidate),
  });
}

function entryProperties(candidate: AllowCandidate): Record<string, string> {
  return { allowKind: candidate.kind, allowId: candidate.id, expires: candidate.expires, reason: candidate.reason };
}
