import type { VulnerabilityStatus } from '../model/vulnerability-status.js';
import type { TrivyVerification } from './install/release-trust.js';
import type { FeedRecord } from './feeds/feed-types.js';
import type { DbAge } from './runner/db-age.js';
import type { CachedScanFacts } from './runner/scan-cache.js';

/**
 * What a vulnerability scan found, in imagegate's terms: the parser turns a Trivy JSON report into these facts,
 * the checks read them. Only what a decision or a report needs is kept; Trivy's full record stays in its report.
 */

/** Trivy's severities; UNKNOWN when the data sources gave none. */
export type ScanSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';

export type { VulnerabilityStatus } from '../model/vulnerability-status.js';

export interface CvssScore {
  source: string;
  v3Score?: number;
  v3Vector?: string;
  v40Score?: number;
  v40Vector?: string;
  v2Score?: number;
}

/**
 * What is known about a vulnerability id, whichever package it affects: the report parser makes one per id and
 * every VulnerabilityFacts of that id points at the same object, so a kernel CVE found in 40 packages keeps its
 * description and references once. A field the first record of an id lacks comes from the first later record that
 * has it; otherwise the first record's value wins (Trivy writes the same details for every package of an id).
 */
export interface AdvisoryFacts {
  title?: string;
  description?: string;
  primaryUrl?: string;
  references: string[];
  cweIds: string[];
  cvss: CvssScore[];
  publishedDate?: string;
}

/** One vulnerability id in one installed package: where it is and how it stands; the id's details in `advisory`. */
export interface VulnerabilityFacts {
  id: string;
  pkgName: string;
  pkgId?: string;
  /** Where the package lives (lang packages: the lock file or jar path). */
  pkgPath?: string;
  purl?: string;
  installedVersion: string;
  fixedVersion?: string;
  status: VulnerabilityStatus;
  /** Per package, not per id: Trivy rates it from the data source of the package's ecosystem or distribution. */
  severity: ScanSeverity;
  /** The layer that brought the package in (Trivy's Layer.DiffID), when known. */
  layerDiffId?: string;
  /** Shared by every record of this id (see AdvisoryFacts). */
  advisory: AdvisoryFacts;
  /** Trivy's result target (`alpine:3.19 (alpine 3.19.1)`, `app/package-lock.json`) and class. */
  target: string;
  resultClass: string;
  /** Package type (`alpine`, `npm`, `jar`, …). */
  pkgType: string;
  /** The platforms it was found on, in a run over several platforms (`--platform all`); else absent. */
  platforms?: string[];
}

export interface SecretFacts {
  ruleId: string;
  category: string;
  severity: ScanSeverity;
  title: string;
  /** File inside the image where the secret is. */
  target: string;
  startLine?: number;
  layerDiffId?: string;
  /** Trivy's redacted match; never the secret itself. */
  match?: string;
}

export interface LicenseFacts {
  name: string;
  pkgName?: string;
  filePath?: string;
  severity: ScanSeverity;
  category: string;
  layerDiffId?: string;
  target: string;
}

/**
 * One installed package as Trivy listed it (`Results[].Packages[]`, present with `--list-all-pkgs`): the SBOM's
 * components. Scanner text, untrusted: written out only as JSON strings.
 */
export interface PackageFacts {
  name: string;
  version: string;
  pkgId?: string;
  /** Where the package lives (lang packages: the lock file or jar path). */
  pkgPath?: string;
  purl?: string;
  licenses: string[];
  /** Trivy's `Digest` (`sha1:…`, `sha256:…`, `md5:…`), when it computed one. */
  digest?: string;
  layerDiffId?: string;
  /** Trivy's result target and package type (`alpine`, `npm`, …). */
  target: string;
  pkgType: string;
  /** The platforms it was found on, in a run over several platforms (`--platform all`); else absent. */
  platforms?: string[];
}

export interface ScanFacts {
  scanner: { name: 'trivy'; version?: string };
  /** The Trivy DB the scan used, when the report says (newer Trivy versions). */
  dbUpdatedAt?: string;
  artifactName: string;
  artifactType?: string;
  /** When Trivy wrote the report (`CreatedAt`); a gate may want to know how old the scan is. */
  createdAt?: string;
  /** The OS Trivy detected (`Metadata.OS`); `eosl` when its vendor no longer ships fixes. */
  os?: { family: string; name: string; eosl: boolean };
  vulnerabilities: VulnerabilityFacts[];
  secrets: SecretFacts[];
  licenses: LicenseFacts[];
  /**
   * Every package Trivy listed (`--list-all-pkgs`); absent when the report has no `Packages` anywhere (a report
   * made without that flag): an SBOM then lists only the packages named by vulnerabilities, and says so.
   */
  packages?: PackageFacts[];
  /** The Trivy imagegate ran for this report and how it was verified; absent for a report the user brought. */
  binary?: ScannerBinaryFacts;
  /** Set when the results are Trivy's from an earlier run on the same image (the scan cache): when and how old. */
  cached?: CachedScanFacts;
  /** The scanners imagegate ran and why (`default`, `policy: secrets.forbid`, `--scanners`); absent for a report. */
  scanners?: Array<{ name: 'vuln' | 'secret' | 'license'; reason: string }>;
  /**
   * The DB imagegate ran Trivy with, from Trivy's metadata.json (issue 18 item 3): its UpdatedAt, its age at the
   * scan and whether the run was offline. Absent for a report the user brought, or a DB without metadata.
   */
  db?: DbAge;
  /** The KEV and EPSS feeds the gate used (issue 18), with the SHA-256 of each; absent when none was read. */
  feeds?: FeedRecord[];
}

/** Which trivy ran: its path, its version and how imagegate made sure it was the one meant. */
export interface ScannerBinaryFacts {
  path: string;
  version: string;
  verification: TrivyVerification;
}
