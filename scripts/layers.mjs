// The direction of src/ (docs/architecture.md): each folder may import its own layer and the layers below it, never
// one above. eslint.config.js turns this table into `no-restricted-imports` rules, and scripts/deps-check.mjs counts
// the imports that run against it (`npm run deps:check`). Top first.
export const LAYERS = [
  { name: 'applications', folders: ['cli', 'action', 'rescan'], files: ['cli.ts', 'action.ts'] },
  { name: 'pipeline', folders: ['pipeline', 'config'] },
  { name: 'publishers', folders: ['github', 'gitlab'], peersApart: true },
  { name: 'reports', folders: ['report', 'baseline'] },
  { name: 'checks', folders: ['checks', 'vex'] },
  { name: 'facts', folders: ['image', 'dockerfile', 'compose', 'scan'] },
  { name: 'policy', folders: ['policy'] },
  { name: 'vocabulary', folders: ['model'] },
  { name: 'libraries', folders: ['tar', 'json', 'http', 'util'], files: ['version.ts'] },
];

/** Folders below the applications may not read process.env or use these packages (adapters live in src/action/). */
export const APPLICATION_ONLY_PACKAGES = ['@actions/core', '@actions/cache', '@actions/tool-cache'];

/** The layer index (0 = top) of a path relative to src/, or undefined for a file no layer names. */
export function layerOf(relative) {
  const [first, ...rest] = relative.split('/');
  return LAYERS.findIndex((layer) =>
    rest.length === 0 ? (layer.files ?? []).includes(first) : layer.folders.includes(first),
  );
}
