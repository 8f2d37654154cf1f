import { parseTrivyReport } from '../../../src/scan/report/trivy-report.js';
import { corpusJson, corpusText, describeWithCorpus, list } from './corpus-files.js';

const parse = (name: string) => parseTrivyReport(corpusText(name), name);

/** A minimal SchemaVersion 2 report around the given vulnerability records. */
function reportWith(vulnerabilities: unknown[]): string {
  return JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: 'app',
    ArtifactType: 'filesystem',
    Results: [{ Target: 'package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: vulnerabilities }],
  });
}

describeWithCorpus('field mapping of corpus reports', () => {
  test('alpine-310: an OS package vulnerability with every field, and the report header', () => {
    const { scan } = parse('alpine-310.json.golden');
    const raw = list(list(corpusJson('alpine-310.json.golden').Results)[0]?.Vulnerabilities)[0];
    expect(scan.scanner).toEqual({ name: 'trivy', version: 'dev' });
    expect(scan.artifactName).toBe('testdata/fixtures/images/alpine-310.tar.gz');
    expect(scan.artifactType).toBe('container_image');
    expect(scan.createdAt).toBe('2021-08-25T12:20:30.000000005Z');
    expect(scan.os).toEqual({ family: 'alpine', name: '3.10.2', eosl: true });
    expect(scan.vulnerabilities[0]).toEqual({
      id: 'CVE-2019-1549',
      pkgName: 'libcrypto1.1',
      pkgId: 'libcrypto1.1@1.1.1c-r0',
      purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2',
      installedVersion: '1.1.1c-r0',
      fixedVersion: '1.1.1d-r0',
      status: 'fixed',
      severity: 'MEDIUM',
      layerDiffId: 'sha256:03901b4a2ea88eeaad62dbe59b072b28b6efa00491962b8741081c5df50c65e0',
      advisory: {
        title: 'openssl: information disclosure in fork()',
        description: raw?.Description,
        primaryUrl: 'https://avd.aquasec.com/nvd/cve-2019-1549',
        references: raw?.References,
        cweIds: ['CWE-330'],
        cvss: [
          {
            source: 'nvd',
            v3Score: 5.3,
            v3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N',
            v2Score: 5,
          },
          { source: 'redhat', v3Score: 4.8, v3Vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N' },
        ],
        publishedDate: '2019-09-10T17:15:00Z',
      },
      target: 'testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2)',
      resultClass: 'os-pkgs',
      pkgType: 'alpine',
    });
    expect(scan.vulnerabilities[0]?.advisory.references).toHaveLength(20);
  });

  test('fluentd-gems: a language package with its path and the layer that brought it in', () => {
    const { scan } = parse('fluentd-gems.json.golden');
    expect(scan.vulnerabilities.map((v) => [v.id, v.resultClass, v.pkgType, v.layerDiffId])).toEqual([
      [
        'CVE-2019-18224',
        'os-pkgs',
        'debian',
        'sha256:831c5620387fb9efec59fc82a42b948546c6be601e3ab34a87108ecf852aa15f',
      ],
      [
        'CVE-2020-8165',
        'lang-pkgs',
        'gemspec',
        'sha256:75e43d55939745950bc3f8fad56c5834617c4339f0f54755e69a0dd5372624e9',
      ],
    ]);
    const gem = scan.vulnerabilities[1];
    expect(gem).toMatchObject({
      pkgName: 'activesupport',
      pkgPath: 'var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec',
      purl: 'pkg:gem/activesupport@6.0.2.1',
      installedVersion: '6.0.2.1',
      fixedVersion: '6.0.3.1, 5.2.4.3',
      severity: 'HIGH',
      target: 'Ruby',
    });
    expect(gem?.pkgId).toBeUndefined();
    expect(scan.os).toEqual({ family: 'debian', name: '10.2', eosl: false });
  });

  test('busybox-with-lockfile: no OS detected, a Cargo.lock in an image layer', () => {
    const parsed = parse('busybox-with-lockfile.json.golden');
    expect(parsed.scan.os).toBeUndefined();
    expect(parsed.scan.vulnerabilities.map((v) => [v.id, v.pkgName, v.fixedVersion, v.target, v.pkgType])).toEqual([
      ['CVE-2019-15542', 'ammonia', '>= 2.1.0', 'Cargo.lock', 'cargo'],
      ['CVE-2021-38193', 'ammonia', '>= 3.1.0, >= 2.1.3, < 3.0.0', 'Cargo.lock', 'cargo'],
    ]);
    expect(parsed.scan.vulnerabilities[0]?.layerDiffId).toBe(parsed.image?.layers[1]?.diffId);
  });

  test('secrets: rule, category, severity, line and the redacted match; never the unredacted code around it', () => {
    const { scan } = parse('non-image/secrets.json.golden');
    expect(scan.vulnerabilities).toEqual([]);
    expect(scan.secrets).toEqual([
      {
        ruleId: 'aws-access-key-id',
        category: 'AWS',
        severity: 'CRITICAL',
        title: 'AWS Access Key ID',
        target: 'deploy.sh',
        startLine: 3,
        match: 'export AWS_ACCESS_KEY_ID=********************',
      },
      {
        ruleId: 'mysecret',
        category: 'Custom',
        severity: 'HIGH',
        title: 'My Secret',
        target: 'deploy.sh',
        startLine: 7,
        match: 'echo ********',
      },
    ]);
    // Trivy's Code.Lines shows neighbouring lines unmasked (here a GitHub token on line 5).
    expect(corpusText('non-image/secrets.json.golden')).toContain('ghp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(JSON.stringify(scan)).not.toContain('ghp_');
    const action = parse('trivy-action/test/data/secret-scan/report.json').scan;
    expect(action.secrets).toHaveLength(1);
    expect(JSON.stringify(action)).not.toContain('AWS_ACCESS_KEY_ID=1234567');
  });

  test('licenses from Results[].Licenses, empty FilePath dropped', () => {
    const { scan } = parse('non-image/license-cyclonedx.json.golden');
    expect(scan.licenses).toEqual([
      {
        name: 'EPL-1.0',
        pkgName: 'org.eclipse.sisu:org.eclipse.sisu.plexus',
        severity: 'MEDIUM',
        category: 'reciprocal',
        target: 'Java',
      },
      { name: 'BSD-3-Clause', pkgName: 'org.ow2.asm:asm', severity: 'LOW', category: 'notice', target: 'Java' },
      { name: 'MIT License', pkgName: 'org.slf4j:slf4j-api', severity: 'LOW', category: 'notice', target: 'Java' },
    ]);
  });

  test('statuses as Trivy wrote them; UNKNOWN severity, no title and no CVSS tolerated; `Layer: {}` is no layer', () => {
    const status = (name: string) => parse(name).scan.vulnerabilities.map((v) => [v.id, v.status, v.fixedVersion]);
    expect(status('centos-7.json.golden')).toContainEqual(['CVE-2019-18276', 'will_not_fix', undefined]);
    expect(status('centos-6.json.golden')).toContainEqual(['CVE-2020-29573', 'end_of_life', undefined]);
    expect(status('distroless-python27.json.golden')).toContainEqual(['CVE-2019-1551', 'affected', undefined]);

    const gomod = parse('non-image/gomod.json.golden').scan.vulnerabilities;
    const text = gomod.find((v) => v.id === 'CVE-2021-38561');
    expect(text).toMatchObject({ severity: 'UNKNOWN', advisory: { cvss: [] } });
    expect(text?.advisory.title).toBeUndefined();

    const vm = parse('non-image/amazonlinux2-gp2-x86-vm.json.golden');
    expect(vm.scan.vulnerabilities[0]?.layerDiffId).toBeUndefined();
    expect(vm.image).toBeUndefined();
  });
});

describe('severity and status', () => {
  test('severities map case-insensitively; unknown strings are UNKNOWN; absent is UNKNOWN', () => {
    const severities = ['high', 'Critical', 'medium', 'LOW', 'unknown', 'SEVERE', 'negligible', undefined];
    const text = reportWith(
      severities.map((severity, i) => ({ VulnerabilityID: `CVE-${i}`, PkgName: 'p', Severity: severity })),
    );
    expect(parseTrivyReport(text, 'r.json').scan.vulnerabilities.map((v) => v.severity)).toEqual([
      'HIGH',
      'CRITICAL',
      'MEDIUM',
      'LOW',
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
      'UNKNOWN',
    ]);
  });

  test('without Status: fixed when FixedVersion is given, affected otherwise; odd statuses kept or unknown', () => {
    const text = reportWith([
      { VulnerabilityID: 'A', PkgName: 'p', FixedVersion: '1.2.3' },
      { VulnerabilityID: 'B', PkgName: 'p' },
      { VulnerabilityID: 'C', PkgName: 'p', FixedVersion: '' },
      { VulnerabilityID: 'D', PkgName: 'p', Status: 'Will_Not_Fix' },
      { VulnerabilityID: 'E', PkgName: 'p', Status: 'fix_deferred' },
      { VulnerabilityID: 'F', PkgName: 'p', Status: 'something_new' },
      { VulnerabilityID: 'G', PkgName: 'p', Status: 'affected', FixedVersion: '2.0' },
    ]);
    const statuses = parseTrivyReport(text, 'r.json').scan.vulnerabilities.map((v) => v.status);
    expect(statuses).toEqual(['fixed', 'affected', 'affected', 'will_not_fix', 'fix_deferred', 'unknown', 'affected']);
  });

  test('only VulnerabilityID and PkgName are required; null fields count as absent', () => {
    const text = reportWith([
      { VulnerabilityID: 'CVE-1', PkgName: 'p', Title: null, References: null, CVSS: null, Layer: null },
    ]);
    expect(parseTrivyReport(text, 'r.json').scan.vulnerabilities).toEqual([
      {
        id: 'CVE-1',
        pkgName: 'p',
        installedVersion: '',
        status: 'affected',
        severity: 'UNKNOWN',
        advisory: { references: [], cweIds: [], cvss: [] },
        target: 'package-lock.json',
        resultClass: 'lang-pkgs',
        pkgType: 'npm',
      },
    ]);
  });

  test('reports with no Results, empty Results, and Results without findings', () => {
    const empty = (body: object) => parseTrivyReport(JSON.stringify({ SchemaVersion: 2, ...body }), 'r.json').scan;
    for (const body of [
      { ArtifactName: 'a' },
      { ArtifactName: 'a', Results: [] },
      { ArtifactName: 'a', Results: null },
      { ArtifactName: 'a', Results: [{ Target: 'x', Class: 'config', MisconfSummary: { Successes: 1 } }] },
    ]) {
      expect(empty(body)).toMatchObject({ artifactName: 'a', vulnerabilities: [], secrets: [], licenses: [] });
    }
  });

  test('a UTF-8 byte-order mark is ignored', () => {
    const text = '\ufeff' + reportWith([{ VulnerabilityID: 'CVE-1', PkgName: 'p' }]);
    expect(parseTrivyReport(text, 'r.json').scan.vulnerabilities).toHaveLength(1);
  });
});
