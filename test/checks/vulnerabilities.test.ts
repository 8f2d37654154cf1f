import { runImageChecks } from '../../src/checks/run-checks.js';
import { checkVulnerabilities, highestCvssScore } from '../../src/checks/vulnerabilities.js';
import type { Finding, Severity } from '../../src/model/findings.js';
import type { ImageFacts } from '../../src/image/facts.js';
import type { ScanFacts, VulnerabilityFacts } from '../../src/scan/types.js';
import { makeFacts } from '../support/facts.js';
import { DOCKERFILE_PATH, scanContext } from './scan-context.js';
import { corpusReport, imageOf, scanOf } from './trivy-fixtures.js';
import { describeWhen, testWhen } from '../support/gate.js';

/** The Dockerfile behind the corpus image fluentd-gems (its history, instruction by instruction). */
const FLUENTD_DOCKERFILE = `# syntax=docker/dockerfile:1
FROM debian:buster
ARG DEBIAN_FRONTEND=noninteractive
COPY install.sh /tmp/install.sh
COPY Gemfile /Gemfile
RUN chmod +x /tmp/install.sh && \\
    /bin/bash -l -c /tmp/install.sh && \\
    rm /tmp/*
COPY fluent.conf /etc/fluent/fluent.conf
COPY run.sh /run.sh
EXPOSE 80
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
CMD ["/run.sh"]
`;

const fluentd = corpusReport('fluentd-gems.json.golden');
const withCorpus = describeWhen(fluentd, 'the shared corpus has no trivy/fluentd-gems.json.golden');

const byId = (findings: Finding[]) => new Map(findings.map((finding) => [finding.ruleId, finding]));
const ids = (findings: Finding[]) => findings.map((finding) => finding.ruleId).sort();

/** A scan of `image` with one vulnerability per record, on top of a plausible record. */
function vulnerability(overrides: Partial<VulnerabilityFacts> = {}): VulnerabilityFacts {
  return {
    id: 'CVE-2024-3094',
    pkgName: 'xz-libs',
    installedVersion: '5.6.0-r0',
    fixedVersion: '5.6.1-r2',
    status: 'fixed',
    severity: 'CRITICAL',
    advisory: { references: [], cweIds: [], cvss: [] },
    target: 'ghcr.io/acme/api:1.0 (alpine 3.19.1)',
    resultClass: 'os-pkgs',
    pkgType: 'alpine',
    ...overrides,
  };
}

function scanWith(vulnerabilities: VulnerabilityFacts[]): ScanFacts {
  return { scanner: { name: 'trivy' }, artifactName: 'x', vulnerabilities, secrets: [], licenses: [] };
}

withCorpus('vulnerability findings from a real report (fluentd-gems)', () => {
  const report = fluentd as Record<string, unknown>;
  const image = imageOf(report);
  const scan = scanOf(report);

  test('one finding per vulnerability, at the scanner severity, named vuln/<id>', () => {
    const findings = checkVulnerabilities(scanContext({ image, scan, dockerfile: FLUENTD_DOCKERFILE }));
    expect(findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['vuln/CVE-2019-18224', 'critical'],
      ['vuln/CVE-2020-8165', 'high'],
    ]);
  });

  test('a package the RUN installed points at the RUN; a base-image package at the FROM line', () => {
    const findings = byId(checkVulnerabilities(scanContext({ image, scan, dockerfile: FLUENTD_DOCKERFILE })));
    expect(findings.get('vuln/CVE-2020-8165')?.location).toEqual({
      kind: 'source',
      path: DOCKERFILE_PATH,
      line: 6,
      column: 1,
    });
    expect(findings.get('vuln/CVE-2019-18224')?.location).toEqual({
      kind: 'source',
      path: DOCKERFILE_PATH,
      line: 2,
      column: 1,
    });
  });

  test('the message names the package, installed and fixed version; properties carry the facts', () => {
    const finding = byId(checkVulnerabilities(scanContext({ image, scan, dockerfile: FLUENTD_DOCKERFILE }))).get(
      'vuln/CVE-2020-8165',
    );
    expect(finding?.message).toBe(
      'CVE-2020-8165 in activesupport 6.0.2.1 (var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec), ' +
        'fixed in 6.0.3.1, 5.2.4.3: rubygem-activesupport: potentially unintended unmarshalling of user-provided ' +
        'objects in MemCacheStore and RedisCacheStore.',
    );
    expect(finding?.properties).toEqual({
      vulnerabilityId: 'CVE-2020-8165',
      pkgName: 'activesupport',
      pkgPath: 'var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec',
      installedVersion: '6.0.2.1',
      fixedVersion: '6.0.3.1, 5.2.4.3',
      status: 'fixed',
      scannerSeverity: 'HIGH',
      cvssScore: 9.8,
      target: 'Ruby',
      layerDiffId: 'sha256:75e43d55939745950bc3f8fad56c5834617c4339f0f54755e69a0dd5372624e9',
      purl: 'pkg:gem/activesupport@6.0.2.1',
      primaryUrl: 'https://avd.aquasec.com/nvd/cve-2020-8165',
      title:
        'rubygem-activesupport: potentially unintended unmarshalling of user-provided objects in MemCacheStore and RedisCacheStore',
    });
    for (const value of Object.values(finding?.properties ?? {})) {
      expect(value === null || ['string', 'number'].includes(typeof value)).toBe(true);
    }
  });

  test('a layer the history cannot place, or one the image does not have, falls back to the Dockerfile line 1', () => {
    const unplaced: ImageFacts = {
      ...image,
      layers: image.layers.map((layer, index) => (index === 3 ? { diffId: layer.diffId, size: layer.size } : layer)),
    };
    const findings = byId(checkVulnerabilities(scanContext({ image: unplaced, scan, dockerfile: FLUENTD_DOCKERFILE })));
    expect(findings.get('vuln/CVE-2020-8165')?.location).toEqual({ kind: 'source', path: DOCKERFILE_PATH, line: 1 });
    expect(findings.get('vuln/CVE-2019-18224')?.location).toMatchObject({ line: 2 });

    const foreign: ScanFacts = {
      ...scan,
      vulnerabilities: scan.vulnerabilities.map((each) => ({ ...each, layerDiffId: `sha256:${'f'.repeat(64)}` })),
    };
    for (const finding of checkVulnerabilities(scanContext({ image, scan: foreign, dockerfile: FLUENTD_DOCKERFILE })))
      expect(finding.location).toEqual({ kind: 'source', path: DOCKERFILE_PATH, line: 1 });
  });

  test('without a Dockerfile a finding names the image and the layer, never a made-up path', () => {
    const findings = byId(checkVulnerabilities(scanContext({ image, scan })));
    expect(findings.get('vuln/CVE-2020-8165')?.location).toEqual({
      kind: 'image',
      image: 'ghcr.io/aquasecurity/trivy-test-images:fluentd-multiple-lockfiles',
      layer: 'sha256:75e43d55939745950bc3f8fad56c5834617c4339f0f54755e69a0dd5372624e9',
    });
    const noLayer: ScanFacts = {
      ...scan,
      vulnerabilities: scan.vulnerabilities.map(({ layerDiffId: _, ...rest }) => rest),
    };
    expect(checkVulnerabilities(scanContext({ image, scan: noLayer }))[0]?.location).toEqual({
      kind: 'image',
      image: 'ghcr.io/aquasecurity/trivy-test-images:fluentd-multiple-lockfiles',
    });
  });

  test('fingerprints survive moved lines, a new tag and a new installed version', () => {
    const before = checkVulnerabilities(scanContext({ image, scan, dockerfile: FLUENTD_DOCKERFILE }));
    const moved = FLUENTD_DOCKERFILE.replace('FROM debian:buster\n', '# base\n\nFROM debian:buster\n');
    const retagged: ImageFacts = { ...image, reference: 'ghcr.io/aquasecurity/trivy-test-images:fluentd-v2' };
    const upgraded: ScanFacts = {
      ...scan,
      vulnerabilities: scan.vulnerabilities.map((each) => ({
        ...each,
        installedVersion: `${each.installedVersion}.1`,
      })),
    };
    const after = checkVulnerabilities(scanContext({ image: retagged, scan: upgraded, dockerfile: moved }));
    expect(after.map((finding) => finding.location)).not.toEqual(before.map((finding) => finding.location));
    expect(after.map((finding) => finding.fingerprint)).toEqual(before.map((finding) => finding.fingerprint));
    const otherRepository: ImageFacts = { ...image, reference: 'ghcr.io/acme/fluentd:1' };
    const elsewhere = checkVulnerabilities(scanContext({ image: otherRepository, scan }));
    expect(elsewhere[0]?.fingerprint).not.toBe(before[0]?.fingerprint);
  });
});

describe('vulnerability filters', () => {
  const image = makeFacts();
  const run = (vulnerabilities: VulnerabilityFacts[], rules: Parameters<typeof scanContext>[0]['rules'] = {}) =>
    checkVulnerabilities(scanContext({ image, scan: scanWith(vulnerabilities), rules }));

  const centos7 = corpusReport('centos-7.json.golden');
  const debianBuster = corpusReport('debian-buster.json.golden');
  const centos6 = corpusReport('centos-6.json.golden');
  const gomod = corpusReport('non-image/gomod.json.golden');
  const withReports = testWhen(
    centos7 && debianBuster && centos6 && gomod,
    'the shared corpus lacks one of centos-7, debian-buster, centos-6, non-image/gomod',
  );

  withReports('unset filters keep every record the scanner reported', () => {
    for (const report of [centos7, debianBuster, centos6, gomod]) {
      const { vulnerabilities } = scanOf(report as Record<string, unknown>);
      expect(run(vulnerabilities)).toHaveLength(vulnerabilities.length);
    }
  });

  withReports('minSeverity drops what is below it (centos-7: two LOW, one MEDIUM)', () => {
    const { vulnerabilities } = scanOf(centos7 as Record<string, unknown>);
    expect(ids(run(vulnerabilities, { vulnerabilities: { minSeverity: 'medium' } }))).toEqual(['vuln/CVE-2019-1559']);
    expect(run(vulnerabilities, { vulnerabilities: { minSeverity: 'low' } })).toHaveLength(3);
    expect(run(vulnerabilities, { vulnerabilities: { minSeverity: 'critical' } })).toEqual([]);
  });

  withReports('ignoreUnfixed drops what has no fixed version (debian-buster: bash is affected, unfixed)', () => {
    const { vulnerabilities } = scanOf(debianBuster as Record<string, unknown>);
    expect(ids(run(vulnerabilities, { vulnerabilities: { ignoreUnfixed: true } }))).toEqual(['vuln/CVE-2019-18224']);
    expect(ids(run(vulnerabilities, { vulnerabilities: { ignoreUnfixed: false } }))).toEqual([
      'vuln/CVE-2019-18224',
      'vuln/CVE-2019-18276',
    ]);
  });

  withReports('ignoreStatuses drops will_not_fix (centos-7) and end_of_life (centos-6)', () => {
    const centos7Facts = scanOf(centos7 as Record<string, unknown>).vulnerabilities;
    const centos6Facts = scanOf(centos6 as Record<string, unknown>).vulnerabilities;
    const rules = { vulnerabilities: { ignoreStatuses: ['will_not_fix' as const, 'end_of_life' as const] } };
    expect(ids(run(centos7Facts, rules))).toEqual(['vuln/CVE-2018-0734', 'vuln/CVE-2019-1559']);
    expect(ids(run(centos6Facts, rules))).toEqual(['vuln/CVE-2019-1559']);
    const willNotFix = run(centos7Facts).find((finding) => finding.properties?.status === 'will_not_fix');
    expect(willNotFix?.message).toMatch(
      /^CVE-2019-18276 in bash 4\.2\.46-31\.el7, no fix: the vendor will not fix it: /,
    );
    expect(run(centos6Facts).find((finding) => finding.ruleId === 'vuln/CVE-2020-29573')?.message).toContain(
      'glibc 2.12-1.212.el6, no fix: the distribution version is end of life',
    );
  });

  withReports('UNKNOWN becomes low by default, or what unknownSeverity says; minSeverity sees the mapped value', () => {
    const { vulnerabilities } = scanOf(gomod as Record<string, unknown>);
    const severities = (findings: Finding[]) => findings.map((finding) => `${finding.ruleId}:${finding.severity}`);
    expect(severities(run(vulnerabilities)).filter((text) => text.startsWith('vuln/CVE-2021-38561'))).toEqual([
      'vuln/CVE-2021-38561:low',
    ]);
    expect(
      severities(run(vulnerabilities, { vulnerabilities: { unknownSeverity: 'high' } })).filter((text) =>
        text.startsWith('vuln/CVE-2021-38561'),
      ),
    ).toEqual(['vuln/CVE-2021-38561:high']);
    expect(ids(run(vulnerabilities, { vulnerabilities: { minSeverity: 'medium' } }))).toEqual(['vuln/CVE-2022-23628']);
    expect(
      run(vulnerabilities, { vulnerabilities: { minSeverity: 'medium', unknownSeverity: 'medium' } }),
    ).toHaveLength(vulnerabilities.length);
  });

  withReports('the same advisory in two go.mod files is two findings with distinct fingerprints', () => {
    const { vulnerabilities } = scanOf(gomod as Record<string, unknown>);
    const distribution = run(vulnerabilities).filter((finding) => finding.ruleId === 'vuln/GMS-2022-20');
    expect(distribution.map((finding) => finding.properties?.target)).toEqual([
      'go.mod',
      'submod/go.mod',
      'submod2/go.mod',
    ]);
    expect(new Set(distribution.map((finding) => finding.fingerprint)).size).toBe(3);
  });

  test('a record Trivy repeats is one finding; another package or path is another', () => {
    const base = vulnerability();
    const findings = run([
      base,
      { ...base },
      { ...base, pkgName: 'xz' },
      { ...base, pkgPath: 'opt/app/lib/xz.jar' },
      { ...base, pkgPath: 'opt/other/lib/xz.jar' },
    ]);
    expect(findings).toHaveLength(4);
    expect(new Set(findings.map((finding) => finding.fingerprint)).size).toBe(4);
  });

  test('an OS package keeps its fingerprint when the base distribution version in the target changes', () => {
    const [before] = run([vulnerability()]);
    const [after] = run([
      vulnerability({ target: 'ghcr.io/acme/api:1.1 (alpine 3.19.2)', installedVersion: '5.6.0-r1' }),
    ]);
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });

  test('messages say when there is no fix yet', () => {
    const messages = run([
      vulnerability({ fixedVersion: undefined, status: 'affected' }),
      vulnerability({
        id: 'CVE-2024-1',
        fixedVersion: undefined,
        status: 'fix_deferred',
        advisory: { title: 'Ends with a dot.', references: [], cweIds: [], cvss: [] },
      }),
    ]).map((finding) => finding.message);
    expect(messages).toEqual([
      'CVE-2024-3094 in xz-libs 5.6.0-r0, no fix yet.',
      'CVE-2024-1 in xz-libs 5.6.0-r0, no fix yet: the vendor deferred it: Ends with a dot.',
    ]);
  });

  test('no scan, no vulnerability findings', () => {
    expect(checkVulnerabilities(scanContext({ image }))).toEqual([]);
  });

  test('runImageChecks sorts vulnerability findings in with the image findings, most severe first', () => {
    const severities: Severity[] = ['low', 'critical', 'medium'];
    const scan = scanWith(
      severities.map((severity, index) =>
        vulnerability({ id: `CVE-2024-${index}`, severity: severity.toUpperCase() as VulnerabilityFacts['severity'] }),
      ),
    );
    const context = scanContext({ image, scan, rules: { user: { forbidRoot: true } } });
    const findings = runImageChecks(
      { ...context, image: { ...image, config: { ...image.config, user: '' } } },
      (_, s) => s,
    );
    expect(findings.map((finding) => `${finding.ruleId}:${finding.severity}`)).toEqual([
      'vuln/CVE-2024-1:critical',
      'user/root:high',
      'vuln/CVE-2024-2:medium',
      'vuln/CVE-2024-0:low',
    ]);
  });
});

describe('highestCvssScore', () => {
  test('takes the highest v3 or v4 score of any source, ignoring v2', () => {
    expect(
      highestCvssScore([
        { source: 'nvd', v2Score: 10, v3Score: 5.3 },
        { source: 'redhat', v3Score: 4.8 },
        { source: 'ghsa', v40Score: 6.9 },
      ]),
    ).toBe(6.9);
    expect(highestCvssScore([{ source: 'nvd', v2Score: 7.5 }])).toBeNull();
    expect(highestCvssScore([])).toBeNull();
  });
});
