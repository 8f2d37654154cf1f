import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, open, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImageArchive } from '../tools/archive/archive-writer.js';
import { walkTarFile, type FileRegion } from '../src/tar/tar-file.js';
import { detail, median, printBench } from './harness.js';
import { DEFAULT_SHAPE, ISSUE_SHAPE, layersBenchSpec, type LayersBenchShape } from './layers-fixture.js';
import { SMOKE, sized } from './smoke.js';

const RUNS = sized(3, 2);
const MiB = 1024 * 1024;
const here = path.dirname(fileURLToPath(import.meta.url));

interface BenchCase {
  name: string;
  bytes: number;
  gzip: boolean;
  shape: LayersBenchShape;
}

/** `IMAGEGATE_BENCH_SMOKE=1` (bench/smoke.ts): the issue's case at a tenth of its bytes, as CI runs it. */
const CASES: readonly BenchCase[] = SMOKE
  ? [{ name: 'layers-480MB', bytes: 48e6, gzip: false, shape: ISSUE_SHAPE }]
  : [
      // The issue's case: ~480 MB, 20 layers, ~48,000 files.
      { name: 'layers-480MB', bytes: 480e6, gzip: false, shape: ISSUE_SHAPE },
      { name: 'layers-256MiB', bytes: 256 * MiB, gzip: false, shape: DEFAULT_SHAPE },
      { name: 'layers-1GiB', bytes: 1024 * MiB, gzip: false, shape: DEFAULT_SHAPE },
      { name: 'layers-2GiB', bytes: 2048 * MiB, gzip: false, shape: DEFAULT_SHAPE },
      { name: 'layers-gzip-256MiB', bytes: 256 * MiB, gzip: true, shape: DEFAULT_SHAPE },
    ];

/** The policy the analysis is checked against: every rule that reads the layer contents is on. */
const POLICY = `version: 1
defaults:
  layers: { maxWasted: 10MB, minEfficiency: 95% }
  hygiene: { packageCaches: true, toolchains: true, dockerignore: true }
gate: { failOn: never }
`;

/**
 * Deep layer analysis against GNU tar on the same bytes, in the same run. Each archive is a deterministic
 * `docker save` (legacy layout) written by tools/archive/archive-writer.ts: 20 or 24 layers, ~50,000 or ~64,000
 * entries with rewrites, chmod-style rewrites, whiteouts, whole-directory whiteouts and opaque directories
 * (bench/layers-fixture.ts). Baseline, as issue 17 defines it: `tar -xOf ARCHIVE <every layer>` piped into
 * `tar -tv -i` (`-z` for gzip layers), i.e. the outer archive streamed into a verbose listing of every layer (modes,
 * owners, sizes and times are what imagegate reads too). The plain listing (`tar -t`, which formats nothing) is timed
 * as well and printed as a detail, so the stricter ratio stays visible. Subject: imagegate's full analysis in its
 * own process (bench/layers-worker.ts), digests verified. A second line per uncompressed case compares the subject
 * with the hashing bound (bench/layers-hash-bound.ts: SHA-256 of every layer blob, one worker thread per core).
 * Interleaved runs, medians; peak RSS is the subject's.
 */
export async function benchLayers(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-bench-layers-'));
  try {
    const space = await statfs(dir);
    const free = space.bavail * space.bsize;
    detail(`layers: ${(free / 2 ** 30).toFixed(1)} GiB free in ${tmpdir()}`);
    if (!SMOKE && free < 5 * 2 ** 30) {
      detail('layers: skipped, fewer than 5 GiB free for the 2 GiB archive and its outputs');
      return;
    }
    const policy = path.join(dir, 'policy.yml');
    await writeFile(policy, POLICY);
    // `IMAGEGATE_BENCH_LAYERS=layers-480MB` runs one case (profiling, a quick before/after).
    const only = process.env.IMAGEGATE_BENCH_LAYERS;
    for (const benchCase of CASES) if (!only || benchCase.name === only) await runCase(benchCase, dir, policy);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runCase(benchCase: BenchCase, dir: string, policy: string): Promise<void> {
  const archive = path.join(dir, `${benchCase.name}.tar`);
  const generated = process.hrtime.bigint();
  await writeImageArchive(archive, layersBenchSpec(benchCase.bytes, undefined, benchCase.shape), {
    format: 'docker-legacy',
    ...(benchCase.gzip ? { compression: 'gzip' as const, gzipLevel: 1 } : {}),
  });
  const size = (await stat(archive)).size;
  const layers = layerNames(archive);
  detail(
    `${benchCase.name}: ${(size / MiB).toFixed(0)} MiB archive, ${layers.length} layers, written in ` +
      `${(Number(process.hrtime.bigint() - generated) / 1e9).toFixed(1)} s`,
  );
  try {
    const listed = await tarListing(archive, layers, benchCase.gzip, true, false);
    const regions = benchCase.gzip ? undefined : await layerRegions(archive, layers);
    const baseline: number[] = [];
    const plainListing: number[] = [];
    const bound: number[] = [];
    const subject: number[] = [];
    let peak = 0;
    for (let run = 0; run < RUNS; run += 1) {
      baseline.push(await tarListing(archive, layers, benchCase.gzip, false));
      plainListing.push(await tarListing(archive, layers, benchCase.gzip, false, false));
      if (regions) bound.push(hashBound(archive, regions));
      const measured = analyze(archive, dir, policy);
      if (measured.entries !== listed) {
        throw new Error(`${benchCase.name}: imagegate saw ${measured.entries} entries, tar listed ${listed}`);
      }
      subject.push(measured.ms);
      peak = Math.max(peak, measured.maxRssMiB);
    }
    detail(
      `${benchCase.name}: imagegate median ${median(subject).toFixed(0)} ms (${subject.map((ms) => ms.toFixed(0)).join(', ')}), ` +
        `tar -tv median ${median(baseline).toFixed(0)} ms (${baseline.map((ms) => ms.toFixed(0)).join(', ')}), ${listed} entries`,
    );
    detail(
      `${benchCase.name}: tar -t (no -v) median ${median(plainListing).toFixed(0)} ms, imagegate ` +
        `${(median(subject) / median(plainListing)).toFixed(2)}× that`,
    );
    printBench({ name: benchCase.name, ratio: median(subject) / median(baseline), peakRssMiB: peak });
    if (bound.length > 0) {
      detail(
        `${benchCase.name}: hashing bound median ${median(bound).toFixed(0)} ms (${bound.map((ms) => ms.toFixed(0)).join(', ')}), ` +
          `${(median(bound) / median(baseline)).toFixed(2)}× tar`,
      );
      printBench({ name: `${benchCase.name}-vs-hash-bound`, ratio: median(subject) / median(bound) });
    }
  } finally {
    await rm(archive, { force: true });
    await rm(path.join(dir, 'out'), { recursive: true, force: true });
  }
}

function layerNames(archive: string): string[] {
  const manifest = spawnSync('tar', ['-xOf', archive, 'manifest.json'], { encoding: 'utf8', maxBuffer: 64 * MiB });
  if (manifest.status !== 0) throw new Error(`tar could not read manifest.json: ${manifest.stderr}`);
  return (JSON.parse(manifest.stdout) as Array<{ Layers: string[] }>)[0]?.Layers ?? [];
}

/** Where each layer blob lies in the (uncompressed) archive, for the hashing bound. */
async function layerRegions(archive: string, layers: string[]): Promise<FileRegion[]> {
  const file = await open(archive, 'r');
  const found = new Map<string, FileRegion>();
  try {
    await walkTarFile(file, { offset: 0, length: (await file.stat()).size }, { path: archive }, (entry) => {
      found.set(entry.name.replace(/^\.\//, ''), { offset: entry.dataOffset, length: entry.size });
      return undefined;
    });
  } finally {
    await file.close();
  }
  return [...new Set(layers)].map((name) => {
    const region = found.get(name);
    if (!region) throw new Error(`layer ${name} is not a regular entry of ${archive}`);
    return region;
  });
}

/** Wall time of hashing every layer blob over the cores (bench/layers-hash-bound.ts), in its own process. */
function hashBound(archive: string, regions: FileRegion[]): number {
  const tsx = path.join(here, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const result = spawnSync(
    process.execPath,
    [tsx, path.join(here, 'layers-hash-bound.ts'), archive, JSON.stringify(regions)],
    { encoding: 'utf8', maxBuffer: MiB },
  );
  if (result.status !== 0) throw new Error(`hashing bound failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { ms: number }).ms;
}

/**
 * Wall time of `tar -xOf ARCHIVE LAYERS… | tar -t[v] -i [-z]` (`verbose`, the default, is the baseline); with
 * `count`, the number of entries listed instead.
 */
function tarListing(archive: string, layers: string[], gzip: boolean, count: boolean, verbose = true): Promise<number> {
  const start = process.hrtime.bigint();
  const extract = spawn('tar', ['-xOf', archive, ...layers], { stdio: ['ignore', 'pipe', 'inherit'] });
  const list = spawn('tar', [verbose ? '-tv' : '-t', '-i', ...(gzip ? ['-z'] : []), '-f', '-'], {
    stdio: [extract.stdout, count ? 'pipe' : 'ignore', 'inherit'],
  });
  // The pipe now belongs to the two children; the parent's end would keep `extract` from closing.
  extract.stdout?.destroy();
  let lines = 0;
  list.stdout?.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 0x0a) lines += 1;
  });
  return Promise.all([exited(extract), exited(list)]).then(() =>
    count ? lines : Number(process.hrtime.bigint() - start) / 1e6,
  );
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}`))));
  });
}

function analyze(
  archive: string,
  dir: string,
  policy: string,
): { ms: number; maxRssMiB: number; wastedBytes: number; entries: number } {
  const tsx = path.join(here, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const result = spawnSync(
    process.execPath,
    [tsx, path.join(here, 'layers-worker.ts'), archive, dir, path.join(dir, 'out'), policy],
    { encoding: 'utf8', maxBuffer: MiB },
  );
  if (result.status !== 0) throw new Error(`bench worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { ms: number; maxRssMiB: number; wastedBytes: number; entries: number };
}
