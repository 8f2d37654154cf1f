import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { sharedFile } from '../support/shared.js';
import { describeWhen } from '../support/gate.js';
import { tempDir } from '../support/temp.js';
import { useReleaseServer } from '../scan/install/support/release-server.js';
import { epssGz } from '../scan/feeds/epss-csv.js';

/**
 * The whole run through the CLI: a real Trivy report (alpine-39), the real KEV snapshot with CVE-2019-1549 (medium,
 * libcrypto/libssl) mapped onto its first entry, served by a local mirror; EPSS made here. Proves the flags, the
 * policy keys, the exit codes and the feeds record in imagegate.json.
 */

const reportFile = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
const kevFile = sharedFile('corpus', 'vulndata', 'known_exploited_vulnerabilities.json');
const withCorpus = describeWhen(reportFile && kevFile ? {} : undefined, 'the shared corpus lacks alpine-39 or KEV');

const server = useReleaseServer();
const work = await tempDir('imagegate-feeds-cli-');
const sha = (body: Buffer) => createHash('sha256').update(body).digest('hex');

let kevBody: Buffer;
const EPSS = epssGz([
  ['CVE-2019-14697', 0.00412, 0.71],
  ['CVE-2019-1549', 0.0211, 0.86],
  ['CVE-2019-1551', 0.0009, 0.3],
]);

beforeAll(async () => {
  if (!kevFile) return;
  const catalogue = JSON.parse(await readFile(kevFile, 'utf8')) as { vulnerabilities: Array<{ cveID: string }> };
  if (catalogue.vulnerabilities[0]) catalogue.vulnerabilities[0].cveID = 'CVE-2019-1549';
  kevBody = Buffer.from(JSON.stringify(catalogue));
});

let previousCache: string | undefined;
beforeEach(() => {
  previousCache = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = path.join(work, `cache-${Math.random().toString(36).slice(2)}`);
});
afterEach(() => {
  if (previousCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = previousCache;
});

async function check(name: string, vulnerabilities: string[], extra: string[] = []) {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  const policy = ['version: 1', 'defaults:', '  vulnerabilities:', ...vulnerabilities.map((l) => `    ${l}`), ''];
  await writeFile(path.join(dir, '.imagegate.yml'), policy.join('\n'));
  // A Dockerfile gives the findings a location (its FROM line), so SARIF has them as results.
  await writeFile(path.join(dir, 'Dockerfile'), 'FROM alpine:3.9\n');
  const args = [
    'check',
    '--trivy-report',
    reportFile ?? '',
    '--out-dir',
    path.join(dir, 'out'),
    '--policy',
    '.imagegate.yml',
    '--dockerfile',
    'Dockerfile',
  ];
  const run = await cli([...args, ...extra], dir);
  const json = JSON.parse(await readFile(path.join(dir, 'out', 'imagegate.json'), 'utf8').catch(() => '{}')) as {
    verdict?: string;
    scan?: { feeds: Array<Record<string, unknown>> };
    findings?: Array<{ ruleId: string; properties: Record<string, unknown> }>;
  };
  return { run, json };
}

withCorpus('exploit priority through the CLI', () => {
  const mirrors = () => [
    '--kev-url',
    `${server.baseUrl}/kev.json`,
    '--epss-url',
    `${server.baseUrl}/epss_scores-2026-12-07.csv.gz`,
  ];

  it('failOnKev with an EPSS bound: the exempt critical passes, the KEV-listed medium fails (exit 1); feeds recorded', async () => {
    server.routes.set('/kev.json', { body: kevBody });
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { body: EPSS });
    const { run, json } = await check(
      'kev-fails',
      ['failOn: high', 'failOnKev: true', 'epss: { minScore: 0.01 }'],
      mirrors(),
    );
    expect(run.code).toBe(1);
    expect(json.verdict).toBe('fail');
    // The terminal counts what the gate counts: the KEV-listed medium (×2 packages), not the exempt critical.
    expect(run.stdout + run.stderr).toContain('FAIL: 2 finding(s) at or above high');
    expect(run.stdout + run.stderr).toContain(
      '  feeds     CISA KEV 2025.08.25 (download), EPSS 2026-12-07T00:00:00+0000 (download)',
    );
    expect(json.scan?.feeds).toEqual([
      expect.objectContaining({
        feed: 'kev',
        origin: 'download',
        source: `${server.baseUrl}/kev.json`,
        sha256: sha(kevBody),
      }),
      expect.objectContaining({ feed: 'epss', origin: 'download', sha256: sha(EPSS), entries: 3 }),
    ]);
    const musl = json.findings?.find((f) => f.ruleId === 'vuln/CVE-2019-14697');
    expect(musl?.properties).toMatchObject({ kev: false, epssScore: 0.00412, gate: 'exempt' });
    const ssl = json.findings?.find((f) => f.ruleId === 'vuln/CVE-2019-1549');
    expect(ssl?.properties).toMatchObject({ kev: true, gate: 'fail' });

    // Reports: KEV first (the medium before the critical), then EPSS; KEV/EPSS shown; SARIF carries them.
    const out = path.join(work, 'kev-fails', 'out');
    const summary = await readFile(path.join(out, 'summary.md'), 'utf8');
    const blockingRow = summary.split('\n').find((line) => line.includes('CVE-2019-1549'));
    expect(blockingRow).toContain('**KEV** · EPSS 0.021 (percentile 86%)');
    expect(summary).toContain('EPSS 0.0041 (percentile 71%) · not gating: EPSS 0.00412 is below 0.01');
    expect(summary.indexOf('CVE-2019-1549')).toBeLessThan(summary.indexOf('CVE-2019-14697'));
    const sarif = JSON.parse(await readFile(path.join(out, 'imagegate.sarif'), 'utf8')) as {
      runs: Array<{ results: Array<{ ruleId: string; properties: Record<string, unknown> }> }>;
    };
    const results = sarif.runs.flatMap((r) => r.results);
    expect(results[0]?.ruleId).toBe('vuln/CVE-2019-1549');
    expect(results.find((r) => r.ruleId === 'vuln/CVE-2019-1549')?.properties).toMatchObject({
      kev: true,
      kevDateAdded: '2025-08-25',
      epssScore: 0.0211,
      epssPercentile: 0.86,
    });
  });

  it('without failOnKev the same run passes (exit 0)', async () => {
    server.routes.set('/kev.json', { body: kevBody });
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { body: EPSS });
    const { run } = await check('kev-off', ['failOn: high', 'epss: { minScore: 0.01 }'], mirrors());
    expect(run.code).toBe(0);
  });

  it('offline: --kev-file and --epss-file make no request', async () => {
    const dir = path.join(work, 'files');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'kev.json'), kevBody);
    await writeFile(path.join(dir, 'epss_scores-2026-12-07.csv.gz'), EPSS);
    const { run, json } = await check(
      'files',
      ['failOn: high', 'failOnKev: true', 'epss: { minScore: 0.01 }'],
      [
        '--kev-file',
        path.join(dir, 'kev.json'),
        '--epss-file',
        path.join(dir, 'epss_scores-2026-12-07.csv.gz'),
        '--allow-path',
        dir,
      ],
    );
    expect(run.code).toBe(1);
    expect(server.requests).toEqual([]);
    expect(json.scan?.feeds.map((f) => f.origin)).toEqual(['file', 'file']);
  });

  it('a feed server that is down is a warning: the gate still decides (exit 0, not 3)', async () => {
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { body: EPSS });
    const { run, json } = await check(
      'down',
      ['failOn: high', 'epss: { minScore: 0.01 }'],
      ['--kev-url', 'http://127.0.0.1:9/kev.json', '--epss-url', `${server.baseUrl}/epss_scores-2026-12-07.csv.gz`],
    );
    expect(run.stderr).toMatch(/warning: the CISA KEV catalogue could not be downloaded; the gate runs without it/);
    expect(run.code).toBe(0);
    expect(json.scan?.feeds.map((f) => f.feed)).toEqual(['epss']);
  }, 20_000);

  it('requireFeeds: the same outage is exit 3 naming the URL', async () => {
    const { run } = await check(
      'required',
      ['failOn: high', 'requireFeeds: true'],
      ['--kev-url', 'http://127.0.0.1:9/kev.json'],
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /CISA KEV catalogue could not be downloaded and the policy requires it .*127\.0\.0\.1:9/,
    );
  }, 20_000);

  it('a policy that uses none of the keys makes no feed request', async () => {
    const { run } = await check('unused', ['failOn: critical'], mirrors());
    expect(run.code).toBe(1);
    expect(server.requests).toEqual([]);
  });
});
