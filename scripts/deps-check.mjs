// Counts the imports in src/ that run against the direction of scripts/layers.mjs (an import of a layer above,
// or between two publishers), and the reads of process.env / imports of @actions/core, cache, tool-cache below
// the applications. Prints each and the totals; exits 1 when any is found. `--root DIR` checks another tree.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { APPLICATION_ONLY_PACKAGES, LAYERS, layerOf } from './layers.mjs';

const { values } = parseArgs({ options: { root: { type: 'string', default: 'src' } } });
const root = values.root;
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
const specifier = /(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g;
const against = [];
const environment = [];
for (const file of walk(root).filter((name) => name.endsWith('.ts'))) {
  const relative = path.relative(root, file).split(path.sep).join('/');
  const from = layerOf(relative);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(specifier)) {
    const spec = match[1];
    if (spec.startsWith('.')) {
      const target = path
        .relative(root, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/');
      const to = layerOf(target);
      if (from < 0 || to < 0) continue;
      const peers = from === to && LAYERS[from].peersApart && target.split('/')[0] !== relative.split('/')[0];
      if (to < from || peers) against.push(`${relative} → ${target} (${LAYERS[from].name} → ${LAYERS[to].name})`);
    } else if (from > 0 && APPLICATION_ONLY_PACKAGES.includes(spec)) {
      environment.push(`${relative} imports ${spec}`);
    }
  }
  if (from > 0 && /\bprocess\.env\b/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) {
    environment.push(`${relative} reads process.env`);
  }
}
for (const line of [...against, ...environment]) console.log(line);
console.log(
  `against the direction: ${against.length} imports; below the applications: ${environment.length} uses of process.env or @actions/*`,
);
process.exitCode = against.length + environment.length > 0 ? 1 : 0;
