import { parseTrivyReport } from '../../../src/scan/report/trivy-report.js';

/** A report with the first two records in an OS-package result and the rest in a language-package result. */
function reportWith(records: Array<Record<string, unknown>>): string {
  return JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: 'app',
    Results: [
      { Target: 'debian 12', Class: 'os-pkgs', Type: 'debian', Vulnerabilities: records.slice(0, 2) },
      { Target: 'app/package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: records.slice(2) },
    ],
  });
}

const KERNEL_CVE = {
  VulnerabilityID: 'CVE-2024-1086',
  Title: 'kernel: use-after-free in netfilter',
  Description: 'A use-after-free vulnerability in the Linux kernel netfilter: nf_tables component. '.repeat(20),
  PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2024-1086',
  References: ['https://nvd.nist.gov/vuln/detail/CVE-2024-1086', 'https://ubuntu.com/security/CVE-2024-1086'],
  CweIDs: ['CWE-416'],
  CVSS: { nvd: { V3Score: 7.8, V3Vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H' } },
  PublishedDate: '2024-01-31T13:15:10Z',
};

describe('advisories: what belongs to a vulnerability id is kept once', () => {
  test('packages that share a CVE share one advisory object, in every result', () => {
    const text = reportWith([
      { ...KERNEL_CVE, PkgName: 'linux-image-amd64', InstalledVersion: '6.1.69-1', Severity: 'HIGH' },
      { ...KERNEL_CVE, PkgName: 'linux-libc-dev', InstalledVersion: '6.1.69-1', Severity: 'HIGH' },
      { ...KERNEL_CVE, PkgName: 'kernel-headers', InstalledVersion: '6.1.0', Severity: 'MEDIUM' },
      { VulnerabilityID: 'CVE-2021-23337', PkgName: 'lodash', Title: 'lodash: command injection' },
    ]);
    const [image, libc, headers, lodash] = parseTrivyReport(text, 'r.json').scan.vulnerabilities;
    expect(image?.advisory).toBe(libc?.advisory);
    expect(headers?.advisory).toBe(image?.advisory);
    expect(lodash?.advisory).not.toBe(image?.advisory);
    expect(image?.advisory).toEqual({
      title: KERNEL_CVE.Title,
      description: KERNEL_CVE.Description,
      primaryUrl: KERNEL_CVE.PrimaryURL,
      references: KERNEL_CVE.References,
      cweIds: ['CWE-416'],
      cvss: [{ source: 'nvd', v3Score: 7.8, v3Vector: KERNEL_CVE.CVSS.nvd.V3Vector }],
      publishedDate: KERNEL_CVE.PublishedDate,
    });
    // What differs per package stays per package.
    expect([image, libc, headers].map((v) => [v?.pkgName, v?.severity, v?.target])).toEqual([
      ['linux-image-amd64', 'HIGH', 'debian 12'],
      ['linux-libc-dev', 'HIGH', 'debian 12'],
      ['kernel-headers', 'MEDIUM', 'app/package-lock.json'],
    ]);
  });

  test('a field the first record lacks comes from a later one; otherwise the first record wins', () => {
    const text = reportWith([
      { VulnerabilityID: 'CVE-1', PkgName: 'a', Title: 'first title' },
      {
        VulnerabilityID: 'CVE-1',
        PkgName: 'b',
        Title: 'second title',
        Description: 'from the second record',
        References: ['https://example.com/2'],
        CVSS: { ghsa: { V3Score: 5 } },
      },
      { VulnerabilityID: 'CVE-1', PkgName: 'c', Description: 'third', References: ['https://example.com/3'] },
    ]);
    const vulnerabilities = parseTrivyReport(text, 'r.json').scan.vulnerabilities;
    expect(vulnerabilities[0]?.advisory).toEqual({
      title: 'first title',
      description: 'from the second record',
      references: ['https://example.com/2'],
      cweIds: [],
      cvss: [{ source: 'ghsa', v3Score: 5 }],
    });
    expect(new Set(vulnerabilities.map((v) => v.advisory)).size).toBe(1);
  });

  test('every record is still type-checked, not only the first of its id', () => {
    const text = reportWith([
      { VulnerabilityID: 'CVE-1', PkgName: 'a', References: ['https://example.com/1'] },
      { VulnerabilityID: 'CVE-1', PkgName: 'b', References: [7] },
    ]);
    expect(() => parseTrivyReport(text, 'r.json')).toThrow(
      /^r\.json:1:\d+: Results\[0\]\.Vulnerabilities\[1\]\.References\[0\] is 7; expected a string$/,
    );
  });
});
