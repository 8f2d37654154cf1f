import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { APPLICATION_ONLY_PACKAGES, LAYERS, layerOf } from './scripts/layers.mjs';

const CHILD_PROCESS = [
  { name: 'child_process', message: 'Run processes through src/util/exec.ts.' },
  { name: 'node:child_process', message: 'Run processes through src/util/exec.ts.' },
];

/**
 * The direction of src/ (scripts/layers.mjs, docs/architecture.md): one override per source directory, forbidding
 * the relative specifiers that climb out of it into a layer above (or into another publisher), and, below the
 * applications, process.env and the @actions packages whose adapters live in src/action/. Specifiers are matched
 * by how many `../` reach src/ from that directory, so `../report/` from src/scan/runner/ (src/scan/report/) is not
 * mistaken for src/report/.
 */
function directionRules() {
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const directories = (dir) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => [path.posix.join(dir, entry.name), ...directories(path.posix.join(dir, entry.name))]);
  const configs = [];
  for (const directory of ['src', ...directories('src')]) {
    const relative = directory === 'src' ? '' : directory.slice('src/'.length);
    const depth = relative === '' ? 0 : relative.split('/').length;
    const layer = relative === '' ? layerOf('version.ts') : layerOf(`${relative}/x.ts`);
    if (layer <= 0) continue;
    const own = relative.split('/')[0];
    const above = LAYERS.slice(0, layer);
    const folders = [
      ...above.flatMap((entry) => entry.folders),
      ...(LAYERS[layer].peersApart ? LAYERS[layer].folders.filter((folder) => folder !== own) : []),
    ];
    const files = above.flatMap((entry) => entry.files ?? []).map((file) => file.replace(/\.ts$/, '.js'));
    const up = depth === 0 ? '\\./' : `(?:\\.\\./){${depth}}`;
    const regex = `^${up}(?:(?:${folders.map(escape).join('|')})/|(?:${files.map(escape).join('|')})$)`;
    configs.push({
      files: [relative === '' ? 'src/*.ts' : `${directory}/*.ts`],
      ignores: relative === '' ? ['src/cli.ts', 'src/action.ts'] : [],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [
              ...CHILD_PROCESS,
              ...APPLICATION_ONLY_PACKAGES.map((name) => ({
                name,
                message: 'Only the Action (src/action/) talks to the runner; take what you need as an option.',
              })),
            ],
            patterns: [
              {
                regex,
                message: `${LAYERS[layer].name} may not import a layer above it (docs/architecture.md, scripts/layers.mjs).`,
              },
            ],
          },
        ],
        'no-restricted-properties': [
          'error',
          {
            object: 'process',
            property: 'env',
            message: 'Only the applications read the environment; take what you need as an option.',
          },
        ],
      },
    });
  }
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/**', 'examples/site/**', 'node_modules/**', 'coverage/**', 'imagegate-out/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: CHILD_PROCESS }],
    },
  },
  ...directionRules(),
  {
    files: ['test/**', 'bench/**', 'scripts/**', 'tools/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
