import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readLedger } from '../../src/rescan/ledger.js';
import { readPlan } from '../../src/rescan/plan-read.js';
import { readShardResult } from '../../src/rescan/shard-result.js';
import type { RescanLedger } from '../../src/rescan/types.js';
import { digestOf, failedResult, planned, planOf, scannedResult, shardResultOf } from '../rescan/run-fixtures.js';
import { tempDir } from '../support/temp.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';

/** The re-scan files a previous job (or a restored cache) hands over: plan.json, the ledger, shard results. */

const dir = await tempDir('imagegate-fuzz-rescan-');
const scans = [
  planned('127.0.0.1:5000', 'team/api', digestOf(1), ['1.0.0', 'latest']),
  planned('127.0.0.1:5000', 'team/web', digestOf(2), ['2.0.0']),
];
const plan = planOf(scans, { shards: 2 });
const ledger: RescanLedger = {
  schemaVersion: 1,
  updatedAt: '2026-11-27T02:11:00.000Z',
  entries: {
    [digestOf(1)]: {
      repository: 'team/api',
      tags: ['1.0.0'],
      lastScan: '2026-11-27T02:10:00.000Z',
      trivyDbUpdatedAt: '2026-11-27T00:51:12.000Z',
      fingerprints: ['f1', 'f2'],
      verdict: 'fail',
    },
  },
};
const shard = shardResultOf(plan, '1/2', [scannedResult(scans[0]!, ['f1']), failedResult(scans[1]!, 'boom')]);
const TOKENS = [
  '"schemaVersion":',
  '"scans":',
  '"entries":',
  '"sha256:',
  '"shard":',
  '"1/0"',
  '-1',
  '1e400',
  '"__proto__":',
];
const deep = `{"schemaVersion":1,"scans":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

let count = 0;
async function fileWith(text: string): Promise<string> {
  const file = path.join(dir, `input-${(count += 1) % 8}.json`);
  await writeFile(file, text);
  return file;
}

for (const [name, seed, read] of [
  ['plan', plan, readPlan],
  ['ledger', ledger, readLedger],
  ['shard-result', shard, readShardResult],
] as const) {
  test(
    `${name}: the document or a ConfigurationError at file:line:col`,
    async () => {
      const seeds = [JSON.stringify(seed), JSON.stringify(seed, null, 2), deep];
      await fuzz(`rescan-${name}`, mutatedText(seeds, TOKENS), async (text) => read(await fileWith(text)), 250);
    },
    FUZZ_TIMEOUT_MS,
  );
}
