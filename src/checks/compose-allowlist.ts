import type { Finding } from '../model/findings.js';
import { compileGlob } from '../util/glob.js';
import type { MountAllowEntry } from '../policy/types.js';
import { entryFindings, isExpired, suppressFindings, type AllowCandidate, type AllowScope } from './allow-entries.js';

/**
 * `allow.mounts` through the one allowlist mechanism (allow-entries.ts): an entry matches a compose or Kubernetes
 * finding (whose `service` is the workload's name) when its service glob matches and every other criterion it
 * sets does too (target, source, rule).
 */

interface CompiledMountEntry extends AllowCandidate {
  entry: MountAllowEntry;
  matches: (finding: Finding) => boolean;
}

export interface ComposeAllowOutcome {
  findings: Finding[];
  /** `allow/expired` and `allow/unused` of the `allow.mounts` entries. */
  entryFindings: Finding[];
}

/** What the entries' own findings are fingerprinted under (they belong to the policy, not to one project). */
const ENTRY_SCOPE = { imageRepository: 'compose' };

const MOUNT_SCOPE: AllowScope = {
  findingsOf: 'in the compose files checked',
  unusedIn: 'in the compose files checked',
  subject: () => 'mount or setting',
};

/**
 * Applies `allow.mounts` to the findings of every compose project checked in this run. Entries that matched
 * nothing are reported as unused, since all compose findings were looked at.
 */
export function applyMountAllowlist(
  findings: readonly Finding[],
  entries: readonly MountAllowEntry[],
  now: Date,
): ComposeAllowOutcome {
  if (entries.length === 0) return { findings: [...findings], entryFindings: [] };
  const compiled = entries.map((entry) => compileEntry(entry, now));
  const suppressed = suppressFindings(
    findings,
    (finding) => (finding.ruleId.startsWith('compose/') || finding.ruleId.startsWith('k8s/') ? compiled : undefined),
    (candidate, finding) => candidate.matches(finding),
  );
  const own = entryFindings(compiled, suppressed.matchCounts, ENTRY_SCOPE, MOUNT_SCOPE, () => true);
  return { findings: suppressed.findings, entryFindings: own };
}

function compileEntry(entry: MountAllowEntry, now: Date): CompiledMountEntry {
  const glob = (pattern: string) => compileGlob(pattern, {}, entry.source);
  const service = glob(entry.service);
  const target = entry.target === undefined ? undefined : glob(entry.target);
  const source = entry.mountSource === undefined ? undefined : glob(withoutDotSlash(entry.mountSource));
  const label = describeEntry(entry);
  return {
    entry,
    label,
    reason: entry.reason,
    expires: entry.expires,
    source: entry.source,
    identity: JSON.stringify([
      'mounts',
      entry.service,
      entry.target ?? null,
      entry.mountSource ?? null,
      entry.rule ?? null,
    ]),
    kind: 'mounts',
    id: label,
    expired: isExpired(entry.expires, now),
    matches: (finding) => {
      const properties = finding.properties ?? {};
      const text = (key: string): string | undefined => {
        const value = properties[key];
        return typeof value === 'string' ? value : undefined;
      };
      if (entry.rule !== undefined && finding.ruleId !== entry.rule) return false;
      const serviceName = text('service');
      if (serviceName === undefined || !service(serviceName)) return false;
      if (target) {
        const mountTarget = text('target');
        if (mountTarget === undefined || !target(mountTarget)) return false;
      }
      if (source) {
        const candidates = [text('source'), text('hostPath')].flatMap((value) =>
          value === undefined ? [] : [withoutDotSlash(value)],
        );
        if (!candidates.some((value) => source(value))) return false;
      }
      return true;
    },
  };
}

/** `service db at /var/lib/postgresql/data (compose/writable-bind-mount)`: how messages name an entry. */
function describeEntry(entry: MountAllowEntry): string {
  const parts = [`service ${entry.service}`];
  if (entry.target !== undefined) parts.push(`at ${entry.target}`);
  if (entry.mountSource !== undefined) parts.push(`from ${entry.mountSource}`);
  return `${parts.join(' ')}${entry.rule ? ` (${entry.rule})` : ''}`;
}

/** picomatch drops a leading `./` from what it matches but not from patterns; compare both without it. */
function withoutDotSlash(value: string): string {
  return value.startsWith('./') ? value.slice(2) : value;
}
