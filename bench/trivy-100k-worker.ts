import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runPipeline } from '../src/pipeline/pipeline.js';
import { MemoryLogger } from '../src/util/logger.js';
import { noRedaction } from '../src/util/redact.js';

/**
 * One measured phase in a fresh process, so that peak RSS belongs to that phase alone:
 * `baseline FILE` — JSON.parse + JSON.stringify of the report; `imagegate FILE DOCKERFILE OUT` — the real pipeline
 * on the report alone (parse, checks, gate, SARIF, summary, imagegate.json). Prints `{ms, maxRssMiB}`.
 */
const [phase, file, dockerfile, outDir] = process.argv.slice(2);
const start = process.hrtime.bigint();
if (phase === 'baseline') {
  const text = await readFile(file!, 'utf8');
  // Kept alive to the end, as imagegate's output is: what is measured is parse + stringify, not a dead-code shortcut.
  const copy = JSON.stringify(JSON.parse(text));
  if (copy.length === 0) throw new Error('empty');
} else {
  const workspace = path.dirname(dockerfile!);
  await runPipeline(
    {
      workspace,
      image: { kind: 'trivy-report' },
      dockerfile: dockerfile!,
      buildArgs: {},
      outDir: outDir!,
      scan: { kind: 'report', file: file! },
      compose: { files: [], envFiles: [], skip: true },
      environment: {},
      // The benchmark's report lives outside the Dockerfile's directory: allow its directory too.
      allowedRoots: [workspace, path.dirname(file!)],
    },
    {
      logger: new MemoryLogger(),
      redactor: noRedaction(),
      scan: {
        trivyInstallCache: { kind: 'directory', dir: outDir! },
        defaultCacheDir: outDir!,
        processEnv: process.env,
      },
    },
  );
}
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
