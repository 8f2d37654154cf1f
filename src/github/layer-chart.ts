import type { ImageFacts } from '../image/facts.js';
import { singleLine, truncate } from '../util/markdown-escape.js';
import { displayCreatedBy } from '../report/markdown.js';
import type { BaselineImageSummary } from '../report/run-result.js';
import { formatBytes } from '../util/units.js';

/**
 * Where the bytes are, as a chart that renders the same in a PR comment, a job summary and a terminal: one
 * Unicode bar per layer (eighth-block precision) in a fenced code block, so nothing in `created_by` is read as
 * Markdown or HTML. Against a baseline image each layer is marked `=` when the baseline has the identical layer
 * (same diff ID) and `+` when it is new, and the baseline's layers that are gone are summed up below.
 */

const BAR_WIDTH = 28;
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const LABEL_LENGTH = 60;

export interface LayerChartOptions {
  maxRows: number;
}

export function layerChart(
  image: ImageFacts,
  baseline: BaselineImageSummary | undefined,
  options: LayerChartOptions,
): string {
  if (image.layers.length === 0) return '';
  const largest = Math.max(1, ...image.layers.map((layer) => layer.size));
  const before = new Set(baseline?.layers.map((layer) => layer.diffId).filter(Boolean));
  const sizes = image.layers.map((layer) => formatBytes(layer.size));
  const sizeWidth = Math.max(...sizes.map((size) => size.length));
  const numberWidth = String(image.layers.length).length;
  const lines = image.layers.slice(0, options.maxRows).map((layer, index) => {
    const entry = layer.historyIndex === undefined ? undefined : image.history[layer.historyIndex];
    const label = truncate(singleLine(entry ? displayCreatedBy(entry.createdBy) : ''), LABEL_LENGTH);
    const mark = baseline ? (before.has(layer.diffId) ? '= ' : '+ ') : '';
    return (
      `${String(index + 1).padStart(numberWidth)} ${mark}${bar(layer.size, largest).padEnd(BAR_WIDTH)} ` +
      `${(sizes[index] ?? '').padStart(sizeWidth)}  ${label}`
    ).trimEnd();
  });
  if (image.layers.length > options.maxRows) lines.push(`… ${image.layers.length - options.maxRows} more layers`);
  if (baseline) {
    const now = new Set(image.layers.map((layer) => layer.diffId));
    const gone = baseline.layers.filter((layer) => !now.has(layer.diffId));
    const bytes = gone.reduce((sum, layer) => sum + layer.size, 0);
    lines.push('');
    lines.push('= same layer as the baseline   + new layer');
    lines.push(
      gone.length === 0
        ? 'Every baseline layer is still in this image.'
        : `${gone.length} baseline layer${gone.length === 1 ? '' : 's'} (${formatBytes(bytes)}) no longer in this image.`,
    );
  }
  return fenced(lines.join('\n'));
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
