// Bundles each entry point into one self-contained ESM file in dist/ (committed; CI fails when stale), with an
// external source map beside each (`action.js.map`, `cli.js.map`: src/ paths relative to the map and imagegate's
// sources inlined, so a stack maps without the src/ tree; see src/util/source-map-stacks.ts) and `licenses.txt`, the
// licenses of the npm packages bundled in. Every byte is deterministic: `.ci/run` bundles again and diffs dist/.
// `node scripts/bundle.mjs --outdir DIR` writes elsewhere: the Action tests bundle the current source that way.
import { build } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { licensesText } from './bundle-licenses.mjs';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });

const result = await build({
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
  // @cyclonedx/cyclonedx-library's optional plug-ins (XML output, its own JSON/XML validators) require these peer
  // packages only when such a feature is used; imagegate writes JSON only and validates in its tests, so they are
  // not installed, and left out of the bundle (the library reports a missing plug-in only when one is asked for).
  external: ['ajv-formats-draft2019', 'xmlbuilder2', 'libxmljs2'],
  // glob (make-fetch-happen's cache, under @sigstore/sign) exports a pre-minified file that carries copies of its
  // dependencies (minimatch, lru-cache, …) which licenses.txt could not name; `glob/raw` is the same code unbundled,
  // importing the installed packages, so every package in the bundle is one npm installed and its license is listed.
  alias: { glob: 'glob/raw' },
  // `linked` adds the `//# sourceMappingURL=` comment, so `node --enable-source-maps` and debuggers find the map too.
  sourcemap: 'linked',
  sourcesContent: true,
  metafile: true,
  legalComments: 'eof',
  logLevel: 'warning',
  charset: 'utf8',
});

// The npm packages' own sources are public at the pinned versions and would more than double the maps (about 7 MB),
// so only imagegate's sources are inlined; frames in a package still map to its file and line.
for (const output of Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.map'))) {
  const map = JSON.parse(await readFile(output, 'utf8'));
  map.sourcesContent = map.sources.map((source, index) =>
    source.split('/').includes('node_modules') ? null : map.sourcesContent[index],
  );
  await writeFile(output, JSON.stringify(map));
}

// Paths in the metafile are relative to the working directory, which is the repository (npm run bundle, the tests).
await writeFile(path.join(values.outdir, 'licenses.txt'), await licensesText(result.metafile, process.cwd()));
