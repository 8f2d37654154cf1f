import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { readLedger, writeLedger } from '../../src/rescan/ledger.js';
import type { PlannedScan, RescanLedger, ShardResult } from '../../src/rescan/types.js';
import { sampleSpec } from '../image/support/archives.js';
import { cli } from '../support/cli.js';
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout, type Pushed } from '../support/registry-push.js';
import { sharedFile } from '../support/shared.js';
import { installTrivyStandin, type StandinEvent } from '../support/trivy-standin/standin.js';
import { tempDir } from '../support/temp.js';
import { planned, planOf, writePlan } from './run-fixtures.js';

/**
 * `imagegate rescan run` end to end: images pushed to a real docker-registry with htpasswd auth, read from there and
 * scanned there by the Trivy stand-in (replaying a real Trivy report of alpine 3.9: two critical, four medium
 * vulnerabilities), with DOCKER_HOST pointing at a socket nobody listens on, so any use of a daemon would fail.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const dir = await tempDir('imagegate-rescan-run-');
const standin = await installTrivyStandin();
const REPOSITORIES = ['team/api', 'team/web', 'tools/cli', 'team/gone'] as const;
type Repository = (typeof REPOSITORIES)[number];

let registry: TestRegistry;
const pushed = {} as Record<Repository, Pushed>;
const policy = path.join(dir, 'policy.yml');
const cacheDir = path.join(dir, 'trivy-cache');

interface ResultDoc {
  image: { source: string; digest: string };
  findings: Array<{
    ruleId: string;
    fingerprint: string;
    suppressed: boolean;
    properties: Record<string, unknown> | null;
  }>;
}
interface Sarif {
  runs: Array<{
    automationDetails: { id: string };
    results?: Array<{ locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }> }>;
  }>;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

function scanOf(repository: Repository, tag: string): PlannedScan {
  return planned(registry.host, repository, pushed[repository].digest, [tag]);
}

async function rescan(name: string, args: string[]) {
  const outDir = path.join(dir, name);
  const run = await cli(
    ['rescan', 'run', ...args, '--policy', policy, '--out-dir', outDir, '--trivy-cache-dir', cacheDir],
    dir,
  );
  const result = await readJson<ShardResult>(path.join(outDir, 'rescan-result.json')).catch(() => undefined);
  return { run, outDir, result };
}

describeWithRegistry('imagegate rescan run', () => {
  let savedEnv: NodeJS.ProcessEnv;
  let planFile: string;

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
    for (const [index, repository] of REPOSITORIES.entries()) {
      const layout = path.join(dir, `layout-${index}`);
      // One label apart: a config, and so a manifest digest, of its own per image (the layers are shared).
      const spec = sampleSpec();
      await writeImageArchive(
        layout,
        { ...spec, config: { ...spec.config, Labels: { 'org.example.image': repository } } },
        { format: 'oci-dir', compression: 'gzip' },
      );
      pushed[repository] = await pushLayout(layout, registry, repository, [`1.${index}.0`]);
    }
    await writeFile(policy, 'version: 1\ndefaults:\n  vulnerabilities: {failOn: high}\n');
    planFile = await writePlan(
      path.join(dir, 'plan.json'),
      planOf([scanOf('team/api', '1.0.0'), scanOf('team/web', '1.1.0'), scanOf('tools/cli', '1.2.0')], {
        registry: registry.host,
      }),
    );
    savedEnv = { ...process.env };
    Object.assign(process.env, standin.env({ report: corpusReport }), {
      PATH: standin.path(),
      IMAGEGATE_REGISTRY_USERNAME: registry.username,
      IMAGEGATE_REGISTRY_PASSWORD: registry.password,
      // Nothing listens here: a scan that asked a daemon would fail.
      DOCKER_HOST: 'unix:///tmp/imagegate-rescan-no-daemon.sock',
    });
  }, 60_000);

  afterAll(async () => {
    process.env = savedEnv;
    await registry?.stop();
  });

  test('a shard scanned straight from the registry: reports per image, all findings new without a ledger', async () => {
    await standin.clearLog();
    const { run, outDir, result } = await rescan('first', [
      '--plan',
      planFile,
      '--shard',
      '1/1',
      '--ledger',
      path.join(dir, 'no-ledger-yet.json'),
    ]);
    expect(run.stderr).not.toMatch(/scan failed/);
    // Critical vulnerabilities, all of them new: the gate's failures are new → exit 1.
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('rescan shard 1/1: 3 scanned, 0 failed');
    expect(result).toMatchObject({
      schemaVersion: 1,
      shard: '1/1',
      planned: 3,
      planCreatedAt: '2026-11-27T02:00:00.000Z',
    });
    expect(result?.finishedAt).toBeDefined();
    expect(result?.scans.map((scan) => [scan.repository, scan.status, scan.verdict])).toEqual([
      ['team/api', 'scanned', 'fail'],
      ['team/web', 'scanned', 'fail'],
      ['tools/cli', 'scanned', 'fail'],
    ]);
    for (const scan of result?.scans ?? []) {
      expect(scan.newFindings).toBe(scan.fingerprints?.length);
      expect(scan.fingerprints?.length).toBeGreaterThanOrEqual(6);
      // The DB the stand-in "downloaded" into the cache dir (Trivy's metadata.json), in ISO 8601.
      expect(scan.trivyDbUpdatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const repository = scan.repository as Repository;
      expect(scan.outDir).toBe(`${repository.replace('/', '_')}-${pushed[repository].digest.slice(7, 19)}`);
      const scanDir = path.join(outDir, scan.outDir ?? '');
      const doc = await readJson<ResultDoc>(path.join(scanDir, 'imagegate.json'));
      expect(doc.image).toMatchObject({ source: 'registry', digest: pushed[repository].digest });
      const active = doc.findings.filter((finding) => !finding.suppressed).map((finding) => finding.fingerprint);
      expect(scan.fingerprints).toEqual([...new Set(active)].sort());
      const sarif = await readJson<Sarif>(path.join(scanDir, 'imagegate.sarif'));
      expect(sarif.runs.map((r) => r.automationDetails.id)).toEqual([
        `rescan/${repository}/`,
        `rescan/${repository}/vulnerabilities/`,
      ]);
      // Alerts, not notifications: with no Dockerfile each result is anchored at the repository, as Trivy's SARIF does.
      const results = sarif.runs.flatMap((r) => r.results ?? []);
      expect(results.length).toBeGreaterThanOrEqual(active.length);
      for (const located of results) {
        expect(located.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(repository);
      }
      await access(path.join(scanDir, 'summary.md'));
    }
    // Trivy was told to read each image from the registry, pinned to its digest, with imagegate's credentials.
    const all = (await standin.readLog()).filter(
      (event): event is Extract<StandinEvent, { event: 'invocation' }> => event.event === 'invocation',
    );
    // A scan with credentials gets its DB from a Trivy run of its own, without them (trivy-db-prefetch.ts).
    const invocations = all.filter((event) => !event.argv.includes('--download-db-only'));
    for (const download of all.filter((event) => event.argv.includes('--download-db-only'))) {
      expect(download.env).toEqual({ TRIVY_USERNAME: false, TRIVY_PASSWORD: false });
    }
    expect(invocations).toHaveLength(3);
    for (const [index, repository] of (['team/api', 'team/web', 'tools/cli'] as const).entries()) {
      const argv = invocations[index]?.argv ?? [];
      expect(argv.slice(-3)).toEqual([
        '--image-src',
        'remote',
        `${registry.host}/${repository}@${pushed[repository].digest}`,
      ]);
      expect(invocations[index]?.env).toEqual({ TRIVY_USERNAME: true, TRIVY_PASSWORD: true });
    }
    const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
    expect(summary).toContain('# imagegate rescan — shard 1/1');
    expect(summary).toMatch(/\| `team\/api@sha256:[0-9a-f]{12}` \| `1\.0\.0` \| ❌ fail \| \d+ \| \d+ \|/);
    expect(summary).toContain('CVE-2019-14697');
    expect(summary).toContain('musl 1.1.20-r4 → 1.1.20-r5');
  }, 120_000);

  test('with the merged ledger nothing is new; --fail-on any still fails on the verdict', async () => {
    const ledgerFile = path.join(dir, 'ledger-merged.json');
    const merge = await cli(
      [
        'rescan',
        'merge',
        '--ledger',
        ledgerFile,
        '--results',
        path.join(dir, 'first'),
        '--out',
        ledgerFile,
        '--plan',
        planFile,
      ],
      dir,
    );
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(0);
    const ledger = await readLedger(ledgerFile);
    expect(Object.keys(ledger.entries).sort()).toEqual(
      [pushed['team/api'].digest, pushed['team/web'].digest, pushed['tools/cli'].digest].sort(),
    );

    const again = await rescan('second', ['--plan', planFile, '--ledger', ledgerFile]);
    expect(again.run.code).toBe(0);
    expect(again.result?.scans.map((scan) => scan.newFindings)).toEqual([0, 0, 0]);
    expect(again.result?.scans.map((scan) => scan.fingerprints)).toEqual(
      again.result?.scans.map((scan) => ledger.entries[scan.digest]?.fingerprints),
    );
    const summary = await readFile(path.join(again.outDir, 'summary.md'), 'utf8');
    expect(summary).toContain('**0 findings new since the ledger');
    expect(summary).not.toContain('## New findings');

    const any = await rescan('any', ['--plan', planFile, '--ledger', ledgerFile, '--fail-on', 'any']);
    expect(any.run.code).toBe(1);
    const never = await rescan('never', ['--plan', planFile, '--fail-on', 'never']);
    expect(never.run.code).toBe(0);
  }, 120_000);

  test('a ledger missing one fingerprint: exactly that finding is new (a tag reference, resolved by HEAD)', async () => {
    const first = await readJson<ShardResult>(path.join(dir, 'first', 'rescan-result.json'));
    const api = first.scans[0]!;
    const doc = await readJson<ResultDoc>(path.join(dir, 'first', api.outDir ?? '', 'imagegate.json'));
    const musl = doc.findings.find(
      (finding) => finding.ruleId === 'vuln/CVE-2019-14697' && finding.properties?.pkgName === 'musl',
    );
    expect(musl).toBeDefined();
    const ledger: RescanLedger = {
      schemaVersion: 1,
      updatedAt: '2026-11-27T03:00:00.000Z',
      entries: {
        [api.digest]: {
          repository: 'team/api',
          tags: ['1.0.0'],
          lastScan: '2026-11-27T02:10:00.000Z',
          fingerprints: (api.fingerprints ?? []).filter((fingerprint) => fingerprint !== musl?.fingerprint),
          verdict: 'fail',
        },
      },
    };
    const ledgerFile = path.join(dir, 'ledger-one-missing.json');
    await writeLedger(ledgerFile, ledger);
    const { run, outDir, result } = await rescan('one-new', [
      '--reference',
      `${registry.host}/team/api:1.0.0`,
      '--ledger',
      ledgerFile,
    ]);
    // The one new finding is critical: it fails the gate, so --fail-on new fails.
    expect(run.code).toBe(1);
    expect(result?.scans).toHaveLength(1);
    expect(result?.scans[0]).toMatchObject({
      digest: pushed['team/api'].digest,
      reference: `${registry.host}/team/api@${pushed['team/api'].digest}`,
      tags: ['1.0.0'],
      newFindings: 1,
    });
    const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
    const newSection = summary.slice(summary.indexOf('## New findings'));
    expect(newSection.match(/^\| 🔴|^\| 🟠|^\| 🟡|^\| 🔵|^\| ⚪/gm)).toHaveLength(1);
    expect(newSection).toContain('`vuln/CVE-2019-14697`');
    expect(newSection).toContain('musl 1.1.20-r4');
  }, 60_000);

  test('--offline: Trivy scans with the cached DB (--offline-scan), downloads nothing (issue 18 item 3)', async () => {
    await standin.clearLog();
    const { run, result } = await rescan('offline', [
      '--reference',
      `${registry.host}/team/api:1.0.0`,
      '--fail-on',
      'never',
      '--offline',
    ]);
    expect(run.code).toBe(0);
    expect(result?.scans[0]).toMatchObject({ status: 'scanned' });
    const log = await standin.readLog();
    const image = log.filter((e) => e.event === 'invocation' && e.argv[0] === 'image');
    expect(image).toHaveLength(1);
    expect((image[0] as { argv: string[] }).argv).toEqual(
      expect.arrayContaining(['--skip-db-update', '--skip-java-db-update', '--offline-scan']),
    );
    expect(log.some((e) => e.event === 'db-download')).toBe(false);
  }, 60_000);

  test('IMAGEGATE_OFFLINE=true is --offline for rescan run too: with no cached DB, exit 3, nothing downloaded', async () => {
    // Review of int18, finding 10. An empty cache dir: online, Trivy would download a DB; offline it must not.
    await standin.clearLog();
    const run = async (value: string) => {
      process.env.IMAGEGATE_OFFLINE = value;
      try {
        return await cli(
          [
            'rescan',
            'run',
            '--reference',
            `${registry.host}/team/api:1.0.0`,
            '--fail-on',
            'never',
            '--policy',
            policy,
            '--out-dir',
            path.join(dir, `env-offline-${value}`),
            '--trivy-cache-dir',
            path.join(dir, `empty-cache-${value}`),
          ],
          dir,
        );
      } finally {
        delete process.env.IMAGEGATE_OFFLINE;
      }
    };
    const offline = await run('true');
    expect(offline.code).toBe(3);
    expect(offline.stderr).toContain('offline: no Trivy vulnerability DB to scan with');
    const log = await standin.readLog();
    expect(log.some((e) => e.event === 'db-download')).toBe(false);
    expect(log.filter((e) => e.event === 'invocation' && e.argv[0] === 'image')).toEqual([]);
    const wrong = await run('maybe');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("IMAGEGATE_OFFLINE: expected true or false, got 'maybe'");
  }, 60_000);

  test('a scan failing midway is recorded; the scans around it keep their files and the run exits 3', async () => {
    // The manifest of team/gone is deleted after planning: the registry answers MANIFEST_UNKNOWN.
    const gone = pushed['team/gone'];
    const response = await fetch(`${registry.url}/v2/team/gone/manifests/${gone.digest}`, {
      method: 'DELETE',
      headers: { authorization: await registry.pushAuthorization('team/gone') },
    });
    expect(response.status).toBe(202);
    const plan = await writePlan(
      path.join(dir, 'plan-gone.json'),
      planOf([scanOf('team/api', '1.0.0'), scanOf('team/gone', '1.3.0'), scanOf('tools/cli', '1.2.0')], {
        registry: registry.host,
        createdAt: '2026-11-27T04:00:00.000Z',
      }),
    );
    const { run, outDir, result } = await rescan('gone', ['--plan', plan]);
    expect(run.code).toBe(3);
    expect(result?.finishedAt).toBeDefined();
    expect(result?.scans.map((scan) => [scan.repository, scan.status])).toEqual([
      ['team/api', 'scanned'],
      ['team/gone', 'failed'],
      ['tools/cli', 'scanned'],
    ]);
    expect(result?.scans[1]).toMatchObject({ exitCode: 2 });
    expect(result?.scans[1]?.error).toMatch(/manifest/i);
    expect(run.stdout).toMatch(/FAILED team\/gone@sha256:[0-9a-f]{12}: /);
    for (const scan of [result?.scans[0], result?.scans[2]]) {
      await access(path.join(outDir, scan?.outDir ?? '', 'imagegate.json'));
      await access(path.join(outDir, scan?.outDir ?? '', 'imagegate.sarif'));
    }
    const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
    expect(summary).toContain('⚠️ scan failed');
    expect(summary).toContain('## Failed scans');
  }, 120_000);

  test('Trivy crashing is a failed scan of exit class 3 for each image; nothing half-written is left', async () => {
    const saved = process.env.IMAGEGATE_TRIVY_STANDIN_MODE;
    process.env.IMAGEGATE_TRIVY_STANDIN_MODE = 'crash';
    try {
      const { run, outDir, result } = await rescan('crash', [
        '--plan',
        planFile,
        '--ledger',
        path.join(dir, 'none.json'),
      ]);
      expect(run.code).toBe(3);
      expect(result?.scans.map((scan) => [scan.status, scan.exitCode])).toEqual([
        ['failed', 3],
        ['failed', 3],
        ['failed', 3],
      ]);
      expect(result?.scans[0]?.error).toMatch(/trivy/i);
      expect(result?.finishedAt).toBeDefined();
      expect((await readdir(outDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.IMAGEGATE_TRIVY_STANDIN_MODE;
      else process.env.IMAGEGATE_TRIVY_STANDIN_MODE = saved;
    }
  }, 120_000);

  test('a policy error stops the run before any scan, a pinned reference of another shard count is refused', async () => {
    const badPolicy = path.join(dir, 'bad-policy.yml');
    await writeFile(badPolicy, 'version: 1\ndefaults:\n  size: {max: lots}\n');
    await standin.clearLog();
    const bad = await cli(
      ['rescan', 'run', '--plan', planFile, '--policy', badPolicy, '--out-dir', path.join(dir, 'bad')],
      dir,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad-policy.yml:3');
    expect(await standin.readLog()).toEqual([]);
    const shards = await cli(
      ['rescan', 'run', '--plan', planFile, '--shard', '2/4', '--out-dir', path.join(dir, 'x')],
      dir,
    );
    expect(shards.code).toBe(2);
    expect(shards.stderr).toContain('the plan splits its scans into 1 shards');
  });
});
