import path from 'node:path';
import { locateTrivy, type LocateTrivyOptions } from '../../../src/scan/install/locate-trivy.js';
import { exitCodeFor, ToolError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { tempDir } from '../../support/temp.js';
import { binDirWithTrivy, seedDirectoryCache, versionScript } from './support/bin-dir.js';
import { freshDir, rejection, serveRelease } from './support/helpers.js';
import { PINNED_TRIVY_RELEASES, type PinnedReleases } from '../../../src/scan/install/pinned-releases.js';
import { fakeTrivyScript, sha256 } from './support/release-fixture.js';
import { useReleaseServer } from './support/release-server.js';

/** A trivy already on PATH: used when its version fits, otherwise never (and the log says why). */

const NEW_STYLE_OUTPUT = `Version: 0.72.0
Vulnerability DB:
  Version: 2
  UpdatedAt: 2026-05-01 06:12:31.418946786 +0000 UTC
  NextUpdate: 2026-05-02 06:12:31.418946576 +0000 UTC
  DownloadedAt: 2026-05-01 09:40:02.197271 +0000 UTC
Java DB:
  Version: 1
  UpdatedAt: 2026-04-30 01:17:59.114513498 +0000 UTC
Check Bundle:
  Digest: sha256:9bd4ba5b3c2a8e0bb8b7ee1c3a4e7f0c9d2a17c1d8b4a0c3f3e5e9f6a7b8c9d0
  DownloadedAt: 2026-05-01 09:40:05.123 +0000 UTC`;

/**
 * The real archive pin of 0.72.0 and the SHA-256 of the fixture binary as its binary pin, so the fixture install
 * seeded into the cache verifies the way a real 0.72.0 with a recorded binary pin would.
 */
const TEST_PINS: PinnedReleases = {
  '0.72.0': {
    'Linux-64bit': {
      archiveSha256: PINNED_TRIVY_RELEASES['0.72.0']!['Linux-64bit']!.archiveSha256,
      binarySha256: sha256(fakeTrivyScript('0.72.0')),
    },
  },
};

const work = await tempDir('imagegate-trivy-path-');
const server = useReleaseServer();

interface Setup {
  opts: LocateTrivyOptions;
  logger: MemoryLogger;
  onPath: string;
  /** The pinned 0.72.0 already in the directory cache, so a fallback is visible without a real download. */
  pinnedInCache: string;
}

async function setup(output: string, overrides: Partial<LocateTrivyOptions> = {}, code = 0): Promise<Setup> {
  const bin = await binDirWithTrivy(work, versionScript(output, code));
  const dir = await freshDir(work, 'cache-');
  const pinnedInCache = await seedDirectoryCache(dir, '0.72.0', fakeTrivyScript('0.72.0'));
  const logger = new MemoryLogger();
  const opts: LocateTrivyOptions = {
    logger,
    cache: { kind: 'directory', dir },
    downloadBaseUrl: server.baseUrl,
    searchPath: ['/nonexistent', bin].join(':'),
    platform: 'linux',
    arch: 'x64',
    pins: TEST_PINS,
    ...overrides,
  };
  return { opts, logger, onPath: path.join(bin, 'trivy'), pinnedInCache };
}

describe('locateTrivy: trivy on PATH', () => {
  test('in the supported range: used as it is, read from output with DB blocks, nothing fetched', async () => {
    const { opts, onPath } = await setup(NEW_STYLE_OUTPUT);
    expect(await locateTrivy(opts)).toEqual({
      path: onPath,
      version: '0.72.0',
      source: 'path',
      verification: 'path-version-only',
    });
    expect(server.requests).toEqual([]);
  });

  test('old style `Version: v0.65.1` is in range too', async () => {
    const { opts, onPath } = await setup('Version: v0.65.1');
    expect(await locateTrivy(opts)).toEqual({
      path: onPath,
      version: '0.65.1',
      source: 'path',
      verification: 'path-version-only',
    });
  });

  test.each([
    ['too old', '0.56.1'],
    ['too new', '0.80.0'],
  ])('%s: not used; the log says why and the pinned version is used instead', async (_what, version) => {
    const { opts, logger, onPath, pinnedInCache } = await setup(`Version: ${version}`);
    expect(await locateTrivy(opts)).toEqual({
      path: pinnedInCache,
      version: '0.72.0',
      source: 'cache',
      verification: 'pinned-binary-sha256',
    });
    expect(logger.lines).toContain(
      `not using ${onPath}: Trivy ${version} is outside the range imagegate supports (>=0.63.0 <0.80.0); ` +
        'using Trivy 0.72.0 from the cache or a verified download instead',
    );
  });

  test('out of range with nothing cached: the pinned release is downloaded (and verified against the pin)', async () => {
    const { opts } = await setup('Version: 0.50.0');
    if (opts.cache.kind !== 'directory') throw new Error('setup uses a directory cache');
    const empty = await freshDir(work, 'cache-');
    await serveRelease(server, '0.72.0');
    const error = await rejection(locateTrivy({ ...opts, cache: { kind: 'directory', dir: empty } }));
    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toContain('imagegate pins SHA-256 bbb64b96');
    expect(server.requests).toEqual(['/v0.72.0/trivy_0.72.0_checksums.txt']);
  });

  test('a compromised trivy on PATH is refused with the reason, and the pinned one is used', async () => {
    const { opts, logger, onPath, pinnedInCache } = await setup('Version: 0.69.4');
    expect(await locateTrivy(opts)).toEqual({
      path: pinnedInCache,
      version: '0.72.0',
      source: 'cache',
      verification: 'pinned-binary-sha256',
    });
    const warning = logger.lines.find((line) => line.startsWith(`warning: refusing ${onPath}`));
    expect(warning).toContain('Trivy 0.69.4, a known-compromised version');
    expect(warning).toContain('GHSA-69fq-xp46-6x23');
  });

  test('a requested version that matches the PATH trivy uses it', async () => {
    const { opts, onPath } = await setup('Version: 0.71.9', { version: 'v0.71.9' });
    expect(await locateTrivy(opts)).toEqual({
      path: onPath,
      version: '0.71.9',
      source: 'path',
      verification: 'path-version-only',
    });
    expect(server.requests).toEqual([]);
  });

  test('a requested version that differs from the PATH trivy is downloaded', async () => {
    const { opts, logger, onPath } = await setup(NEW_STYLE_OUTPUT, {
      version: '0.71.9',
      sha256: sha256(fakeTrivyScript('0.71.9')),
    });
    await serveRelease(server, '0.71.9');
    expect(await locateTrivy(opts)).toMatchObject({ version: '0.71.9', source: 'download' });
    expect(logger.lines).toContain(
      `not using ${onPath}: it is Trivy 0.72.0, not the requested 0.71.9; ` +
        'using Trivy 0.71.9 from the cache or a verified download instead',
    );
  });

  test('a trivy that fails or prints no version is not used, with a warning', async () => {
    const failing = await setup('boom', {}, 2);
    expect((await locateTrivy(failing.opts)).source).toBe('cache');
    expect(failing.logger.lines.join('\n')).toMatch(/warning: not using .*trivy exited with code 2/);

    const garbage = await setup('trivy, dev build');
    expect((await locateTrivy(garbage.opts)).source).toBe('cache');
    expect(garbage.logger.lines.join('\n')).toContain('printed no version imagegate understands ("trivy, dev build")');
  });

  test('relative PATH entries (the current directory, a checkout) are not searched', async () => {
    const { opts, onPath, pinnedInCache } = await setup('Version: 0.72.0');
    const relative = path.relative(process.cwd(), path.dirname(onPath));
    expect(path.isAbsolute(relative)).toBe(false);
    const result = await locateTrivy({ ...opts, searchPath: `${relative}:` });
    expect(result).toEqual({
      path: pinnedInCache,
      version: '0.72.0',
      source: 'cache',
      verification: 'pinned-binary-sha256',
    });
  });

  test('a non-executable trivy is skipped for a later PATH entry', async () => {
    const { opts, onPath } = await setup('Version: 0.72.0');
    const notExecutable = await binDirWithTrivy(work, versionScript('Version: 0.70.0'), 0o644);
    const result = await locateTrivy({ ...opts, searchPath: `${notExecutable}:${path.dirname(onPath)}` });
    expect(result).toEqual({ path: onPath, version: '0.72.0', source: 'path', verification: 'path-version-only' });
  });

  test('no trivy on PATH and an unsupported platform: a configuration error, not a crash', async () => {
    const { opts } = await setup('Version: 0.72.0');
    const error = await rejection(locateTrivy({ ...opts, searchPath: '/nonexistent', platform: 'win32' }));
    expect(exitCodeFor(error)).toBe(2);
  });
});
