import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { parseShard } from '../../src/rescan/rescan-args.js';
import { githubMatrix } from '../../src/rescan/github-matrix.js';
import { DEFAULT_GITLAB_IMAGE, gitlabChildPipeline } from '../../src/rescan/gitlab-child-pipeline.js';
import { buildPlan, scansOfShard, shardCount, skipReason, type TagDigest } from '../../src/rescan/plan.js';
import { planSummary } from '../../src/rescan/plan-summary.js';
import type { LedgerEntry, RescanLedger, RescanPlan } from '../../src/rescan/types.js';
import { ConfigurationError } from '../../src/util/errors.js';

/** The pure part of the planner: dedupe, ledger skips, shards, and the two CI files, on hand-made inventories. */

const NOW = new Date('2026-11-27T03:00:00Z');
const DB = '2026-11-26T00:51:12Z';
const d = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

const IMAGES: TagDigest[] = [
  { repository: 'team/web', tag: '1.0', digest: d(1) },
  { repository: 'team/api', tag: '1.0.0', digest: d(1) },
  { repository: 'team/api', tag: '1.0', digest: d(1) },
  { repository: 'team/api', tag: '2.0.0', digest: d(2) },
  { repository: 'team/api', tag: 'latest', digest: d(2) },
  { repository: 'team/web', tag: '2.0.0', digest: d(3) },
  { repository: 'base/alpine', tag: '3.20', digest: d(4) },
];

function entry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    repository: 'team/api',
    tags: ['1.0'],
    lastScan: '2026-11-26T02:00:00Z',
    trivyDbUpdatedAt: DB,
    fingerprints: [],
    verdict: 'pass',
    ...overrides,
  };
}

function ledger(entries: Record<string, LedgerEntry>): RescanLedger {
  return { schemaVersion: 1, updatedAt: '2026-11-26T02:10:00Z', entries };
}

function planOf(count: number, shards?: number): RescanPlan {
  const images = Array.from({ length: count }, (_, i) => ({ repository: 'r/many', tag: `t${i}`, digest: d(i + 1) }));
  return buildPlan({ registry: 'registry.example.com', repositories: ['r/many'], images, now: NOW, shards });
}

describe('buildPlan', () => {
  test('one scan per digest, in the first repository by name; the others in alsoIn; sorted', () => {
    const plan = buildPlan({
      registry: 'registry.example.com',
      repositories: ['team/api', 'team/web', 'base/alpine', 'team/empty'],
      images: IMAGES,
      now: NOW,
    });
    expect(plan.scans).toEqual([
      {
        repository: 'base/alpine',
        digest: d(4),
        tags: ['3.20'],
        reference: `registry.example.com/base/alpine@${d(4)}`,
      },
      {
        repository: 'team/api',
        digest: d(1),
        tags: ['1.0', '1.0.0'],
        reference: `registry.example.com/team/api@${d(1)}`,
        alsoIn: [{ repository: 'team/web', tags: ['1.0'] }],
      },
      {
        repository: 'team/api',
        digest: d(2),
        tags: ['2.0.0', 'latest'],
        reference: `registry.example.com/team/api@${d(2)}`,
      },
      { repository: 'team/web', digest: d(3), tags: ['2.0.0'], reference: `registry.example.com/team/web@${d(3)}` },
    ]);
    expect(plan.counts).toEqual({ repositories: 4, tags: 7, digests: 4, toScan: 4, skipped: 0 });
    expect(plan).toMatchObject({ schemaVersion: 1, createdAt: NOW.toISOString(), shards: 4, skipped: [] });
    expect(plan.trivyDbUpdatedAt).toBeUndefined();
    const shuffled = buildPlan({
      registry: 'registry.example.com',
      repositories: ['team/empty', 'base/alpine', 'team/web', 'team/api'],
      images: [...IMAGES].reverse(),
      now: NOW,
    });
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(plan));
  });

  test('a digest the ledger scanned with the current DB is skipped, with why', () => {
    const plan = buildPlan({
      registry: 'registry.example.com',
      repositories: ['team/api', 'team/web', 'base/alpine'],
      images: IMAGES,
      ledger: ledger({
        [d(1)]: entry({ trivyDbUpdatedAt: '2026-11-26T00:51:12.000+00:00' }),
        [d(2)]: entry({ trivyDbUpdatedAt: '2026-11-25T00:51:12Z' }),
        [d(3)]: entry({ trivyDbUpdatedAt: undefined }),
      }),
      trivyDbUpdatedAt: DB,
      now: NOW,
    });
    expect(plan.scans.map((scan) => scan.digest)).toEqual([d(4), d(2), d(3)]);
    expect(plan.skipped).toEqual([
      {
        repository: 'team/api',
        digest: d(1),
        tags: ['1.0', '1.0.0'],
        reason: 'unchanged',
        detail: `scanned 2026-11-26T02:00:00Z with the current Trivy DB (UpdatedAt ${DB})`,
        // Its SARIF belongs to every repository that selects it (rescan merge --sarif-dir).
        alsoIn: [{ repository: 'team/web', tags: ['1.0'] }],
      },
    ]);
    expect(plan.counts).toMatchObject({ digests: 4, toScan: 3, skipped: 1 });
    expect(plan.trivyDbUpdatedAt).toBe(DB);
  });

  test('with the current DB unknown, a scan of less than 24 h ago is recent enough', () => {
    expect(skipReason(entry({ lastScan: '2026-11-26T03:00:01Z' }), undefined, NOW)).toMatch(/less than 24 h ago/);
    expect(skipReason(entry({ lastScan: '2026-11-26T03:00:00Z' }), undefined, NOW)).toBeUndefined();
    expect(skipReason(entry({ lastScan: '2026-11-28T03:00:00Z' }), undefined, NOW)).toBeUndefined();
    expect(skipReason(entry(), DB, NOW)).toMatch(/with the current Trivy DB/);
    expect(skipReason(entry(), '2026-11-27T00:51:12Z', NOW)).toBeUndefined();
  });

  test('shards: one per scan up to 200 by default, --shards capped to the scans, at least 1', () => {
    expect(shardCount(0, undefined)).toBe(1);
    expect(shardCount(5, undefined)).toBe(5);
    expect(shardCount(500, undefined)).toBe(200);
    expect(shardCount(10, 3)).toBe(3);
    expect(shardCount(2, 8)).toBe(2);
    expect(shardCount(0, 8)).toBe(1);
    const plan = planOf(10, 3);
    expect(scansOfShard(plan, 1).map((scan) => scan.tags[0])).toEqual(['t0', 't3', 't6', 't9']);
    expect(scansOfShard(plan, 3).map((scan) => scan.tags[0])).toEqual(['t2', 't5', 't8']);
  });
});

describe('github-matrix.json', () => {
  test('one entry per shard, each scan in exactly one', () => {
    const plan = planOf(10, 4);
    const { include } = githubMatrix(plan);
    expect(include.map((entry) => entry.shard)).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(include[0]).toEqual({
      shard: '1/4',
      references: [0, 4, 8].map((i) => `registry.example.com/r/many@${d(i + 1)}`).join(' '),
      repositories: 'r/many',
    });
    expect(include.flatMap((entry) => entry.references.split(' ')).sort()).toEqual(
      plan.scans.map((scan) => scan.reference).sort(),
    );
  });

  test('nothing to scan: an empty include (the workflow must skip the matrix job)', () => {
    expect(githubMatrix(planOf(0))).toEqual({ include: [] });
  });

  test('more than 256 shards: a configuration error suggesting --shards', () => {
    expect(githubMatrix(planOf(400, 256)).include).toHaveLength(256);
    expect(() => githubMatrix(planOf(400, 257))).toThrow(ConfigurationError);
    expect(() => githubMatrix(planOf(400, 300))).toThrow(
      /--shards 300: .* at most 256 jobs; give --shards 256 or fewer/,
    );
  });
});

type Job = {
  stage?: string;
  image?: { name: string; entrypoint: string[] };
  needs?: unknown[];
  parallel?: { matrix: Array<{ SHARD: string[] }> };
  script?: string[];
  artifacts?: { when: string; paths: string[] };
  cache?: { key: string; paths: string[]; policy: string } | Array<{ key: string; paths: string[]; policy: string }>;
  when?: string;
};

function childPipeline(plan: RescanPlan, ledgerPath?: string, trivyCacheDir?: string): Record<string, unknown> {
  const text = gitlabChildPipeline(plan, {
    planPath: 'rescan-plan/plan.json',
    planJob: 'plan-rescans',
    image: DEFAULT_GITLAB_IMAGE,
    policy: '.imagegate.yml',
    ...(ledgerPath ? { ledger: ledgerPath } : {}),
    ...(trivyCacheDir ? { trivyCacheDir } : {}),
  });
  const document = parseDocument(text);
  expect(document.errors).toEqual([]);
  expect(text.startsWith('# Generated by imagegate rescan plan')).toBe(true);
  return parse(text) as Record<string, unknown>;
}

function jobsOf(pipeline: Record<string, unknown>): Record<string, Job> {
  return Object.fromEntries(
    Object.entries(pipeline).filter(([key]) => !['stages', 'variables', 'default', 'workflow'].includes(key)),
  ) as Record<string, Job>;
}

describe('gitlab-child-pipeline.yml', () => {
  test('one parallel:matrix job; each shard once; plan.json from the parent plan job; artifacts kept on failure', () => {
    const plan = planOf(12, 5);
    const pipeline = childPipeline(plan);
    expect(pipeline.stages).toEqual(['rescan']);
    expect(pipeline.variables).toEqual({
      IMAGEGATE_RESCAN_PLAN: 'rescan-plan/plan.json',
      IMAGEGATE_RESCAN_RUN_ARGS: '',
      IMAGEGATE_REGISTRY_USERNAME: '$CI_REGISTRY_USER',
      IMAGEGATE_REGISTRY_PASSWORD: '$CI_REGISTRY_PASSWORD',
    });
    const jobs = jobsOf(pipeline);
    expect(Object.keys(jobs)).toEqual(['rescan']);
    const job = jobs.rescan as Job;
    expect(job.parallel?.matrix).toEqual([{ SHARD: ['1/5', '2/5', '3/5', '4/5', '5/5'] }]);
    for (const shard of job.parallel?.matrix[0]?.SHARD ?? []) expect(parseShard(shard).count).toBe(5);
    expect(job.needs).toEqual([{ pipeline: '$PARENT_PIPELINE_ID', job: 'plan-rescans' }]);
    expect(job.image).toEqual({ name: DEFAULT_GITLAB_IMAGE, entrypoint: [''] });
    expect(job.artifacts).toMatchObject({ when: 'always', paths: ['imagegate-rescan/'] });
    expect(job.script).toEqual([
      'imagegate rescan run --plan "$IMAGEGATE_RESCAN_PLAN" --shard "$SHARD" --out-dir "imagegate-rescan/shard-${SHARD%%/*}" --policy .imagegate.yml $IMAGEGATE_RESCAN_RUN_ARGS',
    ]);
  });

  test('more than 200 shards: several jobs of at most 200; with a ledger, a merge job that needs them all', () => {
    const plan = planOf(450, 256);
    const pipeline = childPipeline(plan, 'ledger/rescan-ledger.json', '.imagegate-cache/trivy');
    const jobs = jobsOf(pipeline);
    expect(Object.keys(jobs)).toEqual(['rescan-1-200', 'rescan-201-256', 'rescan-merge']);
    const shards = Object.values(jobs).flatMap((job) => job.parallel?.matrix[0]?.SHARD ?? []);
    expect(shards).toEqual(Array.from({ length: 256 }, (_, i) => `${i + 1}/256`));
    for (const job of Object.values(jobs)) expect(job.parallel?.matrix[0]?.SHARD.length ?? 0).toBeLessThanOrEqual(200);
    const merge = jobs['rescan-merge'] as Job;
    expect(merge).toMatchObject({ stage: 'merge', when: 'always' });
    expect(merge.needs).toEqual([
      { pipeline: '$PARENT_PIPELINE_ID', job: 'plan-rescans' },
      { job: 'rescan-1-200', artifacts: true },
      { job: 'rescan-201-256', artifacts: true },
    ]);
    expect(merge.script).toEqual([
      'imagegate rescan merge --ledger ledger/rescan-ledger.json --results imagegate-rescan --out ledger/rescan-ledger.json --plan "$IMAGEGATE_RESCAN_PLAN"',
    ]);
    expect(merge.cache).toMatchObject({
      key: 'imagegate-rescan-ledger-protected-$CI_COMMIT_REF_PROTECTED',
      policy: 'pull-push',
    });
    expect((jobs['rescan-1-200'] as Job).cache).toEqual([
      {
        key: 'imagegate-rescan-ledger-protected-$CI_COMMIT_REF_PROTECTED',
        paths: ['ledger/rescan-ledger.json'],
        policy: 'pull',
      },
      // The key and path under which the templates keep Trivy's DB (so shards scan with the DB the plan compared).
      { key: 'imagegate-trivy-db-protected-$CI_COMMIT_REF_PROTECTED', paths: ['.imagegate-cache/'], policy: 'pull' },
    ]);
    expect((jobs['rescan-1-200'] as Job).script?.[0]).toContain(
      '--ledger ledger/rescan-ledger.json --trivy-cache-dir .imagegate-cache/trivy $IMAGEGATE_RESCAN_RUN_ARGS',
    );
    expect(pipeline.stages).toEqual(['rescan', 'merge']);
  });

  test('nothing to scan: a single job that says so (GitLab refuses an empty child pipeline)', () => {
    const pipeline = childPipeline(planOf(0), 'ledger.json');
    const jobs = jobsOf(pipeline);
    expect(Object.keys(jobs)).toEqual(['rescan-nothing-to-scan']);
    expect(jobs['rescan-nothing-to-scan']?.script?.[0]).toContain('nothing to scan');
    expect(jobs['rescan-nothing-to-scan']?.needs).toEqual([]);
  });

  test('the default job image and the Trivy DB cache are the ones the GitLab templates use', async () => {
    const templates = [
      'templates/Imagegate.gitlab-ci.yml',
      'templates/imagegate/template.yml',
      'templates/Imagegate-Rescan.gitlab-ci.yml',
      'templates/imagegate-rescan/template.yml',
    ];
    for (const template of templates) {
      const text = await readFile(path.resolve(template), 'utf8');
      // The components' image input is required (no placeholder default); the classic templates keep one.
      if (template.startsWith('templates/Imagegate')) expect(text).toContain(DEFAULT_GITLAB_IMAGE);
      else expect(text).not.toContain(DEFAULT_GITLAB_IMAGE);
      expect(text).toContain('key: imagegate-trivy-db-protected-$CI_COMMIT_REF_PROTECTED');
      expect(text).toContain('- .imagegate-cache/');
    }
  });
});

describe('plan-summary.md', () => {
  test('counts, the workflow line, scans by shard and skips with why', () => {
    const plan = buildPlan({
      registry: 'registry.example.com',
      repositories: ['team/api', 'team/web', 'base/alpine'],
      images: IMAGES,
      ledger: ledger({ [d(4)]: entry() }),
      trivyDbUpdatedAt: DB,
      shards: 2,
      now: NOW,
    });
    const summary = planSummary(plan, ['registry.example.com/team/web: tag rule `x` selects none']);
    expect(summary).toContain('toScan=3 shards=2');
    expect(summary).toContain('| 3 | 7 | 4 | 3 | 1 | 2 |');
    expect(summary).toContain(`| 1/2 | \`registry.example.com/team/api@${d(1)}\` | 1.0, 1.0.0 | team/web (1.0) |`);
    expect(summary).toContain('with the current Trivy DB');
    expect(summary).toContain('Rules that selected nothing');
    expect(planSummary(planOf(0), [])).toContain('Nothing to scan');
  });
});
