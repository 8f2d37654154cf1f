import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readBundleManifest } from '../../src/offline/bundle-manifest.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { tempDir } from '../support/temp.js';

/**
 * The DB and feed dates a run logs come from the bundle, which is untrusted: a manifest whose `db` or `feeds` is
 * missing or of the wrong shape is exit 2 (not a TypeError), and a date holding a control character (a newline that
 * would start a CI workflow command in the log) is refused.
 */

const work = await tempDir('imagegate-bundle-shape-');
const dir = 'trivy/0.63.0/linux-x64';
let cases = 0;

async function bundleWith(overrides: Record<string, unknown>): Promise<string> {
  cases += 1;
  const bundle = path.join(work, `case-${cases}`);
  const data = Buffer.from('#!/bin/sh\n');
  await mkdir(path.join(bundle, ...dir.split('/')), { recursive: true });
  await writeFile(path.join(bundle, ...dir.split('/'), 'trivy'), data);
  const manifest = {
    format: 'imagegate-offline-bundle',
    formatVersion: 1,
    createdAt: '2026-12-07T00:00:00Z',
    trivy: { version: '0.63.0', platform: 'linux', arch: 'x64', dir },
    db: { updatedAt: '2026-12-06T00:00:00.000Z', downloadedAt: null },
    javaDb: null,
    feeds: [{ feed: 'kev', downloadedAt: '2026-12-07T00:00:00.000Z', url: 'https://example.test/kev.json' }],
    files: [{ path: `${dir}/trivy`, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length }],
    ...overrides,
  };
  await writeFile(path.join(bundle, 'imagegate-bundle.json'), JSON.stringify(manifest, null, 2));
  return bundle;
}

test('a well-formed manifest is read', async () => {
  const { manifest } = await readBundleManifest(await bundleWith({}));
  expect(manifest.feeds).toHaveLength(1);
});

test.each([
  ['no db', { db: undefined }, /db/],
  ['feeds not an array', { feeds: 'kev' }, /feeds/],
  ['a feed of another kind', { feeds: [{ feed: 'other', downloadedAt: '2026-12-07' }] }, /feeds/],
  ['a newline in the DB date', { db: { updatedAt: '2026\n::stop-commands::x', downloadedAt: null } }, /db/],
  ['a newline in a feed date', { feeds: [{ feed: 'epss', downloadedAt: 'x\n::warning::y' }] }, /feeds/],
])('%s: exit 2 at the manifest', async (_name, overrides, where) => {
  const error = await readBundleManifest(await bundleWith(overrides)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(String((error as Error).message) + JSON.stringify(error)).toMatch(where);
});
