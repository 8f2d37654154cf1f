import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/model/findings.js';
import { compareWithBaseline, loadBaseline, type Baseline } from '../../src/baseline/baseline.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { toResultDocument } from '../../src/report/result-json.js';
import { writeReports } from '../../src/report/write-reports.js';
import type { RunResult } from '../../src/report/run-result.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { cells, expectSafeMarkdown, table } from '../report/markdown-support.js';
import { withChange } from '../report/fixtures.js';
import { scannedResult } from '../report/scan-fixtures.js';
import { noRedaction } from '../../src/util/redact.js';

const byRule = (findings: readonly Finding[], ruleId: string, pkg?: string) =>
  findings.find((f) => f.ruleId === ruleId && (pkg === undefined || f.properties?.pkgName === pkg))!;

describe('baseline', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'imagegate-baseline-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** The previous run: written by writeReports exactly as a pipeline run would, then read back. */
  async function previousRun(result: RunResult): Promise<Baseline> {
    const paths = await writeReports(result, path.join(root, 'previous'), {
      toolVersion: '0.1.0',
      redactor: noRedaction(),
      category: 'imagegate/image/docker.io/acme/api',
    });
    return loadBaseline(paths.json, 'previous/imagegate.json');
  }

  test('a run compared with itself: nothing new, nothing fixed', async () => {
    const current = scannedResult();
    const baseline = await previousRun(current);
    expect(baseline).toMatchObject({ file: 'previous/imagegate.json', toolVersion: '0.1.0' });
    expect(baseline.image).toBe('docker.io/acme/api:1.2.3');
    expect(baseline.findings).toHaveLength(current.findings.length);
    const active = current.findings.filter((f) => !f.suppressedBy).length;
    expect(compareWithBaseline(current.findings, baseline)).toEqual({ new: [], fixed: [], unchanged: active });
  });

  test('new and fixed by fingerprint, suppressed ones left out on both sides, lines ignored', async () => {
    const now = scannedResult().findings;
    const xz = byRule(now, 'vuln/CVE-2024-3094');
    const lodash = byRule(now, 'vuln/GHSA-p6mc-m468-83gw');
    const musl = byRule(now, 'vuln/CVE-2020-28928'); // suppressed now
    const libssl = byRule(now, 'vuln/CVE-2023-0464', 'libssl3');
    const before = now
      // xz and lodash are new in this run.
      .filter((f) => f !== xz && f !== lodash)
      // musl was active before: it does not count now, so it reads as fixed.
      .map((f) => (f === musl ? { ...f, suppressedBy: undefined } : f))
      // libssl3 was allowlisted before and is active now: new.
      .map((f) => (f === libssl ? { ...f, suppressedBy: { reason: 'old entry' } } : f))
      // Lines moved: still the same findings.
      .map((f) =>
        f.location.kind === 'source' ? { ...f, location: { ...f.location, line: f.location.line + 2 } } : f,
      );
    const gone = { ...xz, ruleId: 'vuln/CVE-2021-0002', fingerprint: 'f'.repeat(32), message: 'curl 8.0 is affected' };
    const baseline = await previousRun(scannedResult({ findings: [...before, gone] }));
    const comparison = compareWithBaseline(now, baseline);
    expect(comparison.new.map((f) => f.fingerprint)).toEqual([xz, libssl, lodash].map((f) => f.fingerprint));
    expect(comparison.fixed.map((f) => f.fingerprint)).toEqual([gone.fingerprint, musl.fingerprint]);
    expect(comparison.fixed[0]).toMatchObject({ ruleId: 'vuln/CVE-2021-0002', severity: 'critical' });
    expect(comparison.unchanged).toBe(now.filter((f) => !f.suppressedBy).length - 3);
  });

  test('rendered: "since baseline" in the summary and a baseline section in imagegate.json', async () => {
    const current = scannedResult();
    const xz = byRule(current.findings, 'vuln/CVE-2024-3094');
    const baseline = await previousRun(scannedResult({ findings: current.findings.filter((f) => f !== xz) }));
    baseline.findings.push({
      ruleId: 'vuln/CVE-2021-0002',
      severity: 'high',
      message: 'curl 8.0 <b>is</b> affected @octocat',
      fingerprint: 'e'.repeat(32),
      suppressed: false,
      location: { path: 'services/api/Dockerfile', line: 9, column: null },
      properties: {},
    });
    const result = {
      ...current,
      baseline: { ...compareWithBaseline(current.findings, baseline), file: baseline.file },
    };

    const markdown = toMarkdownSummary(result);
    expect(markdown).toContain(
      'Compared with `previous/imagegate.json`: **1 new**, **1 fixed**, 13 unchanged (active findings, matched by fingerprint).',
    );
    expect(markdown.indexOf('### Since baseline')).toBeLessThan(markdown.indexOf('### Image'));
    const added = table(markdown, '**New since baseline**').slice(2).map(cells);
    expect(added).toEqual([
      [
        '🔴 critical',
        '`vuln/CVE-2024-3094`',
        expect.stringContaining('xz-utils 5.6.0-r0') as unknown,
        '`services/api/Dockerfile:5:1`',
      ],
    ]);
    const fixed = table(markdown, '**Fixed since baseline**').slice(2).map(cells);
    expect(fixed).toEqual([
      [
        '🟠 high',
        '`vuln/CVE-2021-0002`',
        'curl 8.0 &lt;b&gt;is&lt;/b&gt; affected @&#8203;octocat',
        '`services/api/Dockerfile:9`',
      ],
    ]);
    // A CVE links to its https advisory (issue 12); nothing else from scanner data links.
    expectSafeMarkdown(markdown, [
      'https://avd.aquasec.com/nvd/cve-2024-3094',
      'https://github.com/advisories/GHSA-p6mc-m468-83gw',
    ]);

    const document = toResultDocument(result, { toolVersion: '0.1.0' });
    expect(resultSchemaErrors(document)).toEqual([]);
    expect(document.baseline).toEqual({
      file: 'previous/imagegate.json',
      new: { count: 1, fingerprints: [xz.fingerprint] },
      fixed: { count: 1, fingerprints: ['e'.repeat(32)] },
      unchanged: 13,
    });
  });

  test('long new/fixed lists are cut', () => {
    const current = scannedResult();
    const comparison = { new: current.findings.slice(0, 5), fixed: [], unchanged: 0, file: 'b.json' };
    const markdown = toMarkdownSummary({ ...current, baseline: comparison }, { maxBaselineRows: 2 });
    expect(table(markdown, '**New since baseline**')).toHaveLength(4);
    expect(markdown).toContain('… and 3 more new findings');
  });

  describe('bad baseline files are configuration errors naming the file and what was expected', () => {
    const document = toResultDocument(scannedResult(), { toolVersion: '0.1.0' });
    const changed = (keys: Array<string | number>, value: unknown) => JSON.stringify(withChange(document, keys, value));

    async function rejects(content: string | null, expected: RegExp): Promise<void> {
      const file = path.join(root, 'baseline.json');
      if (content !== null) await writeFile(file, content);
      const attempt = loadBaseline(file, 'ci/baseline.json');
      await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
      await expect(loadBaseline(file, 'ci/baseline.json')).rejects.toMatchObject({
        exitCode: 2,
        message: expect.stringMatching(expected) as unknown,
      });
    }

    test.each<[string, () => string | null, RegExp]>([
      [
        'missing',
        () => null,
        /^ci\/baseline\.json: cannot read the baseline report: no such file; expected imagegate\.json/,
      ],
      [
        'not JSON',
        () => '{\n  "schemaVersion": 1,\n  oops\n}',
        /^ci\/baseline\.json:3:3: the baseline report is not JSON/,
      ],
      ['an array', () => '[]', /not a JSON object/],
      [
        'a Trivy report',
        () => JSON.stringify({ SchemaVersion: 2, ArtifactName: 'alpine', Results: [] }),
        /this is a Trivy report/,
      ],
      [
        'another tool',
        () => JSON.stringify({ schemaVersion: 1, tool: { name: 'dive' } }),
        /no schemaVersion and tool\.name "imagegate"/,
      ],
      [
        'schemaVersion 2',
        () => changed(['schemaVersion'], 2),
        /has schemaVersion 2; this imagegate reads schemaVersion 1/,
      ],
      ['findings missing', () => changed(['findings'], undefined), /findings: expected an array/],
      [
        'a bad severity',
        () => changed(['findings', 2, 'severity'], 'urgent'),
        /^ci\/baseline\.json: findings\[2\]\.severity: expected one of critical, high, medium, low, info$/,
      ],
      [
        'a bad fingerprint',
        () => changed(['findings', 0, 'fingerprint'], 'Dockerfile:3'),
        /findings\[0\]\.fingerprint: expected 32 lowercase hex digits/,
      ],
      [
        'no ruleId',
        () => changed(['findings', 1, 'ruleId'], undefined),
        /findings\[1\]\.ruleId: expected a non-empty string/,
      ],
    ])('%s', async (_name, content, expected) => {
      await rejects(content(), expected);
    });

    test('a directory', async () => {
      await mkdir(path.join(root, 'baseline.json'));
      await rejects(null, /it is a directory/);
    });
  });

  test('an older imagegate.json (before scan and baseline sections) is accepted', async () => {
    const older = toResultDocument(scannedResult(), { toolVersion: '0.0.9' }) as unknown as Record<string, unknown>;
    delete older.scan;
    delete older.baseline;
    delete older.familyFailOn;
    const file = path.join(root, 'older.json');
    await writeFile(file, `\uFEFF${JSON.stringify(older)}`);
    const baseline = await loadBaseline(file, 'older.json');
    expect(baseline.toolVersion).toBe('0.0.9');
    expect(baseline.findings.length).toBe(scannedResult().findings.length);
    expect(JSON.parse(await readFile(file, 'utf8').then((text) => text.slice(1)))).toEqual(older);
  });
});
