import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonPieces, writeJson } from '../../src/report/json-file.js';
import { toResultDocument } from '../../src/report/result-json.js';
import { toSarif } from '../../src/report/sarif.js';
import { tempDir } from '../support/temp.js';
import { sampleResult } from './fixtures.js';
import { scannedResult } from './scan-fixtures.js';

const dir = await tempDir('imagegate-json-file-');
const text = (value: unknown) => [...jsonPieces(value)].join('');

/** A document shaped like imagegate.json and SARIF: long arrays at several depths, with every kind of value. */
function largeDocument(count: number) {
  const finding = (i: number) => ({
    ruleId: `vuln/CVE-2024-${i}`,
    message: `line one\nline "two" ${'é😀'.repeat(i % 3)}`,
    properties: { cvss: i % 2 ? null : 7.5, tags: [], empty: {}, skipped: undefined, list: [i, 'x', false] },
  });
  return {
    schemaVersion: 1,
    omittedFunction: () => 1,
    created: new Date(Date.UTC(2026, 0, 2)),
    findings: Array.from({ length: count }, (_, i) => finding(i)),
    runs: [
      { results: Array.from({ length: count }, (_, i) => finding(i)), rules: [] },
      { results: [finding(1)], notifications: [undefined, null] },
    ],
    numbers: Array.from({ length: count }, (_, i) => i / 3),
    sparse: Array.from({ length: 300 }, (_, i) => (i % 2 ? undefined : { i })),
  };
}

describe('jsonPieces: the text of JSON.stringify(value, null, 2), in pieces', () => {
  test.each([
    ['a scalar', 'plain'],
    ['an empty object', {}],
    ['an empty array', []],
    ['a short array', [1, [2, [3]], { a: [] }]],
    ['a long top-level array', Array.from({ length: 1000 }, (_, i) => ({ i }))],
    ['a document with long arrays at several depths', largeDocument(600)],
  ])('%s', (_what, value) => {
    expect(text(value)).toBe(JSON.stringify(value, null, 2));
  });

  test('the reports of the fixture runs', () => {
    for (const result of [sampleResult(), scannedResult()]) {
      const document = toResultDocument(result, { toolVersion: '0.1.0' });
      const sarif = toSarif(result, { toolVersion: '0.1.0', category: 'imagegate/image/x' });
      expect(text(document)).toBe(JSON.stringify(document, null, 2));
      expect(text(sarif)).toBe(JSON.stringify(sarif, null, 2));
    }
  });

  test('no piece holds more than one element of a long array', () => {
    const pieces = [...jsonPieces(largeDocument(5000))];
    const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
    expect(total).toBeGreaterThan(1_000_000);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(1000);
  });
});

test('writeJson writes the same bytes as JSON.stringify and a newline, across many writes', async () => {
  const file = path.join(dir, 'large.json');
  const value = largeDocument(20_000);
  const handle = await open(file, 'w');
  try {
    await writeJson(handle, value);
  } finally {
    await handle.close();
  }
  const written = await readFile(file, 'utf8');
  expect(written.length).toBeGreaterThan(3 * 1024 * 1024);
  expect(written).toBe(`${JSON.stringify(value, null, 2)}\n`);
});
