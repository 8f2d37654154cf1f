import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useOfflineBundle } from '../../src/offline/use-bundle.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { tempDir } from '../support/temp.js';

/**
 * Review of int18, findings 1 and 4: `--offline-bundle` copies every file into a run-private dir while hashing it,
 * and uses only that copy. A file swapped for a symlink (or changed) after the manifest is read is refused or never
 * used; the shared cache dir is never written. Real files, our own code (the idea of /tmp/review-int18/toctou.mts).
 */

const work = await tempDir('imagegate-bundle-swap-');
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const dir = `trivy/0.63.0/${process.platform}-${process.arch}`;
/** Big enough that copying it takes long enough to swap a file listed after it. */
const BIG = 48 * 1024 * 1024;

let cases = 0;
async function makeBundle(order: 'big-first' | 'small') {
  cases += 1;
  const root = path.join(work, `case-${cases}`);
  const bundle = path.join(root, 'bundle');
  const put = async (relative: string, data: Buffer) => {
    const file = path.join(bundle, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    return { path: relative, sha256: sha(data), bytes: data.length };
  };
  const files = [await put(`${dir}/trivy`, Buffer.from('#!/bin/sh\n'))];
  if (order === 'big-first') files.push(await put('java-db/trivy-java.db', Buffer.alloc(BIG, 1)));
  files.push(await put('db/trivy.db', Buffer.from('GOOD-DB')), await put('feeds/kev', Buffer.from('{}')));
  const manifest = {
    format: 'imagegate-offline-bundle',
    formatVersion: 1,
    createdAt: '2026-12-07T00:00:00Z',
    trivy: { version: '0.63.0', platform: process.platform, arch: process.arch, dir },
    db: { updatedAt: null, downloadedAt: null },
    javaDb: null,
    feeds: [],
    files,
  };
  await writeFile(path.join(bundle, 'imagegate-bundle.json'), JSON.stringify(manifest, null, 2));
  const evil = path.join(root, 'evil.db');
  await writeFile(evil, 'EVIL-DB-NOT-IN-MANIFEST');
  const cache = path.join(root, 'cache');
  return { bundle, cache, evil };
}

async function privateDirs(cache: string): Promise<string[]> {
  return (await readdir(cache).catch(() => [] as string[])).filter((name) => name.startsWith('offline-bundle-'));
}

test('a DB swapped for a symlink while an earlier file is copied is refused, never used (exit 2 at its entry)', async () => {
  const { bundle, cache, evil } = await makeBundle('big-first');
  const target = path.join(bundle, 'db', 'trivy.db');
  let swapped = false;
  // Swap as soon as the private copy of the big file exists: the DB has not been opened yet.
  const watcher = (async () => {
    for (let i = 0; i < 20_000 && !swapped; i += 1) {
      const [name] = await privateDirs(cache);
      const big = name && (await stat(path.join(cache, name, 'java-db', 'trivy-java.db')).catch(() => undefined));
      if (big) {
        await rm(target);
        await symlink(evil, target);
        swapped = true;
      } else await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const outcome = await useOfflineBundle(bundle, cache, new MemoryLogger()).then(
    (used) => ({ used }),
    (error: unknown) => ({ error }),
  );
  await watcher;
  expect(swapped).toBe(true);
  if ('used' in outcome) {
    // The swap came after the DB was copied: the run uses the copy, which is the verified one.
    expect(await readFile(path.join(outcome.used.cacheDir, 'db', 'trivy.db'), 'utf8')).toBe('GOOD-DB');
    await outcome.used.cleanup();
  } else {
    expect(outcome.error).toBeInstanceOf(ConfigurationError);
    expect((outcome.error as Error).message).toMatch(/db\/trivy\.db is a symlink; a bundle holds none/);
  }
  // Nothing of the bundle in the shared cache, and no private copy left behind.
  await expect(lstat(path.join(cache, 'db'))).rejects.toThrow(/ENOENT/);
  expect(await privateDirs(cache)).toEqual([]);
});

test('what the run uses is its private copy: a bundle changed afterwards changes nothing; the shared cache is untouched', async () => {
  const { bundle, cache, evil } = await makeBundle('small');
  await mkdir(path.join(cache, 'db'), { recursive: true });
  await writeFile(path.join(cache, 'db', 'trivy.db'), 'SHARED-DB');
  const used = await useOfflineBundle(bundle, cache, new MemoryLogger());
  // After the check: the DB and the binary replaced in the bundle.
  await rm(path.join(bundle, 'db', 'trivy.db'));
  await symlink(evil, path.join(bundle, 'db', 'trivy.db'));
  await writeFile(path.join(bundle, ...dir.split('/'), 'trivy'), '#!/bin/sh\necho evil\n');
  expect(used.cacheDir.startsWith(path.join(cache, 'offline-bundle-'))).toBe(true);
  expect(used.installDir).toBe(path.join(used.cacheDir, 'trivy'));
  expect((await stat(used.cacheDir)).mode & 0o777).toBe(0o700);
  expect(await readFile(path.join(used.cacheDir, 'db', 'trivy.db'), 'utf8')).toBe('GOOD-DB');
  expect(
    await readFile(path.join(used.installDir, '0.63.0', `${process.platform}-${process.arch}`, 'trivy'), 'utf8'),
  ).toBe('#!/bin/sh\n');
  expect(await readFile(path.join(cache, 'db', 'trivy.db'), 'utf8')).toBe('SHARED-DB');
  await used.cleanup();
  expect(await privateDirs(cache)).toEqual([]);
});

test('a bundle file that is not what its manifest says leaves no private copy behind', async () => {
  const { bundle, cache } = await makeBundle('small');
  await writeFile(path.join(bundle, 'feeds', 'kev'), '[]');
  await expect(useOfflineBundle(bundle, cache, new MemoryLogger())).rejects.toThrow(
    /feeds\/kev has SHA-256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}/,
  );
  expect(await privateDirs(cache)).toEqual([]);
});

test('a private copy a killed run left more than a day ago is removed; a recent one (another run) is kept', async () => {
  const { bundle, cache } = await makeBundle('small');
  const stale = path.join(cache, 'offline-bundle-killed');
  const recent = path.join(cache, 'offline-bundle-running');
  await mkdir(path.join(stale, 'db'), { recursive: true });
  await mkdir(recent, { recursive: true });
  const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
  await utimes(stale, twoDaysAgo, twoDaysAgo);
  const used = await useOfflineBundle(bundle, cache, new MemoryLogger());
  await expect(lstat(stale)).rejects.toThrow(/ENOENT/);
  expect((await lstat(recent)).isDirectory()).toBe(true);
  await used.cleanup();
  expect(await privateDirs(cache)).toEqual(['offline-bundle-running']);
});

test('a copy its run touches (a rescan shard, before each image) is not taken for a killed run’s, however old', async () => {
  const { bundle, cache } = await makeBundle('small');
  const long = await useOfflineBundle(bundle, cache, new MemoryLogger());
  const [name] = await privateDirs(cache);
  const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
  await utimes(path.join(cache, name as string), twoDaysAgo, twoDaysAgo);
  // The shard, two days in, moves on to its next image; then another run starts beside it.
  await long.touch();
  const other = await useOfflineBundle(bundle, cache, new MemoryLogger());
  expect(await privateDirs(cache)).toContain(name);
  await other.cleanup();
  await long.cleanup();
  expect(await privateDirs(cache)).toEqual([]);
});
