import { countBySeverity, fingerprintOf, type Finding, type Severity } from '../../src/model/findings.js';
import type { RunResult } from '../../src/report/run-result.js';
import type { AdvisoryFacts, ScanFacts, VulnerabilityFacts } from '../../src/scan/types.js';
import { DOCKERFILE, diffId, sampleFindings, sampleResult } from './fixtures.js';

/**
 * A hand-made Trivy scan of the sample image and the findings the vulnerability checks would make of it, following
 * their conventions (ruleId `vuln/<id>`, properties pkgName … title, fingerprint rule + repository + package):
 * vulnerabilities in the base layer (FROM, line 1) and in two instruction layers (lines 5 and 7), one id in two
 * packages, CVSS from v3 and v4, none at all, a suppressed one, an UNKNOWN-severity one, a secret, a forbidden
 * license and an expired allowlist entry. Hostile text sits where advisories put text: titles, descriptions, URLs.
 */

export const REPOSITORY = 'docker.io/acme/api';
export const HOSTILE_TITLE =
  '<img src=x onerror=alert(1)> @octocat | pipe [click](javascript:alert(1)) https://evil.example #12 **bold**';
export const HOSTILE_DESCRIPTION =
  'Line one <script>alert(1)</script>\n\n# Heading\n> quote\n@everyone see [here](https://evil.example) | `tick`';

interface VulnSpec {
  id: string;
  pkg: string;
  installed: string;
  fixed?: string;
  status: string;
  severity: Severity;
  scannerSeverity: string;
  cvss: number | null;
  layer: number;
  line: number;
  title?: string;
  primaryUrl?: string;
  pkgPath?: string;
  target: string;
  suppressed?: boolean;
}

const OS_TARGET = 'docker.io/acme/api:1.2.3 (alpine 3.19.1)';

const SPECS: VulnSpec[] = [
  {
    id: 'CVE-2023-0464',
    pkg: 'libssl3',
    installed: '3.0.1-r0',
    fixed: '3.0.8-r0',
    status: 'fixed',
    severity: 'high',
    scannerSeverity: 'HIGH',
    cvss: 7.5,
    layer: 1,
    line: 1,
    title: HOSTILE_TITLE,
    primaryUrl: 'javascript:alert(1)',
    target: OS_TARGET,
  },
  {
    id: 'CVE-2024-3094',
    pkg: 'xz-utils',
    installed: '5.6.0-r0',
    fixed: '5.6.2-r0',
    status: 'fixed',
    severity: 'critical',
    scannerSeverity: 'CRITICAL',
    cvss: 10,
    layer: 2,
    line: 5,
    title: 'xz: malicious code in distributed source',
    primaryUrl: 'https://avd.aquasec.com/nvd/cve-2024-3094',
    target: OS_TARGET,
  },
  {
    id: 'CVE-2023-0464',
    pkg: 'libcrypto3',
    installed: '3.0.1-r0',
    fixed: '3.0.8-r0',
    status: 'fixed',
    severity: 'high',
    scannerSeverity: 'HIGH',
    cvss: 8.7,
    layer: 1,
    line: 1,
    title: HOSTILE_TITLE,
    target: OS_TARGET,
  },
  {
    id: 'CVE-2022-48174',
    pkg: 'busybox',
    installed: '1.36.1-r0',
    status: 'affected',
    severity: 'medium',
    scannerSeverity: 'MEDIUM',
    cvss: null,
    layer: 1,
    line: 1,
    title: 'busybox: stack overflow in ash',
    target: OS_TARGET,
  },
  {
    id: 'GHSA-p6mc-m468-83gw',
    pkg: 'lodash',
    installed: '4.17.15',
    fixed: '4.17.21',
    status: 'fixed',
    severity: 'high',
    scannerSeverity: 'HIGH',
    cvss: 7.4,
    layer: 3,
    line: 7,
    title: 'Prototype pollution in lodash',
    primaryUrl: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
    pkgPath: 'app/package-lock.json',
    target: 'app/package-lock.json',
  },
  {
    id: 'CVE-2020-28928',
    pkg: 'musl',
    installed: '1.2.4-r0',
    fixed: '1.2.4-r2',
    status: 'fixed',
    severity: 'low',
    scannerSeverity: 'LOW',
    cvss: null,
    layer: 1,
    line: 1,
    target: OS_TARGET,
    suppressed: true,
  },
  {
    id: 'CVE-2024-0001',
    pkg: 'zlib',
    installed: '1.3-r0',
    fixed: '1.3.1-r0',
    status: 'fixed',
    severity: 'info',
    scannerSeverity: 'UNKNOWN',
    cvss: null,
    layer: 2,
    line: 5,
    target: OS_TARGET,
  },
];

function vulnFinding(spec: VulnSpec): Finding {
  const ruleId = `vuln/${spec.id}`;
  const fix = spec.fixed ? `fixed in ${spec.fixed}` : `no fix yet (${spec.status})`;
  return {
    ruleId,
    severity: spec.severity,
    message: `${spec.pkg} ${spec.installed} is affected by ${spec.id}${spec.title ? ` (${spec.title})` : ''}; ${fix}`,
    location: { kind: 'source', path: DOCKERFILE, line: spec.line, column: 1 },
    fingerprint: fingerprintOf(ruleId, REPOSITORY, spec.pkg),
    ...(spec.suppressed
      ? {
          suppressedBy: {
            reason: 'not reachable: the service does no DNS lookups',
            expires: '2027-06-30',
            source: { kind: 'source', path: '.imagegate.yml', line: 20, column: 7 },
          },
        }
      : {}),
    properties: {
      pkgName: spec.pkg,
      pkgPath: spec.pkgPath ?? null,
      installedVersion: spec.installed,
      fixedVersion: spec.fixed ?? null,
      status: spec.status,
      scannerSeverity: spec.scannerSeverity,
      cvssScore: spec.cvss,
      target: spec.target,
      layerDiffId: diffId(spec.layer),
      primaryUrl: spec.primaryUrl ?? null,
      title: spec.title ?? null,
    },
  };
}

function otherScanFindings(): Finding[] {
  return [
    {
      ruleId: 'secret/aws-access-key-id',
      severity: 'high',
      message: 'AWS Access Key ID in /app/.env line 3: AKIA****************',
      location: { kind: 'source', path: DOCKERFILE, line: 7, column: 1 },
      fingerprint: fingerprintOf('secret/aws-access-key-id', REPOSITORY, '/app/.env'),
      properties: { target: '/app/.env', layerDiffId: diffId(3), title: 'AWS Access Key ID' },
    },
    {
      ruleId: 'license/forbidden',
      severity: 'high',
      message: 'ghostscript is licensed AGPL-3.0-only, which licenses.forbid lists',
      location: { kind: 'source', path: DOCKERFILE, line: 5, column: 1 },
      fingerprint: fingerprintOf('license/forbidden', REPOSITORY, 'ghostscript', 'AGPL-3.0-only'),
      properties: { pkgName: 'ghostscript', license: 'AGPL-3.0-only', layerDiffId: diffId(2) },
    },
    {
      ruleId: 'allow/expired',
      severity: 'high',
      message: 'The allowlist entry for CVE-2019-0001 expired on 2026-01-31 and no longer suppresses',
      location: { kind: 'source', path: '.imagegate.yml', line: 30, column: 7 },
      fingerprint: fingerprintOf('allow/expired', REPOSITORY, 'CVE-2019-0001'),
      properties: { id: 'CVE-2019-0001', expires: '2026-01-31' },
    },
  ];
}

export function scanFindings(): Finding[] {
  return [...SPECS.map(vulnFinding), ...otherScanFindings()];
}

function vulnFacts(spec: VulnSpec): VulnerabilityFacts {
  const byId: Record<string, Partial<AdvisoryFacts>> = {
    'CVE-2024-3094': {
      description: `Malicious code was discovered in the upstream tarballs of xz. ${'The build process extracts a prebuilt object file. '.repeat(40)}`,
      references: [
        'https://nvd.nist.gov/vuln/detail/CVE-2024-3094',
        'https://www.openwall.com/lists/oss-security/2024/03/29/4',
      ],
      cweIds: ['CWE-506'],
      cvss: [{ source: 'nvd', v3Score: 10, v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
    },
    'CVE-2023-0464': {
      description: HOSTILE_DESCRIPTION,
      references: [
        'https://nvd.nist.gov/vuln/detail/CVE-2023-0464',
        'javascript:alert(2)',
        'ftp://mirror.example/x',
        'https://user:pass@evil.example/',
        'https://evil.example/a b)<script>',
        'https://www.openssl.org/news/secadv/20230322.txt',
        'https://a.example/1',
        'https://a.example/2',
        'https://a.example/3',
      ],
      cweIds: ['CWE-295', 'not-a-cwe'],
      cvss: [
        { source: 'nvd', v3Score: 7.5 },
        { source: 'ghsa', v40Score: 8.7 },
      ],
    },
  };
  return {
    id: spec.id,
    pkgName: spec.pkg,
    ...(spec.pkgPath ? { pkgPath: spec.pkgPath } : {}),
    installedVersion: spec.installed,
    ...(spec.fixed ? { fixedVersion: spec.fixed } : {}),
    status: spec.status as VulnerabilityFacts['status'],
    severity: spec.scannerSeverity as VulnerabilityFacts['severity'],
    layerDiffId: diffId(spec.layer),
    advisory: {
      ...(spec.title ? { title: spec.title } : {}),
      ...(spec.primaryUrl ? { primaryUrl: spec.primaryUrl } : {}),
      references: [],
      cweIds: [],
      cvss: [],
      ...byId[spec.id],
    },
    target: spec.target,
    resultClass: spec.pkgPath ? 'lang-pkgs' : 'os-pkgs',
    pkgType: spec.pkgPath ? 'npm' : 'alpine',
  };
}

export function sampleScan(): ScanFacts {
  return {
    scanner: { name: 'trivy', version: '0.58.1' },
    dbUpdatedAt: '2026-11-26T06:00:00Z',
    artifactName: 'docker.io/acme/api:1.2.3',
    artifactType: 'container_image',
    vulnerabilities: [
      ...SPECS.map(vulnFacts),
      // Filtered out by the policy (ignoreUnfixed): found, but no finding.
      vulnFacts({ ...SPECS[3]!, id: 'CVE-2019-9999', pkg: 'ncurses' }),
    ],
    secrets: [
      {
        ruleId: 'aws-access-key-id',
        category: 'AWS',
        severity: 'CRITICAL',
        title: 'AWS Access Key ID',
        target: '/app/.env',
        startLine: 3,
        layerDiffId: diffId(3),
        match: 'AWS_ACCESS_KEY_ID=AKIA****************',
      },
    ],
    licenses: [
      {
        name: 'AGPL-3.0-only',
        pkgName: 'ghostscript',
        severity: 'HIGH',
        category: 'forbidden',
        layerDiffId: diffId(2),
        target: 'OS Packages',
      },
    ],
  };
}

/** The sample run with the scan: image findings, scan findings, a stricter gate for vulnerabilities. */
export function scannedResult(overrides: Partial<RunResult> = {}): RunResult {
  const findings = overrides.findings ?? [...sampleFindings(), ...scanFindings()];
  return sampleResult({
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding) => finding.suppressedBy).length,
    familyFailOn: { vuln: 'critical' },
    scan: sampleScan(),
    ...overrides,
  });
}
