import type { ImageFacts } from '../image/facts.js';
import { singleLine, truncate } from '../util/markdown-escape.js';
import { displayCreatedBy } from '../report/markdown.js';
import type { BaselineImageSummary } from '../report/run-result.js';
import { formatBytes } from '../util/units.js';
import { nounFor, plural } from '../util/plural.js';

/**
 * Where the bytes are, as a chart that renders the same in a PR comment, a job summary and a terminal: one
 * Unicode bar per layer (eighth-block precision) in a fenced code block, so nothing in `created_by` is read as
 * Markdown or HTML. The part of a layer that a later layer replaced or deleted (wasted bytes, when the layer contents
 * were read) is drawn `░` at the end of its bar; with a `layers.maxLayerSize` budget the scale reaches at least the
 * budget and a `│` column marks it, so a bar that runs through the column is over. Against a baseline image each
 * layer is marked `=` when the baseline has the identical layer (same diff ID) and `+` when it is new, and the
 * baseline's layers that are gone are summed up below. Lines stay within MAX_WIDTH columns.
 */

const BAR_WIDTH = 28;
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const WASTED = '░';
const BUDGET = '│';
/** Widest line, in columns (every glyph used is one column wide): fits a comment's code block without scrolling. */
export const MAX_WIDTH = 80;
const MIN_LABEL = 12;

export interface LayerChartOptions {
  maxRows: number;
  /** The `layers.maxLayerSize` budget in bytes: marked as a column, the layers over it named below. */
  maxLayerSize?: number;
}

export function layerChart(
  image: ImageFacts,
  baseline: BaselineImageSummary | undefined,
  options: LayerChartOptions,
): string {
  if (image.layers.length === 0) return '';
  const budget = options.maxLayerSize;
  const scale = Math.max(1, ...image.layers.map((layer) => layer.size), budget ?? 0);
  const budgetColumn = budget === undefined ? undefined : Math.min(BAR_WIDTH, Math.round((budget / scale) * BAR_WIDTH));
  const barWidth = budgetColumn === undefined ? BAR_WIDTH : BAR_WIDTH + 1;
  const wasted = image.layers.map((_, index) => image.contents?.layers[index]?.wastedBytes ?? 0);
  const before = new Set(baseline?.layers.map((layer) => layer.diffId).filter(Boolean));
  const sizes = image.layers.map((layer) => formatBytes(layer.size));
  const sizeWidth = Math.max(...sizes.map((size) => size.length));
  const numberWidth = String(image.layers.length).length;
  const prefixWidth = numberWidth + 1 + (baseline ? 2 : 0) + barWidth + 1 + sizeWidth + 2;
  const labelLength = Math.max(MIN_LABEL, MAX_WIDTH - prefixWidth);
  const lines = image.layers.slice(0, options.maxRows).map((layer, index) => {
    const entry = layer.historyIndex === undefined ? undefined : image.history[layer.historyIndex];
    const label = truncate(singleLine(entry ? displayCreatedBy(entry.createdBy) : ''), labelLength);
    const mark = baseline ? (before.has(layer.diffId) ? '= ' : '+ ') : '';
    const cells = [...layerBar(layer.size, wasted[index] ?? 0, scale).padEnd(barWidth)];
    if (budgetColumn !== undefined && cells[budgetColumn] === ' ') cells[budgetColumn] = BUDGET;
    return (
      `${String(index + 1).padStart(numberWidth)} ${mark}${cells.join('')} ` +
      `${(sizes[index] ?? '').padStart(sizeWidth)}  ${label}`
    ).trimEnd();
  });
  if (image.layers.length > options.maxRows) {
    lines.push(`… ${plural(image.layers.length - options.maxRows, 'more layer')}`);
  }
  const legend = [...wastedLegend(wasted), ...budgetLegend(image, budget)];
  if (legend.length > 0) lines.push('', ...legend);
  if (baseline) {
    const now = new Set(image.layers.map((layer) => layer.diffId));
    const gone = baseline.layers.filter((layer) => !now.has(layer.diffId));
    const bytes = gone.reduce((sum, layer) => sum + layer.size, 0);
    lines.push('');
    lines.push('= same layer as the baseline   + new layer');
    lines.push(
      gone.length === 0
        ? 'Every baseline layer is still in this image.'
        : `${plural(gone.length, 'baseline layer')} (${formatBytes(bytes)}) no longer in this image.`,
    );
  }
  return fenced(lines.join('\n'));
}

/** The bar of one layer: its bytes that reach the final filesystem in blocks, its wasted bytes in `░` after them. */
export function layerBar(size: number, wastedBytes: number, scale: number): string {
  const total = Math.round((Math.max(0, size) / Math.max(1, scale)) * BAR_WIDTH * 8);
  const waste = Math.min(total, Math.round((Math.max(0, wastedBytes) / Math.max(1, scale)) * BAR_WIDTH * 8));
  const kept = total - waste;
  let keptBar = '█'.repeat(Math.floor(kept / 8)) + (PARTIAL_BLOCKS[kept % 8] ?? '');
  // The bar keeps its length (whole cells); a wasted part too small for a cell still gets one, taken from the kept
  // part if the bar is full, so the reader is told the layer wastes something.
  let wastedCells = Math.min(BAR_WIDTH, Math.round(total / 8)) - keptBar.length;
  if (wastedBytes > 0 && wastedCells < 1) {
    if (keptBar.length >= BAR_WIDTH) keptBar = keptBar.slice(0, BAR_WIDTH - 1);
    wastedCells = 1;
  }
  return keptBar + WASTED.repeat(Math.max(0, wastedCells));
}

function wastedLegend(wasted: readonly number[]): string[] {
  const layers = wasted.filter((bytes) => bytes > 0).length;
  if (layers === 0) return [];
  const bytes = wasted.reduce((sum, value) => sum + value, 0);
  return [
    `${WASTED} wasted: replaced or deleted by a later layer (${formatBytes(bytes)} in ${plural(layers, 'layer')})`,
  ];
}

function budgetLegend(image: ImageFacts, budget: number | undefined): string[] {
  if (budget === undefined) return [];
  const over = image.layers.flatMap((layer, index) => (layer.size > budget ? [index + 1] : []));
  const which =
    over.length === 0
      ? 'no layer crosses it'
      : `${nounFor(over.length, 'layer')} ${listed(over)} ${over.length === 1 ? 'crosses' : 'cross'} it`;
  return [`${BUDGET} layers.maxLayerSize budget, ${formatBytes(budget)}: ${which}`];
}

/** `2`, `2 and 5`, `2, 5 and 7`, `2, 5, 7 and 3 more`. */
function listed(numbers: readonly number[]): string {
  const shown = numbers.slice(0, 5).map(String);
  const rest = numbers.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length === 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** A bar `size / largest` of BAR_WIDTH cells wide, in eighths of a cell. */
export function bar(size: number, largest: number): string {
  const eighths = Math.round((Math.max(0, size) / Math.max(1, largest)) * BAR_WIDTH * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + (PARTIAL_BLOCKS[eighths % 8] ?? '');
}

/** A code block whose fence is longer than any backtick run inside, so no content can close it. */
export function fenced(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}
