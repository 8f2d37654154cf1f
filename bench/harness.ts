import { spawnSync } from 'node:child_process';
import { SMOKE } from './smoke.js';

/**
 * Benchmarks report ratios against a baseline measured in the same run, never absolute seconds, so results
 * compare across machines. Each benchmark prints exactly one `bench:` line on stdout; details go to stderr. Under
 * IMAGEGATE_BENCH_SMOKE=1 (bench/smoke.ts) every name gets `-smoke` appended: those numbers are not measurements.
 */
export interface BenchLine {
  name: string;
  ratio: number;
  peakRssMiB?: number;
}

export function printBench(line: BenchLine): void {
  const rss = line.peakRssMiB === undefined ? '' : ` peak_rss_mib=${Math.round(line.peakRssMiB)}`;
  process.stdout.write(`bench: ${line.name}${SMOKE ? '-smoke' : ''} ratio=${line.ratio.toFixed(2)}${rss}\n`);
}

export function detail(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/** Wall time of one process run, in milliseconds. */
export function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: 'ignore' });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return elapsed;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
