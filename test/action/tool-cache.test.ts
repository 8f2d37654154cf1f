import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as toolCache from '@actions/tool-cache';
import { toolCacheStore } from '../../src/action/tool-cache-store.js';
import { locateTrivy, type LocateTrivyOptions } from '../../src/scan/install/locate-trivy.js';
import { exitCodeFor, ToolError } from '../../src/util/errors.js';
import { exec } from '../../src/util/exec.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { tempDir } from '../support/temp.js';
import { listTree, rejection, serveRelease } from '../scan/install/support/helpers.js';
import { fakeTrivyScript, sha256 } from '../scan/install/support/release-fixture.js';
import { startReleaseServer, type ReleaseServer } from '../scan/install/support/release-server.js';

/**
 * The Action's install: into the runner tool cache through @actions/tool-cache, so `find` (ours and other
 * actions') sees it; staging in RUNNER_TEMP. Both are temp dirs here, and both must be clean after a failure.
 */

const VERSION = '0.71.9';
const BINARY_SHA256 = sha256(fakeTrivyScript(VERSION));
const work = await tempDir('imagegate-trivy-toolcache-');
const saved = { cache: process.env['RUNNER_TOOL_CACHE'], temp: process.env['RUNNER_TEMP'] };
let server: ReleaseServer;
let toolCacheDir: string;
let runnerTemp: string;

beforeAll(async () => {
  server = await startReleaseServer();
});
afterAll(async () => {
  await server.close();
  restore('RUNNER_TOOL_CACHE', saved.cache);
  restore('RUNNER_TEMP', saved.temp);
});
beforeEach(async () => {
  server.routes.clear();
  server.requests.length = 0;
  toolCacheDir = await mkdtemp(path.join(work, 'tool-cache-'));
  runnerTemp = await mkdtemp(path.join(work, 'runner-temp-'));
  process.env['RUNNER_TOOL_CACHE'] = toolCacheDir;
  process.env['RUNNER_TEMP'] = runnerTemp;
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function options(overrides: Partial<LocateTrivyOptions> = {}): LocateTrivyOptions {
  return {
    logger: new MemoryLogger(),
    version: VERSION,
    cache: { kind: 'tool-cache', store: toolCacheStore },
    downloadBaseUrl: server.baseUrl,
    searchPath: '',
    platform: 'linux',
    arch: 'x64',
    sha256: BINARY_SHA256,
    ...overrides,
  };
}

describe('locateTrivy: the runner tool cache', () => {
  test('installs where tool-cache find looks, runs, and the second call makes no request', async () => {
    const release = await serveRelease(server, VERSION);
    const first = await locateTrivy(options());
    const expectedDir = path.join(toolCacheDir, 'trivy', VERSION, 'x64');
    expect(first).toEqual({
      path: path.join(expectedDir, 'trivy'),
      version: VERSION,
      source: 'download',
      verification: 'user-sha256',
    });
    expect(toolCache.find('trivy', VERSION, 'x64')).toBe(expectedDir);
    expect(await listTree(toolCacheDir)).toEqual([
      'trivy',
      `trivy/${VERSION}`,
      `trivy/${VERSION}/x64`,
      `trivy/${VERSION}/x64.complete`,
      `trivy/${VERSION}/x64/trivy`,
      `trivy/${VERSION}/x64/trivy.sha256`,
    ]);
    expect(await listTree(runnerTemp)).toEqual([]);
    expect((await exec(first.path, ['--version'], { logger: new MemoryLogger() })).stdout).toBe(`Version: ${VERSION}`);

    const second = await locateTrivy(options());
    expect(second).toEqual({ ...first, source: 'cache' });
    expect(server.requests).toEqual([release.checksumsPath, release.tarballPath]);
  });

  test('a tampered binary in the tool cache is replaced', async () => {
    await serveRelease(server, VERSION);
    const first = await locateTrivy(options());
    await writeFile(first.path, '#!/bin/sh\necho tampered\n');
    const logger = new MemoryLogger();
    const again = await locateTrivy(options({ logger }));
    expect(again).toEqual({ ...first, source: 'download' });
    expect(logger.lines.join('\n')).toMatch(/Trivy 0\.71\.9 in the tool cache is not usable/);
    expect((await exec(again.path, [], { logger })).stdout).toBe(`Version: ${VERSION}`);
  });

  test.each([
    ['checksum mismatch', { listedSha256: sha256('other') }, undefined, /checksum mismatch/],
    ['404 tarball', {}, 'tarball', /HTTP 404/],
    ['404 checksums', {}, 'checksums', /HTTP 404/],
  ] as const)('%s: exit 3, tool cache and RUNNER_TEMP left empty', async (_what, served, drop, message) => {
    const release = await serveRelease(server, VERSION, served);
    if (drop === 'tarball') server.routes.delete(release.tarballPath);
    if (drop === 'checksums') server.routes.delete(release.checksumsPath);
    const error = await rejection(locateTrivy(options()));
    expect(error).toBeInstanceOf(ToolError);
    expect(exitCodeFor(error)).toBe(3);
    expect(error.message).toMatch(message);
    expect(await listTree(toolCacheDir)).toEqual([]);
    expect(await listTree(runnerTemp)).toEqual([]);
    expect(toolCache.find('trivy', VERSION, 'x64')).toBe('');
  });

  test('truncated download: nothing in the tool cache', async () => {
    const release = await serveRelease(server, VERSION);
    server.routes.set(release.tarballPath, { body: release.tarball, sendBytes: 100 });
    const error = await rejection(locateTrivy(options()));
    expect(exitCodeFor(error)).toBe(3);
    expect(await listTree(toolCacheDir)).toEqual([]);
    expect(await listTree(runnerTemp)).toEqual([]);
  });

  test('without RUNNER_TOOL_CACHE the tool cache is a tool error, not an assertion', async () => {
    delete process.env['RUNNER_TOOL_CACHE'];
    const error = await rejection(locateTrivy(options()));
    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toContain('RUNNER_TOOL_CACHE is not set');
  });
});
