import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detail, median, printBench, timeProcess } from './harness.js';

const RUNS = 21;

/**
 * Start-up of the bundled entry points against bare `node -e ''`: the CLI printing --help, and the Action
 * loading, reading its inputs and stopping at the first configuration check (no image given). Runs are
 * interleaved so that machine noise hits baseline and subject alike.
 */
export function benchStartup(): void {
  const scratch = mkdtempSync(path.join(tmpdir(), 'imagegate-bench-'));
  const outputFile = path.join(scratch, 'output');
  const summaryFile = path.join(scratch, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const actionEnv = {
    ...process.env,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: scratch,
  };
  const subjects = {
    cli: () => timeProcess(process.execPath, ['dist/cli.js', '--help']),
    action: () => timeProcess(process.execPath, ['dist/action.js'], actionEnv),
  };
  const baseline: number[] = [];
  const samples: Record<keyof typeof subjects, number[]> = { cli: [], action: [] };
  for (let run = 0; run < RUNS; run += 1) {
    baseline.push(timeProcess(process.execPath, ['-e', '']));
    samples.cli.push(subjects.cli());
    samples.action.push(subjects.action());
  }
  rmSync(scratch, { recursive: true, force: true });
  const base = median(baseline);
  for (const [name, values] of Object.entries(samples)) {
    const value = median(values);
    detail(
      `${name} start-up: median ${value.toFixed(1)} ms vs node -e '' ${base.toFixed(1)} ms (overhead ${(value - base).toFixed(1)} ms)`,
    );
    printBench({ name: `startup-${name}`, ratio: value / base });
  }
}
