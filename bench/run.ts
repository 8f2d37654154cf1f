import { existsSync } from 'node:fs';
import path from 'node:path';
import { benchLayers } from './layers.js';
import { benchRescanPlan } from './rescan-plan.js';
import { benchStartup } from './startup.js';
import { benchTrivy100k } from './trivy-100k.js';

/** `npm run bench`: every benchmark, one `bench:` line each. Run `npm run bundle` first: start-up uses dist/. */
if (!existsSync('dist/cli.js') || !existsSync('dist/action.js')) {
  process.stderr.write('bench: dist/ is missing; run `npm run bundle` first\n');
  process.exit(2);
}
const shared = [process.env.IMAGEGATE_SHARED, path.resolve('..', 'shared'), '/work/shared'].find(
  (dir) => dir !== undefined && existsSync(path.join(dir, 'corpus', 'trivy')),
);

benchStartup();
await benchTrivy100k(shared ? path.join(shared, 'corpus', 'trivy') : undefined);
await benchLayers();
await benchRescanPlan();
