import { existsSync } from 'node:fs';
import { benchStartup } from './startup.js';

/** `npm run bench`: every benchmark, one `bench:` line each. Run `npm run bundle` first: start-up uses dist/. */
if (!existsSync('dist/cli.js') || !existsSync('dist/action.js')) {
  process.stderr.write('bench: dist/ is missing; run `npm run bundle` first\n');
  process.exit(2);
}
benchStartup();
