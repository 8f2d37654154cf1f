import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMOKE_LINES, smokeProblems } from '../../bench/smoke.js';

/** What `IMAGEGATE_BENCH_SMOKE=1 npm run bench` printed on this machine (numbers are never checked). */
const GOOD = [
  'bench: startup-smoke ratio=1.17',
  'bench: startup-action-smoke ratio=1.31',
  'bench: trivy-100k-smoke ratio=7.36 peak_rss_mib=170',
  'bench: layers-480MB-smoke ratio=6.52 peak_rss_mib=190',
  'bench: layers-480MB-vs-hash-bound-smoke ratio=3.28',
  'bench: rescan-plan-smoke ratio=2.26',
  'bench: rescan-plan-token-smoke ratio=2.71',
  'bench: scan-cache-smoke ratio=0.39',
  '',
].join('\n');

describe('bench smoke check (.ci/run)', () => {
  it('passes when every benchmark printed its line, whatever the numbers', () => {
    expect(smokeProblems(GOOD)).toEqual([]);
    expect(smokeProblems(GOOD.replace('ratio=7.36', 'ratio=999.00'))).toEqual([]);
    expect(SMOKE_LINES).toHaveLength(8);
  });

  it('names a benchmark whose line is missing (skipped or failed)', () => {
    const without = GOOD.split('\n')
      .filter((line) => !line.includes('trivy-100k'))
      .join('\n');
    expect(smokeProblems(without)).toEqual([
      'missing line trivy-100k-smoke (the benchmark was skipped or failed; see its stderr)',
    ]);
  });

  it('rejects a ratio that is not a finite positive number', () => {
    for (const bad of ['NaN', 'Infinity', '0.00', '-1.00', '']) {
      expect(smokeProblems(GOOD.replace('ratio=2.26', `ratio=${bad}`))).toEqual(
        bad === ''
          ? [
              'malformed line: "bench: rescan-plan-smoke ratio="',
              'missing line rescan-plan-smoke (the benchmark was skipped or failed; see its stderr)',
            ]
          : [`rescan-plan-smoke: ratio "${bad}" is not a finite positive number`],
      );
    }
    expect(smokeProblems(GOOD.replace('peak_rss_mib=170', 'peak_rss_mib=NaN'))).toEqual([
      'trivy-100k-smoke: peak_rss_mib "NaN" is not a finite positive number',
    ]);
  });

  it('rejects a full-size line, a repeated line and an unknown one', () => {
    expect(smokeProblems(`${GOOD}bench: scan-cache-smoke ratio=0.40\nbench: startup ratio=1.20\n`)).toEqual([
      'unexpected line startup',
      'scan-cache-smoke printed 2 times',
    ]);
  });

  it('the command exits 1 naming the problem, 0 when all ran', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imagegate-smoke-check-'));
    try {
      const tsx = path.join('node_modules', 'tsx', 'dist', 'cli.mjs');
      const run = (text: string) => {
        const file = path.join(dir, 'out');
        writeFileSync(file, text);
        return spawnSync(process.execPath, [tsx, 'bench/smoke-check.ts', file], { encoding: 'utf8' });
      };
      const good = run(GOOD);
      expect(good.status).toBe(0);
      expect(good.stdout).toBe('bench smoke: all 8 benchmarks ran\n');
      const bad = run(GOOD.replace('bench: scan-cache-smoke ratio=0.39\n', ''));
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('missing line scan-cache-smoke');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
