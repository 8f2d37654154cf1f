import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { FEEDS_DIR } from '../scan/feeds/feed-cache.js';
import { TRIVY_DATABASES } from '../scan/runner/trivy-db.js';
import { BUNDLE_MANIFEST, readBundleManifest } from './bundle-manifest.js';
import { copyVerified, makePrivateDir, removePrivateDir } from './stage-bundle.js';

/** What a run uses of a bundle: all of it a private, verified copy (src/offline/stage-bundle.ts). */
export interface BundledTrivy {
  /** The copy's `trivy/` dir, laid out `<version>/<os>-<arch>/trivy` as src/scan/install/directory-store.ts reads. */
  installDir: string;
  version: string;
  /**
   * The Trivy cache dir for this run: the copies of the bundle's DBs and feeds. Never the shared cache, which a
   * later online run would trust as today's download.
   */
  cacheDir: string;
  /** Removes the private copy; called once the run is done with it. */
  cleanup: () => Promise<void>;
  /**
   * Marks the copy as in use (its directory's mtime), so that a run longer than a day (a rescan shard of many
   * images) does not have its copy taken by another run for one a killed run left behind (stage-bundle.ts).
   */
  touch: () => Promise<void>;
}

/**
 * `--offline-bundle DIR`: reads the manifest, then copies every file it lists into a private directory under the
 * cache dir (`<cacheDir>/offline-bundle-XXXXXX`, mode 0700, a fresh one per run, removed at the end of the run),
 * hashing while copying and refusing any mismatch (exit 2). The run then uses only that copy: Trivy runs from it
 * (where the installer checks it against imagegate's pin again: the manifest is the bundle's own word, the pin is
 * imagegate's) and `--cache-dir` points at it. The shared cache dir is not written: an online run later never sees
 * the bundle's DB as its own.
 */
export async function useOfflineBundle(dir: string, cacheDir: string, logger: Logger): Promise<BundledTrivy> {
  const { manifest, failAt } = await readBundleManifest(dir);
  const expectedDir = `trivy/${manifest.trivy.version}/${process.platform}-${process.arch}`;
  if (manifest.trivy.dir !== expectedDir) {
    throw new ConfigurationError(
      `--offline-bundle ${dir}: its Trivy is for ${manifest.trivy.platform}-${manifest.trivy.arch}, this machine is ` +
        `${process.platform}-${process.arch}; make the bundle on (or for) the platform that runs the check`,
      { path: path.join(dir, BUNDLE_MANIFEST) },
    );
  }
  const databases: string[] = Object.values(TRIVY_DATABASES).map((layout) => layout.dir);
  const binary = `${manifest.trivy.dir}/trivy`;
  const wanted = (file: string): boolean => {
    const top = file.split('/')[0] ?? '';
    return file.startsWith(`${manifest.trivy.dir}/`) || databases.includes(top) || top === FEEDS_DIR;
  };
  const privateDir = await makePrivateDir(cacheDir);
  try {
    for (const [index, file] of manifest.files.entries()) {
      // Files the run has no use for are not copied (but are still listed, so a later imagegate may use them).
      if (!wanted(file.path)) continue;
      await copyVerified(
        dir,
        file,
        privateDir,
        (message) => failAt(index, message),
        file.path === binary ? 0o700 : 0o600,
      );
    }
  } catch (error) {
    await removePrivateDir(privateDir);
    throw error;
  }
  logger.info(
    `offline bundle ${dir}: copied and verified ${manifest.files.filter((f) => wanted(f.path)).length} files into ` +
      `${privateDir}; Trivy ${manifest.trivy.version}, DB of ${manifest.db.updatedAt ?? 'unknown date'}, feeds: ` +
      `${manifest.feeds.map((f) => `${f.feed} of ${f.downloadedAt}`).join(', ') || 'none'}`,
  );
  return {
    installDir: path.join(privateDir, 'trivy'),
    version: manifest.trivy.version,
    cacheDir: privateDir,
    cleanup: () => removePrivateDir(privateDir),
    touch: async () => {
      const now = new Date();
      await utimes(privateDir, now, now);
    },
  };
}
