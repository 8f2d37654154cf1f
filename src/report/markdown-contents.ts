import { groupDigits } from '../util/group-digits.js';
import type { ContentFacts, WasteKind } from '../image/layers/content-facts.js';
import type { RunResult } from './run-result.js';
import { formatBytes } from '../util/units.js';
import { codeSpan, elideMiddle, singleLine } from '../util/markdown-escape.js';
import { header, row } from './markdown-table.js';
import { plural } from '../util/plural.js';

/**
 * What the summary says about the layers' contents: the efficiency line of the image facts, and the largest wasted
 * files with the instruction that wrote each copy and the one that replaced or deleted it. Paths come from the image
 * (untrusted) and go through codeSpan like every other cell.
 */

/** Longest path kept whole in a cell; longer ones lose their middle (imagegate.json has them whole). */
const MAX_TOKEN = 48;

const HOW: Record<WasteKind, string> = {
  replaced: 'replaced',
  metadata: 'rewritten (chmod/chown)',
  deleted: 'deleted',
};

/** `84.9% (870 MB of 1.03 GB reach the final filesystem; 155 MB wasted in 9,396 copies)`. */
export function efficiencyText(contents: ContentFacts): string {
  const percent = `${(Math.floor(contents.efficiency * 1000) / 10).toFixed(1)}%`;
  if (contents.wastedFiles === 0) return `${percent} (no file is replaced or deleted by a later layer)`;
  return (
    `${percent} (${formatBytes(contents.finalBytes)} of ${formatBytes(contents.totalBytes)} reach the final ` +
    `filesystem; ${formatBytes(contents.wastedBytes)} wasted in ${groupDigits(contents.wastedFiles)} ` +
    `${contents.wastedFiles === 1 ? 'copy' : 'copies'})`
  );
}

/** The top wasted files table; '' when nothing is wasted or the contents were not read. */
export function wastedFilesSection(
  result: RunResult,
  options: { maxRows: number; cell: number; heading?: string },
): string {
  const contents = result.image.contents;
  if (!contents || contents.topWasted.length === 0) return '';
  // `layer 3`, never `#3` (GitHub links a bare `#3` to issue 3); the run's own Dockerfile is named once in the intro
  // and its lines given as `line 7`, so the table stays narrow.
  const layer = (index: number): string => {
    const instruction = result.layerInstructions[index];
    if (!instruction) return `layer ${index + 1}`;
    if (instruction.path === result.dockerfile) return `layer ${index + 1} (line ${instruction.line})`;
    const where = codeSpan(elideMiddle(`${instruction.path}:${instruction.line}`, MAX_TOKEN), { inTable: true });
    return `layer ${index + 1} ${where}`;
  };
  const shown = contents.topWasted.slice(0, options.maxRows);
  const rows = shown.map((wasted) =>
    row([
      codeSpan(elideMiddle(singleLine(wasted.path), MAX_TOKEN), { inTable: true }),
      formatBytes(wasted.bytes),
      layer(wasted.layer),
      HOW[wasted.how],
      wasted.removedBy === wasted.layer ? 'same layer' : layer(wasted.removedBy),
    ]),
  );
  const intro =
    `${formatBytes(contents.wastedBytes)} of the layers' ${formatBytes(contents.totalBytes)} never reach the final ` +
    'filesystem: copies of files that a later layer replaced or deleted (each is still pulled). The largest' +
    (result.dockerfile ? ` (lines of ${codeSpan(result.dockerfile, { maxLength: options.cell })})` : '') +
    ':';
  return [
    `${options.heading ?? '###'} Wasted files`,
    '',
    intro,
    '',
    ...header(['File', 'Size', 'Written by', 'How', 'Removed by']),
    ...rows,
    ...(contents.wastedFiles > shown.length
      ? [
          '',
          `… and ${plural(contents.wastedFiles - shown.length, 'smaller wasted copy', 'smaller wasted copies')} ` +
            `(\`imagegate.json\` lists the largest ${contents.topWasted.length} and the bytes per pair of layers).`,
        ]
      : []),
  ].join('\n');
}
