import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingSharedMessage } from '../scripts/shared-dir.js';
import { detail, median, printBench } from './harness.js';
import { sized } from './smoke.js';
import { writeReplicatedReport } from './trivy-report-fixture.js';

const COUNT = sized(100_000, 2_000);
const RUNS = sized(3, 2);
const here = path.dirname(fileURLToPath(import.meta.url));

/** The Dockerfile behind the corpus image fluentd-gems, so findings get real locations. */
const FLUENTD_DOCKERFILE = `FROM debian:10.2
CMD ["bash"]
ARG DEBIAN_FRONTEND=noninteractive
COPY Gemfile /tmp/Gemfile
COPY install.sh /tmp/install.sh
RUN chmod +x /tmp/install.sh && /tmp/install.sh
COPY fluent.conf /fluentd/etc/fluent.conf
COPY run.sh /run.sh
EXPOSE 80
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
CMD ["/run.sh"]
`;

function runWorker(args: string[]): { ms: number; maxRssMiB: number } {
  const tsx = path.join(here, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const result = spawnSync(process.execPath, [tsx, path.join(here, 'trivy-100k-worker.ts'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`bench worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { ms: number; maxRssMiB: number };
}

/**
 * 100,000 vulnerabilities through imagegate (parse, checks, gate, SARIF, summary, imagegate.json) against bare
 * JSON.parse + JSON.stringify of the same file, each in its own process, interleaved, medians of three runs.
 */
export async function benchTrivy100k(corpusDir: string | undefined): Promise<void> {
  if (!corpusDir || !existsSync(corpusDir)) {
    detail(`trivy-100k: skipped, it ${missingSharedMessage(['corpus', 'trivy'])}`);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-bench-trivy-'));
  try {
    const report = path.join(dir, 'trivy-100k.json');
    await writeReplicatedReport(corpusDir, COUNT, report);
    const dockerfile = path.join(dir, 'Dockerfile');
    await writeFile(dockerfile, FLUENTD_DOCKERFILE);
    detail(`trivy-100k: report of ${COUNT} vulnerabilities, ${((await stat(report)).size / 2 ** 20).toFixed(0)} MiB`);
    const baseline: number[] = [];
    const subject: number[] = [];
    let peak = 0;
    let basePeak = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const base = runWorker(['baseline', report]);
      baseline.push(base.ms);
      basePeak = Math.max(basePeak, base.maxRssMiB);
      const measured = runWorker(['imagegate', report, dockerfile, path.join(dir, 'out')]);
      subject.push(measured.ms);
      peak = Math.max(peak, measured.maxRssMiB);
    }
    detail(
      `trivy-100k: imagegate median ${median(subject).toFixed(0)} ms, JSON.parse+stringify ${median(baseline).toFixed(0)} ms; ` +
        `peak RSS ${peak.toFixed(0)} MiB, bare parse's ${basePeak.toFixed(0)} MiB (${(peak / basePeak).toFixed(2)}×)`,
    );
    printBench({ name: 'trivy-100k', ratio: median(subject) / median(baseline), peakRssMiB: peak });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
