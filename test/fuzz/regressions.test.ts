import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readLedger } from '../../src/rescan/ledger.js';
import { readPlan } from '../../src/rescan/plan-read.js';
import { readShardResult } from '../../src/rescan/shard-result.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { MAX_NESTING_DEPTH, nestingProblem } from '../../src/util/nesting-depth.js';
import { rejection } from '../support/rejection.js';
import { tempDir } from '../support/temp.js';

/** Crashes the fuzz harness found, each with the smallest input that showed it, kept as named tests. */

const dir = await tempDir('imagegate-fuzz-regressions-');

describe('found by test/fuzz/rescan-files.test.ts', () => {
  // The seed `{"schemaVersion":1,"scans":[[[…]]]}` 100,000 deep ran the Jest worker out of memory: JSON.parse
  // took it, the check failed at scans[0], and the positions pass (the yaml package re-reading the text to say
  // where) never came back. Any depth past the cap is now refused before the first parse, at its line and column.
  const deep = (key: string) => `{"schemaVersion":1,\n"${key}":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

  test.each([
    ['plan', 'scans', readPlan],
    ['ledger', 'entries', readLedger],
    ['shard result', 'scans', readShardResult],
  ] as const)('a %s nested 100,000 levels deep is exit 2 at the bracket too deep', async (what, key, read) => {
    const file = path.join(dir, `${what.replace(' ', '-')}.json`);
    await writeFile(file, deep(key));
    const error = await rejection(read(file));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:${key.length + 3 + MAX_NESTING_DEPTH}: the ${what} nests lists or maps more than ${MAX_NESTING_DEPTH} levels deep; expected`,
      ),
    );
  });
});

describe('nestingProblem', () => {
  test('counts brackets outside strings, YAML quotes and comments', () => {
    expect(nestingProblem('[[["[[[[["]]]', { max: 3 })).toBeUndefined();
    expect(nestingProblem('[[[[', { max: 3 })).toMatchObject({ offset: 3, line: 1, column: 4 });
    expect(nestingProblem('a: "\\"[[[["\nb: [[\n  [[x]]]]', { max: 3 })).toMatchObject({ line: 3, column: 4 });
    expect(nestingProblem("a: '[[[[''[['\n# [[[[\nb: x #[[[[[", { max: 3, yaml: true })).toBeUndefined();
    expect(nestingProblem('[]'.repeat(100_000), { max: 1 })).toBeUndefined();
  });
});
