import { toMarkdownSummary } from '../../src/report/markdown.js';
import { sampleResult } from './fixtures.js';
import { cells, expectSafeMarkdown, table } from './markdown-support.js';
import type { ScanFacts } from '../../src/scan/types.js';
import { HOSTILE_TITLE, sampleScan, scanFindings, scannedResult } from './scan-fixtures.js';

/** The fixture's advisories with an https primary URL: the only links scanner data makes. */
const ADVISORY_LINKS = [
  'https://avd.aquasec.com/nvd/cve-2024-3094',
  'https://github.com/advisories/GHSA-p6mc-m468-83gw',
];

describe('the Vulnerabilities section of the summary', () => {
  const markdown = toMarkdownSummary(scannedResult());

  test('says what the scanner found before filters, and what is left by severity after them', () => {
    expect(markdown).toContain(
      'Trivy 0.58.1 found 8 vulnerability records, 1 secret and 1 license record in `docker.io/acme/api:1.2.3` ' +
        '(before the policy’s filters; vulnerability DB of 2026-11-26T06:00:00Z).',
    );
    expect(markdown).toContain(
      '**After filters:** 🔴 1 critical · 🟠 3 high · 🟡 1 medium · 🔵 0 low · ⚪ 1 info (1 unrated) · 1 suppressed',
    );
  });

  test('the gate line names the vulnerability threshold', () => {
    expect(markdown).toContain('**Gate:** fails on `high` or more severe; vulnerabilities (`vuln/`) on `critical`  \n');
  });

  test('vulnerabilities collapsed per package: blocking first, installed → fix, counts, origin; inside, the advisories', () => {
    const summaries = markdown
      .split('\n')
      .filter((line) => line.startsWith('<details><summary><code>') || line.startsWith('<details><summary>🚫'));
    expect(summaries.map((line) => /<code>([^<]*)<\/code>/.exec(line)?.[1])).toEqual([
      'xz-utils',
      'libcrypto3',
      'libssl3',
      'lodash',
      'busybox',
      'zlib',
    ]);
    expect(summaries[0]).toBe(
      '<details><summary>🚫 1 blocking · <code>xz-utils</code> 5.6.0-r0 → 5.6.2-r0 · 🔴 1 critical</summary>',
    );
    expect(summaries[3]).toBe(
      '<details><summary><code>lodash</code> 4.17.15 → 4.17.21 · 🟠 1 high in app/package-lock.json</summary>',
    );
    expect(summaries[4]).toBe('<details><summary><code>busybox</code> 1.36.1-r0 (no fix yet) · 🟡 1 medium</summary>');
    expect(summaries[5]).toBe(
      '<details><summary><code>zlib</code> 1.3-r0 → 1.3.1-r0 · ⚪ 1 info (1 unrated)</summary>',
    );
    const xz = table(markdown, '<details><summary>🚫 1 blocking · <code>xz-utils</code>').map(cells);
    expect(xz[0]).toEqual(['Severity', 'Vulnerability', 'Fixed in', 'Title']);
    expect(xz[2]).toEqual([
      '🚫 🔴 critical',
      '[`CVE-2024-3094`](<https://avd.aquasec.com/nvd/cve-2024-3094>)',
      '`5.6.2-r0`',
      'xz: malicious code in distributed source',
    ]);
    expect(cells(table(markdown, '<details><summary><code>busybox</code>')[2]!)[2]).toBe('_no fix_ (affected)');
    expect(cells(table(markdown, '<details><summary><code>zlib</code>')[2]!)[0]).toBe('⚪ unrated (info)');
    // The suppressed one is not listed with the active ones; it is in the suppressed block.
    expect(summaries.some((line) => line.includes('musl'))).toBe(false);
    expect(markdown.indexOf('musl 1.2.4-r0')).toBeGreaterThan(markdown.indexOf('suppressed findings (allowlisted'));
  });

  test('hostile advisory text is escaped: no HTML, mentions, links, autolinks, or broken cells', () => {
    const row = table(markdown, '<details><summary><code>libcrypto3</code>')[2]!;
    expect(cells(row)[3]).toBe(
      '&lt;img src=x onerror=alert(1)&gt; @&#8203;octocat \\| pipe \\[click\\](javascript:alert(1)) https…',
    );
    expectSafeMarkdown(markdown, ADVISORY_LINKS);
    // A full hostile title (within the cell limit) does not autolink its URL either.
    const long = toMarkdownSummary(scannedResult(), { maxCellLength: 500 });
    expectSafeMarkdown(long, ADVISORY_LINKS);
  });

  test('an advisory id links to its primary URL only when that is https', () => {
    expect(markdown).toContain('[`CVE-2024-3094`](<https://avd.aquasec.com/nvd/cve-2024-3094>)');
    expect(markdown).toContain('[`GHSA-p6mc-m468-83gw`](<https://github.com/advisories/GHSA-p6mc-m468-83gw>)');
    // libssl3's CVE-2023-0464 has a javascript: URL: plain code, no link.
    expect(cells(table(markdown, '<details><summary><code>libssl3</code>')[2]!)[1]).toBe('`CVE-2023-0464`');
    expect(markdown).not.toContain('javascript:alert(1)>');
  });

  test('secrets and licenses are listed briefly; image-policy findings keep their own table', () => {
    expect(markdown).toContain('**Secrets:** 1');
    expect(markdown).toContain('AWS Access Key ID in /app/.env line 3: AKIA\\*\\*\\*');
    expect(markdown).toContain('**Licenses:** 1');
    const findings = table(markdown, '### Findings').slice(2).map(cells);
    expect(findings.map((row) => row[1])).toContain('Allowlist entry expired (`allow/expired`)');
    expect(findings.some((row) => /vuln\/|secret\/|license\//.test(row[1]!))).toBe(false);
  });

  test('long lists are cut with a count', () => {
    const cut = toMarkdownSummary(scannedResult(), { maxVulnerabilityRows: 2 });
    expect(table(cut, '### Vulnerabilities')).toHaveLength(3);
    expect(cut).toContain('… and 4 more vulnerabilities in 4 more packages (all of them are in `imagegate.json`).');
  });

  test('a clean scan says so, and no scan means no section', () => {
    const clean = toMarkdownSummary(sampleResult({ scan: scannedResult().scan! }));
    expect(clean).toContain('### Vulnerabilities');
    expect(clean).toContain('No active vulnerabilities after the policy’s filters.');
    expect(toMarkdownSummary(sampleResult())).not.toContain('### Vulnerabilities');
  });

  test('the SARIF truncation note, when code scanning cannot take every result', () => {
    expect(markdown).not.toContain('not in SARIF');
    const cut = toMarkdownSummary(scannedResult(), {
      sarifLimits: { maxResultsPerRun: 3 },
      sarifCategory: 'imagegate/image/docker.io/acme/api',
    });
    expect(cut).toContain(
      '> ⚠️ **Code scanning does not get every finding** (Trivy run, category ' +
        "`imagegate/vulnerabilities/docker.io/acme/api`): 6 of 9 results not in SARIF: GitHub's " +
        '3-results-per-run limit. The most severe were kept; the gate and `imagegate.json` count all of them.',
    );
    expect(cut).toContain('(imagegate run, category `imagegate/image/docker.io/acme/api`): 4 of 7 results');
    expectSafeMarkdown(cut, ADVISORY_LINKS);
  });
});

test('the fixture really carries the hostile title', () => {
  expect(scanFindings().filter((finding) => finding.properties?.title === HOSTILE_TITLE)).toHaveLength(2);
});

describe('which Trivy ran and how it was verified', () => {
  const withBinary = (verification: NonNullable<ScanFacts['binary']>['verification']) =>
    toMarkdownSummary(
      scannedResult({
        scan: { ...sampleScan(), binary: { path: '/opt/trivy/`x`/trivy', version: '0.72.0', verification } },
      }),
    );

  test('trust on first use is said, with a warning sign', () => {
    expect(withBinary('trust-on-first-use')).toContain(
      '⚠️ **Trivy binary:** ``/opt/trivy/`x`/trivy`` (0.72.0), verified: TRUSTED ON FIRST USE: only the download ' +
        "server's own checksums file vouches for it.",
    );
  });

  test.each([
    [
      'pinned-binary-sha256',
      "**Trivy binary:** ``/opt/trivy/`x`/trivy`` (0.72.0), verified: binary SHA-256 matches imagegate's pin.",
    ],
    ['user-sha256', 'verified: SHA-256 given in the workflow (trivy-sha256) matches.'],
    [
      'path-version-only',
      '⚠️ **Trivy binary:** ``/opt/trivy/`x`/trivy`` (0.72.0), verified: found on PATH, only its version was checked.',
    ],
  ] as const)('%s', (verification, line) => {
    expect(withBinary(verification)).toContain(line);
  });

  test('no line for a report the user brought', () => {
    expect(toMarkdownSummary(scannedResult())).not.toContain('Trivy binary');
  });
});
