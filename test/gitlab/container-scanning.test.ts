import type { Finding } from '../../src/model/findings.js';
import {
  CONTAINER_SCANNING_SCHEMA_VERSION,
  gitlabTime,
  toContainerScanningReport,
  vulnerabilityUuid,
  type ContainerScanningReport,
} from '../../src/report/gitlab-container-scanning.js';
import { sampleResult, withChange } from '../report/fixtures.js';
import { HOSTILE_TITLE, sampleScan, scannedResult } from '../report/scan-fixtures.js';
import { containerScanningErrors, containerScanningSchemaPath } from './container-scanning-schema.js';
import { describeWhen } from '../support/gate.js';

const describeWithSchema = describeWhen(containerScanningSchemaPath, 'the container-scanning report schema is missing');

function render(result = scannedResult()): ContainerScanningReport {
  const report = toContainerScanningReport(result, { toolVersion: '0.1.0' });
  if (!report) throw new Error('expected a report');
  return report;
}

describeWithSchema('container-scanning report against GitLab schema 15.2.1', () => {
  test('the sample run (hostile advisory text, suppressed, unknown-severity and language findings) is valid', () => {
    const report = render();
    expect(containerScanningErrors(report)).toEqual([]);
    expect(report.version).toBe('15.2.1');
    expect(CONTAINER_SCANNING_SCHEMA_VERSION).toBe('15.2.1');
  });

  test('the validator rejects what GitLab would drop, so the test above can fail', () => {
    const report = render();
    const broken: Array<[string, unknown]> = [
      ['lower-case severity', withChange(report, ['vulnerabilities', 0, 'severity'], 'high')],
      ['time with a zone', withChange(report, ['scan', 'start_time'], '2026-11-27T12:00:00Z')],
      ['no identifiers', withChange(report, ['vulnerabilities', 0, 'identifiers'], [])],
      ['no operating system', withChange(report, ['vulnerabilities', 0, 'location', 'operating_system'], '')],
      ['a javascript: link', withChange(report, ['vulnerabilities', 0, 'links'], [{ url: 'javascript:alert(1)' }])],
      ['no scanner vendor', withChange(report, ['scan', 'scanner', 'vendor'], undefined)],
      [
        'a bad CVSS vector',
        withChange(report, ['vulnerabilities', 0, 'cvss_vectors'], [{ vendor: 'x', vector: 'CVSS:4.0/AV:N' }]),
      ],
    ];
    for (const [what, document] of broken) {
      expect([what, containerScanningErrors(document).length > 0]).toEqual([what, true]);
    }
  });

  test('a CVSS vector outside the schema pattern is left out, not passed on', () => {
    const scan = sampleScan();
    for (const vulnerability of scan.vulnerabilities) {
      vulnerability.advisory = {
        ...vulnerability.advisory,
        cvss: [
          { source: 'ghsa', v3Vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
          { source: 'nvd', v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        ],
      };
    }
    const report = render(scannedResult({ scan }));
    expect(containerScanningErrors(report)).toEqual([]);
    for (const vulnerability of report.vulnerabilities) {
      expect(vulnerability.cvss_vectors).toEqual([
        { vendor: 'nvd', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
      ]);
    }
  });
});

describe('container-scanning report content', () => {
  test('one entry per active vulnerability finding; accepted ones are left out and counted in a message', () => {
    const result = scannedResult();
    const vulnFindings = result.findings.filter((finding) => finding.ruleId.startsWith('vuln/'));
    const accepted = vulnFindings.filter((finding) => finding.suppressedBy);
    expect(accepted.length).toBeGreaterThan(0);
    const report = render(result);
    expect(report.vulnerabilities).toHaveLength(vulnFindings.length - accepted.length);
    expect(report.vulnerabilities.map((v) => v.identifiers[0]?.value)).not.toContain('CVE-2020-28928');
    expect(report.scan.messages).toEqual([
      {
        level: 'info',
        value: expect.stringMatching(/^1 vulnerability finding\(s\) accepted by the imagegate allowlist/),
      },
    ]);
    // No secret, license or image-policy finding becomes a vulnerability.
    expect(report.vulnerabilities.every((v) => /^(CVE|GHSA)-/.test(v.identifiers[0]?.value ?? ''))).toBe(true);
  });

  test('ids are UUIDs derived from fingerprints: stable across renders, distinct per finding', () => {
    const first = render();
    const second = render();
    expect(second.vulnerabilities.map((v) => v.id)).toEqual(first.vulnerabilities.map((v) => v.id));
    const ids = first.vulnerabilities.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(vulnerabilityUuid('00112233445566778899aabbccddeeff')).toBe('00112233-4455-8677-8899-aabbccddeeff');
  });

  test('severity, identifiers, location and solution', () => {
    const report = render();
    const xz = report.vulnerabilities.find((v) => v.identifiers[0]?.value === 'CVE-2024-3094');
    expect(xz).toMatchObject({
      severity: 'Critical',
      name: 'xz: malicious code in distributed source',
      solution: 'Upgrade `xz-utils` to `5.6.2-r0` or later.',
      identifiers: [
        {
          type: 'cve',
          name: 'CVE-2024-3094',
          value: 'CVE-2024-3094',
          url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-3094',
        },
        { type: 'cwe', name: 'CWE-506', value: '506', url: 'https://cwe.mitre.org/data/definitions/506.html' },
      ],
      cvss_vectors: [{ vendor: 'nvd', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
      location: {
        dependency: { package: { name: 'xz-utils' }, version: '5.6.0-r0' },
        operating_system: 'alpine 3.19.1',
        image: 'docker.io/acme/api:1.2.3',
      },
    });
    expect(xz?.description).toContain('imagegate locates it at `services/api/Dockerfile:5`.');
    const lodash = report.vulnerabilities.find((v) => v.identifiers[0]?.value === 'GHSA-p6mc-m468-83gw');
    expect(lodash?.identifiers[0]).toEqual({
      type: 'ghsa',
      name: 'GHSA-p6mc-m468-83gw',
      value: 'GHSA-p6mc-m468-83gw',
      url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
    });
    expect(lodash?.description).toContain('Package path: `app/package-lock.json`.');
    const busybox = report.vulnerabilities.find((v) => v.location.dependency.package.name === 'busybox');
    expect(busybox?.solution).toMatch(/^No upgrade available \(no fixed version is known yet\)/);
    const zlib = report.vulnerabilities.find((v) => v.location.dependency.package.name === 'zlib');
    expect(zlib?.severity).toBe('Info');
  });

  test('untrusted advisory text cannot render HTML, links, mentions or GitLab references', () => {
    const report = render();
    const openssl = report.vulnerabilities.find((v) => v.location.dependency.package.name === 'libssl3');
    expect(openssl).toBeDefined();
    const description = openssl?.description ?? '';
    expect(description).not.toMatch(/<[a-z/]/i);
    expect(description).not.toMatch(/@[A-Za-z]/);
    expect(description).not.toMatch(/(?<!\\)\]\(/);
    expect(description).not.toMatch(/https?:\/\//);
    expect(description).not.toMatch(/\n#/);
    // The name is plain text in GitLab's UI: one line, cut to the schema's 255.
    expect(openssl?.name).toBe(HOSTILE_TITLE);
    // The advisory's javascript:, ftp:, credentialed and malformed references are not links.
    const links = report.vulnerabilities.flatMap((v) => (v.links ?? []).map((link) => link.url));
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) expect(url).toMatch(/^https?:\/\/[^\s<>@]+$/);
    expect(links).not.toContain('javascript:alert(2)');
  });

  test('times are UTC without fraction or zone', () => {
    const report = render(
      scannedResult({ startedAt: '2026-11-27T23:59:59.999+02:00', finishedAt: '2026-11-27T22:00:07.500Z' }),
    );
    expect(report.scan.start_time).toBe('2026-11-27T21:59:59');
    expect(report.scan.end_time).toBe('2026-11-27T22:00:07');
    expect(gitlabTime('not a date')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  test('no scan, no report: an empty one would say the image was scanned and is clean', () => {
    expect(toContainerScanningReport(sampleResult(), { toolVersion: '0.1.0' })).toBeUndefined();
  });

  test('a scan with no vulnerabilities is a valid, empty report', () => {
    const findings: Finding[] = [];
    const report = render(scannedResult({ findings }));
    expect(report.vulnerabilities).toEqual([]);
    expect(report.scan.messages).toBeUndefined();
    if (containerScanningSchemaPath) expect(containerScanningErrors(report)).toEqual([]);
  });
});
