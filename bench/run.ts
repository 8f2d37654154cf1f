import { existsSync } from 'node:fs';
import path from 'node:path';
import { findSharedDir, missingSharedMessage, SHARED_ENV } from '../scripts/shared-dir.js';
import { benchLayers } from './layers.js';
import { benchRescanPlan } from './rescan-plan.js';
import { benchScanCache } from './scan-cache.js';
import { benchStartup } from './startup.js';
import { benchTrivy100k } from './trivy-100k.js';

/**
 * `npm run bench`: every benchmark, one `bench:` line each. Run `npm run bundle` first: start-up uses dist/.
 * trivy-100k reads the shared corpus (scripts/shared-dir.ts: `../shared` beside the repository, or IMAGEGATE_SHARED)
 * and is skipped, saying so, without it; a variable that names no corpus is a mistake and stops the run.
 */
const corpusParts = ['corpus', 'trivy'];
const shared = findSharedDir(corpusParts);
if (!shared && process.env[SHARED_ENV]) {
  process.stderr.write(`bench: trivy-100k ${missingSharedMessage(corpusParts)}\n`);
  process.exit(2);
}
if (!existsSync('dist/cli.js') || !existsSync('dist/action.js')) {
  process.stderr.write('bench: dist/ is missing; run `npm run bundle` first\n');
  process.exit(2);
}

benchStartup();
await benchTrivy100k(shared ? path.join(shared, ...corpusParts) : undefined);
await benchLayers();
await benchRescanPlan();
await benchScanCache(shared ? path.join(shared, ...corpusParts) : undefined);
