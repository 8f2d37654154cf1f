import type { ContentFacts } from '../../src/image/layers/content-facts.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { toResultDocument } from '../../src/report/result-json.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { DOCKERFILE, sampleResult } from './fixtures.js';
import { cells, expectSafeMarkdown, table } from './markdown-support.js';

/** The layers' contents in the summary (efficiency, the largest wasted files) and in imagegate.json. */

const layerFacts = (bytes: number, wastedBytes: number) => ({
  entries: 10,
  files: 5,
  bytes,
  whiteouts: 0,
  opaqueDirectories: 0,
  wastedBytes,
  wastedFiles: wastedBytes > 0 ? 2 : 0,
  removedBytes: 0,
  removedFiles: 0,
});

const CONTENTS: ContentFacts = {
  totalBytes: 180_000_000,
  finalBytes: 153_000_000,
  wastedBytes: 27_000_000,
  efficiency: 0.85,
  finalFiles: 1500,
  wastedFiles: 12,
  layers: [
    layerFacts(5_000_000, 0),
    layerFacts(150_000_000, 25_000_000),
    layerFacts(24_000_000, 2_000_000),
    layerFacts(1_000_000, 0),
  ],
  topWasted: [
    { path: '/var/cache/apt/archives/gcc_12.deb', bytes: 20_000_000, layer: 1, removedBy: 2, how: 'deleted' },
    { path: '/app/api | `evil`\n<b>', bytes: 2_000_000, layer: 2, removedBy: 3, how: 'metadata' },
    { path: '/tmp/x', bytes: 10, layer: 3, removedBy: 3, how: 'replaced' },
  ],
  wastedByLayer: [{ layer: 1, removedBy: 2, bytes: 25_000_000, files: 10 }],
  leftovers: { packageCaches: [], toolchains: [] },
};

const result = sampleResult({ image: { ...sampleResult().image, contents: CONTENTS } });

describe('Markdown summary', () => {
  const markdown = toMarkdownSummary(result, { maxWastedRows: 2 });

  test('the image facts give the efficiency', () => {
    expect(markdown).toContain(
      '- **Efficiency:** 85.0% (153 MB of 180 MB reach the final filesystem; 27.0 MB wasted in 12 copies)',
    );
  });

  test('the largest wasted files, with the instruction that wrote each and the one that removed it', () => {
    const rows = table(markdown, '### Wasted files');
    expect(cells(rows[0] as string)).toEqual(['File', 'Size', 'Written by', 'How', 'Removed by']);
    expect(rows.slice(2).map(cells)).toEqual([
      ['`/var/cache/apt/archives/gcc_12.deb`', '20.0 MB', 'layer 2 (line 5)', 'deleted', 'layer 3 (line 7)'],
      [
        expect.stringContaining('evil') as unknown as string,
        '2.00 MB',
        'layer 3 (line 7)',
        'rewritten (chmod/chown)',
        'layer 4',
      ],
    ]);
    expect(markdown).toContain('… and 10 smaller wasted copies');
    expectSafeMarkdown(markdown);
  });

  test('the layer table says how much of each layer is wasted later', () => {
    const rows = table(markdown, '### Layers');
    const columns = cells(rows[0] as string);
    const wasted = columns.indexOf('Wasted later');
    expect(wasted).toBeGreaterThan(0);
    expect(rows.slice(2).map((line) => cells(line)[wasted])).toEqual(['—', '25.0 MB', '2.00 MB', '—']);
  });

  test('nothing about contents when they were not read', () => {
    const plain = toMarkdownSummary(sampleResult());
    expect(plain).not.toContain('Efficiency');
    expect(plain).not.toContain('### Wasted files');
    expect(plain).not.toContain('Wasted later');
  });
});

describe('imagegate.json', () => {
  const document = toResultDocument(result, { toolVersion: '0.1.0' });

  test('is valid against the schema, with each wasted copy located at both instructions', () => {
    expect(resultSchemaErrors(document)).toEqual([]);
    expect(document.image!.contents?.topWasted[0]).toEqual({
      path: '/var/cache/apt/archives/gcc_12.deb',
      bytes: 20_000_000,
      layer: 1,
      removedBy: 2,
      how: 'deleted',
      instruction: { path: DOCKERFILE, line: 5, column: 1 },
      removedByInstruction: { path: DOCKERFILE, line: 7, column: 1 },
    });
    expect(document.image!.contents?.topWasted[1]?.removedByInstruction).toBeNull();
    expect(document.image!.contents?.layers.map((layer) => layer.index)).toEqual([0, 1, 2, 3]);
    expect(document.image!.contents).toMatchObject({ efficiency: 0.85, wastedBytes: 27_000_000 });
  });
});
