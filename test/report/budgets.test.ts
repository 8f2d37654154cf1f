import { budgetUsage } from '../../src/checks/budgets.js';
import { layerChart, MAX_WIDTH } from '../../src/github/layer-chart.js';
import { COMMENT_LIMIT, renderBody } from '../../src/github/comment-body.js';
import { budgetsTable, headroomCell } from '../../src/report/markdown-budgets.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { toResultDocument } from '../../src/report/result-json.js';
import { toTerminalSummary } from '../../src/report/terminal.js';
import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { BUDGET_CONTENTS, failingBudgets, passingBudgets } from './budget-fixtures.js';
import { sampleImage } from './fixtures.js';
import { table } from './markdown-support.js';

/** Item 4 of issue 12: a line per budget with used / limit / headroom, passing images too, in one unit style. */

const PASSING_TABLE = [
  '| Budget | Used | Limit | Headroom |',
  '| --- | --- | --- | --- |',
  '| `size.max` | 180 MB | 200 MB | ✅ 20.0 MB left (10.0%) |',
  '| `size.maxCompressed` | 70.0 MB | 105 MB | ✅ 34.9 MB left (33.2%) |',
  '| `layers.max` | 4 layers | 15 layers | ✅ 11 layers left |',
  '| `layers.maxLayerSize` | 150 MB (largest: layer 2) | 160 MB | ✅ 10.0 MB left (6.2%) |',
  '| `layers.maxWasted` | 27.0 MB | 30.0 MB | ✅ 3.00 MB left (10.0%) |',
  '| `layers.minEfficiency` | 85.0% | at least 80.0% | ✅ 5.0 points above |',
];

const FAILING_TABLE = [
  '| Budget | Used | Limit | Headroom |',
  '| --- | --- | --- | --- |',
  '| `size.max` | 180 MB | 10.0 MB | ❌ over by 170 MB |',
  '| `size.maxCompressed` | 70.0 MB | 60.0 MB | ❌ over by 10.0 MB |',
  '| `layers.max` | 4 layers | 3 layers | ❌ over by 1 layer |',
  '| `layers.maxLayerSize` | 150 MB (largest: layer 2) | 20.0 MB | ❌ over by 130 MB (2 layers over) |',
  '| `layers.maxWasted` | 27.0 MB | 21.0 MB | ❌ over by 6.03 MB |',
  '| `layers.minEfficiency` | 85.0% | at least 90.0% | ❌ 5.0 points below |',
];

describe('budgetUsage', () => {
  test('headroom is limit − used (used − limit for a minimum), negative when over', () => {
    const budgets = passingBudgets().budgets!;
    expect(budgets.map((budget) => [budget.key, budget.used, budget.limit, budget.headroom])).toEqual([
      ['size.max', 180_000_000, 200_000_000, 20_000_000],
      ['size.maxCompressed', 70_000_000, 104_857_600, 34_857_600],
      ['layers.max', 4, 15, 11],
      ['layers.maxLayerSize', 150_000_000, 160_000_000, 10_000_000],
      ['layers.maxWasted', 27_000_000, 30_000_000, 3_000_000],
      ['layers.minEfficiency', 0.85, 0.8, expect.closeTo(0.05, 10)],
    ]);
    const failing = failingBudgets().budgets!;
    expect(failing.map((budget) => budget.headroom)).toEqual([
      -170_000_000,
      -10_000_000,
      -1,
      -130_000_000,
      -(27_000_000 - 20 * 2 ** 20),
      expect.closeTo(-0.05, 10),
    ]);
    expect(failing.find((budget) => budget.key === 'layers.maxLayerSize')).toMatchObject({ layer: 1, layersOver: 2 });
  });

  test('exactly at the limit is zero headroom, not over', () => {
    const [budget] = budgetUsage(sampleImage(), { size: { max: { bytes: 180_000_000, text: '180MB' } }, layers: {} });
    expect(budget).toMatchObject({ used: 180_000_000, headroom: 0 });
    expect(headroomCell(budget!)).toBe('✅ 0 B left (0.0%)');
  });

  test('what the image does not tell is not measured, and no budget means no line', () => {
    const image = { ...sampleImage(), compressedSize: undefined };
    const budgets = budgetUsage(image, {
      size: { maxCompressed: { bytes: 1, text: '1B' } },
      layers: { maxWasted: { bytes: 1, text: '1B' }, minEfficiency: 0.5 },
    });
    expect(budgets.map((budget) => [budget.used, budget.headroom])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(budgets.map(headroomCell)).toEqual([
      '— the image source gives no compressed size',
      '— layer contents not read',
      '— layer contents not read',
    ]);
    expect(budgetUsage(sampleImage(), { size: {}, layers: {} })).toEqual([]);
    expect(budgetsTable([])).toBe('');
  });
});

describe('the budgets lines', () => {
  test('a passing image shows its headroom on every budget', () => {
    expect(budgetsTable(passingBudgets().budgets!).split('\n')).toEqual(PASSING_TABLE);
  });

  test('a failing image shows how far over each budget it is', () => {
    expect(budgetsTable(failingBudgets().budgets!).split('\n')).toEqual(FAILING_TABLE);
  });

  test('in the job summary and the PR comment, limits in the units of measured sizes (never the policy’s spelling)', () => {
    // The fixture's findings are hand-written text; the checks' own messages are tested in test/checks.
    const summary = toMarkdownSummary({ ...failingBudgets(), findings: [] });
    expect(table(summary, '### Budgets')).toEqual(FAILING_TABLE);
    const { body } = renderBody(
      { result: { ...passingBudgets(), findings: [] }, category: 'c', notes: [], toolVersion: '0.1.0' },
      COMMENT_LIMIT,
    );
    const visible = body.slice(0, body.indexOf('<details>'));
    expect(table(visible, '#### Size and layers')).toEqual(PASSING_TABLE);
    for (const text of [summary, body]) {
      expect(text).not.toMatch(/\b\d+(?:\.\d+)?(?:MB|MiB|kB|GB)\b/);
      expect(text).not.toMatch(/\b(?:10|20|30|60|100|160|200)MB|20MiB|100MiB/);
    }
  });

  test('in the MR note, the same rows', () => {
    const note = toGitLabNote(passingBudgets(), { noteKey: 'k', toolVersion: '0.1.0' });
    const lines = note.split('\n');
    const start = lines.indexOf(PASSING_TABLE[0]!);
    expect(lines.slice(start, start + PASSING_TABLE.length)).toEqual(PASSING_TABLE);
    expect(lines[start + PASSING_TABLE.length]).toBe('');
    expect(toGitLabNote(passingBudgets({ budgets: [] }), { noteKey: 'k', toolVersion: '0.1.0' })).not.toContain(
      '| Budget |',
    );
  });

  test('on the terminal, one line per budget in the same words', () => {
    const text = toTerminalSummary(failingBudgets(), { json: 'j', sarif: 's', summary: 'm' } as never, '/');
    expect(text.split('\n').filter((line) => line.startsWith('  budget'))).toEqual([
      '  budget    size.max             180 MB of 10.0 MB: over by 170 MB',
      '  budget    size.maxCompressed   70.0 MB of 60.0 MB: over by 10.0 MB',
      '  budget    layers.max           4 layers of 3 layers: over by 1 layer',
      '  budget    layers.maxLayerSize  150 MB of 20.0 MB: over by 130 MB (2 layers over)',
      '  budget    layers.maxWasted     27.0 MB of 21.0 MB: over by 6.03 MB',
      '  budget    layers.minEfficiency 85.0% of at least 90.0%: 5.0 points below',
    ]);
  });

  test('imagegate.json carries the numbers, valid against its schema', () => {
    const document = toResultDocument(failingBudgets(), { toolVersion: '0.1.0' });
    expect(resultSchemaErrors(document)).toEqual([]);
    expect(document.budgets[0]).toEqual({
      key: 'size.max',
      ruleId: 'size/max',
      unit: 'bytes',
      bound: 'max',
      limit: 10_000_000,
      used: 180_000_000,
      headroom: -170_000_000,
      layer: null,
      layersOver: null,
    });
    expect(document.budgets[3]).toMatchObject({ key: 'layers.maxLayerSize', layer: 1, layersOver: 2 });
    const none = toResultDocument({ ...failingBudgets(), budgets: undefined }, { toolVersion: '0.1.0' });
    expect(none.budgets).toEqual([]);
    expect(resultSchemaErrors(none)).toEqual([]);
  });
});

describe('the layer chart', () => {
  test('marks each layer’s wasted bytes and the per-layer budget, and names the layers over it', () => {
    const image = { ...sampleImage(), contents: BUDGET_CONTENTS };
    const chart = layerChart(image, undefined, { maxRows: 10, maxLayerSize: 20_000_000 }).split('\n');
    expect(chart).toEqual([
      '```text',
      '1 ▉   │                         5.00 MB  ADD file:abc in /',
      '2 ███████████████████████▍░░░░   150 MB  RUN echo "<img src=x onerror=alert(1)>…',
      '3 ████▏░                        24.0 MB  COPY app /app/api',
      '4 ▏   │                         1.00 MB',
      '',
      '░ wasted: replaced or deleted by a later layer (27.0 MB in 2 layers)',
      '│ layers.maxLayerSize budget, 20.0 MB: layers 2 and 3 cross it',
      '```',
    ]);
  });

  test('the scale reaches the budget when every layer is under it', () => {
    const chart = layerChart(sampleImage(), undefined, { maxRows: 10, maxLayerSize: 300_000_000 });
    expect(chart).toContain('\n2 ██████████████              │  150 MB  ');
    expect(chart).toContain('│ layers.maxLayerSize budget, 300 MB: no layer crosses it');
    expect(chart).not.toContain('░');
  });

  test(`no line is wider than ${MAX_WIDTH} columns, however long created_by is`, () => {
    const image = { ...sampleImage(), contents: BUDGET_CONTENTS };
    for (const options of [{ maxRows: 10 }, { maxRows: 10, maxLayerSize: 1 }]) {
      const lines = layerChart(image, { name: 'b', size: 1, layers: [] }, options).split('\n');
      expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(MAX_WIDTH);
    }
  });

  test('one hidden layer is "1 more layer"', () => {
    expect(layerChart(sampleImage(), undefined, { maxRows: 3 })).toContain('\n… 1 more layer\n');
  });
});
