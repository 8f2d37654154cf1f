// dist/licenses.txt: the npm packages esbuild put into the bundles (from its metafile), each with its name, version,
// declared license and the text of its LICENSE/LICENCE/COPYING files. Deterministic (sorted, LF line ends, no
// absolute paths), since CI diffs a fresh bundle against the committed dist/.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying)([.-][\w.-]*)?$/i;

/**
 * The package directory of a bundled file, relative to the repository: everything up to and including the package
 * folder after the last `node_modules/` (`node_modules/a/node_modules/@s/b/lib/x.js` → `node_modules/a/node_modules/@s/b`).
 * Undefined for the project's own files.
 */
export function packageDirOf(input) {
  const parts = input.split('/');
  const last = parts.lastIndexOf('node_modules');
  if (last < 0 || last + 1 >= parts.length) return undefined;
  const length = parts[last + 1]?.startsWith('@') ? 3 : 2;
  return parts.slice(0, last + length).join('/');
}

/**
 * The entry bundles (by base name: `action.js`, `cli.js`) that load each output file, at start or on demand: an entry
 * loads itself and every chunk it imports, statically or through import(), directly or through other chunks. Chunk
 * names carry a content hash, so licenses.txt names the entry bundles, which stay put, rather than the chunks.
 */
export function entriesLoading(metafile) {
  const loaders = new Map();
  for (const [output, { entryPoint }] of Object.entries(metafile.outputs)) {
    if (!entryPoint || output.endsWith('.map')) continue;
    const entry = path.posix.basename(output);
    const pending = [output];
    const seen = new Set();
    while (pending.length > 0) {
      const file = pending.pop();
      if (seen.has(file)) continue;
      seen.add(file);
      if (!loaders.has(file)) loaders.set(file, new Set());
      loaders.get(file).add(entry);
      for (const imported of metafile.outputs[file]?.imports ?? []) {
        if (!imported.external && metafile.outputs[imported.path]) pending.push(imported.path);
      }
    }
  }
  return loaders;
}

/** Bundled package directories, each with the entry bundles (by base name) that contain or load it. */
export function bundledPackages(metafile) {
  const loaders = entriesLoading(metafile);
  const packages = new Map();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    if (output.endsWith('.map')) continue;
    for (const input of Object.keys(inputs)) {
      const dir = packageDirOf(input);
      if (!dir) continue;
      if (!packages.has(dir)) packages.set(dir, new Set());
      for (const entry of loaders.get(output) ?? []) packages.get(dir).add(entry);
    }
  }
  return packages;
}

function declaredLicense(manifest) {
  if (typeof manifest.license === 'string') return manifest.license;
  if (manifest.license && typeof manifest.license.type === 'string') return manifest.license.type;
  if (Array.isArray(manifest.licenses))
    return manifest.licenses.map((entry) => entry.type ?? String(entry)).join(' OR ');
  return 'not declared in package.json';
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The whole licenses.txt for an esbuild metafile whose input paths are relative to `root`. */
export async function licensesText(metafile, root) {
  const entries = [];
  for (const [dir, outputs] of bundledPackages(metafile)) {
    const manifest = JSON.parse(await readFile(path.join(root, dir, 'package.json'), 'utf8'));
    const names = (await readdir(path.join(root, dir))).filter((name) => LICENSE_FILE.test(name)).sort(compare);
    const texts = [];
    for (const name of names) {
      const text = (await readFile(path.join(root, dir, name), 'utf8')).replace(/\r\n?/g, '\n').trimEnd();
      texts.push(names.length > 1 ? `--- ${name}\n${text}` : text);
    }
    entries.push({
      dir,
      name: manifest.name,
      version: manifest.version,
      license: declaredLicense(manifest),
      outputs: [...outputs].sort(compare).join(', '),
      text: texts.length > 0 ? texts.join('\n\n') : '(the package ships no LICENSE, LICENCE or COPYING file)',
    });
  }
  entries.sort((a, b) => compare(a.name, b.name) || compare(a.version, b.version) || compare(a.dir, b.dir));
  // npm may install the same package version twice (nested under two dependents); one entry then names every
  // bundle either copy is in, so a reader looking a package up finds all of them.
  const merged = [];
  for (const entry of entries) {
    const same = merged.find(
      (other) =>
        other.name === entry.name &&
        other.version === entry.version &&
        other.license === entry.license &&
        other.text === entry.text,
    );
    if (!same) {
      merged.push({ ...entry });
      continue;
    }
    same.outputs = [...new Set([...same.outputs.split(', '), ...entry.outputs.split(', ')])].sort(compare).join(', ');
  }
  entries.length = 0;
  entries.push(...merged);
  const rule = '='.repeat(100);
  const header =
    'Third-party packages bundled into dist/ (generated by scripts/bundle.mjs from the bundles; do not edit).\n' +
    `${entries.length} packages; each entry: name, version, the license its package.json declares, the bundles ` +
    'it is in, and the text of its license files.\n';
  const body = entries.map(
    (entry) =>
      `${rule}\n${entry.name} ${entry.version}\nLicense: ${entry.license}\nIn: ${entry.outputs}\n${rule}\n\n${entry.text}\n`,
  );
  return [header, ...body].join('\n');
}
