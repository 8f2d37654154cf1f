import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir, truncate, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { readImage } from '../../src/image/read-image.js';
import type { ImageReadLimits } from '../../src/image/read-options.js';
import { ConfigurationError, ExitCode } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import {
  item,
  makeTempDir,
  readTarItems,
  rewriteTar,
  sampleSpec,
  writeTarItems,
  type TarItem,
} from './support/archives.js';

/**
 * Corrupt, truncated and hostile archives. Each must be a ConfigurationError (exit 2) whose message names the
 * archive and the entry or byte where it went wrong: no stack trace, no partial facts, nothing extracted.
 */

let dir: string;
let cleanup: () => Promise<void>;
let legacy: string;
let legacyItems: TarItem[];
let blocks: Map<string, number>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('imagegate-bad-'));
  legacy = path.join(dir, 'good-legacy.tar');
  await writeImageArchive(legacy, sampleSpec(), { format: 'docker-legacy' });
  legacyItems = await readTarItems(legacy);
  // Header offsets as GNU tar reports them (`-R`), independent of the reader under test.
  blocks = new Map(
    execFileSync('tar', ['-tRf', legacy])
      .toString()
      .trim()
      .split('\n')
      .filter((line) => !line.includes('End of File'))
      .map((line) => {
        const match = /^block (\d+): (.*)$/.exec(line) as RegExpExecArray;
        return [(match[2] as string).replace(/\/$/, ''), Number(match[1]) * 512] as const;
      }),
  );
});
afterAll(async () => cleanup());

async function failure(
  target: string,
  kind: 'archive' | 'oci-layout' = 'archive',
  limits?: Partial<ImageReadLimits>,
): Promise<ConfigurationError> {
  const error = await readImage(
    { kind, path: target },
    { logger: new MemoryLogger(), ...(limits ? { limits } : {}) },
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).exitCode).toBe(ExitCode.Configuration);
  return error as ConfigurationError;
}

async function variant(name: string, edit: (items: TarItem[]) => TarItem[]): Promise<string> {
  const target = path.join(dir, name);
  await rewriteTar(legacy, target, edit);
  return target;
}

function layerNames(): string[] {
  return (JSON.parse(item(legacyItems, 'manifest.json').body?.toString() ?? '') as [{ Layers: string[] }])[0].Layers;
}

function configName(): string {
  return (JSON.parse(item(legacyItems, 'manifest.json').body?.toString() ?? '') as [{ Config: string }])[0].Config;
}

async function cut(name: string, length: number): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, (await readFile(legacy)).subarray(0, length));
  return target;
}

test('truncated in a header', async () => {
  const at = blocks.get(configName()) as number;
  const error = await failure(await cut('cut-header.tar', at + 100));
  expect(error.message).toContain(`cut-header.tar: truncated in the header of entry #`);
  expect(error.message).toContain(`at byte ${at}: 100 of 512 header bytes present`);
});

test('truncated in a body', async () => {
  const layer = layerNames()[0] as string;
  const at = (blocks.get(layer) as number) + 512 + 1000;
  const error = await failure(await cut('cut-body.tar', at));
  expect(error.message).toMatch(
    new RegExp(
      `truncated in the body of "${layer}" \\(entry #\\d+\\): \\d+ of 302080 bytes missing, the archive ends at byte ${at}`,
    ),
  );
});

test('bad header checksum', async () => {
  const at = blocks.get(configName()) as number;
  const bytes = await readFile(legacy);
  bytes[at + 5] = (bytes[at + 5] as number) ^ 0x01;
  const target = path.join(dir, 'checksum.tar');
  await writeFile(target, bytes);
  expect((await failure(target)).message).toMatch(
    new RegExp(`checksum.tar: bad header checksum at byte ${at} \\(entry #\\d+\\)`),
  );
});

test('not a tar at all', async () => {
  const target = path.join(dir, 'text.tar');
  await writeFile(target, 'this is a text file, not an image archive\n'.repeat(40));
  expect((await failure(target)).message).toMatch(/text\.tar: not a tar archive$/);
});

test('no manifest.json and no index.json', async () => {
  const target = await variant('no-manifest.tar', (items) => items.filter((i) => i.name !== 'manifest.json'));
  expect((await failure(target)).message).toMatch(
    /no-manifest\.tar: not an image archive: it has neither manifest\.json/,
  );
});

test('manifest pointing at a missing layer', async () => {
  const missing = layerNames()[1] as string;
  const target = await variant('missing-layer.tar', (items) => items.filter((i) => i.name !== missing));
  expect((await failure(target)).message).toContain(
    `manifest.json[0].Layers[1] names layer ${missing}, which is not in the archive`,
  );
});

test.each([
  ['../../etc/passwd', "has a '..' segment"],
  ['/etc/passwd', 'is an absolute path'],
  ['blobs/../../../etc/shadow', "has a '..' segment"],
])('hostile entry name %s', async (name, problem) => {
  const target = path.join(dir, 'hostile.tar');
  await writeTarItems(target, [...legacyItems, { name, body: Buffer.from('root:x:0:0::/root:/bin/sh\n') }]);
  const error = await failure(target);
  expect(error.message).toMatch(
    new RegExp(`hostile\\.tar: archive entry "${name.replace(/[.*/]/g, '\\$&')}" \\(header at byte \\d+\\) ${problem}`),
  );
});

test('a manifest Config pointer and a layer symlink that leave the archive', async () => {
  const config = await variant('config-escape.tar', (items) =>
    items.map((i) =>
      i.name === 'manifest.json'
        ? { ...i, body: Buffer.from(i.body?.toString().replace(configName(), '../../etc/passwd') ?? '') }
        : i,
    ),
  );
  expect((await failure(config)).message).toMatch(
    /manifest\.json\[0\]\.Config "\.\.\/\.\.\/etc\/passwd" points outside the archive/,
  );
  const layer = layerNames()[0] as string;
  const link = await variant('link-escape.tar', (items) =>
    items.map((i) => (i.name === layer ? { name: layer, type: 'symlink', linkname: '../../../etc/passwd' } : i)),
  );
  expect((await failure(link)).message).toMatch(
    new RegExp(`link ${layer} \\(header at byte \\d+\\) "\\.\\./\\.\\./\\.\\./etc/passwd" points outside the archive`),
  );
});

test('diffId mismatch between the config and the layer', async () => {
  const original = configName();
  const config = JSON.parse(item(legacyItems, original).body?.toString() ?? '') as { rootfs: { diff_ids: string[] } };
  config.rootfs.diff_ids[2] = `sha256:${'0'.repeat(64)}`;
  const body = Buffer.from(JSON.stringify(config));
  const renamed = `${createHash('sha256').update(body).digest('hex')}.json`;
  const target = await variant('diffid.tar', (items) =>
    items.map((i) => {
      if (i.name === original) return { name: renamed, body };
      if (i.name === 'manifest.json')
        return { ...i, body: Buffer.from(i.body?.toString().replace(original, renamed) ?? '') };
      return i;
    }),
  );
  expect((await failure(target)).message).toContain(
    `layer ${layerNames()[2]} (manifest.json[0].Layers[2]): diffId mismatch: the config's rootfs.diff_ids says sha256:${'0'.repeat(64)}`,
  );
});

test('a config whose content does not match its name', async () => {
  const target = await variant('config-digest.tar', (items) =>
    items.map((i) =>
      i.name === configName()
        ? { ...i, body: Buffer.from(i.body?.toString().replace('"User":"1000:1000"', '"User":"0"') ?? '') }
        : i,
    ),
  );
  expect((await failure(target)).message).toMatch(
    /image config [a-f0-9]{64}\.json is named sha256:[a-f0-9]{64} but its content hashes to/,
  );
});

test('blob digest mismatch in an OCI layout (same size, one byte changed)', async () => {
  const layout = path.join(dir, 'blob-mismatch');
  const [written] = await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir' });
  const blob = path.join(layout, 'blobs', 'sha256', (written?.layers[0]?.digest ?? '').slice(7));
  const bytes = await readFile(blob);
  bytes[2048] = (bytes[2048] as number) ^ 0xff; // inside bin/busybox's body: still a valid tar
  await writeFile(blob, bytes);
  expect((await failure(layout, 'oci-layout')).message).toContain(
    `layer blobs/sha256/${written?.layers[0]?.digest.slice(7)} (manifest ${written?.manifestDigest} layers[0]): blob digest mismatch: expected ${written?.layers[0]?.digest}`,
  );
});

test('a gzip bomb over the inflate cap', async () => {
  const layout = path.join(dir, 'bomb');
  const spec = sampleSpec({
    steps: [
      { createdBy: 'ADD zeros', entries: [{ path: 'zeros', type: 'file', content: Buffer.alloc(8 * 1024 * 1024) }] },
    ],
  });
  const [written] = await writeImageArchive(layout, spec, { format: 'oci-dir', compression: 'gzip' });
  expect(written?.layers[0]?.blobSize).toBeLessThan(64 * 1024);
  const error = await failure(layout, 'oci-layout', { maxInflatedLayerBytes: 1024 * 1024 });
  expect(error.message).toMatch(
    /bomb\/blobs\/sha256\/[a-f0-9]{64}: layer: decompresses to more than 1048576 bytes .* refusing a possible compression bomb/,
  );
});

test('a truncated gzip layer', async () => {
  const layout = path.join(dir, 'gzip-cut');
  const [written] = await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
  const blob = path.join(layout, 'blobs', 'sha256', (written?.layers[0]?.digest ?? '').slice(7));
  await truncate(blob, 5000);
  expect((await failure(layout, 'oci-layout')).message).toMatch(/layer: the gzip stream is truncated/);
});

test('malformed JSON names the entry, line and column', async () => {
  const target = await variant('bad-json.tar', (items) =>
    items.map((i) => (i.name === 'manifest.json' ? { ...i, body: Buffer.from('[\n  {"Config": }\n]') } : i)),
  );
  const error = await failure(target);
  expect(error.position).toEqual({ path: `${target}!/manifest.json`, line: 2, column: 14 });
  expect(error.message).toMatch(/bad-json\.tar!\/manifest\.json:2:14: manifest\.json is not valid JSON/);
});

test('a layer entry that is not a tar', async () => {
  const layer = layerNames()[1] as string;
  const target = await variant('layer-text.tar', (items) =>
    items.map((i) => (i.name === layer ? { ...i, body: Buffer.from('not a tar\n'.repeat(100)) } : i)),
  );
  expect((await failure(target)).message).toContain(`layer-text.tar: layer ${layer}: not a tar archive`);
});

test('OCI layouts: no oci-layout file, and a digest that would traverse', async () => {
  const layout = path.join(dir, 'no-layout-file');
  await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir' });
  await rm(path.join(layout, 'oci-layout'));
  expect((await failure(layout, 'oci-layout')).message).toMatch(
    /not an OCI image layout: the oci-layout file is missing/,
  );

  const traversal = path.join(dir, 'traversal');
  await writeImageArchive(traversal, sampleSpec(), { format: 'oci-dir' });
  const index = JSON.parse(await readFile(path.join(traversal, 'index.json'), 'utf8')) as {
    manifests: { digest: string }[];
  };
  (index.manifests[0] as { digest: string }).digest = 'sha256:../../../../etc/passwd';
  await writeFile(path.join(traversal, 'index.json'), JSON.stringify(index));
  expect((await failure(traversal, 'oci-layout')).message).toMatch(
    /has digest "sha256:\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd"; expected sha256:<64 lowercase hex digits>/,
  );
  expect(await readdir(traversal)).toContain('index.json');
});

test('a truncated .tar.gz archive and a missing file', async () => {
  const gz = path.join(dir, 'cut.tar.gz');
  await writeFile(gz, zlib.gzipSync(await readFile(legacy)).subarray(0, 4000));
  expect((await failure(gz)).message).toMatch(/cut\.tar\.gz: the gzip stream is truncated/);
  expect((await failure(path.join(dir, 'nope.tar'))).message).toMatch(/nope\.tar: no such file or directory/);
});
