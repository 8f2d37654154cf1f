import { readFileSync } from 'node:fs';
import { SMOKE_LINES, smokeProblems } from './smoke.js';

/**
 * `tsx bench/smoke-check.ts FILE`: exits 1 unless FILE (the stdout of `IMAGEGATE_BENCH_SMOKE=1 npm run bench`) has
 * every benchmark's line with a finite positive ratio. Checks that the benchmarks ran, never their numbers.
 */
const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: tsx bench/smoke-check.ts BENCH_STDOUT_FILE\n');
  process.exit(2);
}
const problems = smokeProblems(readFileSync(file, 'utf8'));
if (problems.length > 0) {
  process.stderr.write(`bench smoke: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}\n`).join('')}`);
  process.exit(1);
}
process.stdout.write(`bench smoke: all ${SMOKE_LINES.length} benchmarks ran\n`);
