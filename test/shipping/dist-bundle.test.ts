import { execa } from 'execa';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { node24Path } from '../support/node24.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

/**
 * What `npm run bundle` ships beside the bundles: source maps through which the CLI's and the Action's stacks name
 * src/ lines (on Node 20 and on the Action's Node 24), and licenses.txt for every bundled package; all of it the
 * same bytes on every run, since CI bundles again and diffs dist/.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = await tempDir('imagegate-dist-');
// Two bundles at the same depth, so relative paths in them agree: the second only proves the bytes repeat.
const dist = path.join(work, 'a', 'dist');
const again = path.join(work, 'b', 'dist');
for (const outdir of [dist, again]) {
  await execa(process.execPath, ['scripts/bundle.mjs', '--outdir', outdir], { cwd: repoRoot });
}

const runtimes: Array<[string, string]> = [[`node ${process.versions.node}`, process.execPath]];
const node24 = await node24Path();
if (node24) runtimes.push(['node 24', node24]);
else if (process.env.CI === 'true')
  throw new Error('Node 24 could not be fetched from npm (npm exec --package=node@24)');

interface SourceMapFile {
  version: number;
  sources: string[];
  sourcesContent: Array<string | null>;
  mappings: string;
}

async function readMap(bundle: string): Promise<SourceMapFile> {
  return JSON.parse(await readFile(path.join(dist, `${bundle}.map`), 'utf8')) as SourceMapFile;
}

/** Every file under dist/, relative and sorted (`chunks/…` included). */
async function distFiles(dir = dist): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The code files of dist/: the two entry bundles and the chunks (shared or loaded on demand) beside them. */
async function codeFiles(): Promise<string[]> {
  return (await distFiles()).filter((file) => file.endsWith('.js'));
}

/**
 * The files an entry bundle loads, itself included: every `./…` module it imports, statically or through import(),
 * and theirs in turn, read from the code itself (not from the bundler's own list).
 */
async function loadedBy(entry: string): Promise<Set<string>> {
  const loaded = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (loaded.has(file)) continue;
    loaded.add(file);
    const code = await readFile(path.join(dist, file), 'utf8');
    for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"(\.\.?\/[^"]+\.js)"/g)) {
      pending.push(path.posix.join(path.posix.dirname(file), match[1] as string));
    }
  }
  return loaded;
}

/** The files `start` loads before any of their code runs: themselves and their static imports, transitively. */
async function staticallyLoaded(start: readonly string[]): Promise<Set<string>> {
  const files = new Set<string>();
  const pending = [...start];
  while (pending.length > 0) {
    const file = path.posix.normalize(pending.pop() as string);
    if (files.has(file)) continue;
    files.add(file);
    const code = await readFile(path.join(dist, file), 'utf8');
    for (const match of code.matchAll(
      /^(?:import|export)\s[^;]*?\bfrom\s*"(\.\.?\/[^"]+\.js)"|^import\s*"(\.\.?\/[^"]+\.js)"/gm,
    )) {
      pending.push(path.posix.join(path.posix.dirname(file), (match[1] ?? match[2]) as string));
    }
  }
  return files;
}

/** The npm packages whose code is in `files`, read from their source maps. */
async function packagesIn(files: Iterable<string>): Promise<Set<string>> {
  const packages = new Set<string>();
  for (const file of files) {
    for (const source of (await readMap(file)).sources) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
      if (match) packages.add(match[1] as string);
    }
  }
  return packages;
}

/** The `at …` frames of a stack that name a file under the repository's src/, as [relative file, line]. */
function srcFrames(stack: string): Array<[string, number]> {
  const frames: Array<[string, number]> = [];
  const prefix = `${repoRoot}/`;
  for (const match of stack.matchAll(/^\s+at .*?\(?(\/[^\s()]+\.ts):(\d+):\d+\)?$/gm)) {
    const file = match[1] as string;
    if (file.startsWith(`${prefix}src/`)) frames.push([file.slice(prefix.length), Number(match[2])]);
  }
  return frames;
}

async function sourceLine(file: string, line: number): Promise<string> {
  return (await readFile(path.join(repoRoot, file), 'utf8')).split('\n')[line - 1] ?? '';
}

describe('dist/ bundles', () => {
  test('every file is the same bytes when bundled again', async () => {
    const files = await distFiles();
    // The entries and licenses.txt at the top; esbuild's chunks (shared code, code loaded on demand) in chunks/,
    // named by their content's hash, each with its map.
    expect(files.filter((file) => !file.startsWith('chunks/'))).toEqual([
      'action.js',
      'action.js.map',
      'cli.js',
      'cli.js.map',
      'licenses.txt',
    ]);
    const chunks = files.filter((file) => file.startsWith('chunks/'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(chunk).toMatch(/^chunks\/[\w-]+-[A-Z0-9]{8}\.js(\.map)?$/);
    for (const chunk of chunks.filter((file) => file.endsWith('.js'))) expect(chunks).toContain(`${chunk}.map`);
    expect(await distFiles(again)).toEqual(files);
    for (const file of files) {
      expect((await readFile(path.join(again, file))).equals(await readFile(path.join(dist, file)))).toBe(true);
    }
  });

  test.each(['action.js', 'cli.js'])(
    '%s links a map whose sources are relative and carry imagegate’s code',
    async (bundle) => {
      const code = await readFile(path.join(dist, bundle), 'utf8');
      expect(code.trimEnd().endsWith(`//# sourceMappingURL=${bundle}.map`)).toBe(true);
      const map = await readMap(bundle);
      expect(map.version).toBe(3);
      expect(map.sources.length).toBe(map.sourcesContent.length);
      // Nothing of this machine: no absolute path, no URL, no trace of the output directory.
      for (const source of map.sources) expect(source).not.toMatch(/^(\/|[a-z]+:)/i);
      const text = await readFile(path.join(dist, `${bundle}.map`), 'utf8');
      expect(text).not.toContain(work);
      expect(code).not.toContain(work);
      expect(code).not.toContain(repoRoot);

      const ownSources = map.sources.filter((source) => !source.split('/').includes('node_modules'));
      const entry = bundle === 'cli.js' ? 'src/cli.ts' : 'src/action.ts';
      const fromRepo = ownSources.map((source) => path.relative(repoRoot, path.resolve(dist, source)));
      expect(fromRepo).toContain(entry);
      // The stack mapper is loaded with the entry, from the entry itself or from a chunk it imports.
      const loadedSources: string[] = [];
      for (const file of await loadedBy(bundle)) {
        for (const source of (await readMap(file)).sources) {
          loadedSources.push(path.relative(repoRoot, path.resolve(path.dirname(path.join(dist, file)), source)));
        }
      }
      expect(loadedSources).toContain('src/util/source-map-stacks.ts');
      for (const [index, source] of map.sources.entries()) {
        const file = path.resolve(dist, source);
        const content = map.sourcesContent[index];
        // imagegate's sources are in the map, as they are on disk; the packages' are left out (see scripts/bundle.mjs).
        if (ownSources.includes(source)) expect(content).toBe(await readFile(file, 'utf8'));
        else expect(content).toBeNull();
      }
    },
  );

  // Issue 17: what runs before the first check of the arguments or inputs is compiled on every run, so it stays small.
  // Not a timing (bench: startup measures that): the files loaded up to that point, read from the code: the entry,
  // the module it import()s at its top level (run-cli, run-action), and everything they import statically; what a
  // command needs is import()ed inside that command's branch.
  test.each([
    ['cli.js', []],
    ['action.js', ['@actions/core']],
  ])('%s compiles under 150 kB before its first check, with no package but %j', async (entry, packages) => {
    const entryCode = await readFile(path.join(dist, entry), 'utf8');
    const files = await staticallyLoaded([
      entry,
      ...[...entryCode.matchAll(/await import\("(\.\/[^"]+\.js)"\)/g)].map((m) => m[1] as string),
    ]);
    expect(files.size).toBeGreaterThan(2);
    let bytes = 0;
    for (const file of files) bytes += (await readFile(path.join(dist, file))).length;
    expect(bytes).toBeLessThan(150_000);
    expect([...(await packagesIn(files))].sort()).toEqual(packages);
  });

  // Issue 17: the SBOM writers bring @cyclonedx/cyclonedx-library and packageurl-js, which only a run asking for an
  // SBOM uses: the pipeline import()s them there, so a plain `check` does not compile them (not a timing either).
  test('the pipeline loads the SBOM packages only when an SBOM is asked for', async () => {
    const pipeline = (await codeFiles()).filter((file) => /^chunks\/pipeline-[A-Z0-9]{8}\.js$/.test(file));
    expect(pipeline).toHaveLength(1);
    const files = await staticallyLoaded(pipeline);
    const packages = await packagesIn(files);
    expect(packages).toContain('yaml'); // the policy's parser: proves the packages are read at all
    expect([...packages].filter((name) => /cyclonedx|packageurl/.test(name))).toEqual([]);
    // They are still shipped, in what import() loads on demand.
    const onDemand = await packagesIn(await loadedBy(pipeline[0] as string));
    expect(onDemand).toContain('@cyclonedx/cyclonedx-library');
    expect(onDemand).toContain('packageurl-js');
  });

  test('every chunk links a map whose sources are relative and carry imagegate’s code', async () => {
    const chunks = (await codeFiles()).filter((file) => file.startsWith('chunks/'));
    for (const chunk of chunks) {
      const code = await readFile(path.join(dist, chunk), 'utf8');
      expect(code.trimEnd().endsWith(`//# sourceMappingURL=${path.posix.basename(chunk)}.map`)).toBe(true);
      expect(code).not.toContain(work);
      expect(code).not.toContain(repoRoot);
      const map = await readMap(chunk);
      expect(map.version).toBe(3);
      expect(map.sources.length).toBe(map.sourcesContent.length);
      for (const [index, source] of map.sources.entries()) {
        expect(source).not.toMatch(/^(\/|[a-z]+:)/i);
        const file = path.resolve(path.dirname(path.join(dist, chunk)), source);
        expect(file.startsWith(`${repoRoot}/`)).toBe(true);
        const content = map.sourcesContent[index];
        if (source.split('/').includes('node_modules')) expect(content).toBeNull();
        else expect(content).toBe(await readFile(file, 'utf8'));
      }
    }
  });

  test('licenses.txt names every bundled package with its license text', async () => {
    const licenses = await readFile(path.join(dist, 'licenses.txt'), 'utf8');
    expect(licenses).not.toContain(repoRoot);
    // The packages are read from the maps (every file esbuild put into a bundle or chunk), not from the bundler's own
    // list; each is named with the entry bundles that load it, at start or on demand.
    const packageDirs = new Map<string, Set<string>>();
    for (const bundle of ['action.js', 'cli.js']) {
      for (const file of await loadedBy(bundle)) {
        for (const source of (await readMap(file)).sources) {
          const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(
            path.relative(repoRoot, path.resolve(path.dirname(path.join(dist, file)), source)),
          );
          if (!match) continue;
          const dir = match[1] as string;
          if (!packageDirs.has(dir)) packageDirs.set(dir, new Set());
          packageDirs.get(dir)?.add(bundle);
        }
      }
    }
    expect(packageDirs.size).toBeGreaterThan(20);
    for (const [dir, bundles] of packageDirs) {
      const manifest = JSON.parse(await readFile(path.join(repoRoot, dir, 'package.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      const heading = `${manifest.name} ${manifest.version}\nLicense: `;
      expect(licenses).toContain(heading);
      // An entry: rule, `name version`, `License:`, `In:`, rule, its texts; up to the next entry's rule.
      const rule = `${'='.repeat(100)}\n`;
      const start = licenses.indexOf(heading);
      const end = licenses.indexOf(`\n${rule}`, licenses.indexOf(rule, start) + rule.length);
      const entry = licenses.slice(start, end < 0 ? undefined : end);
      // Two installed copies of one version share an entry, which names every bundle either copy is in.
      const named = /\nIn: ([^\n]*)\n/.exec(entry)?.[1]?.split(', ') ?? [];
      expect(named).toEqual(expect.arrayContaining([...bundles]));
      const licenseFile = (await readdir(path.join(repoRoot, dir))).find((name) => /^licen[cs]e(\.\w+)?$/i.test(name));
      if (licenseFile) {
        const text = (await readFile(path.join(repoRoot, dir, licenseFile), 'utf8')).replace(/\r\n?/g, '\n').trim();
        expect(entry).toContain(text);
      }
    }
    // Packages that are only in devDependencies never reach a bundle.
    expect(licenses).not.toMatch(/^(esbuild|jest|typescript) /m);
  });
});

describe('an internal error in the bundles names src/ lines', () => {
  // Not a user mistake and no hook in the code: stdout itself fails, injected from outside the bundle by a
  // preloaded module, so the CLI's and the Action's real error handling print the stack of a real call path.
  const breakStdout = path.join(work, 'break-stdout.mjs');
  beforeAll(async () => {
    await writeFile(
      breakStdout,
      [
        'const write = process.stdout.write.bind(process.stdout);',
        'process.stdout.write = (chunk, ...rest) => {',
        "  if (String(chunk).startsWith('::error::')) return write(chunk, ...rest);",
        "  throw new TypeError('stdout is broken');",
        '};',
      ].join('\n'),
    );
  });

  test.each(runtimes)('the CLI on %s', async (_name, node) => {
    const run = await execa(node, ['--import', breakStdout, path.join(dist, 'cli.js'), '--version'], {
      reject: false,
      cwd: work,
    });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('imagegate: internal error: TypeError: stdout is broken');
    const frames = srcFrames(run.stderr);
    expect(frames.map(([file]) => file)).toEqual([
      'src/cli/run-cli.ts',
      'src/cli/run-cli.ts',
      'src/cli/run-cli.ts',
      'src/cli.ts',
    ]);
    // The first frame is the line that writes to stdout, the last the entry's call of runCli.
    expect(await sourceLine(...(frames[0] as [string, number]))).toContain('process.stdout.write(text)');
    expect(await sourceLine(...(frames[3] as [string, number]))).toContain('await runCli(');
    expect(run.stderr).not.toContain(`${path.join(dist, 'cli.js')}:`);
  });

  test.each(runtimes)('the Action on %s', async (_name, node) => {
    const dir = path.join(work, `action-${_name.replace(/\W+/g, '-')}`);
    await execa('mkdir', ['-p', dir]);
    await writeFile(path.join(dir, 'output'), '');
    await writeFile(path.join(dir, 'summary'), '');
    await writeFile(
      path.join(dir, 'trivy.json'),
      JSON.stringify({ SchemaVersion: 2, ArtifactName: 'alpine:3.10', ArtifactType: 'container_image', Results: [] }),
    );
    const run = await execa(node, ['--import', breakStdout, path.join(dist, 'action.js')], {
      reject: false,
      cwd: dir,
      env: {
        GITHUB_OUTPUT: path.join(dir, 'output'),
        GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
        GITHUB_WORKSPACE: dir,
        'INPUT_TRIVY-REPORT': 'trivy.json',
      },
    });
    expect(run.exitCode).toBe(3);
    const failure = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
    const stack = failure.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
    expect(stack).toContain('::error::imagegate: internal error: TypeError: stdout is broken');
    const frames = srcFrames(stack);
    expect(frames.at(-1)?.[0]).toBe('src/action.ts');
    expect(frames.map(([file]) => file)).toContain('src/action/run-action.ts');
    for (const [file, line] of frames) expect(await sourceLine(file, line)).toMatch(/\S/);
    expect(await sourceLine(...(frames.at(-1) as [string, number]))).toContain('await runAction()');
    expect(stack).not.toContain(`${path.join(dist, 'action.js')}:`);
  });
  // @cyclonedx/cyclonedx-library's index reads schema files relative to __dirname when loaded, which does not exist
  // in the ESM bundle: src/report/sbom/cyclonedx.ts imports only the parts that need nothing from disk.
  test.each(runtimes)('the bundled CLI writes both SBOMs on %s', async (_name, node) => {
    const report = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
    if (!report) throw new Error('the shared corpus is needed: see test/support/shared.ts');
    const out = path.join(work, `sbom-${_name.replace(/\W+/g, '-')}`);
    const run = await execa(
      node,
      [path.join(dist, 'cli.js'), 'check', '--trivy-report', report, '--out-dir', out, '--sbom', 'cyclonedx,spdx'],
      { reject: false, cwd: work },
    );
    expect([run.exitCode, run.stderr]).toEqual([
      1,
      expect.stringContaining('SBOM: the Trivy report lists no packages'),
    ]);
    const cdx = JSON.parse(await readFile(path.join(out, 'imagegate.cdx.json'), 'utf8')) as { specVersion: string };
    const spdx = JSON.parse(await readFile(path.join(out, 'imagegate.spdx.json'), 'utf8')) as { spdxVersion: string };
    expect([cdx.specVersion, spdx.spdxVersion]).toEqual(['1.6', 'SPDX-2.3']);
  });
});
