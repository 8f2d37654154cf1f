import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detail, median, printBench, timeProcess } from './harness.js';
import { sized } from './smoke.js';

const RUNS = sized(21, 3);

/**
 * Start-up of the bundled entry points against bare `node -e ''` (issue 17: +80 ms or less): `imagegate --version`
 * (the `startup` line), and the Action loading, reading its inputs and stopping at the first configuration check (no
 * image given; `startup-action`). The lines are the cold case a fresh CI runner sees: V8's compile cache
 * (src/util/compile-cache.ts, Node ≥ 22.1) is switched off with NODE_DISABLE_COMPILE_CACHE; the warm case, `--help`
 * and the overheads in milliseconds go to the details. Runs are interleaved so that machine noise hits baseline and
 * subjects alike.
 */
export function benchStartup(): void {
  const scratch = mkdtempSync(path.join(tmpdir(), 'imagegate-bench-'));
  const outputFile = path.join(scratch, 'output');
  const summaryFile = path.join(scratch, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const cold = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
  const { NODE_DISABLE_COMPILE_CACHE: _disabled, ...warm } = process.env;
  const actionEnv = {
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: scratch,
  };
  const subjects = {
    startup: () => timeProcess(process.execPath, ['dist/cli.js', '--version'], cold),
    'startup-action': () => timeProcess(process.execPath, ['dist/action.js'], { ...cold, ...actionEnv }),
    'startup-help': () => timeProcess(process.execPath, ['dist/cli.js', '--help'], cold),
    'startup-warm': () => timeProcess(process.execPath, ['dist/cli.js', '--version'], warm),
    'startup-action-warm': () => timeProcess(process.execPath, ['dist/action.js'], { ...warm, ...actionEnv }),
  };
  const lines = new Set(['startup', 'startup-action']);
  const baseline: number[] = [];
  const samples = Object.fromEntries(Object.keys(subjects).map((name) => [name, [] as number[]]));
  for (let run = 0; run < RUNS; run += 1) {
    baseline.push(timeProcess(process.execPath, ['-e', ''], cold));
    for (const [name, subject] of Object.entries(subjects)) samples[name]?.push(subject());
  }
  rmSync(scratch, { recursive: true, force: true });
  const base = median(baseline);
  detail(`node ${process.versions.node}, node -e '' ${base.toFixed(1)} ms (median of ${RUNS})`);
  for (const [name, values] of Object.entries(samples)) {
    const value = median(values);
    const text = `${name}: median ${value.toFixed(1)} ms, overhead ${(value - base).toFixed(1)} ms, ratio ${(value / base).toFixed(2)}`;
    detail(text);
  }
  for (const name of lines) printBench({ name, ratio: median(samples[name] ?? []) / base });
}
