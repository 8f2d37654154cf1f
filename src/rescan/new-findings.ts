import type { Finding } from '../model/findings.js';
import { decideVerdict } from '../policy/gate.js';
import type { RunResult } from '../report/run-result.js';
import type { LedgerEntry } from './types.js';

/**
 * What is new since the ledger. Only findings that count are compared and recorded (suppressed ones are left out
 * on both sides, as for --baseline-report): a finding whose allowlist entry ran out shows as new, one that became
 * allowlisted no longer counts. Findings are the same problem when their fingerprints are equal.
 */

export interface NewSinceLedger {
  /** Fingerprints of every finding that counts, sorted and distinct: what the ledger will remember. */
  fingerprints: string[];
  /** Findings the ledger entry did not have (one per fingerprint), most severe first; all of them without an entry. */
  fresh: Finding[];
  /** How many of `fresh` fail the gate on their own (the run's thresholds, per family). */
  freshFailing: number;
}

export function newSinceLedger(result: RunResult, entry: LedgerEntry | undefined): NewSinceLedger {
  const active = result.findings.filter((finding) => !finding.suppressedBy);
  const known = new Set(entry?.fingerprints ?? []);
  const seen = new Set<string>();
  const fresh: Finding[] = [];
  for (const finding of active) {
    if (known.has(finding.fingerprint) || seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    fresh.push(finding);
  }
  const freshFailing = fresh.filter(
    (finding) => decideVerdict([finding], result.failOn, result.familyFailOn) === 'fail',
  ).length;
  return {
    fingerprints: [...new Set(active.map((finding) => finding.fingerprint))].sort(),
    fresh,
    freshFailing,
  };
}
