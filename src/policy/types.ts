import type { SignerRule } from './convert-signatures.js';
import type { SignatureRules } from './convert-signatures.js';
import type { VexPolicyFile } from './convert-vex.js';
import type { Severity, SourceLocation } from '../model/findings.js';
import type { VulnerabilityStatus } from '../model/vulnerability-status.js';
import type { ByteSize } from '../util/units.js';

/**
 * A loaded, validated, merged policy. The file format is documented by policies/policy.schema.json;
 * these are the typed values the checks read (sizes already in bytes, globs as written).
 */

export interface SizeRules {
  max?: ByteSize;
  maxCompressed?: ByteSize;
}

export interface LayerRules {
  max?: number;
  maxLayerSize?: ByteSize;
  /** Most bytes of file copies a later layer replaced or deleted (see ContentFacts). */
  maxWasted?: ByteSize;
  /** Least final-filesystem bytes ÷ all layer bytes, 0–1. */
  minEfficiency?: number;
}

/** The toolchains a final image may not ship (hygiene/toolchain). */
export const TOOLCHAINS = ['gcc', 'g++', 'clang', 'make', 'cmake', 'go', 'rustc', 'cargo', 'javac'] as const;
export type Toolchain = (typeof TOOLCHAINS)[number];

/** Build hygiene; `false` is kept (not dropped) so a later policy file can turn off what an earlier one set. */
export interface HygieneRules {
  /** Report package-manager caches holding at least `minBytes` bytes (1: any that holds bytes). */
  packageCaches?: { minBytes: number; text?: string } | false;
  /** Report compilers and build tools in the final filesystem, except `allow`. */
  toolchains?: { allow: Toolchain[] } | false;
  /** Report COPY/ADD of the whole context without a .dockerignore. */
  dockerignore?: boolean;
}

/**
 * Dockerfile rules (`dockerfile:` in `defaults` or an `images:` entry); each is off unless set, and `false` is kept
 * so a later policy file can turn off what an earlier one set.
 */
export interface DockerfileRules {
  /** `dockerfile/add-instead-of-copy`: ADD of a local non-archive, or of a URL without `--checksum`. */
  addInsteadOfCopy?: boolean;
  /** `dockerfile/pipe-to-shell`: a download piped into a shell or interpreter. */
  pipeToShell?: boolean;
  /** `dockerfile/update-alone`: a package-list update in a RUN that installs nothing. */
  updateAlone?: boolean;
  /** `dockerfile/upgrade`: `true` every whole-image upgrade; `dist-upgrade` only release upgrades. */
  upgrade?: boolean | 'dist-upgrade';
  /** `dockerfile/no-healthcheck`: the image has no HEALTHCHECK and no runtime healthcheck was seen. */
  noHealthcheck?: boolean;
}

/**
 * `provenance:` (issue 15 item 4): what the SLSA provenance attached to the image must say. Lists are globs (the
 * policy's glob syntax); an unset key checks nothing.
 */
export interface ProvenanceRules {
  /** The image must carry SLSA provenance (`provenance/missing`). */
  required?: boolean;
  /** Globs on the builder id (`https://github.com/actions/runner/*`). */
  builderIds?: string[];
  /** Allowed source repositories, each with optional ref globs. */
  sources?: Array<{ repository: string; refs?: string[] }>;
  /** Every base among the materials is pinned by digest and allowed by `base.allow`. */
  basesPinned?: boolean;
  /**
   * Who must have signed the provenance (DSSE envelopes: cosign attestations, Sigstore bundles such as GitHub
   * artifact attestations); set, only provenance verified against one of them counts (`provenance/invalid-signature`).
   */
  signers?: SignerRule[];
}

export type BaseScope = 'final-stage' | 'all-stages';
/** What the checks assume when `base.scope` is not set. */
export const DEFAULT_BASE_SCOPE: BaseScope = 'final-stage';

export interface BaseRules {
  /** Globs on normalized references (`docker.io/library/alpine:3.*`, `gcr.io/distroless/**`). */
  allow?: string[];
  requireDigest?: boolean;
  /** Tag globs that may not be used; `<none>` means a FROM with neither tag nor digest (implicitly `latest`). */
  forbidTags?: string[];
  scope?: BaseScope;
  /**
   * Issue 18 item 5: the longest a base may have been built before the image (ms, from `30d`, `2w`, `48h`): older
   * is `base/too-old`. Read from the base's config `created`, at the digest the image was built on.
   */
  maxAge?: number;
  /** Issue 18 item 5: the FROM's tag must still point at the digest the image was built on (`base/stale`). */
  requireCurrent?: boolean;
}

export interface UserRules {
  forbidRoot?: boolean;
}

/** What the scan found, filtered before anything is reported: findings a filter drops appear nowhere. */
export interface VulnerabilityRules {
  /** Gate threshold for `vuln/` findings; unset: `gate.failOn`. */
  failOn?: FailOn;
  /** Vulnerabilities below this severity (after `unknownSeverity` mapping) are dropped; unset: none are. */
  minSeverity?: Severity;
  /** Drop vulnerabilities without a fixed version. */
  ignoreUnfixed?: boolean;
  /** Drop vulnerabilities with these Trivy statuses (`will_not_fix`, `end_of_life`, …). */
  ignoreStatuses?: VulnerabilityStatus[];
  /** The severity Trivy's UNKNOWN becomes; unset: DEFAULT_UNKNOWN_SEVERITY. */
  unknownSeverity?: Severity;
  /** Read OpenVEX documents attached to the image in its registry (issue 14 item 6); unset: false. */
  vexFromImage?: boolean;
  /** VEX documents whose statements suppress findings (src/vex/); relative to the policy file that names them. */
  vex?: VexPolicyFile[];
  /** A vulnerability in the CISA KEV catalogue fails the gate whatever its severity (issue 18); unset: false. */
  failOnKev?: boolean;
  /** Findings whose EPSS score (or percentile) is below the threshold do not fail the gate unless in KEV. */
  epss?: EpssThreshold;
  /**
   * Per severity, how long (ms) after its PublishedDate a vulnerability is reported without failing the gate, unless
   * in KEV; a severity left out has no grace. `gracePeriod: 7d` sets every severity.
   */
  gracePeriod?: Partial<Record<Severity, number>>;
  /** A KEV or EPSS feed that cannot be read fails the run (exit 3) instead of being a warning; unset: false. */
  requireFeeds?: boolean;
}

/** `vulnerabilities.epss`: either bound or both (a finding must reach every bound that is set to count). */
export interface EpssThreshold {
  minScore?: number;
  minPercentile?: number;
  /** At or above this score a finding fails the gate whatever its severity (the other direction). */
  failAtScore?: number;
}
/** What Trivy's UNKNOWN severity means when the policy does not say. */
export const DEFAULT_UNKNOWN_SEVERITY: Severity = 'low';

export interface SecretRules {
  /** Every secret the scan found is a finding; unset: true. */
  forbid?: boolean;
  /** Gate threshold for `secret/` findings; unset: `gate.failOn`. */
  failOn?: FailOn;
}

export interface LicenseRules {
  /** SPDX ids or globs (`AGPL-*`, case-insensitive) that no package may be licensed under. */
  forbid?: string[];
  /** Gate threshold for `license/` findings; unset: `gate.failOn`. */
  failOn?: FailOn;
}

/** fs/setuid, fs/setgid: paths expected to carry the bit (globs), on top of the built-in list unless dropped. */
export interface SpecialBitRules {
  allow: string[];
  allowDefaults: boolean;
}

/** Hardening of the final filesystem; unset means on, `false` is kept so a later file can turn a rule off. */
export interface FsRules {
  setuid?: SpecialBitRules | false;
  setgid?: SpecialBitRules | false;
  worldWritable?: boolean;
  sudo?: boolean;
  sshd?: boolean;
}

/** Checks of the account databases; unset means on. */
export interface AccountRules {
  emptyPassword?: boolean;
  duplicateRoot?: boolean;
  duplicateId?: boolean;
  unknownUser?: boolean;
}

/**
 * What the image config may not hold (config/secret, config/expose-ssh). `false` is kept so that a later policy
 * file can turn off what an earlier one set; unset means off.
 */
export interface ConfigRules {
  /** Report secrets in ENV, LABEL, ARG and history; `names` adds name globs whose values count as secrets. */
  secrets?: { names: string[] } | false;
  /** Report port 22 in the config's exposed ports. */
  exposeSsh?: boolean;
}

/** The rules that apply to one image: `defaults` with every matching `images[]` override on top. */
export interface ImageRules {
  size: SizeRules;
  layers: LayerRules;
  base: BaseRules;
  user: UserRules;
  vulnerabilities: VulnerabilityRules;
  secrets: SecretRules;
  licenses: LicenseRules;
  hygiene: HygieneRules;
  /** Optional so rules written before these sections existed stay valid; absent means every rule on. */
  fs?: FsRules;
  accounts?: AccountRules;
  /** Optional so that callers that build rules by hand need not know it; unset means both rules are off. */
  config?: ConfigRules;
  /** Optional so that hand-built rule sets (tests, baselines) need not name it; absent: every rule off. */
  dockerfile?: DockerfileRules;
  /** Optional like `dockerfile`; absent: provenance is neither read nor checked (issue 15 item 4). */
  provenance?: ProvenanceRules;
}

export interface ImageOverride {
  /** Glob on the normalized image reference. */
  match: string;
  rules: Partial<{ [K in keyof ImageRules]: ImageRules[K] }>;
  source: SourceLocation;
}

export type FailOn = Severity | 'never';
/** `gate.failOn` when a policy does not set it. */
export const DEFAULT_FAIL_ON: FailOn = 'high';

/** A `rules:` entry: a severity that replaces the catalog's default, or `off`. */
export type RuleSeverity = Severity | 'off';

/** The scan finding families an allowlist entry can suppress. */
export type AllowKind = 'vulnerabilities' | 'secrets' | 'licenses';
export const ALLOW_KINDS: readonly AllowKind[] = ['vulnerabilities', 'secrets', 'licenses'];

/**
 * One accepted finding. Every criterion that is set must match (a list matches when any of its globs does); an
 * entry suppresses until the end of its `expires` day (UTC), then becomes an `allow/expired` finding itself.
 */
export interface AllowEntry {
  kind: AllowKind;
  /** Vulnerability id (`CVE-2024-3094`, `GHSA-…`), Trivy secret rule id, or license name; matched exactly. */
  id: string;
  /** Globs on the package name (vulnerabilities, licenses). */
  packages?: string[];
  /** Image patterns, normalized like `images[].match`. */
  images?: string[];
  /** Globs on the file in the image: package path, Trivy target, secret or license file (leading `/` ignored). */
  paths?: string[];
  /** Globs on the package URL (vulnerabilities). */
  purls?: string[];
  reason: string;
  /** Last day the entry applies, `YYYY-MM-DD` (a real date). */
  expires: string;
  /** The entry in its policy file. */
  source: SourceLocation;
}

/**
 * An accepted compose finding: a service (glob) and optionally the mount's target, its source and the rule. Every
 * criterion that is set must match; it suppresses until the end of its `expires` day (UTC), like AllowEntry.
 */
export interface MountAllowEntry {
  kind: 'mounts';
  /** Glob on the service name (`*` for every service). */
  service: string;
  /** Glob on the mount's path in the container; an entry with a target matches only findings about a mount. */
  target?: string;
  /** Glob on the mount's source: as the finding shows it (`./data`, a volume name) or as an absolute host path. */
  mountSource?: string;
  /** A compose rule id (`compose/writable-bind-mount`); unset: every compose rule. */
  rule?: string;
  reason: string;
  expires: string;
  source: SourceLocation;
}

/**
 * `allow:` of every policy file, concatenated across `extends` (base files first). A loaded policy always has
 * `mounts`; it is optional so that image-only callers can build an allowlist without it.
 */
export type Allowlist = Record<AllowKind, AllowEntry[]> & {
  mounts?: MountAllowEntry[];
  findings?: FindingAllowEntry[];
};

/**
 * An accepted finding of any image-policy rule that names a subject (`properties.subject`: a file path, a
 * variable, an account, a Dockerfile line): `allow.findings`. It suppresses until the end of its `expires` day
 * (UTC), like AllowEntry.
 */
export interface FindingAllowEntry {
  kind: 'findings';
  /** A rule id (`fs/setuid`) or a glob over rule ids (`fs/*`); it matches at least one rule of the catalog. */
  rule: string;
  /** Glob on the finding's subject (`/usr/bin/passwd`, `/usr/lib/**`); a leading `/` is ignored on both sides. */
  subject: string;
  /** Image patterns, normalized like `images[].match`. */
  images?: string[];
  reason: string;
  expires: string;
  source: SourceLocation;
}

/**
 * One compose project to check: its files, in `-f` order. A string in `compose.files` is one project per file it
 * matches; a list is one project made of all of them (a base file and its overrides).
 */
export interface ComposeFileSet {
  /** Globs relative to `baseDir`, as written. */
  patterns: string[];
  /** The directory of the policy file that lists them. */
  baseDir: string;
  source: SourceLocation;
}

/** The `compose:` section (severities of compose rules live in Policy.severities with the other rules). */
export interface ComposeRules {
  files: ComposeFileSet[];
  /** Profiles whose services are checked; unset or containing `*`: every service. */
  profiles?: string[];
  /** Every service must set `read_only: true` (`compose/writable-rootfs`). */
  requireReadOnlyRootfs?: boolean;
  /** Every service must set `security_opt: [no-new-privileges:true]` (`compose/no-new-privileges`). */
  requireNoNewPrivileges?: boolean;
  /** Every service must set `mem_limit` or `deploy.resources.limits.memory` (`compose/memory-limit`). */
  requireMemoryLimit?: boolean;
  /** Every service must set `pids_limit` or `deploy.resources.limits.pids` (`compose/pids-limit`). */
  requirePidsLimit?: boolean;
  /** No `ports` entry may publish a host port below 1024 (`compose/privileged-port`). */
  forbidPrivilegedPorts?: boolean;
}

/** One `kubernetes.files` entry: a manifest file, a directory (searched recursively) or a glob. */
export interface KubernetesFileSet {
  pattern: string;
  /** The directory of the policy file that lists it. */
  baseDir: string;
  source: SourceLocation;
}

/** The `kubernetes:` section (severities of `k8s/` rules live in Policy.severities with the other rules). */
export interface KubernetesRules {
  files: KubernetesFileSet[];
  /** Every container must set `readOnlyRootFilesystem: true` (`k8s/writable-rootfs`). */
  requireReadOnlyRootfs?: boolean;
  /** Volume types whose mounts must be read-only (`k8s/writable-mount`). */
  readOnlyVolumeTypes?: string[];
  /** emptyDir `sizeLimit` and `ephemeral-storage` limits required (`k8s/storage-limit`). */
  requireStorageLimits?: boolean;
  /** Capabilities a container may add; unset: only the ones enough to escape are reported. */
  allowedCapabilities?: string[];
  /** `allowPrivilegeEscalation: false` required, not only `true` reported (`k8s/privilege-escalation`). */
  requireNoPrivilegeEscalation?: boolean;
  /** Any hostPath volume reported (`k8s/host-path-volume`). */
  forbidHostPath?: boolean;
  /** Volume types a pod may use (`k8s/volume-type`). */
  allowedVolumeTypes?: string[];
  /** `runAsNonRoot: true` or a non-zero `runAsUser` required (`k8s/run-as-root`). */
  requireRunAsNonRoot?: boolean;
  /** A RuntimeDefault or Localhost seccomp profile required (`k8s/unconfined-profile`). */
  requireSeccompProfile?: boolean;
  /** `capabilities.drop: [ALL]` required (`k8s/dangerous-capability`). */
  requireDropAll?: boolean;
}

/** The `rescan:` section: what `imagegate rescan plan` re-scans when its flags do not say. */
export interface RescanRules {
  /** Repository paths in the registry (`team/api`). */
  repositories?: string[];
  /** Tag rules as written (checked by src/policy/tag-rules.ts): `semver:…`, `latest:…`, `regex:…` or a tag. */
  tags?: string[];
}

/** The `scan:` section (issue 18 item 3). */
export interface ScanPolicyRules {
  /** `scan.maxDbAge`: the oldest DB (by its UpdatedAt) a scan may use, with the line that says so. */
  maxDbAge?: { ms: number; text: string; source: SourceLocation };
}

export interface Policy {
  /** Files that made this policy, base first (after `extends`). Empty for the built-in default. */
  files: string[];
  defaults: ImageRules;
  images: ImageOverride[];
  gate: { failOn: FailOn };
  /** Per-rule severity overrides from the policy's `rules:` map and `compose.rules`; `off` disables a rule. */
  severities: Record<string, RuleSeverity>;
  allow: Allowlist;
  compose: ComposeRules;
  /** Absent when no policy file has a `kubernetes:` section. */
  kubernetes?: KubernetesRules;
  /** Absent when no policy file has a `rescan:` section. */
  rescan?: RescanRules;
  /**
   * `signatures:` (issue 15 items 1-3): who must have signed the image and its bases. Absent: no signature is looked
   * for, so no signature request reaches a registry.
   */
  signatures?: SignatureRules;
  /** Absent when no policy file has a `scan:` section. */
  scan?: ScanPolicyRules;
}
