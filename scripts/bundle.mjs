// Bundles each entry point into one self-contained ESM file in dist/ (committed; CI fails when stale).
// `node scripts/bundle.mjs --outdir DIR` writes elsewhere: the Action tests bundle the current source that way.
import { build } from 'esbuild';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });

await build({
  entryPoints: { action: 'src/action.ts', cli: 'src/cli.ts' },
  outdir: values.outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Some CommonJS dependencies call require() for Node built-ins; give the ESM bundle a real one.
  banner: {
    js: "import { createRequire as __imagegateCreateRequire } from 'node:module';\nconst require = __imagegateCreateRequire(import.meta.url);",
  },
  legalComments: 'eof',
  logLevel: 'warning',
  charset: 'utf8',
});
