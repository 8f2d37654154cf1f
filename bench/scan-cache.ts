import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runScanStage, type ScanStageRequest } from '../src/pipeline/scan-stage.js';
import { MemoryLogger } from '../src/util/logger.js';
import { TRIVY_STANDIN_SCRIPT } from '../test/support/trivy-standin/standin.js';
import { detail, median, printBench } from './harness.js';
import { sized } from './smoke.js';

const RUNS = sized(3, 2);

/**
 * The scan stage on the same image twice, through the Trivy stand-in replaying the corpus report fluentd-gems: a
 * scan with the DB already current (what a second push paid before the scan cache) against the same scan answered
 * from the scan cache (src/scan/runner/scan-cache.ts). The stand-in replays a report instead of scanning, so the
 * first run is far cheaper here than with Trivy: the ratio is an upper bound of what the cache costs.
 */
export async function benchScanCache(corpusDir: string | undefined): Promise<void> {
  const report = corpusDir && path.join(corpusDir, 'fluentd-gems.json.golden');
  if (!report || !existsSync(report)) {
    detail('scan-cache: skipped, it needs the shared corpus (corpus/trivy)');
    return;
  }
  const diffIds = (JSON.parse(await readFile(report, 'utf8')) as { Metadata: { DiffIDs: string[] } }).Metadata.DiffIDs;
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-bench-scan-cache-'));
  const saved = { ...process.env };
  try {
    const binDir = path.join(dir, 'bin');
    await mkdir(binDir);
    await symlink(TRIVY_STANDIN_SCRIPT, path.join(binDir, 'trivy'));
    // Trivy's process inherits this process's environment, as the CLI's does.
    Object.assign(process.env, {
      PATH: [binDir, process.env.PATH ?? ''].join(path.delimiter),
      IMAGEGATE_TRIVY_STANDIN_REPORT: report,
      IMAGEGATE_TRIVY_STANDIN_LOG: path.join(dir, 'standin.log'),
    });
    const scan = async (cacheDir: string, noScanCache: boolean): Promise<{ ms: number; cached: boolean }> => {
      const request: ScanStageRequest = {
        scan: { kind: 'trivy', scanners: ['vuln'] },
        image: { kind: 'daemon', reference: 'imagegate-bench/fluentd:1' },
        outDir: path.join(dir, 'out'),
        displayPath: (file) => file,
        cacheIdentity: { imageId: `sha256:${'b'.repeat(64)}`, diffIds },
        ...(noScanCache ? { noScanCache: true } : {}),
      };
      const environment = {
        trivyInstallCache: { kind: 'directory' as const, dir: path.join(dir, 'tools') },
        processEnv: process.env,
        defaultCacheDir: cacheDir,
      };
      const start = process.hrtime.bigint();
      const result = await runScanStage(request, environment, { logger: new MemoryLogger() });
      return { ms: Number(process.hrtime.bigint() - start) / 1e6, cached: result?.scan.cached !== undefined };
    };
    const scanned: number[] = [];
    const cached: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const cacheDir = path.join(dir, `cache-${run}`);
      await scan(cacheDir, true); // the DB download, as on the first push of the day
      const first = await scan(cacheDir, false); // Trivy runs (DB current), the results are saved
      const second = await scan(cacheDir, false);
      if (first.cached || !second.cached) throw new Error('scan-cache: the second scan did not come from the cache');
      scanned.push(first.ms);
      cached.push(second.ms);
    }
    detail(
      `scan-cache: Trivy stand-in with the DB current ${median(scanned).toFixed(0)} ms, ` +
        `from the scan cache ${median(cached).toFixed(0)} ms (medians of ${RUNS})`,
    );
    printBench({ name: 'scan-cache', ratio: median(cached) / median(scanned) });
  } finally {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  }
}
