import path from 'node:path';
import { runPipeline } from '../src/pipeline/pipeline.js';
import { MemoryLogger } from '../src/util/logger.js';
import { noRedaction } from '../src/util/redact.js';

/**
 * One full imagegate analysis of an image archive in a fresh process, so peak RSS belongs to it alone: the real
 * pipeline with the scan skipped (archive indexed, every layer read once with its digest verified and its file tree
 * recorded, the layers replayed for wasted bytes and leftovers, the checks of POLICY, the gate, SARIF, summary and
 * imagegate.json). `ARCHIVE WORKSPACE OUT POLICY`; prints `{ms, maxRssMiB, wastedBytes, entries}`.
 */
const [archive, workspace, outDir, policyFile] = process.argv.slice(2) as [string, string, string, string];
const start = process.hrtime.bigint();
const { result } = await runPipeline(
  {
    workspace,
    image: { kind: 'archive', path: archive },
    buildArgs: {},
    policyFile,
    outDir,
    scan: { kind: 'skip' },
    compose: { files: [], envFiles: [], skip: true },
    environment: {},
    allowedRoots: [workspace, path.dirname(policyFile)],
  },
  {
    logger: new MemoryLogger(),
    redactor: noRedaction(),
    scan: { trivyInstallCache: { kind: 'directory', dir: outDir }, defaultCacheDir: outDir, processEnv: process.env },
  },
);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
if (!result.image.contents) throw new Error('the analysis gave no contents');
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    wastedBytes: result.image.contents.wastedBytes,
    entries: result.image.contents.layers.reduce((sum, layer) => sum + layer.entries, 0),
  }),
);
