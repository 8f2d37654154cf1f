import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { locateTrivy, type LocateTrivyOptions } from '../../../src/scan/install/locate-trivy.js';
import type { PinnedReleases } from '../../../src/scan/install/pinned-releases.js';
import { ConfigurationError, exitCodeFor, ToolError } from '../../../src/util/errors.js';
import { exec } from '../../../src/util/exec.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { tempDir } from '../../support/temp.js';
import { binDirWithTrivy, seedDirectoryCache, versionScript } from './support/bin-dir.js';
import { freshDir, listTree, rejection, serveRelease, type ServedRelease } from './support/helpers.js';
import { fakeTrivyScript, releaseEntries, sha256, tarballName, tarGz } from './support/release-fixture.js';
import { useReleaseServer } from './support/release-server.js';
import { toolCacheStore } from '../../../src/action/tool-cache-store.js';

/**
 * Attack item 4 of issue 10: whoever can write into the install or cache directory (a shared self-hosted runner, a
 * cache restored from another branch) plants a `trivy` and a matching `trivy.sha256`. Such a binary must never run:
 * an install is checked against the repository's pins or the workflow's own SHA-256 before every run, and a version
 * nothing vouches for is not run at all (trust on first use only when asked, and then said).
 */

const VERSION = '0.71.9';
const BINARY = fakeTrivyScript(VERSION);
const BINARY_SHA256 = sha256(BINARY);
const EVIL = '#!/bin/sh\necho "Version: 0.71.9"\necho stolen > /dev/null\n';
const CACHED = [VERSION, `${VERSION}/linux-x64`, `${VERSION}/linux-x64/trivy`, `${VERSION}/linux-x64/trivy.sha256`];
const CACHED_WITH_ARCHIVE = [...CACHED, `${VERSION}/linux-x64/${tarballName(VERSION)}`];

const work = await tempDir('imagegate-trivy-trust-');
const server = useReleaseServer();

interface Setup {
  opts: LocateTrivyOptions;
  logger: MemoryLogger;
  dir: string;
  /** Where the install lives: `<dir>/0.71.9/linux-x64`. */
  installDir: string;
}

async function setup(overrides: Partial<LocateTrivyOptions> = {}): Promise<Setup> {
  const dir = await freshDir(work, 'cache-');
  const logger = new MemoryLogger();
  return {
    opts: {
      logger,
      version: VERSION,
      cache: { kind: 'directory', dir },
      downloadBaseUrl: server.baseUrl,
      searchPath: '',
      platform: 'linux',
      arch: 'x64',
      ...overrides,
    },
    logger,
    dir,
    installDir: path.join(dir, VERSION, 'linux-x64'),
  };
}

/** Pins for 0.71.9 as the repository would carry them: the served archive's SHA-256, the binary's when known. */
function pinsFor(release: ServedRelease, binarySha256: string | null): PinnedReleases {
  return { [VERSION]: { 'Linux-64bit': { archiveSha256: sha256(release.tarball), binarySha256 } } };
}

/** Plants what an attacker with write access to the cache would: a binary and a matching checksum file. */
async function plant(root: string, script = EVIL): Promise<string> {
  return seedDirectoryCache(root, VERSION, script);
}

const runOutput = async (file: string) => (await exec(file, [], { logger: new MemoryLogger() })).stdout;

describe('a planted trivy with a matching trivy.sha256 never runs', () => {
  test('pinned binary SHA-256: the planted binary is refused, named, and replaced by a verified download', async () => {
    const release = await serveRelease(server, VERSION);
    const { opts, logger, dir, installDir } = await setup({ pins: pinsFor(release, BINARY_SHA256) });
    const planted = await plant(dir);

    const trivy = await locateTrivy(opts);
    expect(trivy).toEqual({
      path: planted,
      version: VERSION,
      source: 'download',
      verification: 'pinned-binary-sha256',
    });
    expect(logger.lines).toContain(
      `warning: cached Trivy ${VERSION} is not usable (${planted} has SHA-256 ${sha256(EVIL)}, but imagegate pins ` +
        `${BINARY_SHA256} for Trivy ${VERSION}); installing it again`,
    );
    expect(await runOutput(trivy.path)).toBe(`Version: ${VERSION}`);
    expect(await listTree(dir)).toEqual(CACHED);
    expect(path.dirname(trivy.path)).toBe(installDir);
  });

  test('pinned archive only: a planted binary without its archive is refused; the reinstall keeps the archive', async () => {
    const release = await serveRelease(server, VERSION);
    const { opts, logger, dir } = await setup({ pins: pinsFor(release, null) });
    const planted = await plant(dir);

    const first = await locateTrivy(opts);
    expect(first).toEqual({
      path: planted,
      version: VERSION,
      source: 'download',
      verification: 'pinned-archive-sha256',
    });
    expect(logger.lines.join('\n')).toContain(
      `${planted} (SHA-256 ${sha256(EVIL)}) cannot be checked: no pin or given SHA-256 names it`,
    );
    expect(await runOutput(first.path)).toBe(`Version: ${VERSION}`);
    expect(await listTree(dir)).toEqual(CACHED_WITH_ARCHIVE);

    // The next run checks the kept archive against the pin and the binary against the archive: no request.
    server.requests.length = 0;
    const second = await locateTrivy({ ...opts, logger: new MemoryLogger() });
    expect(second).toEqual({ ...first, source: 'cache' });
    expect(server.requests).toEqual([]);
  });

  test('pinned archive only: a binary swapped after install is detected before it runs', async () => {
    const release = await serveRelease(server, VERSION);
    const { opts, dir } = await setup({ pins: pinsFor(release, null) });
    const first = await locateTrivy(opts);
    await writeFile(first.path, EVIL);
    await writeFile(path.join(path.dirname(first.path), 'trivy.sha256'), `${sha256(EVIL)}  trivy\n`);

    const logger = new MemoryLogger();
    const again = await locateTrivy({ ...opts, logger });
    expect(again.source).toBe('download');
    expect(logger.lines.join('\n')).toContain(
      `${first.path} has SHA-256 ${sha256(EVIL)}, but the trivy in its verified archive ` +
        `${path.join(path.dirname(first.path), tarballName(VERSION))} has ${BINARY_SHA256}`,
    );
    expect(await runOutput(again.path)).toBe(`Version: ${VERSION}`);
    expect(await listTree(dir)).toEqual(CACHED_WITH_ARCHIVE);
  });

  test('pinned archive only: a planted archive that holds the planted binary does not match the pin', async () => {
    const release = await serveRelease(server, VERSION);
    const { opts, logger, dir, installDir } = await setup({ pins: pinsFor(release, null) });
    const planted = await plant(dir);
    const evilArchive = await tarGz([{ name: 'trivy', body: EVIL, mode: 0o755 }]);
    await writeFile(path.join(installDir, tarballName(VERSION)), evilArchive);

    const trivy = await locateTrivy(opts);
    expect(trivy.source).toBe('download');
    expect(logger.lines.join('\n')).toContain(
      `${path.join(installDir, tarballName(VERSION))} has SHA-256 ${sha256(evilArchive)}, but imagegate's pin says ` +
        sha256(release.tarball),
    );
    expect(trivy.path).toBe(planted);
    expect(await runOutput(trivy.path)).toBe(`Version: ${VERSION}`);
  });

  test("pinned archive only: the workflow's binary SHA-256 does not stand in for the pin", async () => {
    const release = await serveRelease(server, VERSION);
    const { opts, dir } = await setup({ pins: pinsFor(release, null), sha256: BINARY_SHA256 });
    const first = await locateTrivy(opts);
    expect(first).toMatchObject({ source: 'download', verification: 'pinned-archive-sha256' });
    expect(await listTree(dir)).toEqual(CACHED_WITH_ARCHIVE);
    // The binary still matches the workflow's value, but the archive the pin vouches for is gone.
    await writeFile(path.join(path.dirname(first.path), tarballName(VERSION)), 'not the archive');
    const logger = new MemoryLogger();
    expect(await locateTrivy({ ...opts, logger })).toMatchObject({ source: 'download' });
    expect(logger.lines.join('\n')).toContain(`has SHA-256 ${sha256('not the archive')}, but imagegate's pin says`);
  });

  test('the Action tool cache: a planted binary and checksum file are refused and replaced', async () => {
    const saved = { cache: process.env['RUNNER_TOOL_CACHE'], temp: process.env['RUNNER_TEMP'] };
    const toolCache = await freshDir(work, 'tool-cache-');
    process.env['RUNNER_TOOL_CACHE'] = toolCache;
    process.env['RUNNER_TEMP'] = await freshDir(work, 'runner-temp-');
    try {
      const release = await serveRelease(server, VERSION);
      const plantedDir = path.join(toolCache, 'trivy', VERSION, 'x64');
      await mkdir(plantedDir, { recursive: true });
      await writeFile(path.join(plantedDir, 'trivy'), EVIL, { mode: 0o755 });
      await writeFile(path.join(plantedDir, 'trivy.sha256'), `${sha256(EVIL)}  trivy\n`);
      await writeFile(`${plantedDir}.complete`, '');
      const { opts, logger } = await setup({
        cache: { kind: 'tool-cache', store: toolCacheStore },
        pins: pinsFor(release, BINARY_SHA256),
      });

      const trivy = await locateTrivy(opts);
      expect(trivy).toMatchObject({ source: 'download', verification: 'pinned-binary-sha256' });
      expect(logger.lines.join('\n')).toContain(`${path.join(plantedDir, 'trivy')} has SHA-256 ${sha256(EVIL)}`);
      expect(await runOutput(trivy.path)).toBe(`Version: ${VERSION}`);
    } finally {
      for (const [name, value] of [
        ['RUNNER_TOOL_CACHE', saved.cache],
        ['RUNNER_TEMP', saved.temp],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('a version imagegate does not pin', () => {
  test('is refused without --trivy-sha256 or trust on first use: exit 2, nothing fetched, even with a planted copy', async () => {
    await serveRelease(server, VERSION);
    const { opts, dir } = await setup();
    await plant(dir);
    const error = await rejection(locateTrivy(opts));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain(`Trivy ${VERSION} (Linux-64bit) has no SHA-256 pinned in imagegate`);
    expect(error.message).toContain('--trivy-sha256');
    expect(error.message).toContain('--trivy-trust-on-first-use');
    expect(server.requests).toEqual([]);
  });

  test("the release archive's SHA-256 given: accepted, archive kept, re-checked from the cache with no request", async () => {
    const release = await serveRelease(server, VERSION);
    const { opts, dir } = await setup({ sha256: sha256(release.tarball).toUpperCase() });
    const first = await locateTrivy(opts);
    expect(first).toMatchObject({ source: 'download', verification: 'user-sha256' });
    expect(await listTree(dir)).toEqual(CACHED_WITH_ARCHIVE);
    server.requests.length = 0;
    expect(await locateTrivy({ ...opts, logger: new MemoryLogger() })).toEqual({ ...first, source: 'cache' });
    expect(server.requests).toEqual([]);
  });

  test("the binary's SHA-256 given: a planted binary is replaced by the download that matches it", async () => {
    await serveRelease(server, VERSION);
    const { opts, dir } = await setup({ sha256: `sha256:${BINARY_SHA256}` });
    const planted = await plant(dir);
    const trivy = await locateTrivy(opts);
    expect(trivy).toEqual({ path: planted, version: VERSION, source: 'download', verification: 'user-sha256' });
    expect(opts.logger instanceof MemoryLogger && opts.logger.lines.join('\n')).toContain(
      `${planted} has SHA-256 ${sha256(EVIL)}, not the ${BINARY_SHA256} trivy-sha256 gives`,
    );
    expect(await runOutput(trivy.path)).toBe(`Version: ${VERSION}`);
    expect(await listTree(dir)).toEqual(CACHED);
  });

  test('a wrong --trivy-sha256 is exit 3 naming the archive and every SHA-256; nothing is installed', async () => {
    const release = await serveRelease(server, VERSION);
    const wrong = sha256('not the release');
    const { opts, dir } = await setup({ sha256: wrong });
    const error = await rejection(locateTrivy(opts));
    expect(error).toBeInstanceOf(ToolError);
    expect(exitCodeFor(error)).toBe(3);
    expect(error.message).toBe(
      `SHA-256 mismatch for Trivy ${VERSION}: trivy-sha256 gives ${wrong}, but ${server.baseUrl}${release.tarballPath} ` +
        `has ${sha256(release.tarball)} and the trivy in it ${BINARY_SHA256}. Refusing it.`,
    );
    expect(await listTree(dir)).toEqual([]);
  });

  test('a malformed --trivy-sha256 is a configuration error', async () => {
    const { opts } = await setup({ sha256: 'abc' });
    const error = await rejection(locateTrivy(opts));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('trivy-sha256: expected the 64 hex digits of a SHA-256');
  });

  test('trust on first use: installed with a warning, re-checked against the checksums file fetched again', async () => {
    const release = await serveRelease(server, VERSION);
    const { opts, logger, dir } = await setup({ trustOnFirstUse: true });
    const first = await locateTrivy(opts);
    expect(first).toMatchObject({ source: 'download', verification: 'trust-on-first-use' });
    expect(logger.lines.join('\n')).toContain(`warning: Trivy ${VERSION} is trusted on first use`);
    expect(server.requests).toEqual([release.checksumsPath, release.tarballPath]);
    expect(await listTree(dir)).toEqual(CACHED_WITH_ARCHIVE);

    server.requests.length = 0;
    expect(await locateTrivy({ ...opts, logger: new MemoryLogger() })).toEqual({ ...first, source: 'cache' });
    expect(server.requests).toEqual([release.checksumsPath]);
  });

  test('trust on first use: a planted archive and binary are refused, the server lists another archive', async () => {
    const release = await serveRelease(server, VERSION);
    const { opts, logger, installDir } = await setup({ trustOnFirstUse: true });
    await plant(path.dirname(path.dirname(installDir)));
    const evilArchive = await tarGz([
      ...releaseEntries(VERSION).slice(0, 4),
      { name: 'trivy', body: EVIL, mode: 0o755 },
    ]);
    await writeFile(path.join(installDir, tarballName(VERSION)), evilArchive);

    const trivy = await locateTrivy(opts);
    expect(trivy.source).toBe('download');
    expect(logger.lines.join('\n')).toContain(
      `has SHA-256 ${sha256(evilArchive)}, but the release's checksums file (trust on first use) says ${sha256(release.tarball)}`,
    );
    expect(await runOutput(trivy.path)).toBe(`Version: ${VERSION}`);
  });
});

describe('a trivy on PATH', () => {
  test('with --trivy-sha256: used only when its bytes match', async () => {
    const bin = await binDirWithTrivy(work, versionScript(`Version: ${VERSION}`));
    const onPath = path.join(bin, 'trivy');
    const matching = await setup({ searchPath: bin, sha256: sha256(versionScript(`Version: ${VERSION}`)) });
    expect(await locateTrivy(matching.opts)).toEqual({
      path: onPath,
      version: VERSION,
      source: 'path',
      verification: 'user-sha256',
    });

    await serveRelease(server, VERSION);
    const other = await setup({ searchPath: bin, sha256: BINARY_SHA256 });
    const trivy = await locateTrivy(other.opts);
    expect(trivy).toMatchObject({ source: 'download', verification: 'user-sha256' });
    expect(other.logger.lines.join('\n')).toContain(
      `not using ${onPath}: its SHA-256 ${sha256(versionScript(`Version: ${VERSION}`))} is not the ${BINARY_SHA256} ` +
        'trivy-sha256 gives',
    );
  });

  test('without: used in the supported range and reported as checked by version only', async () => {
    const bin = await binDirWithTrivy(work, versionScript('Version: 0.72.0'));
    const { opts } = await setup({ version: undefined, searchPath: bin });
    expect(await locateTrivy(opts)).toEqual({
      path: path.join(bin, 'trivy'),
      version: '0.72.0',
      source: 'path',
      verification: 'path-version-only',
    });
  });
});
