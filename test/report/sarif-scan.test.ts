import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import { sarifTruncations, toSarif } from '../../src/report/sarif.js';
import { automationDetailsId, scanRunCategory } from '../../src/report/sarif-location.js';
import { haveSarifSchema, sarifSchemaErrors } from '../support/schemas.js';
import { DOCKERFILE, imageOnlyResult, sampleResult } from './fixtures.js';
import { HOSTILE_TITLE, scanFindings, scannedResult } from './scan-fixtures.js';
import { testWhen } from '../support/gate.js';

const schemaTest = testWhen(haveSarifSchema, 'the official SARIF schema is missing from the shared folder');

const options = {
  toolVersion: '0.1.0',
  category: 'imagegate/image/docker.io/acme/api',
  informationUri: 'https://example.org/imagegate',
};

function scanRun(log: Log): Run {
  expect(log.runs).toHaveLength(2);
  return log.runs[1]!;
}

function rule(run: Run, id: string): ReportingDescriptor {
  const found = run.tool.driver.rules?.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

function results(run: Run, ruleId: string): Result[] {
  return (run.results ?? []).filter((result) => result.ruleId === ruleId);
}

describe('toSarif with a scan: the scanner run', () => {
  const log = toSarif(scannedResult(), options);
  const [imageRun, run] = [log.runs[0]!, scanRun(log)];

  schemaTest('is valid SARIF 2.1.0, also truncated, without a Dockerfile and with a clean scan', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(sarifSchemaErrors(toSarif(scannedResult(), { ...options, limits: { maxResultsPerRun: 3 } }))).toEqual([]);
    const { dockerfile: _drop, ...withoutDockerfile } = scannedResult();
    const imageOnly = {
      ...withoutDockerfile,
      findings: scannedResult().findings.map((finding) => ({
        ...finding,
        location: { kind: 'image' as const, image: 'docker.io/acme/api:1.2.3' },
      })),
    };
    expect(sarifSchemaErrors(toSarif(imageOnly, options))).toEqual([]);
    expect(sarifSchemaErrors(toSarif(scannedResult({ findings: [] }), options))).toEqual([]);
  });

  test('image-policy findings stay in the imagegate run; the scan families go to a Trivy run', () => {
    const imageRules = imageRun.tool.driver.rules?.map((r) => r.id) ?? [];
    expect(imageRun.tool.driver.name).toBe('imagegate');
    expect(imageRules).toContain('allow/expired');
    expect(imageRules.filter((id) => /^(vuln|secret|license)\//.test(id))).toEqual([]);
    expect(run.tool.driver).toMatchObject({
      name: 'Trivy',
      version: '0.58.1',
      semanticVersion: '0.58.1',
      informationUri: 'https://trivy.dev',
    });
    expect(run.conversion?.tool.driver).toMatchObject({ name: 'imagegate', version: '0.1.0' });
    const scanIds = new Set((run.results ?? []).map((result) => result.ruleId));
    expect([...scanIds].every((id) => /^(vuln|secret|license)\//.test(id!))).toBe(true);
    expect(run.results).toHaveLength(scanFindings().length - 1);
  });

  test('the two runs have distinct categories, derived from the one the pipeline passes', () => {
    expect(imageRun.automationDetails?.id).toBe('imagegate/image/docker.io/acme/api/');
    expect(run.automationDetails?.id).toBe('imagegate/vulnerabilities/docker.io/acme/api/');
  });

  test('one rule per vulnerability id, each result pointing at its rule', () => {
    const ids = run.tool.driver.rules?.map((r) => r.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id === 'vuln/CVE-2023-0464')).toHaveLength(1);
    expect(results(run, 'vuln/CVE-2023-0464')).toHaveLength(2);
    for (const result of run.results ?? []) expect(run.tool.driver.rules?.[result.ruleIndex!]?.id).toBe(result.ruleId);
    // Most relevant first: the critical one, then the highs by CVSS.
    expect(ids.slice(0, 3)).toEqual(['vuln/CVE-2024-3094', 'vuln/CVE-2023-0464', 'vuln/GHSA-p6mc-m468-83gw']);
  });

  test('security-severity: highest CVSS of the rule results, else the severity mapping, none for info', () => {
    const severityOf = (id: string) => rule(run, id).properties?.['security-severity'];
    expect(severityOf('vuln/CVE-2024-3094')).toBe('10.0');
    expect(severityOf('vuln/CVE-2023-0464')).toBe('8.7');
    expect(severityOf('vuln/GHSA-p6mc-m468-83gw')).toBe('7.4');
    expect(severityOf('vuln/CVE-2022-48174')).toBe('5.5');
    expect(severityOf('vuln/CVE-2020-28928')).toBe('2.0');
    expect(severityOf('vuln/CVE-2024-0001')).toBeUndefined();
    expect(severityOf('secret/aws-access-key-id')).toBe('8.0');
    expect(severityOf('license/forbidden')).toBe('8.0');
  });

  test('descriptions, tags and precision come from the scan', () => {
    const xz = rule(run, 'vuln/CVE-2024-3094');
    expect(xz.shortDescription?.text).toBe('xz: malicious code in distributed source');
    const full = xz.fullDescription?.text ?? '';
    expect(full.startsWith('Malicious code was discovered')).toBe(true);
    expect(Array.from(full).length).toBeLessThanOrEqual(1_000);
    expect(full.endsWith('…')).toBe(true);
    expect(xz.helpUri).toBe('https://avd.aquasec.com/nvd/cve-2024-3094');
    expect(xz.defaultConfiguration?.level).toBe('error');
    expect(xz.properties).toMatchObject({
      tags: ['security', 'vulnerability', 'CRITICAL', 'external/cwe/cwe-506'],
      precision: 'high',
    });
    const openssl = rule(run, 'vuln/CVE-2023-0464');
    expect(openssl.properties?.tags).toEqual(['security', 'vulnerability', 'HIGH', 'external/cwe/cwe-295']);
    expect(rule(run, 'vuln/CVE-2020-28928').shortDescription?.text).toBe('CVE-2020-28928');
    expect(rule(run, 'secret/aws-access-key-id').shortDescription?.text).toBe('AWS Access Key ID');
    expect(rule(run, 'license/forbidden').shortDescription?.text).toBe('Package under a forbidden license');
  });

  test('help lists packages with installed and fixed versions, and only safe http(s) links', () => {
    const help = rule(run, 'vuln/CVE-2023-0464').help!;
    expect(help.markdown).toContain('| `libssl3` | `3.0.1-r0` | `3.0.8-r0` | — |');
    expect(help.markdown).toContain('| `libcrypto3` | `3.0.1-r0` | `3.0.8-r0` | — |');
    expect(help.text).toContain('Package libssl3 3.0.1-r0, fixed: 3.0.8-r0');
    const links = [...(help.markdown ?? '').matchAll(/\]\(<([^>]*)>\)/g)].map((match) => match[1]);
    expect(links).toEqual([
      'https://nvd.nist.gov/vuln/detail/CVE-2023-0464',
      'https://evil.example/a%20b)%3Cscript%3E',
      'https://www.openssl.org/news/secadv/20230322.txt',
      'https://a.example/1',
      'https://a.example/2',
    ]);
    // The unsafe primary URL is neither a link nor helpUri.
    expect(rule(run, 'vuln/CVE-2023-0464').helpUri).toBeUndefined();
    for (const text of [help.markdown!, help.text]) {
      expect(text).not.toMatch(/javascript:alert\(2\)|ftp:|user:pass/);
    }
    // Hostile title and description: escaped, one line, no raw HTML, no mentions, no links of their own.
    const markdown = help.markdown!;
    expect(markdown).not.toMatch(/<img|<script/);
    expect(markdown).not.toMatch(/@[A-Za-z]/);
    expect(markdown).toContain('\\[click\\](javascript:alert(1))');
    expect(markdown.match(/(?<!\\)\]\(/g)).toHaveLength(links.length);
    expect(markdown).not.toMatch(/^#|^>/m);

    const busybox = rule(run, 'vuln/CVE-2022-48174').help!;
    expect(busybox.markdown).toContain('| `busybox` | `1.36.1-r0` | `none (affected)` | — |');
    expect(busybox.markdown).toContain('No fixed version is known yet');
    expect(rule(run, 'vuln/GHSA-p6mc-m468-83gw').help?.markdown).toContain('`app/package-lock.json`');
  });

  test('results: level, message with package and versions, the line, fingerprints, suppressions', () => {
    const [xz] = results(run, 'vuln/CVE-2024-3094');
    expect(xz).toMatchObject({
      level: 'error',
      message: {
        text: 'xz-utils 5.6.0-r0 is affected by CVE-2024-3094 (xz: malicious code in distributed source); fixed in 5.6.2-r0',
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: DOCKERFILE, uriBaseId: '%SRCROOT%' },
            region: { startLine: 5, startColumn: 1 },
          },
        },
      ],
    });
    const fingerprint = scanFindings().find((finding) => finding.ruleId === 'vuln/CVE-2024-3094')!.fingerprint;
    expect(xz?.partialFingerprints).toEqual({
      primaryLocationLineHash: fingerprint,
      'imagegateFingerprint/v1': fingerprint,
    });
    expect(xz?.properties).toMatchObject({ pkgName: 'xz-utils', cvssScore: 10, severity: 'critical' });
    const [openssl] = results(run, 'vuln/CVE-2023-0464');
    // SARIF reads [text](target) in a message as a link: the hostile title's brackets are escaped.
    expect(openssl?.message.text).toContain('\\[click\\](javascript:alert(1))');
    const [musl] = results(run, 'vuln/CVE-2020-28928');
    expect(musl?.level).toBe('note');
    expect(musl?.suppressions).toEqual([expect.objectContaining({ kind: 'external', status: 'accepted' }) as unknown]);
    expect(results(run, 'vuln/CVE-2024-0001')[0]?.level).toBe('note');
  });

  test('fingerprints do not move when the lines do', () => {
    const moved = scannedResult().findings.map((finding) =>
      finding.location.kind === 'source'
        ? { ...finding, location: { ...finding.location, line: finding.location.line + 3 } }
        : finding,
    );
    const after = scanRun(toSarif(scannedResult({ findings: moved }), options)).results;
    expect(after?.map((result) => result.partialFingerprints)).toEqual(run.results?.map((r) => r.partialFingerprints));
  });

  test('a scan with no findings still gives an empty Trivy run, so code scanning closes old alerts', () => {
    const clean = toSarif(sampleResult({ scan: scannedResult().scan! }), options);
    expect(clean.runs).toHaveLength(2);
    expect(clean.runs[1]?.results).toEqual([]);
    expect(clean.runs[1]?.tool.driver.rules).toEqual([]);
    expect(toSarif(sampleResult(), options).runs).toHaveLength(1);
  });

  test('without a Dockerfile, scan findings become notifications of the Trivy run', () => {
    const { dockerfile: _drop, ...rest } = scannedResult();
    const imageOnly = {
      ...rest,
      findings: rest.findings.map((finding) => ({
        ...finding,
        location: { kind: 'image' as const, image: 'docker.io/acme/api:1.2.3' },
      })),
    };
    const trivy = scanRun(toSarif(imageOnly, options));
    expect(trivy.results).toEqual([]);
    expect(trivy.invocations?.[0]?.toolExecutionNotifications).toHaveLength(scanFindings().length - 1);
    expect(toSarif(imageOnlyResult(), options).runs).toHaveLength(1);
  });
});

describe('per-run limits', () => {
  test('at most N results per run: the most severe kept, then by CVSS; the run says what it left out', () => {
    const limited = toSarif(scannedResult(), { ...options, limits: { maxResultsPerRun: 3 } });
    const run = scanRun(limited);
    expect(run.results?.map((result) => `${result.ruleId} ${String(result.properties?.pkgName)}`)).toEqual([
      'vuln/CVE-2024-3094 xz-utils',
      'vuln/CVE-2023-0464 libcrypto3',
      'vuln/CVE-2023-0464 libssl3',
    ]);
    // No rule without a kept result.
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(['vuln/CVE-2024-3094', 'vuln/CVE-2023-0464']);
    expect(run.properties?.truncated).toEqual({
      resultsTotal: 9,
      resultsKept: 3,
      rulesTotal: 8,
      rulesKept: 2,
      maxResultsPerRun: 3,
      maxRulesPerRun: 25_000,
    });
    expect(run.invocations?.[0]?.toolExecutionNotifications?.[0]).toEqual({
      level: 'warning',
      message: {
        text: "6 of 9 results not in SARIF: GitHub's 3-results-per-run limit; the most severe were kept.",
      },
    });
    // The image run has 7 findings (allow/expired is imagegate's): 3 kept there too, critical first.
    expect(limited.runs[0]?.results?.map((result) => result.level)).toEqual(['error', 'error', 'error']);
  });

  test('at most N rules per run: the rules of the most severe findings, with all their results', () => {
    const run = scanRun(toSarif(scannedResult(), { ...options, limits: { maxRulesPerRun: 2 } }));
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(['vuln/CVE-2024-3094', 'vuln/CVE-2023-0464']);
    expect(run.results).toHaveLength(3);
    expect(run.invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text).toBe(
      "6 of 9 results not in SARIF: GitHub's 2-rules-per-run limit (6 of 8 rules left out); the most severe were kept.",
    );
  });

  test('active findings before suppressed ones of the same severity', () => {
    const findings = scanFindings().map((finding) =>
      finding.ruleId === 'vuln/CVE-2020-28928' ? finding : { ...finding, severity: 'low' as const },
    );
    const run = scanRun(toSarif(scannedResult({ findings }), { ...options, limits: { maxResultsPerRun: 8 } }));
    expect(run.results?.map((result) => result.ruleId)).not.toContain('vuln/CVE-2020-28928');
  });

  test('sarifTruncations predicts what toSarif cuts; the default limit is GitHub’s 25,000', () => {
    expect(sarifTruncations(scannedResult(), { category: options.category })).toEqual([]);
    const cut = sarifTruncations(scannedResult(), { category: options.category, limits: { maxResultsPerRun: 3 } });
    expect(cut.map((t) => [t.run, t.category, t.total, t.kept])).toEqual([
      ['imagegate', options.category, 7, 3],
      ['trivy', 'imagegate/vulnerabilities/docker.io/acme/api', 9, 3],
    ]);
  });
});

describe('scanRunCategory', () => {
  test.each([
    ['imagegate/image/docker.io/acme/api', 'imagegate/vulnerabilities/docker.io/acme/api'],
    ['imagegate/image/localhost:5000/my app', 'imagegate/vulnerabilities/localhost-5000/my-app'],
    ['release-gate', 'release-gate/vulnerabilities'],
    ['imagegate/image', 'imagegate/image/vulnerabilities'],
    ['', 'imagegate/vulnerabilities'],
  ])('%s → %s', (category, expected) => {
    expect(scanRunCategory(category)).toBe(expected);
  });

  test('never equal to its image category, and distinct for distinct image categories (one tool, one category)', () => {
    const categories = [
      'imagegate/image/docker.io/acme/api',
      'imagegate/image/docker.io/acme/web',
      'imagegate/image/vulnerabilities',
      'imagegate/image',
      'imagegate',
      'api',
      'api/vulnerabilities',
    ];
    const scans = categories.map(scanRunCategory);
    expect(new Set(scans.map(automationDetailsId)).size).toBe(categories.length);
    categories.forEach((category, index) =>
      expect(automationDetailsId(scans[index]!)).not.toBe(automationDetailsId(category)),
    );
  });
});

test('the hostile title really is in the fixture (the escaping tests are not vacuous)', () => {
  expect(scanFindings().some((finding) => finding.message.includes(HOSTILE_TITLE))).toBe(true);
});
