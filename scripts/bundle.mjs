// Bundles each entry point into one self-contained ESM file in dist/ (committed; CI fails when stale).
import { build } from 'esbuild';
const entryPoints = { action: 'src/action.ts', cli: 'src/cli.ts' };

await build({
  entryPoints,
  outdir: 'dist',
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
