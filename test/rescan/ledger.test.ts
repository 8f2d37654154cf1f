import { readFile, writeFile, readdir, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../src/util/errors.js';
import { readLedger, writeLedger } from '../../src/rescan/ledger.js';
import type { RescanLedger } from '../../src/rescan/types.js';
import { tempDir } from '../support/temp.js';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

function ledger(): RescanLedger {
  return {
    schemaVersion: 1,
    updatedAt: '2026-11-27T02:00:00.000Z',
    entries: {
      [DIGEST_B]: {
        repository: 'team/web',
        tags: ['2.0.0', '1.9.0'],
        lastScan: '2026-11-27T01:59:00.000Z',
        fingerprints: ['fp-2', 'fp-1', 'fp-2'],
        verdict: 'fail',
      },
      [DIGEST_A]: {
        repository: 'team/api',
        tags: ['1.0.0'],
        lastScan: '2026-11-27T01:58:00.000Z',
        trivyDbUpdatedAt: '2026-11-26T00:51:12.123456789Z',
        fingerprints: [],
        verdict: 'pass',
      },
    },
  };
}

async function expectConfigError(promise: Promise<unknown>, pattern: RegExp): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toMatch(pattern);
  return error as ConfigurationError;
}

const dir = await tempDir('imagegate-ledger-');

describe('ledger', () => {
  it('reads an absent file as an empty ledger', async () => {
    const read = await readLedger(path.join(dir, 'nothing-here.json'));
    expect(read.schemaVersion).toBe(1);
    expect(read.entries).toEqual({});
    expect(Number.isNaN(Date.parse(read.updatedAt))).toBe(false);
  });

  it('writes sorted, deduplicated and reads back the same ledger', async () => {
    const file = path.join(dir, 'sub', 'dir', 'ledger.json');
    await writeLedger(file, ledger());
    const text = await readFile(file, 'utf8');
    expect(Object.keys((JSON.parse(text) as RescanLedger).entries)).toEqual([DIGEST_A, DIGEST_B]);
    const read = await readLedger(file);
    expect(read.entries[DIGEST_B]?.fingerprints).toEqual(['fp-1', 'fp-2']);
    expect(read.entries[DIGEST_B]?.tags).toEqual(['1.9.0', '2.0.0']);
    expect(read.entries[DIGEST_A]?.trivyDbUpdatedAt).toBe('2026-11-26T00:51:12.123456789Z');
    // Same ledger, same bytes; nothing temporary left beside it.
    await writeLedger(file, read);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(await readdir(path.dirname(file))).toEqual(['ledger.json']);
  });

  it('replaces an existing file whole', async () => {
    const file = path.join(dir, 'replace.json');
    await writeFile(file, 'x'.repeat(100_000));
    await writeLedger(file, ledger());
    await expect(readLedger(file)).resolves.toMatchObject({ updatedAt: '2026-11-27T02:00:00.000Z' });
  });

  it('reports bad JSON with line and column', async () => {
    const file = path.join(dir, 'bad-json.json');
    await writeFile(file, '{\n  "schemaVersion": 1,\n  "entries": {,}\n}\n');
    const error = await expectConfigError(readLedger(file), /the ledger is not JSON/);
    expect(error.position).toEqual({ path: file, line: 3, column: 15 });
    expect(error.message).toContain(`${file}:3:15:`);
  });

  it('refuses another schemaVersion, pointing at it', async () => {
    const file = path.join(dir, 'schema.json');
    await writeFile(file, '{\n  "updatedAt": "2026-11-27T02:00:00Z",\n  "schemaVersion": 2,\n  "entries": {}\n}\n');
    const error = await expectConfigError(readLedger(file), /schemaVersion 2; this imagegate reads schemaVersion 1/);
    expect(error.position).toMatchObject({ line: 3, column: 20 });
  });

  it('refuses a file without schemaVersion', async () => {
    const file = path.join(dir, 'no-schema.json');
    await writeFile(file, '{"entries": {}}');
    await expectConfigError(readLedger(file), /no schemaVersion; expected a ledger written by imagegate rescan merge/);
  });

  it('points at a wrong value inside an entry', async () => {
    const good = ledger();
    (good.entries[DIGEST_A] as unknown as Record<string, unknown>).verdict = 'maybe';
    const file = path.join(dir, 'verdict.json');
    await writeFile(file, JSON.stringify(good, null, 2));
    const error = await expectConfigError(
      readLedger(file),
      /entries\["sha256:a+"\]\.verdict: expected "pass" or "fail"/,
    );
    const lines = (await readFile(file, 'utf8')).split('\n');
    const line = lines.findIndex((text) => text.includes('"maybe"')) + 1;
    expect(error.position).toMatchObject({ line, column: lines[line - 1]!.indexOf('"maybe"') + 1 });
  });

  it('refuses keys that are not digests and fingerprints that are not strings', async () => {
    const file = path.join(dir, 'keys.json');
    const bad = ledger() as unknown as { entries: Record<string, unknown> };
    bad.entries['team/api:1.0'] = bad.entries[DIGEST_A];
    await writeFile(file, JSON.stringify(bad));
    await expectConfigError(readLedger(file), /"team\/api:1.0" is not a manifest digest/);
    const numbers = ledger();
    (numbers.entries[DIGEST_A] as unknown as Record<string, unknown>).fingerprints = [1];
    await writeFile(file, JSON.stringify(numbers));
    await expectConfigError(readLedger(file), /fingerprints\[0\]: expected a non-empty string, found 1/);
  });

  it('says so when the ledger path is a directory', async () => {
    const sub = path.join(dir, 'a-directory');
    await mkdir(sub);
    await expectConfigError(readLedger(sub), /cannot read the ledger: it is a directory/);
  });
});
