import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readLedger, writeLedger } from '../../src/rescan/ledger.js';
import type { RescanLedger, ShardResult } from '../../src/rescan/types.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';
import { digestOf, failedResult, planned, planOf, scannedResult, shardResultOf, writePlan } from './run-fixtures.js';

/**
 * `imagegate rescan merge` over hand-made shard results: a plan of 7 scans in 3 shards (shard 1: scans 0, 3, 6;
 * shard 2: 1, 4; shard 3: 2, 5), results nested the way artifact downloads nest them.
 */

const dir = await tempDir('imagegate-rescan-merge-');
const REGISTRY = '127.0.0.1:5000';
const scans = Array.from({ length: 7 }, (_, i) => planned(REGISTRY, `team/app${i}`, digestOf(i + 1), [`${i}.0`]));
const plan = planOf(scans, { shards: 3, registry: REGISTRY });
const UNRELATED = digestOf(99);

function previousLedger(): RescanLedger {
  return {
    schemaVersion: 1,
    updatedAt: '2026-11-26T02:00:00.000Z',
    entries: {
      // Scan 1 fails tonight: its entry must stay as it was.
      [digestOf(2)]: {
        repository: 'team/app1',
        tags: ['1.0'],
        lastScan: '2026-11-26T02:10:00.000Z',
        trivyDbUpdatedAt: '2026-11-26T00:00:00.000Z',
        fingerprints: ['old-1'],
        verdict: 'pass',
      },
      // Scan 0 is scanned again: its entry is replaced.
      [digestOf(1)]: {
        repository: 'team/app0',
        tags: ['0.0', 'old-tag'],
        lastScan: '2026-11-26T02:10:00.000Z',
        fingerprints: ['stale'],
        verdict: 'pass',
      },
      // Not planned tonight at all (skipped as unchanged, or gone from the registry).
      [UNRELATED]: {
        repository: 'team/other',
        tags: ['9'],
        lastScan: '2026-11-20T02:10:00.000Z',
        fingerprints: ['x'],
        verdict: 'fail',
      },
    },
  };
}

async function writeResult(file: string, result: ShardResult): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(result, null, 2));
}

const scanAt = (i: number) => scans[i]!;

describe('imagegate rescan merge', () => {
  test('folds two shards, reports the failed scan, the shard that stopped and the one that never reported', async () => {
    const work = path.join(dir, 'partial');
    const planFile = await writePlan(path.join(work, 'plan.json'), plan);
    const ledgerFile = path.join(work, 'ledger.json');
    await writeLedger(ledgerFile, previousLedger());
    // Shard 1 complete; shard 2 failed scan 1 and died before scan 4; shard 3 never reported.
    await writeResult(
      path.join(work, 'artifacts', 'rescan-shard-1', 'rescan-result.json'),
      shardResultOf(plan, '1/3', [
        scannedResult(scanAt(0), ['fp-b', 'fp-a'], 'fail'),
        scannedResult(scanAt(3), []),
        scannedResult(scanAt(6), ['fp-c']),
      ]),
    );
    await writeResult(
      path.join(work, 'artifacts', 'nested', 'rescan-shard-2', 'rescan-result.json'),
      shardResultOf(plan, '2/3', [failedResult(scanAt(1), 'registry 127.0.0.1:5000 answered 503\n  | details')], {
        planned: 2,
        finished: false,
      }),
    );
    const run = await cli(
      [
        'rescan',
        'merge',
        '--ledger',
        ledgerFile,
        '--results',
        path.join(work, 'artifacts'),
        '--out',
        ledgerFile,
        '--plan',
        planFile,
      ],
      work,
    );
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('rescan merge: 3 scans from 2 shard results folded into ledger.json (5 entries)');
    expect(run.stdout).toContain(
      `  ${scanAt(1).reference}: registry 127.0.0.1:5000 answered 503 (artifacts/nested/rescan-shard-2/rescan-result.json)`,
    );
    expect(run.stdout).toContain('shards that stopped midway (1):\n  2/3: 1 of 2 scans have an outcome');
    expect(run.stdout).toContain(`shards that never reported (1):\n  3/3: 2 scans, e.g. ${scanAt(2).reference}`);

    // Written all the same, over the previous ledger (--out = --ledger).
    const ledger = await readLedger(ledgerFile);
    expect(Object.keys(ledger.entries).sort()).toEqual(
      [digestOf(1), digestOf(2), digestOf(4), digestOf(7), UNRELATED].sort(),
    );
    expect(ledger.entries[digestOf(1)]).toEqual({
      repository: 'team/app0',
      tags: ['0.0'],
      lastScan: '2026-11-27T02:10:00.000Z',
      trivyDbUpdatedAt: '2026-11-27T00:51:12.000Z',
      fingerprints: ['fp-a', 'fp-b'],
      verdict: 'fail',
    });
    expect(ledger.entries[digestOf(2)]).toEqual(previousLedger().entries[digestOf(2)]);
    expect(ledger.entries[UNRELATED]).toEqual(previousLedger().entries[UNRELATED]);
    expect(ledger.entries[digestOf(4)]?.fingerprints).toEqual([]);
    expect(Date.parse(ledger.updatedAt)).toBeGreaterThan(Date.parse('2026-11-27T00:00:00Z'));
    // Scans 2, 4 and 5 never ran: no entry is made up for them.
    expect(ledger.entries[digestOf(3)]).toBeUndefined();
    expect(ledger.entries[digestOf(5)]).toBeUndefined();
  });

  test('everything folded is exit 0: a stopped attempt its re-run completed is not reported; an absent ledger is empty', async () => {
    const work = path.join(dir, 'complete');
    const planFile = await writePlan(path.join(work, 'plan.json'), plan);
    const results = path.join(work, 'results');
    const shards = [
      [0, 3, 6],
      [1, 4],
      [2, 5],
    ];
    for (const [k, indexes] of shards.entries()) {
      await writeResult(
        path.join(results, `shard-${k + 1}`, 'rescan-result.json'),
        shardResultOf(
          plan,
          `${k + 1}/3`,
          indexes.map((i) => scannedResult(scanAt(i), [`fp-${i}`])),
        ),
      );
    }
    // A first attempt of shard 2 that failed, downloaded beside the successful re-run.
    await writeResult(
      path.join(results, 'shard-2-attempt-1', 'rescan-result.json'),
      shardResultOf(plan, '2/3', [failedResult(scanAt(1), 'trivy crashed')], { planned: 2, finished: false }),
    );
    const out = path.join(work, 'next-ledger.json');
    const run = await cli(
      [
        'rescan',
        'merge',
        '--ledger',
        path.join(work, 'absent.json'),
        '--results',
        results,
        '--out',
        out,
        '--plan',
        planFile,
      ],
      work,
    );
    // The stopped first attempt is superseded by the re-run of its shard: nothing is left to report.
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('rescan merge: 7 scans from 4 shard results folded into next-ledger.json (7 entries)\n');
    expect(run.code).toBe(0);
    const ledger = await readLedger(out);
    expect(Object.keys(ledger.entries)).toHaveLength(7);
    expect(ledger.entries[digestOf(2)]?.fingerprints).toEqual(['fp-1']);
  });

  test('refuses results of different plans, and results of another plan than --plan, writing nothing', async () => {
    const work = path.join(dir, 'mixed');
    const other = planOf(scans, { shards: 3, createdAt: '2026-11-28T02:00:00.000Z' });
    await writeResult(
      path.join(work, 'a', 'rescan-result.json'),
      shardResultOf(plan, '1/3', [scannedResult(scanAt(0), [])]),
    );
    await writeResult(
      path.join(work, 'b', 'rescan-result.json'),
      shardResultOf(other, '2/3', [scannedResult(scanAt(1), [])]),
    );
    const out = path.join(work, 'ledger.json');
    const mixed = await cli(['rescan', 'merge', '--ledger', out, '--results', work, '--out', out], work);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('the results come from 2 different plans');
    expect(mixed.stderr).toContain('plan of 2026-11-27T02:00:00.000Z: a/rescan-result.json');
    expect(mixed.stderr).toContain('plan of 2026-11-28T02:00:00.000Z: b/rescan-result.json');

    const planFile = await writePlan(path.join(work, 'plan.json'), other);
    const wrong = await cli(
      ['rescan', 'merge', '--ledger', out, '--results', path.join(work, 'a'), '--out', out, '--plan', planFile],
      work,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('come from another plan than');
    expect(wrong.stderr).toContain('a/rescan-result.json (plan of 2026-11-27T02:00:00.000Z)');
    await expect(stat(out)).rejects.toThrow();
  });

  test('no results at all is exit 3 (ledger kept), a --results dir that does not exist is exit 2', async () => {
    const work = path.join(dir, 'empty');
    await mkdir(path.join(work, 'results'), { recursive: true });
    const ledgerFile = path.join(work, 'ledger.json');
    await writeLedger(ledgerFile, previousLedger());
    const none = await cli(
      ['rescan', 'merge', '--ledger', ledgerFile, '--results', 'results', '--out', ledgerFile],
      work,
    );
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('no rescan-result.json under results');
    expect(Object.keys((await readLedger(ledgerFile)).entries)).toHaveLength(3);
    const missing = await cli(
      ['rescan', 'merge', '--ledger', ledgerFile, '--results', 'nope', '--out', ledgerFile],
      work,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--results: no such directory');
  });

  test('a damaged shard result is a configuration error at its line', async () => {
    const work = path.join(dir, 'damaged');
    const file = path.join(work, 'r', 'rescan-result.json');
    const result = shardResultOf(plan, '1/3', [scannedResult(scanAt(0), [])]);
    delete (result.scans[0] as { verdict?: string }).verdict;
    await writeResult(file, result);
    const run = await cli(['rescan', 'merge', '--ledger', 'l.json', '--results', 'r', '--out', 'l.json'], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rescan-result\.json:\d+:\d+: scans\[0\]\.verdict: expected "pass" or "fail"/);
  });
});
