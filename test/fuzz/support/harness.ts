import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { ConfigurationError, describeError, ToolError } from '../../../src/util/errors.js';

/**
 * The fuzz harness (issue 10, item 11): every parser gets generated and mutated inputs, and each outcome must be a
 * result or a ConfigurationError/ToolError with a message, never another exception, never a stack trace, never
 * slower than TIME_BOUND_MS. `npm test` runs a bounded, seeded pass (seed 42, a few seconds a parser); `npm run
 * fuzz` a long one with a random seed it prints, so a failure can be replayed with IMAGEGATE_FUZZ_SEED=<seed>.
 */

const long = process.env.IMAGEGATE_FUZZ === 'long';
/** Per input: generous for a 2-core CI runner, far below what a hang or a quadratic blow-up takes. */
export const TIME_BOUND_MS = Number(process.env.IMAGEGATE_FUZZ_TIME_BOUND_MS ?? 2000);
const fixedSeed = process.env.IMAGEGATE_FUZZ_SEED;
export const SEED = fixedSeed !== undefined ? Number(fixedSeed) : long ? Date.now() % 2 ** 31 : 42;
/** Jest's per-test timeout for a fuzz test: a long run takes as long as it needs. */
export const FUZZ_TIMEOUT_MS = long ? 3_600_000 : 120_000;

/** Runs for one property: `quick` in `npm test`, scaled up by IMAGEGATE_FUZZ_RUNS (or ×50) in `npm run fuzz`. */
export function runs(quick: number): number {
  const scaled = process.env.IMAGEGATE_FUZZ_RUNS;
  if (scaled !== undefined) return Number(scaled);
  return long ? quick * 50 : quick;
}

/** What one parser did over a run: inputs tried and unclean outcomes seen (fast-check stops at the first). */
const tally = new Map<string, { executions: number; crashes: number }>();

function count(parser: string, crashed: boolean): void {
  const entry = tally.get(parser) ?? { executions: 0, crashes: 0 };
  entry.executions += 1;
  if (crashed) entry.crashes += 1;
  tally.set(parser, entry);
}

afterAll(() => {
  if (tally.size === 0) return;
  const lines = [...tally].map(
    ([parser, { executions, crashes }]) => `${parser}: ${executions} executions, ${crashes} crashes`,
  );
  const summary = `fuzz (seed ${SEED}): ${lines.join('; ')}`;
  if (long || process.env.IMAGEGATE_FUZZ_LOG) console.log(summary);
  // A file the long run's caller can add up (executions and crashes per parser).
  if (process.env.IMAGEGATE_FUZZ_LOG) appendFileSync(process.env.IMAGEGATE_FUZZ_LOG, `${summary}\n`);
});

/** Why an outcome is not clean, or undefined when it is. */
export function uncleanOutcome(error: unknown, elapsedMs: number): string | undefined {
  if (elapsedMs > TIME_BOUND_MS) return `took ${Math.round(elapsedMs)} ms (bound ${TIME_BOUND_MS} ms)`;
  if (error === undefined) return undefined;
  if (!(error instanceof ConfigurationError) && !(error instanceof ToolError)) {
    return `threw ${describeError(error)}`;
  }
  if (error.message.trim() === '') return `${error.name} with an empty message`;
  if (/\n\s+at .+:\d+:\d+\)?$/m.test(error.message)) return `${error.name} whose message holds a stack trace`;
  return undefined;
}

/** Runs one parser on one input and fails the property (with the reason) unless the outcome is clean. */
export async function expectClean(parser: string, run: () => unknown): Promise<void> {
  const started = performance.now();
  let error: unknown;
  try {
    await run();
  } catch (caught) {
    error = caught;
  }
  const problem = uncleanOutcome(error, performance.now() - started);
  count(parser, problem !== undefined);
  if (problem) throw new Error(`${parser}: ${problem}`);
}

/** fc.assert with the harness's seed and run count; the seed is in the failure message for a replay. */
export async function fuzz<T>(
  parser: string,
  arbitrary: fc.Arbitrary<T>,
  run: (input: T) => unknown,
  quickRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, (input) => expectClean(parser, () => run(input))),
    { seed: SEED, numRuns: runs(quickRuns), endOnFailure: true },
  );
}

/** Tokens that steer mutations towards the places parsers branch on. */
export const COMMON_TOKENS = [
  '\0',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '\\',
  '"',
  "'",
  '\uFEFF',
  '\uD800',
  '${',
  '}',
  '{',
  '[',
  ']',
  ':',
  ',',
  '-',
  '#',
  '*',
  '&a',
  '*a',
  '<<',
  '!reset',
  'null',
  'true',
  '1e999',
  '-0',
  '9007199254740993',
  '__proto__',
  'constructor',
  'toString',
  '../',
  '/proc/self/environ',
  '['.repeat(2000),
  '{"a":'.repeat(2000),
  'a'.repeat(5000),
];

type Mutation =
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; times: number }
  | { kind: 'truncate'; at: number };

function mutation(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  const token = fc.oneof(
    fc.constantFrom(...tokens),
    fc.string({ maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(32) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('duplicate' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 64 }),
        times: fc.integer({ min: 1, max: 50 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  );
}

function apply(text: string, change: Mutation): string {
  const at = text.length === 0 ? 0 : change.at % (text.length + 1);
  switch (change.kind) {
    case 'insert':
      return text.slice(0, at) + change.token + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + change.length);
    case 'duplicate': {
      const part = text.slice(at, at + change.length);
      return text.slice(0, at) + part.repeat(change.times) + text.slice(at);
    }
    case 'truncate':
      return text.slice(0, at);
  }
}

/** A seed, changed by a few mutations (or none: the seed itself is an input too). */
export function mutatedText(seeds: readonly string[], tokens: readonly string[] = []): fc.Arbitrary<string> {
  if (seeds.length === 0) throw new Error('mutatedText needs at least one seed');
  const all = [...COMMON_TOKENS, ...tokens];
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation(all), { maxLength: 6 }))
    .map(([seed, changes]) => changes.reduce(apply, seed));
}

/** Bytes: a seed with bytes flipped, inserted, cut or repeated. */
export function mutatedBytes(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  if (seeds.length === 0) throw new Error('mutatedBytes needs at least one seed');
  const change = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({
      kind: fc.constant('digits' as const),
      at: fc.nat(),
      text: fc.constantFrom('7777777', '\x80\xff\xff\xff', '0', ' ', '\0'),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 1024 }) }),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(change, { maxLength: 6 })).map(([seed, changes]) => {
    let bytes = Buffer.from(seed);
    for (const c of changes) {
      const at = bytes.length === 0 ? 0 : c.at % bytes.length;
      if (c.kind === 'flip') bytes[at] = c.value;
      else if (c.kind === 'digits') bytes.write(c.text, at, 'latin1');
      else if (c.kind === 'truncate') bytes = bytes.subarray(0, at);
      else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.alloc(c.length, 0x41), bytes.subarray(at)]);
    }
    return bytes;
  });
}
