import { countBySeverity, fingerprintOf, type Finding, type Severity } from '../../src/model/findings.js';
import type { RunResult } from '../../src/report/run-result.js';
import { DOCKERFILE, diffId, sampleResult } from './fixtures.js';

/**
 * Runs made to read the top block of the reports: vulnerabilities in packages from the base image (layer 1, the FROM
 * at line 1) and from an instruction (layer 2, line 5), with fixed versions as Trivy writes them (several per
 * advisory, comma-separated), an unfixed one, an unrated one, and a compose finding with the properties
 * `allow.mounts` matches on.
 */

export interface Vuln {
  id: string;
  pkg: string;
  installed: string;
  fixed?: string;
  severity: Severity;
  layer: 1 | 2;
  scannerSeverity?: string;
  url?: string;
}

export function vuln(spec: Vuln): Finding {
  const line = spec.layer === 1 ? 1 : 5;
  return {
    ruleId: `vuln/${spec.id}`,
    severity: spec.severity,
    message: `${spec.id} in ${spec.pkg} ${spec.installed}`,
    location: { kind: 'source', path: DOCKERFILE, line, column: 1 },
    fingerprint: fingerprintOf(spec.id, spec.pkg),
    properties: {
      pkgName: spec.pkg,
      pkgPath: null,
      installedVersion: spec.installed,
      fixedVersion: spec.fixed ?? null,
      status: spec.fixed ? 'fixed' : 'affected',
      scannerSeverity: spec.scannerSeverity ?? spec.severity.toUpperCase(),
      cvssScore: null,
      target: 'docker.io/acme/api:1.2.3 (debian 11.7)',
      layerDiffId: diffId(spec.layer),
      primaryUrl: spec.url ?? null,
      title: `${spec.pkg}: problem ${spec.id}`,
    },
  };
}

export const WRITABLE_MOUNT: Finding = {
  ruleId: 'compose/writable-bind-mount',
  severity: 'high',
  message: 'Service web mounts ./data at /data read-write',
  messageMarkdown: 'Service `web` mounts `./data` at `/data` read-write',
  location: { kind: 'source', path: 'compose.yaml', line: 12, column: 9 },
  fingerprint: fingerprintOf('compose/writable-bind-mount', 'web', '/data'),
  properties: { service: 'web', target: '/data', mountType: 'bind', readOnly: false, source: './data' },
};

export function blockedResult(findings: Finding[]): RunResult {
  return sampleResult({
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding) => finding.suppressedBy).length,
    failOn: 'high',
    familyFailOn: {},
    layerFromBase: [true, false, false, false],
  });
}

/** openssl from the base image: 3 critical (one fix per advisory), 1 high; curl from an instruction; busybox unfixed. */
export function mixedFindings(): Finding[] {
  return [
    vuln({
      id: 'CVE-2023-0001',
      pkg: 'openssl',
      installed: '1.1.1k-1',
      fixed: '1.1.1n-0+deb11u1',
      severity: 'critical',
      layer: 1,
      url: 'https://security-tracker.debian.org/tracker/CVE-2023-0001',
    }),
    vuln({
      id: 'CVE-2023-0002',
      pkg: 'openssl',
      installed: '1.1.1k-1',
      fixed: '3.0.2-1, 1.1.1w-0+deb11u1',
      severity: 'critical',
      layer: 1,
      url: 'http://insecure.example/CVE-2023-0002',
    }),
    vuln({
      id: 'CVE-2023-0003',
      pkg: 'openssl',
      installed: '1.1.1k-1',
      fixed: '1.1.1n-0+deb11u3',
      severity: 'critical',
      layer: 1,
    }),
    vuln({
      id: 'CVE-2023-0004',
      pkg: 'openssl',
      installed: '1.1.1k-1',
      fixed: '1.1.1n-0+deb11u4',
      severity: 'high',
      layer: 1,
    }),
    vuln({
      id: 'CVE-2023-0010',
      pkg: 'curl',
      installed: '7.74.0-1.3',
      fixed: '7.74.0-1.3+deb11u7',
      severity: 'critical',
      layer: 2,
    }),
    vuln({ id: 'CVE-2023-0020', pkg: 'busybox', installed: '1:1.30.1-6', severity: 'critical', layer: 1 }),
    vuln({
      id: 'CVE-2023-0030',
      pkg: 'zlib1g',
      installed: '1:1.2.11',
      fixed: '1:1.2.13',
      severity: 'high',
      layer: 2,
      scannerSeverity: 'UNKNOWN',
    }),
    vuln({
      id: 'CVE-2023-0040',
      pkg: 'libc6',
      installed: '2.31-13',
      fixed: '2.31-13+deb11u6',
      severity: 'medium',
      layer: 1,
    }),
    WRITABLE_MOUNT,
  ];
}

/** `count` blocking vulnerabilities over `count / 10` packages, alternating base and instruction layers. */
export function manyFindings(count: number): Finding[] {
  return Array.from({ length: count }, (_, index) =>
    vuln({
      id: `CVE-2024-${String(10_000 + index)}`,
      pkg: `package-${Math.floor(index / 10)}`,
      installed: '1.0.0-1',
      fixed: `1.0.${index % 10}-2`,
      severity: index % 3 === 0 ? 'critical' : 'high',
      layer: index % 20 < 10 ? 1 : 2,
      url: `https://avd.aquasec.com/nvd/cve-2024-${10_000 + index}`,
    }),
  );
}
