/**
 * `IMAGEGATE_BENCH_SMOKE=1 npm run bench`: every benchmark at its smallest size, as CI runs it (.ci/run). A smoke
 * check that each benchmark still runs end to end and prints its line, never a measurement: CI checks that the lines
 * are there and well formed (bench/smoke-check.ts), not what they say. Each line keeps its benchmark's name with
 * `-smoke` appended (harness.ts), so a smoke number is never mistaken for the real row.
 */
export const SMOKE = process.env.IMAGEGATE_BENCH_SMOKE === '1';

/** The full size, or the smoke size under IMAGEGATE_BENCH_SMOKE=1. */
export function sized<T>(full: T, smoke: T): T {
  return SMOKE ? smoke : full;
}

/** Every line a smoke run prints, in order: a missing one means a benchmark was skipped or failed. */
export const SMOKE_LINES: readonly string[] = [
  'startup-smoke',
  'startup-action-smoke',
  'trivy-100k-smoke',
  'layers-480MB-smoke',
  'layers-480MB-vs-hash-bound-smoke',
  'rescan-plan-smoke',
  'rescan-plan-token-smoke',
  'scan-cache-smoke',
];

const LINE = /^bench: (\S+) ratio=(\S+)(?: peak_rss_mib=(\S+))?$/;

/**
 * Problems with a smoke run's stdout: an expected line missing or repeated, a ratio (or peak RSS) that is not a
 * finite positive number, an unexpected `bench:` line. Empty when every benchmark ran. No threshold on the numbers.
 */
export function smokeProblems(stdout: string, expected: readonly string[] = SMOKE_LINES): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('bench:')) continue;
    const match = LINE.exec(line.trim());
    if (!match) {
      problems.push(`malformed line: ${JSON.stringify(line)}`);
      continue;
    }
    const [, name = '', ratio = '', rss] = match;
    seen.set(name, (seen.get(name) ?? 0) + 1);
    if (!expected.includes(name)) problems.push(`unexpected line ${name}`);
    if (!positive(ratio)) problems.push(`${name}: ratio ${JSON.stringify(ratio)} is not a finite positive number`);
    if (rss !== undefined && !positive(rss)) {
      problems.push(`${name}: peak_rss_mib ${JSON.stringify(rss)} is not a finite positive number`);
    }
  }
  for (const name of expected) {
    const count = seen.get(name) ?? 0;
    if (count === 0) problems.push(`missing line ${name} (the benchmark was skipped or failed; see its stderr)`);
    if (count > 1) problems.push(`${name} printed ${count} times`);
  }
  return problems;
}

function positive(text: string): boolean {
  if (!/^\d+(?:\.\d+)?$/.test(text)) return false;
  const value = Number(text);
  return Number.isFinite(value) && value > 0;
}
