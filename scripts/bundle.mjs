// Bundles the entry points into dist/ (committed; CI fails when stale): `action.js` and `cli.js`, and in dist/chunks/
// the code they share or load only when a command needs it (esbuild's code splitting: `imagegate --version` compiles
// a few kB, not the whole 5 MB, see issue 17), each file with an external source map beside it (`*.js.map`: src/
// paths relative to the map and imagegate's sources inlined, so a stack maps without the src/ tree; see
// src/util/source-map-stacks.ts) and `licenses.txt`, the licenses of the npm packages bundled in. Every byte is
// deterministic (chunk names carry a hash of their content): `.ci/run` bundles again and diffs dist/.
// `node scripts/bundle.mjs --outdir DIR` writes elsewhere: the Action tests bundle the current source that way.
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { licensesText } from './bundle-licenses.mjs';

/**
 * @actions/core's index imports its OIDC client (@actions/http-client, so all of undici: ~0.9 MB) and its platform
 * details (@actions/exec, @actions/io) for getIDToken() and `platform`, which imagegate never calls. Both modules only
 * define functions and classes when loaded, so they are declared free of side effects: esbuild then leaves them out
 * wherever those exports go unused, and the Action no longer compiles undici before its first input check (issue 17).
 * Code that does use @actions/http-client (the publishers, the caches) still imports it, on demand.
 */
function actionsCoreLeaves() {
  const leaves = new Set(['./oidc-utils.js', './platform.js']);
  return {
    name: 'actions-core-leaves',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\/(oidc-utils|platform)\.js$/ }, (args) => {
        if (!leaves.has(args.path) || !args.importer.split(path.sep).join('/').includes('/@actions/core/lib/')) {
          return undefined;
        }
        return { path: path.join(path.dirname(args.importer), args.path), sideEffects: false };
      });
    },
  };
}

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });

// Chunk names change with their content and esbuild never deletes old ones: start from an empty chunks/ so a chunk no
// entry loads any more disappears from dist/ (and `.ci/run` sees it as stale) instead of lingering there.
await rm(path.join(values.outdir, 'chunks'), { recursive: true, force: true });

const result = await build({
  entryPoints: { action: 'src/action.ts', cli: 'src/cli.ts' },
  outdir: values.outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Chunks are ESM too (node24 loads them beside action.js; package.json's "type": "module" covers dist/chunks/).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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
  plugins: [actionsCoreLeaves()],
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
