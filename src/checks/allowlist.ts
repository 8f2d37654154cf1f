import picomatch from 'picomatch';
import type { Finding, Suppression } from '../findings.js';
import { compileImagePattern } from '../policy/image-match.js';
import { ALLOW_KINDS, type AllowEntry, type AllowKind } from '../policy/types.js';
import type { CheckContext, ScannerKind } from './context.js';
import { makeFinding } from './make-finding.js';

/** What an allowlist entry is matched against, read from a scan finding. */
interface AllowSubject {
  kind: AllowKind;
  id: string;
  packageName?: string;
  /** Package path, Trivy target, license or secret file: `paths` matches when any of them does. */
  paths: string[];
  purl?: string;
}

interface CompiledEntry {
  entry: AllowEntry;
  expired: boolean;
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
  const today = utcDay(context.now);
  const entries = ALLOW_KINDS.flatMap((kind) => context.allow[kind])
    .filter((entry) => appliesToImage(entry, context))
    .map((entry) => compileEntry(entry, today));
  if (entries.length === 0) return { findings: [...findings], entryFindings: [] };
  const byId = new Map<string, CompiledEntry[]>();
  for (const compiled of entries) {
    const key = `${compiled.entry.kind}\u0000${compiled.entry.id}`;
    byId.set(key, [...(byId.get(key) ?? []), compiled]);
  }
  const matched = new Map<CompiledEntry, number>();
  const result = findings.map((finding) => {
    // Most findings have no entry for their id: look that up before reading the rest of the finding.
    const key = entryKeyOf(finding);
    const candidates = key === undefined ? undefined : byId.get(key);
    const subject = candidates ? subjectOf(finding) : undefined;
    if (!candidates || !subject) return finding;
    let suppression: Suppression | undefined;
    for (const compiled of candidates) {
      if (!compiled.matches(subject)) continue;
      matched.set(compiled, (matched.get(compiled) ?? 0) + 1);
      if (!compiled.expired && !suppression && !finding.suppressedBy) {
        const { reason, expires, source } = compiled.entry;
        suppression = { reason, expires, source };
      }
    }
    return suppression ? { ...finding, suppressedBy: suppression } : finding;
  });
  const own: Finding[] = [];
  for (const compiled of entries) {
    const count = matched.get(compiled) ?? 0;
    if (compiled.expired) own.push(expiredFinding(compiled.entry, count, context));
    else if (count === 0 && kindWasScanned(compiled.entry.kind, context))
      own.push(unusedFinding(compiled.entry, context));
  }
  return { findings: result, entryFindings: own };
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`: what `expires` is compared with. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function appliesToImage(entry: AllowEntry, context: CheckContext): boolean {
  if (!entry.images) return true;
  // An entry scoped to images cannot vouch for an image without a name.
  const { reference } = context;
  if (!reference) return false;
  return entry.images.some((pattern) => compileImagePattern(pattern, entry.source)(reference));
}

function compileEntry(entry: AllowEntry, today: string): CompiledEntry {
  const options = { dot: true };
  const packages = entry.packages?.map((glob) => picomatch(glob, options));
  const paths = entry.paths?.map((glob) => picomatch(withoutLeadingSlash(glob), options));
  const purls = entry.purls?.map((glob) => picomatch(glob, options));
  return {
    entry,
    expired: entry.expires < today,
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

function expiredFinding(entry: AllowEntry, matches: number, context: CheckContext): Finding {
  const counting =
    matches === 0
      ? 'It matches no finding of this scan; remove it.'
      : `It matches ${matches === 1 ? '1 finding' : `${matches} findings`}, which count again: fix ${matches === 1 ? 'it' : 'them'}, or review the reason and set a new date.`;
  return makeFinding('allow/expired', context, {
    message: `Allowlist entry for ${entry.id} expired on ${entry.expires} (reason: ${entry.reason}) and no longer suppresses. ${counting}`,
    location: entry.source,
    key: entryKey(entry),
    properties: { allowKind: entry.kind, allowId: entry.id, expires: entry.expires, reason: entry.reason, matches },
  });
}

function unusedFinding(entry: AllowEntry, context: CheckContext): Finding {
  return makeFinding('allow/unused', context, {
    message: `Allowlist entry for ${entry.id} (expires ${entry.expires}) matched no finding of this image's scan; remove it if the ${describeKind(entry.kind)} is gone.`,
    location: entry.source,
    key: entryKey(entry),
    properties: { allowKind: entry.kind, allowId: entry.id, expires: entry.expires, reason: entry.reason },
  });
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
