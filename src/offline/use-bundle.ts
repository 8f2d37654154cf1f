import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { FEEDS_DIR } from '../scan/feeds/feed-cache.js';
import { TRIVY_DATABASES } from '../scan/runner/trivy-db.js';
import { BUNDLE_MANIFEST, readVerifiedBundle } from './bundle-manifest.js';

/** Where the scan finds Trivy when a bundle is used: the bundle's install dir, read as the CLI's install cache. */
export interface BundledTrivy {
  /** The bundle's `trivy/` dir, laid out `<version>/<os>-<arch>/trivy` as src/scan/install/directory-store.ts reads. */
  installDir: string;
  version: string;
}

/**
 * `--offline-bundle DIR`: checks the bundle (every file against its manifest, see bundle-manifest.ts), then copies
 * its DBs and feeds into the Trivy cache dir, where Trivy (which opens its DB for writing) and the offline feed
 * cache read them; Trivy itself runs from the bundle, where the installer checks it against imagegate's pin again
 * (the manifest is the bundle's own word; the pin is imagegate's).
 */
export async function useOfflineBundle(dir: string, cacheDir: string, logger: Logger): Promise<BundledTrivy> {
  const manifest = await readVerifiedBundle(dir);
  const expectedDir = `trivy/${manifest.trivy.version}/${process.platform}-${process.arch}`;
  if (manifest.trivy.dir !== expectedDir) {
    throw new ConfigurationError(
      `--offline-bundle ${dir}: its Trivy is for ${manifest.trivy.platform}-${manifest.trivy.arch}, this machine is ` +
        `${process.platform}-${process.arch}; make the bundle on (or for) the platform that runs the check`,
      { path: path.join(dir, BUNDLE_MANIFEST) },
    );
  }
  const copies = manifest.files.filter((file) => !file.path.startsWith('trivy/'));
  const databases: string[] = Object.values(TRIVY_DATABASES).map((layout) => layout.dir);
  for (const name of databases) {
    if (copies.some((file) => file.path.startsWith(`${name}/`))) {
      // The bundle's DB replaces the cached one whole: no file of another DB may be left beside it.
      await rm(path.join(cacheDir, name), { recursive: true, force: true });
    }
  }
  for (const file of copies) {
    const top = file.path.split('/')[0] ?? '';
    if (!databases.includes(top) && top !== FEEDS_DIR) continue;
    const target = path.join(cacheDir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(dir, ...file.path.split('/')), target);
  }
  logger.info(
    `offline bundle ${dir}: verified ${manifest.files.length} files; Trivy ${manifest.trivy.version}, ` +
      `DB of ${manifest.db.updatedAt ?? 'unknown date'}, feeds: ${manifest.feeds.map((f) => `${f.feed} of ${f.downloadedAt}`).join(', ') || 'none'}`,
  );
  return { installDir: path.join(dir, 'trivy'), version: manifest.trivy.version };
}
