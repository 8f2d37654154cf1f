import { gunzipSync } from 'node:zlib';
import { ToolError } from '../../util/errors.js';
import type { EpssFacts, EpssScore } from './feed-types.js';

/**
 * FIRST's EPSS scores as published daily (`epss_scores-YYYY-MM-DD.csv.gz`): gzip of
 *   #model_version:v2025.03.14,score_date:2026-12-07T00:00:00+0000
 *   cve,epss,percentile
 *   CVE-1999-0001,0.01297,0.79209
 * Plain (already unpacked) CSV is accepted too. Defensive: the unpacked size is capped (a gzip bomb stops at the
 * cap), rows are split by hand (no regex whose cost a line controls), and a row that is not a CVE with two numbers
 * in 0..1 is skipped; a file with a wrong header, or no valid row, is a ToolError naming its source.
 */

/** Today's file is ~300k rows, ~10 MB unpacked, ~2 MB gzipped. */
export const MAX_EPSS_BYTES = 64 * 2 ** 20;
const MAX_EPSS_UNPACKED_BYTES = 256 * 2 ** 20;

export function parseEpss(body: Buffer, source: string): EpssFacts {
  const command = `read ${source}`;
  let text: string;
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      text = gunzipSync(body, { maxOutputLength: MAX_EPSS_UNPACKED_BYTES }).toString('utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ERR_BUFFER_TOO_LARGE'
          ? `it unpacks to more than ${MAX_EPSS_UNPACKED_BYTES} bytes`
          : 'it is not valid gzip';
      throw new ToolError(`the EPSS scores from ${source} cannot be read: ${why}`, { command });
    }
  } else {
    text = body.toString('utf8');
  }
  const bad = (what: string) =>
    new ToolError(`the EPSS scores from ${source} are not FIRST's EPSS CSV: ${what}`, { command });
  const facts: EpssFacts = { scores: new Map<string, EpssScore>() };
  let sawHeader = false;
  let lineNumber = 0;
  for (const rawLine of text.split('\n')) {
    lineNumber++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') continue;
    if (line.startsWith('#')) {
      readComment(line.slice(1), facts);
      continue;
    }
    if (!sawHeader) {
      const columns = line.split(',').map((column) => column.trim().toLowerCase());
      if (columns[0] !== 'cve' || columns[1] !== 'epss' || columns[2] !== 'percentile') {
        throw bad(`line ${lineNumber}: expected the header "cve,epss,percentile"`);
      }
      sawHeader = true;
      continue;
    }
    const [cve, epss, percentile] = line.split(',', 3);
    const id = (cve ?? '').trim().toUpperCase();
    if (id.length > 24 || !/^CVE-\d{4}-\d{4,12}$/.test(id)) continue;
    const score = probability(epss);
    const rank = probability(percentile);
    if (score === undefined || rank === undefined) continue;
    facts.scores.set(id, { score, percentile: rank });
  }
  if (!sawHeader) throw bad('no "cve,epss,percentile" header');
  if (facts.scores.size === 0) throw bad('no row with a CVE id and two numbers between 0 and 1');
  return facts;
}

/** `model_version:v2025.03.14,score_date:2026-12-07T00:00:00+0000` */
function readComment(comment: string, facts: EpssFacts): void {
  for (const part of comment.split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1) continue;
    const key = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (value.length === 0 || value.length > 40) continue;
    if (key === 'model_version') facts.modelVersion = value;
    if (key === 'score_date') facts.scoreDate = value;
  }
}

function probability(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 32) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}
