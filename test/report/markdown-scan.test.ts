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
      '**After filters:** 🔴 1 critical · 🟠 3 high · 🟡 1 medium · 🔵 0 low · ⚪ 1 info · 1 suppressed',
    );
  });

  test('the gate line names the vulnerability threshold', () => {
    expect(markdown).toContain('**Gate:** fails on `high` or more severe; vulnerabilities (`vuln/`) on `critical`  \n');
  });

  test('top findings: most severe first, then by CVSS, with package, versions, fix or status and the line', () => {
    const rows = table(markdown, '### Vulnerabilities');
    expect(cells(rows[0]!)).toEqual(['Severity', 'Vulnerability', 'Package', 'Installed', 'Fixed', 'Location']);
    const body = rows.slice(2).map(cells);
    expect(body.map((row) => `${row[0]} ${row[2]}`)).toEqual([
      '🔴 critical `xz-utils`',
      '🟠 high `libcrypto3`',
      '🟠 high `libssl3`',
      '🟠 high `lodash` in `app/package-lock.json`',
      '🟡 medium `busybox`',
      '⚪ info `zlib`',
    ]);
    expect(body[0]).toEqual([
      '🔴 critical',
      '[`CVE-2024-3094`](<https://avd.aquasec.com/nvd/cve-2024-3094>) xz: malicious code in distributed source',
      '`xz-utils`',
      '`5.6.0-r0`',
      '`5.6.2-r0`',
      '`services/api/Dockerfile:5:1`',
    ]);
    expect(body[4]?.[4]).toBe('_no fix_ (affected)');
    // The suppressed one is not a top finding; it is in the collapsed block.
    expect(body.some((row) => row[2] === '`musl`')).toBe(false);
    expect(markdown.indexOf('musl 1.2.4-r0')).toBeGreaterThan(markdown.indexOf('<details>'));
  });

  test('hostile advisory text is escaped: no HTML, mentions, links, autolinks, or broken cells', () => {
    const row = table(markdown, '### Vulnerabilities')[3]!;
    expect(cells(row)[1]).toBe(
      '`CVE-2023-0464` &lt;img src=x onerror=alert(1)&gt; @&#8203;octocat \\| pipe \\[click\\](javascript:alert(1)) https…',
    );
    expectSafeMarkdown(markdown, ADVISORY_LINKS);
    // A full hostile title (within the cell limit) does not autolink its URL either.
    const long = toMarkdownSummary(scannedResult(), { maxCellLength: 500 });
    expectSafeMarkdown(long, ADVISORY_LINKS);
  });

  test('no links from scanner data but a CVE id to its https primary URL', () => {
    const section = markdown.slice(markdown.indexOf('### Vulnerabilities'), markdown.indexOf('<details>'));
    const links = [...section.matchAll(/(?<!\\)\]\(<([^>]*)>\)/g)].map((match) => match[1]);
    expect(links).toEqual(ADVISORY_LINKS);
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
    expect(table(cut, '### Vulnerabilities')).toHaveLength(4);
    expect(cut).toContain('… and 4 more vulnerabilities (all of them are in `imagegate.json`).');
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
