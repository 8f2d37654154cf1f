import path from 'node:path';
import type { OfflineBundleCommand } from '../cli/cli-args.js';
import { checkFeedUrl } from '../scan/feeds/feed-url.js';
import { defaultTrivyInstallDir } from '../scan/install/directory-store.js';
import { defaultCliTrivyCacheDir } from '../scan/runner/trivy-db.js';
import type { Logger } from '../util/logger.js';
import { makeOfflineBundle } from './make-bundle.js';

/** `imagegate offline bundle`: the CLI's caches in, the bundle out; prints the bundle's directory. */
export async function runOfflineBundle(
  command: OfflineBundleCommand,
  io: { cwd: string; env: NodeJS.ProcessEnv; logger: Logger; stdout: (text: string) => void },
): Promise<void> {
  const mirror = io.env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  const out = path.resolve(io.cwd, command.out);
  await makeOfflineBundle({
    out,
    installDir: defaultTrivyInstallDir(io.env),
    cacheDir: command.trivyCacheDir ? path.resolve(io.cwd, command.trivyCacheDir) : defaultCliTrivyCacheDir(io.env),
    ...(command.trivyVersion ? { trivyVersion: command.trivyVersion } : {}),
    ...(command.trivySha256 ? { trivySha256: command.trivySha256 } : {}),
    ...(mirror ? { downloadBaseUrl: mirror } : {}),
    kevUrls: command.kevUrls.map((url) => checkFeedUrl(url, '--kev-url')),
    epssUrls: command.epssUrls.map((url) => checkFeedUrl(url, '--epss-url')),
    ...(command.trivyDbRepositories?.length ? { dbRepositories: command.trivyDbRepositories } : {}),
    ...(command.trivyJavaDbRepositories?.length ? { javaDbRepositories: command.trivyJavaDbRepositories } : {}),
    env: io.env,
    now: new Date(),
    logger: io.logger,
  });
  io.stdout(`${out}\n`);
}
