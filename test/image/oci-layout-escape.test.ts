import { cp, mkdir, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { readImage } from '../../src/image/read-image.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { sampleSpec } from './support/archives.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 10, item 4 / attack item 7: `--oci-layout DIR` never leaves DIR. A layout from the repository or an
 * artifact may hold symlinks (index.json, blobs/, one blob) that point elsewhere; they are refused, not followed.
 * Symlinks that stay inside the layout keep working.
 */

const dir = await tempDir();
const good = path.join(dir, 'good');
await writeImageArchive(good, sampleSpec(), { format: 'oci-dir' });
const elsewhere = path.join(dir, 'elsewhere');
await mkdir(elsewhere);

const read = (layout: string) => readImage({ kind: 'oci-layout', path: layout }, { logger: new MemoryLogger() });
const failure = async (layout: string) => {
  const error = await read(layout).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as Error).message;
};

async function copyOf(name: string): Promise<string> {
  const target = path.join(dir, name);
  await cp(good, target, { recursive: true });
  return target;
}

test('the layout as written reads', async () => {
  expect((await read(good)).layers.length).toBeGreaterThan(0);
});

test('index.json as a symlink out of the layout is refused', async () => {
  const layout = await copyOf('index-out');
  await rename(path.join(layout, 'index.json'), path.join(elsewhere, 'index.json'));
  await symlink(path.join(elsewhere, 'index.json'), path.join(layout, 'index.json'));
  expect(await failure(layout)).toMatch(
    /index-out\/index\.json: index\.json resolves through a symlink to \S+elsewhere\/index\.json, outside the OCI layout/,
  );
});

test('blobs/ as a symlink out of the layout, and one blob pointing out, are refused', async () => {
  const layout = await copyOf('blobs-out');
  await rename(path.join(layout, 'blobs'), path.join(elsewhere, 'blobs'));
  await symlink(path.join(elsewhere, 'blobs'), path.join(layout, 'blobs'));
  expect(await failure(layout)).toMatch(
    /blobs\/sha256\/[0-9a-f]{64} resolves through a symlink to .*outside the OCI layout/,
  );

  const one = await copyOf('blob-out');
  const blobs = path.join(one, 'blobs', 'sha256');
  const [first] = await readdir(blobs);
  await rename(path.join(blobs, first as string), path.join(elsewhere, first as string));
  await symlink(path.join('..', '..', '..', 'elsewhere', first as string), path.join(blobs, first as string));
  expect(await failure(one)).toMatch(/resolves through a symlink to .*elsewhere.*outside the OCI layout/);
});

test('a FIFO in place of a blob is refused, not waited on', async () => {
  const layout = await copyOf('fifo');
  await rename(path.join(layout, 'index.json'), path.join(layout, 'index.json.real'));
  execFileSync('mkfifo', [path.join(layout, 'index.json')]);
  expect(await failure(layout)).toMatch(/index\.json is not a regular file/);
});

test('a symlink that stays inside the layout is followed', async () => {
  const layout = await copyOf('inside');
  await rename(path.join(layout, 'index.json'), path.join(layout, 'index-real.json'));
  await symlink('index-real.json', path.join(layout, 'index.json'));
  await writeFile(path.join(layout, 'unrelated'), 'x');
  expect((await read(layout)).layers.length).toBeGreaterThan(0);
});
