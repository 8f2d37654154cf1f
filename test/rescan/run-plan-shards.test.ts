import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readPlan, shardScans } from '../../src/rescan/plan-read.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { tempDir } from '../support/temp.js';
import { digestOf, planned, planOf, writePlan } from './run-fixtures.js';

const dir = await tempDir('imagegate-rescan-plan-read-');
const scans = Array.from({ length: 7 }, (_, i) =>
  planned('127.0.0.1:5000', `team/app${i}`, digestOf(i + 1), [`${i}.0`]),
);

async function failure(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

describe('plan.json for rescan run', () => {
  test('shard K/N gets scans[i] with i mod N = K-1, in plan order', async () => {
    const file = await writePlan(path.join(dir, 'plan.json'), planOf(scans, { shards: 3 }));
    const plan = await readPlan(file);
    const names = (k: number, n: number) => shardScans(plan, { index: k, count: n }, file).map((s) => s.repository);
    expect(names(1, 3)).toEqual(['team/app0', 'team/app3', 'team/app6']);
    expect(names(2, 3)).toEqual(['team/app1', 'team/app4']);
    expect(names(3, 3)).toEqual(['team/app2', 'team/app5']);
    // Every scan in exactly one shard.
    const all = [1, 2, 3].flatMap((k) => names(k, 3)).sort();
    expect(all).toEqual(scans.map((s) => s.repository).sort());
    // 1/1 is the whole plan in one job.
    expect(names(1, 1)).toHaveLength(7);
  });

  test('a shard count the plan was not split into is refused', async () => {
    const file = await writePlan(path.join(dir, 'plan-3.json'), planOf(scans, { shards: 3 }));
    const plan = await readPlan(file);
    expect(() => shardScans(plan, { index: 1, count: 2 }, file)).toThrow(
      /splits its scans into 3 shards; expected --shard K\/3/,
    );
  });

  test('a scan whose reference is not pinned to its digest is refused at its line', async () => {
    const bad = planOf(scans.slice(0, 2));
    bad.scans[1] = { ...bad.scans[1]!, reference: '127.0.0.1:5000/team/app1:1.0' };
    const file = await writePlan(path.join(dir, 'unpinned.json'), bad);
    const error = await failure(readPlan(file));
    expect(error.message).toMatch(/scans\[1\]\.reference: expected a reference pinned to the scan's digest/);
    expect(error.position?.line).toBeGreaterThan(10);
  });

  test('bad JSON, another schemaVersion and a missing file are configuration errors', async () => {
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{\n  "schemaVersion": 1,\n  "scans": [\n');
    const syntax = await failure(readPlan(broken));
    expect(syntax.message).toMatch(/the plan is not JSON/);
    expect(syntax.position).toMatchObject({ path: broken, line: 4 });
    const other = path.join(dir, 'v2.json');
    await writeFile(other, JSON.stringify({ ...planOf(scans), schemaVersion: 2 }));
    expect((await failure(readPlan(other))).message).toMatch(/this imagegate reads schemaVersion 1/);
    expect((await failure(readPlan(path.join(dir, 'absent.json')))).message).toMatch(
      /cannot read the plan: no such file/,
    );
  });
});
