import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Log, Result, Run } from 'sarif';
import { GitHubClient } from '../../src/github/github-client.js';
import { categoryOf, GITHUB_UPLOAD_LIMITS, prepareSarif } from '../../src/report/sarif-batches.js';
import { uploadSarif, type SarifUploadRequest } from '../../src/github/sarif-upload.js';
import { toSarif } from '../../src/report/sarif.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { scannedResult } from '../report/scan-fixtures.js';
import { haveSarifSchema, sarifSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';
import { useFakeGitHub } from '../support/fake-github.js';

/**
 * What goes to code scanning: split at 20 runs, categories made distinct, trimmed to the size limit by dropping the
 * least severe results first (and the rules they leave unused), uploaded to the local GitHub stand-in.
 */

const work = await tempDir();
const github = useFakeGitHub();

const ourSarif = (): Log =>
  toSarif(scannedResult(), { toolVersion: '0.1.0', category: 'imagegate/image/docker.io/acme/api' });

/** `count` runs of imagegate's own shape, each under its own category. */
function manyRuns(count: number): Log {
  const [run] = ourSarif().runs;
  const runs = Array.from({ length: count }, (_, index) => ({
    ...structuredClone(run!),
    automationDetails: { id: `imagegate/image/docker.io/acme/svc-${index}/` },
  }));
  return { ...ourSarif(), runs };
}

const decode = (base64: string) => JSON.parse(gunzipSync(Buffer.from(base64, 'base64')).toString('utf8')) as Log;

async function upload(log: Log, overrides: Partial<SarifUploadRequest> = {}) {
  const file = path.join(work, `upload-${Math.random().toString(36).slice(2)}.sarif`);
  await writeFile(file, JSON.stringify(log, null, 2));
  const api = new GitHubClient({ apiUrl: github.url, token: 't', logger: new MemoryLogger() });
  const logger = new MemoryLogger();
  try {
    const report = await uploadSarif(
      api,
      {
        file,
        owner: 'octo',
        repo: 'app',
        target: { commitSha: 'a'.repeat(40), ref: 'refs/heads/main' },
        checkoutUri: 'file:///work',
        startedAt: '2026-11-20T10:00:00.000Z',
        toolName: 'imagegate',
        limits: GITHUB_UPLOAD_LIMITS,
        ...overrides,
      },
      { logger, sleep: async () => undefined },
    );
    return { report, logger, sent: github.byRoute('upload').map((r) => decode((r.body as { sarif: string }).sarif)) };
  } finally {
    api.dispose();
  }
}

test('a file that fits goes as it is, in one upload', async () => {
  const log = ourSarif();
  const bytes = Buffer.from(JSON.stringify(log, null, 2));
  const prepared = prepareSarif(bytes, 'x.sarif', GITHUB_UPLOAD_LIMITS);
  expect(prepared.batches).toHaveLength(1);
  expect(prepared.batches[0]!.json).toBe(bytes);
  expect(gunzipSync(prepared.batches[0]!.gzipped)).toEqual(bytes);
  expect(prepared.batches[0]!.categories).toEqual([
    'imagegate/image/docker.io/acme/api',
    'imagegate/vulnerabilities/docker.io/acme/api',
  ]);
});

test('more than 20 runs: several uploads of at most 20, every run once', async () => {
  const { report, sent } = await upload(manyRuns(45));
  expect(sent.map((log) => log.runs.length)).toEqual([20, 20, 5]);
  expect(report.uploads).toHaveLength(3);
  expect(new Set(report.uploads.map((u) => u.id)).size).toBe(3);
  const categories = sent.flatMap((log) => log.runs.map(categoryOf));
  expect(categories).toEqual(Array.from({ length: 45 }, (_, i) => `imagegate/image/docker.io/acme/svc-${i}`));
  for (const log of sent) {
    expect(log.version).toBe('2.1.0');
    if (haveSarifSchema) expect(sarifSchemaErrors(log)).toEqual([]);
  }
});

test('runs sharing a category get distinct ones, with a warning', async () => {
  const log = manyRuns(3);
  log.runs[2]!.automationDetails = { id: 'imagegate/image/docker.io/acme/svc-0/' };
  const { report, sent, logger } = await upload(log);
  expect(sent[0]!.runs.map((run) => run.automationDetails?.id)).toEqual([
    'imagegate/image/docker.io/acme/svc-0/',
    'imagegate/image/docker.io/acme/svc-1/',
    'imagegate/image/docker.io/acme/svc-0-2/',
  ]);
  expect(report.renamed).toEqual([
    { from: 'imagegate/image/docker.io/acme/svc-0', to: 'imagegate/image/docker.io/acme/svc-0-2' },
  ]);
  expect(logger.lines.join('\n')).toContain("two runs had the category 'imagegate/image/docker.io/acme/svc-0'");
});

/** A run of many results over many rules at every severity, big enough to need trimming under a small limit. */
function bulkyLog(): Log {
  const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
  const levels = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' } as const;
  const rules = Array.from({ length: 200 }, (_, i) => ({
    id: `vuln/CVE-2099-${1000 + i}`,
    shortDescription: { text: `advisory ${i} ${'x'.repeat(200)}` },
  }));
  const results: Result[] = rules.map((rule, i) => {
    const severity = severities[i % 5]!;
    return {
      ruleId: rule.id,
      ruleIndex: i,
      level: levels[severity],
      message: { text: `finding ${i} ${Math.random().toString(36).repeat(20)}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 1 } } }],
      properties: { severity },
    };
  });
  const run: Run = {
    tool: { driver: { name: 'Trivy', rules } },
    automationDetails: { id: 'imagegate/vulnerabilities/docker.io/acme/api/' },
    invocations: [{ executionSuccessful: true }],
    results,
  };
  return { version: '2.1.0', runs: [run] };
}

test('over the size limit: the least severe results go first, then their unused rules, until it fits', async () => {
  const log = bulkyLog();
  const full = prepareSarif(Buffer.from(JSON.stringify(log)), 'x', GITHUB_UPLOAD_LIMITS).batches[0]!.gzipped.length;
  const limit = Math.floor(full * 0.6);
  const { report, sent, logger } = await upload(log, { limits: { maxRunsPerUpload: 20, maxGzipBytes: limit } });
  const body = github.byRoute('upload')[0]!.body as { sarif: string };
  expect(Buffer.from(body.sarif, 'base64').length).toBeLessThanOrEqual(limit);
  const [run] = sent[0]!.runs;
  const kept = run!.results!;
  const dropped = 200 - kept.length;
  expect(report.trimmed).toEqual({ resultsDropped: dropped, rulesDropped: dropped });
  expect(dropped).toBeGreaterThan(0);
  // Every info result goes before any low one, every low before any medium, …
  const keptSeverities = new Set(kept.map((result) => result.properties?.severity));
  const order = ['info', 'low', 'medium', 'high', 'critical'];
  const lowestKept = Math.min(...[...keptSeverities].map((severity) => order.indexOf(String(severity))));
  for (const severity of order.slice(0, lowestKept)) expect(keptSeverities.has(severity)).toBe(false);
  expect(dropped).toBeLessThan(200 - 40); // the critical ones stay
  // Rules and indexes stay consistent.
  for (const result of kept) expect(run!.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
  expect(run!.tool.driver.rules).toHaveLength(kept.length);
  expect(run!.properties?.uploadTrimmed).toEqual({ resultsDropped: dropped, rulesDropped: dropped });
  expect(run!.invocations![0]!.toolExecutionNotifications![0]!.message.text).toContain(`${dropped} of 200 results`);
  expect(logger.lines.join('\n')).not.toContain('warning: two runs');
  // A roomier limit costs fewer results: the cut follows the limit instead of a fixed share.
  const roomier = prepareSarif(Buffer.from(JSON.stringify(log)), 'x', {
    maxRunsPerUpload: 20,
    maxGzipBytes: Math.floor(full * 0.9),
  });
  expect(roomier.batches[0]!.trimmed!.resultsDropped).toBeGreaterThan(0);
  expect(roomier.batches[0]!.trimmed!.resultsDropped).toBeLessThan(dropped);
});

test('imagegate’s own SARIF trimmed stays valid SARIF', async () => {
  const log = ourSarif();
  const full = prepareSarif(Buffer.from(JSON.stringify(log)), 'x', GITHUB_UPLOAD_LIMITS).batches[0]!.gzipped.length;
  const { sent, report } = await upload(log, { limits: { maxRunsPerUpload: 20, maxGzipBytes: full - 200 } });
  expect(report.trimmed?.resultsDropped).toBeGreaterThan(0);
  if (haveSarifSchema) expect(sarifSchemaErrors(sent[0])).toEqual([]);
  for (const run of sent[0]!.runs) {
    for (const result of run.results ?? []) {
      expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
    }
  }
});

test('even without results too large: a clear error, nothing uploaded', async () => {
  await expect(upload(bulkyLog(), { limits: { maxRunsPerUpload: 20, maxGzipBytes: 100 } })).rejects.toThrow(
    /over GitHub's limit of 100 gzipped bytes even without any results/,
  );
  expect(github.byRoute('upload')).toHaveLength(0);
});

test('waits for processing: pending, then complete; a failed one reports GitHub’s errors', async () => {
  github.script('status', { status: 404, body: { message: 'Not Found' } });
  github.script('status', { status: 200, body: { processing_status: 'pending' } });
  const waited = await upload(ourSarif(), { waitDelaysMs: [5, 15, 35] });
  expect(waited.report.uploads[0]).toMatchObject({ status: 'complete', errors: [] });
  expect(github.byRoute('status')).toHaveLength(3);

  github.reset();
  github.processing = { processing_status: 'failed', errors: ['locationFromSarifResult: expected artifact location'] };
  const failed = await upload(ourSarif(), { waitDelaysMs: [5] });
  expect(failed.report.uploads[0]).toMatchObject({
    status: 'failed',
    errors: ['locationFromSarifResult: expected artifact location'],
  });

  github.reset();
  github.processing = { processing_status: 'pending', errors: null };
  const pending = await upload(ourSarif(), { waitDelaysMs: [1, 1] });
  expect(pending.report.uploads[0]!.status).toBe('pending');
});

test('404 and 413 are explained: visibility or availability of code scanning, and the size', async () => {
  github.script('upload', { status: 404, body: { message: 'Not Found' } });
  await expect(upload(ourSarif())).rejects.toThrow(
    'code scanning upload got HTTP 404 (GitHub: "Not Found"): octo/app is not visible to this token, or code ' +
      'scanning is not available for it',
  );
  github.script('upload', { status: 413, body: { message: 'Payload Too Large' } });
  await expect(upload(ourSarif())).rejects.toThrow(/refused as too large \(HTTP 413\)/);
});
