import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Log, Result, Run } from 'sarif';
import type { Finding } from '../../src/model/findings.js';
import { toSarif } from '../../src/report/sarif.js';
import { scanDirName } from '../../src/rescan/scan-image.js';
import { combineRepositorySarif } from '../../src/rescan/sarif-combine.js';
import { storedSarifName } from '../../src/rescan/merge-sarif.js';
import type { PlannedScan, RescanPlan, ShardScanResult, SkippedScan } from '../../src/rescan/types.js';
import { scanFindings, scannedResult as scannedRun } from '../report/scan-fixtures.js';
import { cli } from '../support/cli.js';
import { haveSarifSchema, sarifSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';
import { digestOf, failedResult, planned, planOf, scannedResult, shardResultOf, writePlan } from './run-fixtures.js';
import { testWhen } from '../support/gate.js';

/**
 * `rescan merge --sarif-dir` night after night: the SARIF store next to the ledger and one SARIF file per repository
 * with one run per category. team/api has digests A and B (scanned in different shards); C belongs to team/web and
 * is selected by team/api too (alsoIn). The SARIF of each scan is toSarif's, as `rescan run` writes it.
 */

const schemaTest = testWhen(haveSarifSchema, 'the official SARIF schema is missing from the shared folder');
const dir = await tempDir('imagegate-rescan-merge-sarif-');
const REGISTRY = '127.0.0.1:5000';
const [A, B, C, D] = [digestOf(0xa), digestOf(0xb), digestOf(0xc), digestOf(0xd)];
const ledgerFile = path.join(dir, 'state', 'ledger.json');
const store = path.join(dir, 'state', 'sarif-store');

const vulnerabilities = scanFindings().filter((finding) => finding.ruleId.startsWith('vuln/'));
/** A vulnerability only one digest has: its own rule and fingerprint. */
function onlyIn(name: string): Finding {
  const base = vulnerabilities[0]!;
  return { ...base, ruleId: `vuln/CVE-2026-${name}`, fingerprint: `only-${name}`, message: `only in ${name}` };
}

/** What `rescan run` writes for one image: its SARIF in the scan's dir, beside the shard's result. */
async function scanned(shardDir: string, scan: PlannedScan, findings: Finding[], finishedAt: string) {
  const outDir = scanDirName(scan.repository, scan.digest);
  const log = toSarif(scannedRun({ findings, finishedAt }), {
    toolVersion: '0.1.0',
    category: `rescan/${scan.repository}`,
  });
  await mkdir(path.join(shardDir, outDir), { recursive: true });
  await writeFile(path.join(shardDir, outDir, 'imagegate.sarif'), JSON.stringify(log));
  return { ...scannedResult(scan, []), outDir, finishedAt } satisfies ShardScanResult;
}

async function night(
  name: string,
  plan: RescanPlan,
  shards: Array<{ shard: string; scans: (shardDir: string) => Promise<ShardScanResult[]> }>,
) {
  const work = path.join(dir, name);
  const planFile = await writePlan(path.join(work, 'plan', 'plan.json'), plan);
  for (const { shard, scans } of shards) {
    const shardDir = path.join(work, 'results', `shard-${shard.replace('/', '-')}`);
    const result = shardResultOf(plan, shard, await scans(shardDir));
    await mkdir(shardDir, { recursive: true });
    await writeFile(path.join(shardDir, 'rescan-result.json'), JSON.stringify(result));
  }
  const sarifDir = path.join(work, 'sarif');
  const run = await cli(
    [
      'rescan',
      'merge',
      '--ledger',
      ledgerFile,
      '--results',
      path.join(work, 'results'),
      '--plan',
      planFile,
      '--out',
      ledgerFile,
      '--sarif-dir',
      sarifDir,
    ],
    work,
  );
  const files = (await readdir(sarifDir).catch(() => [] as string[])).sort();
  const read = async (file: string) => JSON.parse(await readFile(path.join(sarifDir, file), 'utf8')) as Log;
  return { run, files, read };
}

const ids = (log: Log) => log.runs.map((run) => run.automationDetails?.id);
const digestsOf = (result: Result) =>
  ((result.properties?.images ?? []) as Array<{ digest: string }>).map((image) => image.digest).sort();
const allDigests = (run: Run) => [...new Set((run.results ?? []).flatMap(digestsOf))].sort();
const storedDigests = async () => (await readdir(store)).sort();

const scanA = planned(REGISTRY, 'team/api', A, ['1.0']);
const scanB = planned(REGISTRY, 'team/api', B, ['1.1']);
const scanC: PlannedScan = {
  ...planned(REGISTRY, 'team/web', C, ['2.0']),
  alsoIn: [{ repository: 'team/api', tags: ['stable'] }],
};
const skip = (scan: PlannedScan): SkippedScan => {
  const { reference: _reference, ...image } = scan;
  return { ...image, reason: 'unchanged', detail: 'scanned with the current DB' };
};
const withSkipped = (plan: RescanPlan, skipped: SkippedScan[]): RescanPlan => ({
  ...plan,
  skipped,
  counts: { ...plan.counts, skipped: skipped.length },
});

describe('rescan merge --sarif-dir', () => {
  let first: Awaited<ReturnType<typeof night>>;

  beforeAll(async () => {
    // Night 1: A and C in shard 1, B in shard 2 (scans[i] → shard i mod 2 + 1).
    const plan = planOf([scanA, scanB, scanC], {
      shards: 2,
      registry: REGISTRY,
      createdAt: '2026-11-27T02:00:00.000Z',
    });
    first = await night('night-1', plan, [
      {
        shard: '1/2',
        scans: async (shardDir) => [
          await scanned(shardDir, scanA, [...vulnerabilities, onlyIn('A')], '2026-11-27T02:10:00.000Z'),
          await scanned(shardDir, scanC, [onlyIn('C')], '2026-11-27T02:12:00.000Z'),
        ],
      },
      {
        shard: '2/2',
        scans: async (shardDir) => [
          await scanned(shardDir, scanB, [...vulnerabilities, onlyIn('B')], '2026-11-27T02:11:00.000Z'),
        ],
      },
    ]);
  });

  test('two digests of one repository in different shards: one file, one run per category, results of both', async () => {
    expect(first.run.code).toBe(0);
    expect(first.files).toEqual(['team_api.sarif', 'team_web.sarif']);
    const api = await first.read('team_api.sarif');
    expect(ids(api)).toEqual(['rescan/team/api/', 'rescan/team/api/vulnerabilities/']);
    const vulnerabilityRun = api.runs[1]!;
    expect(allDigests(vulnerabilityRun)).toEqual([A, B, C].sort());
    const ruleIds = (vulnerabilityRun.results ?? []).map((result) => result.ruleId);
    expect(ruleIds).toEqual(expect.arrayContaining(['vuln/CVE-2026-A', 'vuln/CVE-2026-B', 'vuln/CVE-2026-C']));
    // A finding both digests have at the same place is one result listing both, not two alerts.
    const shared = (vulnerabilityRun.results ?? []).filter((result) => result.ruleId === vulnerabilities[0]!.ruleId);
    const inOneDigest = vulnerabilities.filter((finding) => finding.ruleId === vulnerabilities[0]!.ruleId).length;
    expect(shared.map(digestsOf)).toEqual(Array.from({ length: inOneDigest }, () => [A, B].sort()));
    // Every result points at its rule in the combined table.
    const rules = vulnerabilityRun.tool.driver.rules ?? [];
    for (const result of vulnerabilityRun.results ?? []) expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    expect(vulnerabilityRun.invocations?.map((invocation) => invocation.properties?.imageDigest).sort()).toEqual(
      [A, B, C].sort(),
    );
    expect(first.run.stdout).toContain('SARIF store: 3 stored, 0 pruned; 2 repository files written');
    expect(await storedDigests()).toEqual([A, B, C].map(storedSarifName).sort());
  });

  test('a digest shared by two repositories is in both repositories’ files, under each one’s category', async () => {
    const web = await first.read('team_web.sarif');
    expect(ids(web)).toEqual(['rescan/team/web/', 'rescan/team/web/vulnerabilities/']);
    expect(allDigests(web.runs[1]!)).toEqual([C]);
    const api = await first.read('team_api.sarif');
    const fromC = (api.runs[1]!.results ?? []).filter((result) => digestsOf(result).includes(C));
    expect(fromC.map((result) => result.ruleId)).toEqual(['vuln/CVE-2026-C']);
    expect((fromC[0]!.properties?.images as unknown[])[0]).toEqual({ digest: C, tags: ['stable'] });
  });

  schemaTest('the files are valid SARIF 2.1.0', async () => {
    for (const file of first.files) expect(sarifSchemaErrors(await first.read(file))).toEqual([]);
  });

  test('night 2: a digest skipped as unchanged keeps its results; a failed scan keeps its previous SARIF', async () => {
    // A unchanged (skipped), B scanned again with its own CVE fixed, C fails.
    const plan = withSkipped(
      planOf([scanB, scanC], { shards: 1, registry: REGISTRY, createdAt: '2026-11-28T02:00:00.000Z' }),
      [skip(scanA)],
    );
    const second = await night('night-2', plan, [
      {
        shard: '1/1',
        scans: async (shardDir) => [
          await scanned(shardDir, scanB, [...vulnerabilities], '2026-11-28T02:10:00.000Z'),
          failedResult(scanC, 'registry answered 503'),
        ],
      },
    ]);
    expect(second.run.code).toBe(3);
    expect(second.files).toEqual(['team_api.sarif', 'team_web.sarif']);
    const vulnerabilityRun = (await second.read('team_api.sarif')).runs[1]!;
    expect(allDigests(vulnerabilityRun)).toEqual([A, B, C].sort());
    const ruleIds = (vulnerabilityRun.results ?? []).map((result) => result.ruleId);
    expect(ruleIds).toContain('vuln/CVE-2026-A');
    expect(ruleIds).toContain('vuln/CVE-2026-C');
    expect(ruleIds).not.toContain('vuln/CVE-2026-B');
    expect(allDigests((await second.read('team_web.sarif')).runs[1]!)).toEqual([C]);
    expect(second.run.stdout).toContain('SARIF store: 1 stored, 0 pruned');
  });

  test('night 3: a digest retagged away is pruned from the store and from the files', async () => {
    const scanD = planned(REGISTRY, 'team/api', D, ['1.1']);
    const plan = withSkipped(planOf([scanD], { registry: REGISTRY, createdAt: '2026-11-29T02:00:00.000Z' }), [
      skip(scanA),
      skip(scanC),
    ]);
    const third = await night('night-3', plan, [
      {
        shard: '1/1',
        scans: async (shardDir) => [await scanned(shardDir, scanD, [onlyIn('D')], '2026-11-29T02:10:00.000Z')],
      },
    ]);
    expect(third.run.code).toBe(0);
    expect(await storedDigests()).toEqual([A, C, D].map(storedSarifName).sort());
    expect(third.run.stdout).toContain('1 pruned');
    const vulnerabilityRun = (await third.read('team_api.sarif')).runs[1]!;
    expect(allDigests(vulnerabilityRun)).toEqual([A, C, D].sort());
    expect((vulnerabilityRun.results ?? []).map((result) => result.ruleId)).toContain('vuln/CVE-2026-D');
  });
});

describe('combineRepositorySarif', () => {
  const log = (findings: Finding[], finishedAt: string) =>
    toSarif(scannedRun({ findings, finishedAt }), { toolVersion: '0.1.0', category: 'rescan/team/api' });

  test('keeps at most maxResultsPerRun results per run, the most severe, and says so', () => {
    const many = Array.from({ length: 6 }, (_, i) => onlyIn(`X${i}`));
    const combined = combineRepositorySarif(
      'team/api',
      [
        { digest: A, tags: ['1.0'], log: log([...vulnerabilities, ...many], '2026-11-27T02:10:00.000Z') },
        { digest: B, tags: ['1.1'], log: log(vulnerabilities, '2026-11-27T02:11:00.000Z') },
      ],
      { maxResultsPerRun: 3, maxGzipBytes: 10_000_000 },
    );
    const run = combined?.log.runs[1];
    expect(run?.results).toHaveLength(3);
    expect(combined?.resultsDropped).toBeGreaterThan(0);
    expect(run?.properties?.uploadTrimmed).toBeDefined();
    const levels = (run?.results ?? []).map((result) => result.level);
    expect(levels.every((level) => level === 'error')).toBe(true);
  });

  test('nothing to combine: no log', () => {
    expect(combineRepositorySarif('team/api', [])).toBeUndefined();
  });
});
