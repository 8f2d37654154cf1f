import type { Finding } from '../model/findings.js';
import { compileGlob } from '../util/glob.js';
import { compileImagePattern } from '../policy/image-match.js';
import { ALLOW_KINDS, type AllowEntry, type AllowKind } from '../policy/types.js';
import type { CheckContext, ScannerKind } from './context.js';
import { entryFindings, isExpired, suppressFindings, type AllowCandidate, type AllowScope } from './allow-entries.js';

export { utcDay } from './allow-entries.js';

/** What an allowlist entry is matched against, read from a scan finding. */
interface AllowSubject {
  kind: AllowKind;
  id: string;
  packageName?: string;
  /** Package path, Trivy target, license or secret file: `paths` matches when any of them does. */
  paths: string[];
  purl?: string;
}

interface CompiledEntry extends AllowCandidate {
  entry: AllowEntry;
  matches: (subject: AllowSubject) => boolean;
}

export interface AllowlistOutcome {
  /** The findings given, in the same order, suppressed ones marked. */
  findings: Finding[];
  /** The allowlist's own findings: `allow/expired` and `allow/unused`, at their entries in the policy file. */
  entryFindings: Finding[];
}

const SCANNER_OF: Record<AllowKind, ScannerKind> = {
  vulnerabilities: 'vuln',
  secrets: 'secret',
  licenses: 'license',
};

/**
 * Applies the allowlist entries that concern this image (no `images`, or one that matches its reference) to the
 * scan findings:
 * - an entry that has not expired (its `expires` day, UTC, is today or later) suppresses every finding it matches:
 *   same id, and every criterion it sets (packages, paths, purls; a list matches when any glob does); the first
 *   matching entry in policy order is named as the suppression;
 * - an expired entry suppresses nothing and becomes an `allow/expired` finding at its line in the policy file;
 * - an unexpired entry that matched nothing becomes an `allow/unused` finding, but only when a scan ran with the
 *   scanner for its kind (a report the user brought counts as a vulnerability scan only).
 */
export function applyAllowlist(findings: readonly Finding[], context: CheckContext): AllowlistOutcome {
  const now = context.now;
  const entries = ALLOW_KINDS.flatMap((kind) => context.allow[kind])
    .filter((entry) => appliesToImage(entry, context))
    .map((entry) => compileEntry(entry, now));
  if (entries.length === 0) return { findings: [...findings], entryFindings: [] };
  const byId = new Map<string, CompiledEntry[]>();
  for (const compiled of entries) {
    const key = `${compiled.entry.kind}\u0000${compiled.entry.id}`;
    byId.set(key, [...(byId.get(key) ?? []), compiled]);
  }
  // Most findings have no entry for their id: look that up before reading the rest of the finding, once.
  let subjectFinding: Finding | undefined;
  let subject: AllowSubject | undefined;
  const suppressed = suppressFindings(
    findings,
    (finding) => {
      const key = entryKeyOf(finding);
      return key === undefined ? undefined : byId.get(key);
    },
    (compiled, finding) => {
      if (subjectFinding !== finding) {
        subjectFinding = finding;
        subject = subjectOf(finding);
      }
      return subject !== undefined && compiled.matches(subject);
    },
  );
  const own = entryFindings(entries, suppressed.matchCounts, context, SCAN_SCOPE, (compiled) =>
    kindWasScanned(compiled.entry.kind, context),
  );
  return { findings: suppressed.findings, entryFindings: own };
}

const SCAN_SCOPE: AllowScope = {
  findingsOf: 'of this scan',
  unusedIn: "of this image's scan",
  subject: (candidate) => describeKind(candidate.kind as AllowKind),
};

/** Whether an entry with these `images` (none: every image) applies to the image under check. */
export function appliesToImage(
  entry: Pick<AllowEntry, 'images' | 'source'>,
  context: Pick<CheckContext, 'reference'>,
): boolean {
  if (!entry.images) return true;
  // An entry scoped to images cannot vouch for an image without a name.
  const { reference } = context;
  if (!reference) return false;
  return entry.images.some((pattern) => compileImagePattern(pattern, entry.source)(reference));
}

function compileEntry(entry: AllowEntry, now: Date): CompiledEntry {
  const packages = entry.packages?.map((glob) => compileGlob(glob, {}, entry.source));
  const paths = entry.paths?.map((glob) => compileGlob(withoutLeadingSlash(glob), {}, entry.source));
  const purls = entry.purls?.map((glob) => compileGlob(glob, {}, entry.source));
  return {
    entry,
    label: entry.id,
    reason: entry.reason,
    expires: entry.expires,
    source: entry.source,
    identity: entryKey(entry),
    kind: entry.kind,
    id: entry.id,
    expired: isExpired(entry.expires, now),
    matches: (subject) =>
      anyMatch(packages, subject.packageName === undefined ? [] : [subject.packageName]) &&
      anyMatch(paths, subject.paths.map(withoutLeadingSlash)) &&
      anyMatch(purls, subject.purl === undefined ? [] : [subject.purl]),
  };
}

/** An unset criterion matches everything; a set one needs a value that one of its globs matches. */
function anyMatch(tests: Array<(value: string) => boolean> | undefined, values: readonly string[]): boolean {
  return tests === undefined || values.some((value) => tests.some((test) => test(value)));
}

/** `<kind>\0<id>` of a scan finding, as entries are indexed; undefined for other findings. */
function entryKeyOf(finding: Finding): string | undefined {
  if (finding.ruleId.startsWith('vuln/')) return `vulnerabilities\u0000${finding.ruleId.slice('vuln/'.length)}`;
  if (finding.ruleId.startsWith('secret/')) return `secrets\u0000${finding.ruleId.slice('secret/'.length)}`;
  const license = finding.properties?.license;
  return finding.ruleId === 'license/forbidden' && typeof license === 'string' ? `licenses\u0000${license}` : undefined;
}

/** Reads the match attributes of a scan finding from its ruleId and properties; undefined for other findings. */
function subjectOf(finding: Finding): AllowSubject | undefined {
  const properties = finding.properties ?? {};
  const text = (key: string): string | undefined => {
    const value = properties[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const paths = (...keys: string[]): string[] => keys.flatMap((key) => text(key) ?? []);
  const slash = finding.ruleId.indexOf('/');
  const family = finding.ruleId.slice(0, slash);
  const rest = finding.ruleId.slice(slash + 1);
  if (family === 'vuln') {
    return {
      kind: 'vulnerabilities',
      id: rest,
      ...optional('packageName', text('pkgName')),
      paths: paths('pkgPath', 'target'),
      ...optional('purl', text('purl')),
    };
  }
  if (family === 'secret') return { kind: 'secrets', id: rest, paths: paths('target') };
  if (finding.ruleId === 'license/forbidden') {
    const license = text('license');
    if (!license) return undefined;
    return {
      kind: 'licenses',
      id: license,
      ...optional('packageName', text('pkgName')),
      paths: paths('filePath', 'target'),
    };
  }
  return undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function kindWasScanned(kind: AllowKind, context: CheckContext): boolean {
  if (!context.scan) return false;
  return context.scanners ? context.scanners.includes(SCANNER_OF[kind]) : kind === 'vulnerabilities';
}

function describeKind(kind: AllowKind): string {
  if (kind === 'vulnerabilities') return 'vulnerability';
  return kind === 'secrets' ? 'secret' : 'license';
}

/** What identifies an entry across edits that move it or change its expiry or reason. */
function entryKey(entry: AllowEntry): string {
  const { kind, id, packages, images, paths, purls } = entry;
  return JSON.stringify([kind, id, packages ?? null, images ?? null, paths ?? null, purls ?? null]);
}

function withoutLeadingSlash(path: string): string {
  return path.replace(/^\/+/, '');
}
