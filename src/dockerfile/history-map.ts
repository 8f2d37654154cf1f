import type { SourceLocation } from '../model/findings.js';
import type { HistoryEntry, ImageFacts } from '../image/facts.js';
import { parseCreatedBy, type CreatedBy } from './created-by.js';
import { stageChain } from './stages.js';
import type { Dockerfile, FromInstruction, Instruction, Stage } from './types.js';
import { onbuildTrigger } from './onbuild.js';
import { splitWords } from './words.js';

/**
 * Which Dockerfile line made each history entry of an image built from `stage`.
 *
 * What the builders record (Docker 20.10, checked by test/dockerfile/history-map-docker.test.ts):
 * - FROM records nothing; the base image's own entries come first. ONBUILD records an empty entry in the classic
 *   builder and nothing in BuildKit; the triggers it registers run right after the FROM of a stage built on it.
 * - Every other instruction records one entry, ARG included (both builders).
 * - Filesystem layers: RUN, COPY, ADD, and WORKDIR (both builders; current BuildKit skips it for `WORKDIR /`).
 *   Everything else is an empty (metadata) entry.
 *
 * Origins, as a user would want to read them:
 * - an entry made by an instruction of the stage, or of a stage it is built `FROM`, maps to that instruction (that is
 *   the line to change); a trigger of an ONBUILD in a parent stage maps to that ONBUILD line;
 * - entries before everything the Dockerfile made (the external base image, and that image's ONBUILD triggers) map to
 *   the FROM that names the external image: that is where a person changes the base;
 * - anything else is `unknown` (the image was built from another version of the Dockerfile, by another tool, …).
 *
 * Entries and instructions are aligned by dynamic programming from the end of the history (the newest entries belong
 * to the stage's last instructions), scoring keyword agreement, layer/metadata agreement and text similarity, so an
 * entry a builder did not record, an extra one, or a base image of any length does not shift the others.
 */
export type HistoryOrigin =
  { kind: 'instruction'; instruction: Instruction } | { kind: 'base'; from: FromInstruction } | { kind: 'unknown' };

interface Expected {
  /** The line the origin points at (an ONBUILD line for its triggers). */
  target: Instruction;
  keyword: string;
  tokens: Set<string>;
  destination?: string;
  layer: 'yes' | 'no' | 'maybe';
  /** Builders may legitimately leave it out (ONBUILD in BuildKit), so skipping it costs little. */
  optional: boolean;
}

const WRITTEN_KEYWORD = 4;
const INFERRED_RUN = 2;
const INFERRED_OTHER_LAYER = 0.25;
const NO_KEYWORD = 0.5;
const METADATA_ENTRY_FOR_LAYER = -1;
const TEXT_WEIGHT = 3;
const SKIP_ENTRY = -2;
const SKIP_REQUIRED = -2;
const SKIP_OPTIONAL = -0.25;

const UNKNOWN: HistoryOrigin = { kind: 'unknown' };

/** One origin per history entry (oldest first, as in the image config). */
export function mapHistory(dockerfile: Dockerfile, stage: Stage, history: readonly HistoryEntry[]): HistoryOrigin[] {
  const chain = stageChain(dockerfile, stage);
  const root = (chain[0] as Stage).from;
  const shells = chain.flatMap((member) =>
    member.instructions
      .filter((i) => i.keyword === 'SHELL' && i.execForm)
      .map((i) => (i.execForm as string[]).join(' ')),
  );
  const expected = expectedEntries(chain, dockerfile.escapeChar);
  const entries = history.map((entry) => ({ entry, parsed: parseCreatedBy(entry.createdBy, shells) }));
  const entryTokens = entries.map(({ parsed }) => tokens(parsed.text));
  // Entries before anything the Dockerfile made are the base image's; scratch has none, so there they are unexplained.
  const basePrefixCost = root.isScratch ? SKIP_ENTRY : 0;

  const n = entries.length;
  const m = expected.length;
  const width = m + 1;
  const score = new Float64Array((n + 1) * width);
  const move = new Uint8Array((n + 1) * width); // 1 match, 2 skip entry, 3 skip expected
  const skipCost = (j: number) => ((expected[j] as Expected).optional ? SKIP_OPTIONAL : SKIP_REQUIRED);
  for (let i = 1; i <= n; i++) {
    score[i * width] = (score[(i - 1) * width] as number) + basePrefixCost;
    move[i * width] = 2;
  }
  for (let j = 1; j <= m; j++) {
    score[j] = (score[j - 1] as number) + skipCost(j - 1);
    move[j] = 3;
  }
  for (let i = 1; i <= n; i++) {
    const { entry, parsed } = entries[i - 1] as (typeof entries)[number];
    for (let j = 1; j <= m; j++) {
      const here = i * width + j;
      let best = (score[here - width] as number) + SKIP_ENTRY;
      let bestMove = 2;
      const skipExpected = (score[here - 1] as number) + skipCost(j - 1);
      if (skipExpected > best) {
        best = skipExpected;
        bestMove = 3;
      }
      const match = matchScore(entry, parsed, entryTokens[i - 1] as Set<string>, expected[j - 1] as Expected);
      // `>=` prefers a match on ties, which anchors the alignment at the newest entries.
      if (match !== undefined && (score[here - width - 1] as number) + match >= best) {
        best = (score[here - width - 1] as number) + match;
        bestMove = 1;
      }
      score[here] = best;
      move[here] = bestMove;
    }
  }

  const origins: HistoryOrigin[] = new Array<HistoryOrigin>(n).fill(UNKNOWN);
  let i = n;
  let j = m;
  while (i > 0) {
    const step = move[i * width + j];
    if (step === 1) {
      origins[i - 1] = { kind: 'instruction', instruction: (expected[j - 1] as Expected).target };
      i--;
      j--;
    } else if (step === 2) {
      if (j === 0 && !root.isScratch) origins[i - 1] = { kind: 'base', from: root };
      i--;
    } else {
      j--;
    }
  }
  return origins;
}

/** One origin per filesystem layer (bottom first), through each layer's history entry. */
export function layerOrigins(dockerfile: Dockerfile, stage: Stage, facts: ImageFacts): HistoryOrigin[] {
  const origins = mapHistory(dockerfile, stage, facts.history);
  return facts.layers.map((layer) =>
    layer.historyIndex === undefined ? UNKNOWN : (origins[layer.historyIndex] ?? UNKNOWN),
  );
}

/** Per layer, the Dockerfile line a person would change: the instruction, or the FROM for base-image layers. */
export function layerLocations(
  dockerfile: Dockerfile,
  stage: Stage,
  facts: ImageFacts,
): Array<SourceLocation | undefined> {
  return layerOrigins(dockerfile, stage, facts).map((origin) => {
    const at = origin.kind === 'instruction' ? origin.instruction : origin.kind === 'base' ? origin.from : undefined;
    return at ? { kind: 'source', path: dockerfile.path, line: at.line, column: at.column } : undefined;
  });
}

/** The entries the Dockerfile itself makes for `chain`, oldest first. */
function expectedEntries(chain: readonly Stage[], escapeChar: string): Expected[] {
  const result: Expected[] = [];
  chain.forEach((stage, position) => {
    const parent = position > 0 ? chain[position - 1] : undefined;
    for (const onbuild of parent?.instructions ?? []) {
      const trigger = onbuildTrigger(onbuild);
      if (trigger) result.push(expectation(onbuild, trigger, escapeChar));
    }
    for (const instruction of stage.instructions) result.push(expectation(instruction, instruction, escapeChar));
  });
  return result;
}

/** What an instruction (or an ONBUILD trigger) should have recorded; `target` is the line it maps to. */
function expectation(
  target: Instruction,
  shape: Pick<Instruction, 'keyword' | 'body' | 'execForm' | 'heredocs'>,
  escapeChar: string,
): Expected {
  const { keyword, body, execForm, heredocs } = shape;
  const words = execForm ?? splitWords(body, escapeChar).map((word) => word.value);
  const copy = keyword === 'COPY' || keyword === 'ADD';
  return {
    target,
    keyword,
    tokens: tokens([execForm ? execForm.join(' ') : body, ...heredocs].join('\n')),
    ...(copy && words.length > 0 ? { destination: words.at(-1) as string } : {}),
    layer: keyword === 'RUN' || copy ? 'yes' : keyword === 'WORKDIR' ? 'maybe' : 'no',
    // BuildKit records nothing for ONBUILD itself, the classic builder an empty entry.
    optional: keyword === 'ONBUILD',
  };
}

function matchScore(
  entry: HistoryEntry,
  parsed: CreatedBy,
  entryTokens: Set<string>,
  expected: Expected,
): number | undefined {
  // A filesystem layer cannot come from ENV, USER, …; the reverse (a RUN recorded as empty) happens with some tools.
  if (!entry.emptyLayer && expected.layer === 'no') return undefined;
  let score: number;
  if (parsed.certainty === 'written') {
    if (parsed.keyword !== expected.keyword) return undefined;
    score = WRITTEN_KEYWORD;
  } else if (parsed.certainty === 'inferred') {
    if (expected.keyword === 'RUN') score = INFERRED_RUN;
    else if (expected.layer !== 'no') score = INFERRED_OTHER_LAYER;
    else return undefined;
  } else {
    score = NO_KEYWORD;
  }
  if (entry.emptyLayer && expected.layer === 'yes') score += METADATA_ENTRY_FOR_LAYER;
  return score + TEXT_WEIGHT * similarity(parsed, entryTokens, expected);
}

function similarity(parsed: CreatedBy, entryTokens: Set<string>, expected: Expected): number {
  if (parsed.destination !== undefined && expected.destination !== undefined) {
    if (trimSlash(parsed.destination) === trimSlash(expected.destination)) return 1;
    return dice(tokens(parsed.destination), tokens(expected.destination));
  }
  return dice(entryTokens, expected.tokens);
}

function tokens(text: string): Set<string> {
  return new Set(text.split(/[^A-Za-z0-9_]+/).filter((token) => token !== ''));
}

/** Dice coefficient of two token sets: 1 for the same words in any order or format, 0 for nothing in common. */
function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const token of a) if (b.has(token)) common++;
  return (2 * common) / (a.size + b.size);
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
