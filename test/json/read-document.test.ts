import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkSchema, readDocument, type DocumentKind } from '../../src/json/document-schema.js';
import { readJsonInput, type JsonInput } from '../../src/json/read-json.js';
import { loadBaseline } from '../../src/baseline/baseline.js';
import { readLedger, writeLedger } from '../../src/rescan/ledger.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { rejection } from '../support/rejection.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 11, item 5: one reader for imagegate's own JSON documents, each checked against its schema in schemas/
 * with ajv, every error at file:line:column.
 */

const root = await tempDir('imagegate-read-document-');
const DIGEST = `sha256:${'a'.repeat(64)}`;

async function input(name: string, text: string): Promise<JsonInput> {
  const file = path.join(root, name);
  await writeFile(file, text);
  return (await readJsonInput(file, 'expected a test document')) as JsonInput;
}

async function schemaError(kind: DocumentKind, name: string, text: string): Promise<ConfigurationError> {
  const document = await input(name, text);
  const error = (() => {
    try {
      checkSchema(document, kind);
    } catch (thrown) {
      return thrown;
    }
    throw new Error('no schema error');
  })();
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

const PLAN = {
  schemaVersion: 1,
  createdAt: '2026-11-27T02:00:00.000Z',
  registry: 'registry.example.test',
  shards: 1,
  scans: [
    { repository: 'team/api', digest: DIGEST, tags: ['1'], reference: `registry.example.test/team/api@${DIGEST}` },
  ],
  skipped: [],
  counts: { repositories: 1, tags: 1, digests: 1, toScan: 1, skipped: 0 },
};

describe('one reader, four schemas', () => {
  test('every schema compiles (strict) and accepts what imagegate writes', async () => {
    const plan = await input('plan.json', JSON.stringify(PLAN, null, 2));
    expect(() => checkSchema(plan, 'rescan-plan')).not.toThrow();
    const ledgerFile = path.join(root, 'ledger.json');
    await writeLedger(ledgerFile, {
      schemaVersion: 1,
      updatedAt: '2026-11-27T03:00:00.000Z',
      entries: {
        [DIGEST]: {
          repository: 'team/api',
          tags: ['1'],
          lastScan: '2026-11-27T02:10:00.000Z',
          fingerprints: [],
          verdict: 'pass',
        },
      },
    });
    expect(Object.keys((await readLedger(ledgerFile)).entries)).toEqual([DIGEST]);
    const shard = await input(
      'rescan-result.json',
      JSON.stringify({
        schemaVersion: 1,
        planCreatedAt: PLAN.createdAt,
        shard: '1/1',
        startedAt: PLAN.createdAt,
        planned: 1,
        scans: [{ ...PLAN.scans[0], status: 'failed', error: 'exit 3: registry unreachable', exitCode: 3 }],
      }),
    );
    expect(() => checkSchema(shard, 'rescan-shard-result')).not.toThrow();
  });

  test('a schema violation names file:line:column, the key and what was expected', async () => {
    const text = JSON.stringify({ ...PLAN, scans: [{ ...PLAN.scans[0], digest: 'latest' }] }, null, 2);
    const error = await schemaError('rescan-plan', 'bad-plan.json', text);
    const line = text.split('\n').findIndex((row) => row.includes('"latest"')) + 1;
    expect(error.message).toBe(
      `${path.join(root, 'bad-plan.json')}:${line}:17: scans[0].digest: expected a manifest digest (algorithm:hex), ` +
        'found "latest"; expected a test document',
    );
    const missing = await schemaError('rescan-shard-result', 'bad-shard.json', '{\n  "schemaVersion": 1\n}\n');
    expect(missing.message).toContain('bad-shard.json:1:1: planCreatedAt: missing; expected a test document');
    const key = await schemaError(
      'rescan-ledger',
      'bad-ledger.json',
      '{"schemaVersion": 1, "updatedAt": "2026-11-27T03:00:00Z",\n "entries": {"not-a-digest": {}}}',
    );
    expect(key.message).toContain(
      'bad-ledger.json:2:30: entries["not-a-digest"]: "not-a-digest" is not a manifest digest',
    );
  });

  test('the baseline report: what its own checks let through, the schema catches, at line:column', async () => {
    const file = path.join(root, 'baseline.json');
    await writeFile(
      file,
      '{\n  "schemaVersion": 1,\n  "tool": { "name": "imagegate", "version": 7 },\n  "findings": []\n}\n',
    );
    const error = await rejection(loadBaseline(file, 'reports/baseline.json'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(
      'reports/baseline.json:3:45: tool.version: expected string, found 7; expected imagegate.json from an earlier imagegate run',
    );
  });

  test('read errors keep their words: absent, too large, not JSON at line:column', async () => {
    const parse = (document: JsonInput) => document.value;
    expect(
      await readDocument(path.join(root, 'absent.json'), 'rescan-ledger', 'expected a ledger', parse, {
        absent: 'undefined',
      }),
    ).toBeUndefined();
    const big = path.join(root, 'big.json');
    await writeFile(big, `{"pad": "${'x'.repeat(100)}"}`);
    expect(
      (await rejection(readDocument(big, 'baseline-report', 'expected X', parse, { what: 'the report', maxBytes: 10 })))
        .message,
    ).toBe(`${big}: the report is 111 bytes, more than 10; expected X`);
    const broken = path.join(root, 'broken.json');
    await writeFile(broken, '{\n  "a": 1,\n  oops\n}');
    const error = await rejection(readDocument(broken, 'rescan-plan', 'expected a plan', parse, { what: 'the plan' }));
    expect(error.message).toMatch(
      new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:3: the plan is not JSON \\(`),
    );
  });
});
