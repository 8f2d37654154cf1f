import { RULES } from '../model/catalog.js';
import { severityRank, type Severity } from '../model/findings.js';
import { appendAll } from '../util/append-all.js';
import type { ByteSize } from '../util/units.js';
import { mergeImageRules } from './merge.js';
import { ageLimitChange, exploitPriorityChanges } from './policy-diff-exploit.js';
import { hardeningChanges } from './policy-diff-hardening.js';
import { provenanceChanges } from './policy-diff-provenance.js';
import { signaturesChanges } from './policy-diff-signatures.js';
import type {
  AllowEntry,
  FailOn,
  FindingAllowEntry,
  ImageRules,
  MountAllowEntry,
  Policy,
  RuleSeverity,
} from './types.js';

/**
 * What a pull request's policy changes against the policy that judges it (the base branch's). A relaxation is
 * anything that lets more through: a raised budget, a higher `failOn`, a check turned off, a new or wider
 * exception. A tightening is the reverse. Pure: two loaded policies in, the list out, in a stable order.
 */
export interface PolicyChange {
  kind: 'relaxation' | 'tightening';
  /** The policy key, as a reader would search the file for it: `defaults.size.max`, `allow.vulnerabilities`. */
  key: string;
  /** One sentence; values as the policy files wrote them (`300MB`, `high`). */
  message: string;
}

/** `failOn` from strictest to most permissive: a later entry fails on fewer findings. */
const FAIL_ON_ORDER: readonly FailOn[] = ['info', 'low', 'medium', 'high', 'critical', 'never'];

export function diffPolicies(base: Policy, head: Policy): PolicyChange[] {
  const changes: PolicyChange[] = [];
  failOnChange(changes, 'gate.failOn', base.gate.failOn, head.gate.failOn);
  const defaultsBefore = changes.length;
  imageRulesChanges(changes, 'defaults', base.defaults, head.defaults, base.gate.failOn, head.gate.failOn);
  const reported = new Set(changes.slice(defaultsBefore).map((change) => keyless(change)));
  for (const match of overrideMatches(base, head)) {
    const scoped: PolicyChange[] = [];
    imageRulesChanges(
      scoped,
      `images[match=${match}]`,
      effectiveFor(base, match),
      effectiveFor(head, match),
      base.gate.failOn,
      head.gate.failOn,
    );
    // A change of `defaults` shows in every override too; list it once, under `defaults`.
    appendAll(
      changes,
      scoped.filter((change) => !reported.has(keyless(change))),
    );
  }
  severityChanges(changes, base.severities, head.severities);
  allowChanges(changes, base, head);
  composeChanges(changes, base, head);
  signaturesChanges(changes, base.signatures, head.signatures);
  ageLimitChange(
    (relaxed, key, message) => push(changes, relaxed, key, message),
    'scan.maxDbAge',
    base.scan?.maxDbAge?.ms,
    head.scan?.maxDbAge?.ms,
  );
  return [...changes.filter(isRelaxation), ...changes.filter((change) => !isRelaxation(change))];
}

export function relaxations(changes: readonly PolicyChange[]): PolicyChange[] {
  return changes.filter(isRelaxation);
}

function isRelaxation(change: PolicyChange): boolean {
  return change.kind === 'relaxation';
}

/** A change without its scope prefix, to recognize the same change reported under `defaults` and an override. */
function keyless(change: PolicyChange): string {
  const dot = change.key.indexOf('.', change.key.startsWith('images[') ? change.key.indexOf(']') : 0);
  return `${change.kind} ${change.key.slice(dot + 1)} ${change.message}`;
}

function overrideMatches(base: Policy, head: Policy): string[] {
  return [...new Set([...base.images, ...head.images].map((override) => override.match))];
}

/** The rules an image matched by exactly this pattern gets: defaults, then every override with that pattern. */
function effectiveFor(policy: Policy, match: string): ImageRules {
  const overrides = policy.images.filter((override) => override.match === match).map((override) => override.rules);
  return mergeImageRules(policy.defaults, ...overrides);
}

function imageRulesChanges(
  changes: PolicyChange[],
  scope: string,
  base: ImageRules,
  head: ImageRules,
  baseGate: FailOn,
  headGate: FailOn,
): void {
  const at = (key: string) => `${scope}.${key}`;
  budget(changes, at('size.max'), base.size.max, head.size.max);
  budget(changes, at('size.maxCompressed'), base.size.maxCompressed, head.size.maxCompressed);
  limit(changes, at('layers.max'), base.layers.max, head.layers.max);
  budget(changes, at('layers.maxLayerSize'), base.layers.maxLayerSize, head.layers.maxLayerSize);
  budget(changes, at('layers.maxWasted'), base.layers.maxWasted, head.layers.maxWasted);
  minimum(changes, at('layers.minEfficiency'), base.layers.minEfficiency, head.layers.minEfficiency);

  listWidened(changes, at('base.allow'), base.base.allow, head.base.allow, 'allowed base images');
  flag(changes, at('base.requireDigest'), base.base.requireDigest, head.base.requireDigest);
  listNarrowed(changes, at('base.forbidTags'), base.base.forbidTags, head.base.forbidTags, 'forbidden tags');
  flag(changes, at('base.requireCurrent'), base.base.requireCurrent, head.base.requireCurrent);
  ageLimitChange(
    (relaxed, key, message) => push(changes, relaxed, key, message),
    at('base.maxAge'),
    base.base.maxAge,
    head.base.maxAge,
    'unset',
  );
  if ((base.base.scope ?? 'final-stage') !== (head.base.scope ?? 'final-stage')) {
    const relaxed = head.base.scope !== 'all-stages';
    push(
      changes,
      relaxed,
      at('base.scope'),
      `checks ${head.base.scope ?? 'final-stage'} instead of ${base.base.scope ?? 'final-stage'}`,
    );
  }
  flag(changes, at('user.forbidRoot'), base.user.forbidRoot, head.user.forbidRoot);

  const vb = base.vulnerabilities;
  const vh = head.vulnerabilities;
  failOnChange(
    changes,
    at('vulnerabilities.failOn'),
    vb.failOn ?? baseGate,
    vh.failOn ?? headGate,
    !vb.failOn && !vh.failOn,
  );
  severityFloor(changes, at('vulnerabilities.minSeverity'), vb.minSeverity, vh.minSeverity);
  if (Boolean(vb.ignoreUnfixed) !== Boolean(vh.ignoreUnfixed)) {
    // Ignoring is the permissive direction: true here drops findings.
    push(
      changes,
      Boolean(vh.ignoreUnfixed),
      at('vulnerabilities.ignoreUnfixed'),
      `${Boolean(vb.ignoreUnfixed)} → ${Boolean(vh.ignoreUnfixed)}`,
    );
  }
  listWidened(
    changes,
    at('vulnerabilities.ignoreStatuses'),
    vb.ignoreStatuses ?? [],
    vh.ignoreStatuses ?? [],
    'ignored statuses',
  );
  // A VEX document suppresses findings like an allowlist entry: one more is a relaxation.
  listWidened(
    changes,
    at('vulnerabilities.vex'),
    (vb.vex ?? []).map((entry) => entry.written),
    (vh.vex ?? []).map((entry) => entry.written),
    'VEX documents',
  );
  if ((vb.unknownSeverity ?? 'low') !== (vh.unknownSeverity ?? 'low')) {
    const before = vb.unknownSeverity ?? 'low';
    const after = vh.unknownSeverity ?? 'low';
    push(
      changes,
      severityRank(after) < severityRank(before),
      at('vulnerabilities.unknownSeverity'),
      `${before} → ${after}`,
    );
  }
  if (Boolean(vb.vexFromImage) !== Boolean(vh.vexFromImage)) {
    // Trusting the image's own VEX lets whoever pushes the image suppress findings: turning it on relaxes.
    push(
      changes,
      Boolean(vh.vexFromImage),
      at('vulnerabilities.vexFromImage'),
      `${Boolean(vb.vexFromImage)} → ${Boolean(vh.vexFromImage)}`,
    );
  }
  exploitPriorityChanges((relaxed, key, message) => push(changes, relaxed, key, message), at, vb, vh);

  flag(changes, at('secrets.forbid'), base.secrets.forbid ?? true, head.secrets.forbid ?? true);
  failOnChange(
    changes,
    at('secrets.failOn'),
    base.secrets.failOn ?? baseGate,
    head.secrets.failOn ?? headGate,
    !base.secrets.failOn && !head.secrets.failOn,
  );
  listNarrowed(changes, at('licenses.forbid'), base.licenses.forbid, head.licenses.forbid, 'forbidden licenses');
  failOnChange(
    changes,
    at('licenses.failOn'),
    base.licenses.failOn ?? baseGate,
    head.licenses.failOn ?? headGate,
    !base.licenses.failOn && !head.licenses.failOn,
  );

  const cachesBefore = base.hygiene.packageCaches || undefined;
  const cachesAfter = head.hygiene.packageCaches || undefined;
  if (cachesBefore && !cachesAfter) push(changes, true, at('hygiene.packageCaches'), 'turned off');
  else if (!cachesBefore && cachesAfter) push(changes, false, at('hygiene.packageCaches'), 'turned on');
  else if (cachesBefore && cachesAfter && cachesBefore.minBytes !== cachesAfter.minBytes) {
    push(
      changes,
      cachesAfter.minBytes > cachesBefore.minBytes,
      at('hygiene.packageCaches'),
      `${cachesBefore.text ?? `${cachesBefore.minBytes} bytes`} → ${cachesAfter.text ?? `${cachesAfter.minBytes} bytes`}`,
    );
  }
  const toolsBefore = base.hygiene.toolchains || undefined;
  const toolsAfter = head.hygiene.toolchains || undefined;
  if (toolsBefore && !toolsAfter) push(changes, true, at('hygiene.toolchains'), 'turned off');
  else if (!toolsBefore && toolsAfter) push(changes, false, at('hygiene.toolchains'), 'turned on');
  else if (toolsBefore && toolsAfter) {
    listWidened(changes, at('hygiene.toolchains.allow'), toolsBefore.allow, toolsAfter.allow, 'allowed toolchains');
  }
  flag(changes, at('hygiene.dockerignore'), base.hygiene.dockerignore, head.hygiene.dockerignore);
  hardeningChanges(changes, at, base, head);
  provenanceChanges(changes, at, base, head);

  const dockerfileBefore = base.dockerfile ?? {};
  const dockerfileAfter = head.dockerfile ?? {};
  for (const key of ['addInsteadOfCopy', 'pipeToShell', 'updateAlone', 'noHealthcheck'] as const) {
    flag(changes, at(`dockerfile.${key}`), dockerfileBefore[key], dockerfileAfter[key]);
  }
  // `true` reports more than `dist-upgrade`, which reports more than `false`.
  const upgradeRank = (value: boolean | 'dist-upgrade' | undefined) =>
    value === true ? 2 : value === 'dist-upgrade' ? 1 : 0;
  const upgradeBefore = upgradeRank(dockerfileBefore.upgrade);
  const upgradeAfter = upgradeRank(dockerfileAfter.upgrade);
  if (upgradeBefore !== upgradeAfter) {
    push(
      changes,
      upgradeAfter < upgradeBefore,
      at('dockerfile.upgrade'),
      `${String(dockerfileBefore.upgrade ?? false)} → ${String(dockerfileAfter.upgrade ?? false)}`,
    );
  }
}

/** Severities of `rules:` and `compose.rules`, compared as they apply: an unset rule reports at its catalog default. */
function severityChanges(
  changes: PolicyChange[],
  base: Readonly<Record<string, RuleSeverity>>,
  head: Readonly<Record<string, RuleSeverity>>,
): void {
  const ids = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  for (const id of ids) {
    const fallback = RULES.find((rule) => rule.id === id)?.defaultSeverity;
    const before = base[id] ?? fallback;
    const after = head[id] ?? fallback;
    if (before === after || before === undefined || after === undefined) continue;
    const key = `rules.${id}`;
    if (after === 'off') push(changes, true, key, `turned off (was ${before})`);
    else if (before === 'off') push(changes, false, key, `turned on at ${after}`);
    else push(changes, severityRank(after as Severity) < severityRank(before as Severity), key, `${before} → ${after}`);
  }
}

function allowChanges(changes: PolicyChange[], base: Policy, head: Policy): void {
  for (const kind of ['vulnerabilities', 'secrets', 'licenses'] as const) {
    entryChanges(changes, `allow.${kind}`, base.allow[kind], head.allow[kind], scanEntryKey, scanEntryWidening);
  }
  entryChanges(
    changes,
    'allow.mounts',
    base.allow.mounts ?? [],
    head.allow.mounts ?? [],
    mountEntryKey,
    mountEntryWidening,
  );
  entryChanges(
    changes,
    'allow.findings',
    base.allow.findings ?? [],
    head.allow.findings ?? [],
    findingEntryKey,
    findingEntryWidening,
  );
}

type Entry = AllowEntry | MountAllowEntry | FindingAllowEntry;

function entryChanges<T extends Entry>(
  changes: PolicyChange[],
  key: string,
  base: readonly T[],
  head: readonly T[],
  identity: (entry: T) => string,
  widening: (before: T, after: T) => string[],
): void {
  const before = new Map<string, T[]>();
  for (const entry of base) before.set(identity(entry), [...(before.get(identity(entry)) ?? []), entry]);
  const matched = new Set<T>();
  for (const entry of head) {
    const candidates = before.get(identity(entry)) ?? [];
    if (candidates.length === 0) {
      push(
        changes,
        true,
        key,
        `new exception ${describe(entry)} until ${entry.expires}: ${JSON.stringify(entry.reason)}`,
      );
      continue;
    }
    // The base entry it widens least is the one it replaced.
    const scored = candidates
      .filter((candidate) => !matched.has(candidate))
      .map((candidate) => ({ candidate, wider: widening(candidate, entry) }))
      .sort((a, b) => a.wider.length - b.wider.length);
    const best = scored[0];
    if (!best) {
      push(changes, true, key, `another exception ${describe(entry)} until ${entry.expires}`);
      continue;
    }
    matched.add(best.candidate);
    if (best.wider.length > 0)
      push(changes, true, key, `exception ${describe(entry)} extended: ${best.wider.join('; ')}`);
    else if (entry.expires < best.candidate.expires) {
      push(
        changes,
        false,
        key,
        `exception ${describe(entry)} expires earlier: ${best.candidate.expires} → ${entry.expires}`,
      );
    }
  }
  for (const entry of base) {
    if (!matched.has(entry)) push(changes, false, key, `exception ${describe(entry)} removed`);
  }
}

function scanEntryKey(entry: AllowEntry): string {
  return `${entry.kind}\u0000${entry.id}`;
}

function mountEntryKey(entry: MountAllowEntry): string {
  return `${entry.service}\u0000${entry.target ?? ''}\u0000${entry.rule ?? ''}`;
}

/** A changed subject glob is another exception (it may accept other files), not a widened one. */
function findingEntryKey(entry: FindingAllowEntry): string {
  return `${entry.rule}\u0000${entry.subject}`;
}

function findingEntryWidening(before: FindingAllowEntry, after: FindingAllowEntry): string[] {
  return [...expiryWidening(before, after), ...criterionWidening('images', before.images, after.images)];
}

function scanEntryWidening(before: AllowEntry, after: AllowEntry): string[] {
  return [
    ...expiryWidening(before, after),
    ...criterionWidening('packages', before.packages, after.packages),
    ...criterionWidening('images', before.images, after.images),
    ...criterionWidening('paths', before.paths, after.paths),
    ...criterionWidening('purls', before.purls, after.purls),
  ];
}

function mountEntryWidening(before: MountAllowEntry, after: MountAllowEntry): string[] {
  const source = criterionWidening(
    'source',
    before.mountSource === undefined ? undefined : [before.mountSource],
    after.mountSource === undefined ? undefined : [after.mountSource],
  );
  return [...expiryWidening(before, after), ...source];
}

function expiryWidening(before: Entry, after: Entry): string[] {
  return after.expires > before.expires ? [`expires later: ${before.expires} → ${after.expires}`] : [];
}

/** An unset criterion matches everything, so dropping one, or adding a pattern to it, widens the entry. */
function criterionWidening(
  name: string,
  before: readonly string[] | undefined,
  after: readonly string[] | undefined,
): string[] {
  if (before === undefined) return [];
  if (after === undefined) return [`${name} no longer restricted (was ${before.join(', ')})`];
  const added = after.filter((pattern) => !before.includes(pattern));
  return added.length > 0 ? [`${name} adds ${added.join(', ')}`] : [];
}

function describe(entry: Entry): string {
  if (entry.kind === 'findings') return `(${entry.rule} on ${entry.subject})`;
  if (entry.kind === 'mounts') {
    const parts = [`service ${entry.service}`];
    if (entry.target) parts.push(`target ${entry.target}`);
    if (entry.rule) parts.push(entry.rule);
    return `(${parts.join(', ')})`;
  }
  return entry.id;
}

function composeChanges(changes: PolicyChange[], base: Policy, head: Policy): void {
  const filesOf = (policy: Policy) => policy.compose.files.map((set) => set.patterns.join(' + '));
  const before = filesOf(base);
  const after = filesOf(head);
  const dropped = before.filter((files) => !after.includes(files));
  const added = after.filter((files) => !before.includes(files));
  if (dropped.length > 0) push(changes, true, 'compose.files', `no longer checks ${dropped.join(', ')}`);
  if (added.length > 0) push(changes, false, 'compose.files', `also checks ${added.join(', ')}`);
  const everyService = (profiles: string[] | undefined) => !profiles || profiles.includes('*');
  const profilesBefore = base.compose.profiles;
  const profilesAfter = head.compose.profiles;
  if (
    !everyService(profilesAfter) &&
    (everyService(profilesBefore) || profilesBefore?.some((p) => !profilesAfter?.includes(p)))
  ) {
    push(changes, true, 'compose.profiles', `checks only profiles ${profilesAfter?.join(', ') ?? ''}`);
  } else if (everyService(profilesAfter) && !everyService(profilesBefore)) {
    push(changes, false, 'compose.profiles', 'checks every service');
  }
  flag(
    changes,
    'compose.requireReadOnlyRootfs',
    base.compose.requireReadOnlyRootfs,
    head.compose.requireReadOnlyRootfs,
  );
  flag(
    changes,
    'compose.requireNoNewPrivileges',
    base.compose.requireNoNewPrivileges,
    head.compose.requireNoNewPrivileges,
  );
  flag(changes, 'compose.requireMemoryLimit', base.compose.requireMemoryLimit, head.compose.requireMemoryLimit);
  flag(changes, 'compose.requirePidsLimit', base.compose.requirePidsLimit, head.compose.requirePidsLimit);
  flag(
    changes,
    'compose.forbidPrivilegedPorts',
    base.compose.forbidPrivilegedPorts,
    head.compose.forbidPrivilegedPorts,
  );
}

function push(changes: PolicyChange[], relaxed: boolean, key: string, message: string): void {
  changes.push({ kind: relaxed ? 'relaxation' : 'tightening', key, message });
}

/** A gate threshold: higher fails on fewer findings. `inherited`: both follow gate.failOn (reported there). */
function failOnChange(changes: PolicyChange[], key: string, before: FailOn, after: FailOn, inherited = false): void {
  if (before === after || inherited) return;
  push(changes, FAIL_ON_ORDER.indexOf(after) > FAIL_ON_ORDER.indexOf(before), key, `${before} → ${after}`);
}

/** A byte budget; unset means unlimited. */
function budget(changes: PolicyChange[], key: string, before: ByteSize | undefined, after: ByteSize | undefined): void {
  const bytes = (size: ByteSize | undefined) => size?.bytes ?? Number.POSITIVE_INFINITY;
  if (bytes(before) === bytes(after)) return;
  push(changes, bytes(after) > bytes(before), key, `${before?.text ?? 'unlimited'} → ${after?.text ?? 'unlimited'}`);
}

/** A count limit; unset means unlimited. */
function limit(changes: PolicyChange[], key: string, before: number | undefined, after: number | undefined): void {
  const value = (n: number | undefined) => n ?? Number.POSITIVE_INFINITY;
  if (value(before) === value(after)) return;
  push(changes, value(after) > value(before), key, `${before ?? 'unlimited'} → ${after ?? 'unlimited'}`);
}

/** A lower bound such as minEfficiency; unset means none. */
function minimum(changes: PolicyChange[], key: string, before: number | undefined, after: number | undefined): void {
  const value = (n: number | undefined) => n ?? Number.NEGATIVE_INFINITY;
  if (value(before) === value(after)) return;
  push(changes, value(after) < value(before), key, `${before ?? 'none'} → ${after ?? 'none'}`);
}

/** A drop filter such as minSeverity: raising it hides more. */
function severityFloor(
  changes: PolicyChange[],
  key: string,
  before: Severity | undefined,
  after: Severity | undefined,
): void {
  const rank = (severity: Severity | undefined) => (severity ? severityRank(severity) : 0);
  if (rank(before) === rank(after)) return;
  push(changes, rank(after) > rank(before), key, `${before ?? 'none'} → ${after ?? 'none'}`);
}

/** A check that runs when true: true → false (or unset) relaxes it. */
export function flag(
  changes: PolicyChange[],
  key: string,
  before: boolean | undefined,
  after: boolean | undefined,
): void {
  if (Boolean(before) === Boolean(after)) return;
  push(changes, !after, key, `${Boolean(before)} → ${Boolean(after)}`);
}

/** A list of what is allowed (unset: everything is). */
export function listWidened(
  changes: PolicyChange[],
  key: string,
  before: readonly string[] | undefined,
  after: readonly string[] | undefined,
  what: string,
): void {
  if (before === undefined && after === undefined) return;
  if (after === undefined) {
    push(changes, true, key, `no longer restricted (was ${before?.join(', ')})`);
    return;
  }
  if (before === undefined) {
    push(changes, false, key, `restricted to ${after.join(', ')}`);
    return;
  }
  const added = after.filter((item) => !before.includes(item));
  const removed = before.filter((item) => !after.includes(item));
  if (added.length > 0) push(changes, true, key, `${what} added: ${added.join(', ')}`);
  if (removed.length > 0) push(changes, false, key, `${what} removed: ${removed.join(', ')}`);
}

/** A list of what is forbidden (unset: nothing is). */
function listNarrowed(
  changes: PolicyChange[],
  key: string,
  before: readonly string[] | undefined,
  after: readonly string[] | undefined,
  what: string,
): void {
  const removed = (before ?? []).filter((item) => !(after ?? []).includes(item));
  const added = (after ?? []).filter((item) => !(before ?? []).includes(item));
  if (removed.length > 0) push(changes, true, key, `${what} removed: ${removed.join(', ')}`);
  if (added.length > 0) push(changes, false, key, `${what} added: ${added.join(', ')}`);
}
