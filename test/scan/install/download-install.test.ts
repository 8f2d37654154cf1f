import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { locateTrivy, type LocateTrivyOptions } from '../../../src/scan/install/locate-trivy.js';
import { ConfigurationError, exitCodeFor, ToolError } from '../../../src/util/errors.js';
import { exec } from '../../../src/util/exec.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { tempDir } from '../../support/temp.js';
import { freshDir, listTree, rejection, serveRelease } from './support/helpers.js';
import { fakeTrivyScript, releaseEntries, sha256, tarGz } from './support/release-fixture.js';
import { useReleaseServer } from './support/release-server.js';

/**
 * The download path end to end against a local release server: what gets installed, what a second run reuses,
 * and that every failure is exit code 3 with the cache directory left exactly as empty as it was.
 * 0.71.9 is used because a tarball built here cannot match the SHA-256 pinned for the default 0.72.0.
 */

const VERSION = '0.71.9';
/** 0.71.9 is not pinned: the tests vouch for it with the SHA-256 of its (fixture) binary, as --trivy-sha256 would. */
const BINARY_SHA256 = sha256(fakeTrivyScript(VERSION));
const INSTALLED = [VERSION, `${VERSION}/linux-x64`, `${VERSION}/linux-x64/trivy`, `${VERSION}/linux-x64/trivy.sha256`];

const work = await tempDir('imagegate-trivy-install-');
const server = useReleaseServer();

async function options(overrides: Partial<LocateTrivyOptions> = {}): Promise<LocateTrivyOptions & { dir: string }> {
  const dir = await freshDir(work, 'cache-');
  return {
    logger: new MemoryLogger(),
    version: VERSION,
    cache: { kind: 'directory', dir },
    downloadBaseUrl: server.baseUrl,
    searchPath: '',
    platform: 'linux',
    arch: 'x64',
    sha256: BINARY_SHA256,
    dir,
    ...overrides,
  };
}

async function expectToolFailure(opts: LocateTrivyOptions & { dir: string }): Promise<ToolError> {
  const error = await rejection(locateTrivy(opts));
  expect(error).toBeInstanceOf(ToolError);
  expect(exitCodeFor(error)).toBe(3);
  expect(await listTree(opts.dir)).toEqual([]);
  return error as ToolError;
}

describe('locateTrivy: download into a directory cache', () => {
  test('installs a verified release, runs it, and the second call uses the cache without any request', async () => {
    const release = await serveRelease(server, VERSION);
    const opts = await options();

    const first = await locateTrivy(opts);
    expect(first).toEqual({
      path: path.join(opts.dir, VERSION, 'linux-x64', 'trivy'),
      version: VERSION,
      source: 'download',
      verification: 'user-sha256',
    });
    expect(server.requests).toEqual([release.checksumsPath, release.tarballPath]);
    expect(await listTree(opts.dir)).toEqual(INSTALLED);
    expect((await stat(first.path)).mode & 0o777).toBe(0o755);
    const { stdout } = await exec(first.path, ['--version'], { logger: new MemoryLogger() });
    expect(stdout).toBe(`Version: ${VERSION}`);

    const second = await locateTrivy({ ...opts, logger: new MemoryLogger() });
    expect(second).toEqual({ ...first, source: 'cache' });
    expect(server.requests).toEqual([release.checksumsPath, release.tarballPath]);
  });

  test('follows redirects, as GitHub answers release downloads with a 302 to its asset host', async () => {
    const release = await serveRelease(server, VERSION);
    for (const from of [release.checksumsPath, release.tarballPath]) {
      const to = `/assets${from}?token=x`;
      server.routes.set(to, server.routes.get(from) ?? { status: 500 });
      server.routes.set(from, { redirect: `${server.baseUrl}${to}` });
    }
    const opts = await options();
    expect(await locateTrivy(opts)).toMatchObject({ version: VERSION, source: 'download' });
    expect(server.requests).toEqual([
      release.checksumsPath,
      `/assets${release.checksumsPath}?token=x`,
      release.tarballPath,
      `/assets${release.tarballPath}?token=x`,
    ]);
    expect(await listTree(opts.dir)).toEqual(INSTALLED);
  });

  test('accepts v-prefixed versions and installs under the bare version', async () => {
    await serveRelease(server, VERSION);
    const opts = await options({ version: `v${VERSION}` });
    expect(await locateTrivy(opts)).toMatchObject({ version: VERSION, source: 'download' });
    expect(await listTree(opts.dir)).toEqual(INSTALLED);
  });

  test('a cached binary that no longer matches its recorded SHA-256 is installed again', async () => {
    await serveRelease(server, VERSION);
    const opts = await options();
    const first = await locateTrivy(opts);
    await writeFile(first.path, '#!/bin/sh\necho tampered\n');
    const logger = new MemoryLogger();
    const again = await locateTrivy({ ...opts, logger });
    expect(again.source).toBe('download');
    expect(logger.lines.join('\n')).toMatch(/cached Trivy 0\.71\.9 is not usable .*SHA-256/);
    expect((await exec(again.path, [], { logger })).stdout).toBe(`Version: ${VERSION}`);
    expect(await listTree(opts.dir)).toEqual(INSTALLED);
  });

  test('two runs installing at once both get a working binary and leave one clean install', async () => {
    await serveRelease(server, VERSION);
    const opts = await options();
    const results = await Promise.all([
      locateTrivy(opts),
      locateTrivy({ ...opts, logger: new MemoryLogger() }),
      locateTrivy({ ...opts, logger: new MemoryLogger() }),
    ]);
    for (const result of results) {
      expect(result.path).toBe(path.join(opts.dir, VERSION, 'linux-x64', 'trivy'));
      expect((await exec(result.path, [], { logger: new MemoryLogger() })).stdout).toBe(`Version: ${VERSION}`);
    }
    expect(await listTree(opts.dir)).toEqual(INSTALLED);
  });

  test('checksum mismatch: names the URL, the expected and the actual SHA-256', async () => {
    const wrong = sha256('something else');
    const release = await serveRelease(server, VERSION, { listedSha256: wrong });
    const error = await expectToolFailure(await options());
    expect(error.message).toContain(`checksum mismatch for ${server.baseUrl}${release.tarballPath}`);
    expect(error.message).toContain(`expected SHA-256 ${wrong}`);
    expect(error.message).toContain(`got ${sha256(release.tarball)}`);
  });

  test('404 for the tarball', async () => {
    const release = await serveRelease(server, VERSION);
    server.routes.delete(release.tarballPath);
    const error = await expectToolFailure(await options());
    expect(error.message).toBe(`could not download ${server.baseUrl}${release.tarballPath}: HTTP 404 Not Found`);
  });

  test('404 for the checksums file: the tarball is never fetched', async () => {
    const release = await serveRelease(server, VERSION);
    server.routes.delete(release.checksumsPath);
    const error = await expectToolFailure(await options());
    expect(error.message).toBe(`could not download ${server.baseUrl}${release.checksumsPath}: HTTP 404 Not Found`);
    expect(server.requests).toEqual([release.checksumsPath]);
  });

  test('a server error is reported with its status', async () => {
    const release = await serveRelease(server, VERSION);
    server.routes.set(release.tarballPath, { status: 403 });
    const error = await expectToolFailure(await options());
    expect(error.message).toContain(`${release.tarballPath}: HTTP 403`);
  });

  test('truncated download: the server drops the connection mid-body', async () => {
    const big = await tarGz([...releaseEntries(VERSION), { name: 'contrib/big.bin', body: randomish(3 * 2 ** 20) }]);
    const release = await serveRelease(server, VERSION, { tarball: big });
    server.routes.set(release.tarballPath, { body: big, sendBytes: 64 * 1024 });
    const error = await expectToolFailure(await options());
    expect(error.message).toContain(`could not download ${server.baseUrl}${release.tarballPath}`);
    expect(error.message).toMatch(/aborted|truncated|socket hang up|ECONNRESET|premature close/i);
  });

  test('a checksums file larger than 1 MiB is refused', async () => {
    const release = await serveRelease(server, VERSION);
    server.routes.set(release.checksumsPath, { body: Buffer.alloc(2 * 2 ** 20, 0x61) });
    const error = await expectToolFailure(await options());
    expect(error.message).toContain('more than the 1 MiB imagegate accepts');
  });

  test('a body sent without Content-Length is still capped while streaming', async () => {
    const release = await serveRelease(server, VERSION);
    server.routes.set(release.checksumsPath, { body: Buffer.alloc(2 * 2 ** 20, 0x61), chunked: true });
    const error = await expectToolFailure(await options());
    expect(error.message).toContain('the body exceeds the 1 MiB imagegate accepts for this file');
  });

  test('a checksums file that does not list the tarball', async () => {
    const release = await serveRelease(server, VERSION);
    server.routes.set(release.checksumsPath, { body: `${sha256('x')}  trivy_${VERSION}_Linux-ARM64.tar.gz\n` });
    const error = await expectToolFailure(await options());
    expect(error.message).toContain(`lists no checksum for trivy_${VERSION}_Linux-64bit.tar.gz`);
  });

  test('a tarball without trivy', async () => {
    const tarball = await tarGz(releaseEntries(VERSION).filter((entry) => entry.name !== 'trivy'));
    await serveRelease(server, VERSION, { tarball });
    const error = await expectToolFailure(await options());
    expect(error.message).toContain('no regular file named trivy at its root');
    expect(error.message).toContain('"LICENSE"');
  });

  test('a hostile tarball with ../trivy is refused whole', async () => {
    const tarball = await tarGz([
      { name: 'LICENSE', body: 'x' },
      { name: '../trivy', body: fakeTrivyScript(VERSION), mode: 0o755 },
    ]);
    await serveRelease(server, VERSION, { tarball });
    const error = await expectToolFailure(await options());
    expect(error.message).toContain('refusing an archive with a path outside its root: "../trivy"');
    expect(await listTree(work)).not.toContain('trivy');
  });

  test.each([
    ['a symlink', { name: 'trivy', type: 'symlink' as const, linkname: '/bin/sh' }, /it is a symlink to "\/bin\/sh"/],
    ['a hardlink', { name: 'trivy', type: 'link' as const, linkname: 'LICENSE' }, /it is a hardlink/],
    ['a directory', { name: 'trivy/', type: 'directory' as const }, /it is a directory/],
  ])('trivy as %s is refused', async (_what, entry, message) => {
    const tarball = await tarGz([{ name: 'LICENSE', body: 'x' }, entry]);
    await serveRelease(server, VERSION, { tarball });
    expect((await expectToolFailure(await options())).message).toMatch(message);
  });

  test('two trivy members are refused', async () => {
    const tarball = await tarGz([...releaseEntries(VERSION), { name: './trivy', body: 'echo second' }]);
    await serveRelease(server, VERSION, { tarball });
    expect((await expectToolFailure(await options())).message).toContain('more than one trivy');
  });

  test('data that is not gzip, even with a matching checksum, is a tool error', async () => {
    await serveRelease(server, VERSION, { tarball: Buffer.from('<html>rate limited</html>') });
    expect((await expectToolFailure(await options())).message).toMatch(
      /is not valid gzip data \(incorrect header check\)/,
    );
  });

  test('pinned version: a checksums file that agrees with its tarball but not with the pin is refused', async () => {
    const release = await serveRelease(server, '0.72.0');
    const opts = await options({ version: '0.72.0' });
    const error = await expectToolFailure(opts);
    expect(error.message).toContain(
      'imagegate pins SHA-256 bbb64b9695866ce4a7a8f5c9592002c5961cab378577fa3f8a040df362b9b2ea for Trivy 0.72.0',
    );
    expect(error.message).toContain(`${server.baseUrl}${release.checksumsPath} lists ${sha256(release.tarball)}`);
  });

  test('pinned version: a tarball that differs from the pinned checksums is refused', async () => {
    const pinned = 'bbb64b9695866ce4a7a8f5c9592002c5961cab378577fa3f8a040df362b9b2ea';
    const release = await serveRelease(server, '0.72.0', { listedSha256: pinned });
    const error = await expectToolFailure(await options({ version: '0.72.0' }));
    expect(error.message).toContain(`checksum mismatch for ${server.baseUrl}${release.tarballPath}`);
    expect(error.message).toContain(
      `expected SHA-256 ${pinned} (from ${server.baseUrl}${release.checksumsPath} and imagegate's pin)`,
    );
  });

  test('no version requested and no trivy on PATH: the pinned 0.72.0 is what gets fetched', async () => {
    await serveRelease(server, '0.72.0');
    const opts = await options({ version: undefined });
    await expectToolFailure(opts);
    expect(server.requests).toEqual(['/v0.72.0/trivy_0.72.0_checksums.txt']);
  });

  test('a compromised version is refused before anything is fetched (exit 2)', async () => {
    const opts = await options({ version: 'v0.69.4' });
    const error = await rejection(locateTrivy(opts));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toContain("trivy-version 'v0.69.4' is refused");
    expect(error.message).toContain('GHSA-69fq-xp46-6x23');
    expect(server.requests).toEqual([]);
    expect(await listTree(opts.dir)).toEqual([]);
  });

  test.each(['latest', '0.72', '>=0.70.0', '0.50.0'])(
    'requested version %s is a configuration error',
    async (version) => {
      const error = await rejection(locateTrivy(await options({ version })));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toContain(`trivy-version '${version}'`);
    },
  );

  test('unsupported OS/arch is a configuration error listing the supported ones', async () => {
    const error = await rejection(locateTrivy(await options({ platform: 'win32', arch: 'x64' })));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(
      'only on linux-x64, linux-arm64, darwin-x64, darwin-arm64; this machine is win32-x64',
    );
    expect(server.requests).toEqual([]);
  });

  test('plain http is refused for anything but loopback', async () => {
    const error = await rejection(locateTrivy(await options({ downloadBaseUrl: 'http://mirror.example.com/trivy' })));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('must use https');
  });

  test('a cache directory that cannot be created is a tool error naming it', async () => {
    await serveRelease(server, VERSION);
    const opts = await options();
    // A path under a regular file: even root cannot create it.
    const blocker = path.join(opts.dir, 'a-file');
    await writeFile(blocker, '');
    const error = await rejection(
      locateTrivy({ ...opts, cache: { kind: 'directory', dir: path.join(blocker, 'cache') } }),
    );
    expect(error).toBeInstanceOf(ToolError);
    expect(exitCodeFor(error)).toBe(3);
    expect(error.message).toContain(`into ${path.join(blocker, 'cache', VERSION, 'linux-x64')}`);
    expect(await listTree(opts.dir)).toEqual(['a-file']);
  });
});

/** Bytes gzip cannot shrink much, so a truncated body really is cut short. */
function randomish(size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = 2463534242;
  for (let i = 0; i < size; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
