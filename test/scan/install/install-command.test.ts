import path from 'node:path';
import { parseCliArgs } from '../../../src/cli/cli-args.js';
import { exec } from '../../../src/util/exec.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { cli } from '../../support/cli.js';
import { tempDir } from '../../support/temp.js';
import { binDirWithTrivy, versionScript } from './support/bin-dir.js';
import { freshDir, listTree, serveRelease } from './support/helpers.js';
import { fakeTrivyScript, sha256 } from './support/release-fixture.js';
import { startReleaseServer, type ReleaseServer } from './support/release-server.js';

/**
 * `imagegate trivy install`, the maintenance command the Dockerfile runs: the real CLI in-process against a local
 * release server named by IMAGEGATE_TRIVY_DOWNLOAD_URL, as in an image build.
 */

const VERSION = '0.71.9';
/** 0.71.9 is not pinned: vouched for with its fixture binary's SHA-256. */
const SHA = ['--sha256', sha256(fakeTrivyScript(VERSION))];
const work = await tempDir('imagegate-trivy-install-cli-');
let server: ReleaseServer;
const saved = { url: process.env.IMAGEGATE_TRIVY_DOWNLOAD_URL, path: process.env.PATH };

beforeAll(async () => {
  server = await startReleaseServer();
  process.env.IMAGEGATE_TRIVY_DOWNLOAD_URL = server.baseUrl;
});
afterAll(async () => {
  await server.close();
  if (saved.url === undefined) delete process.env.IMAGEGATE_TRIVY_DOWNLOAD_URL;
  else process.env.IMAGEGATE_TRIVY_DOWNLOAD_URL = saved.url;
  process.env.PATH = saved.path;
});
beforeEach(() => {
  server.routes.clear();
  server.requests.length = 0;
});

test('installs a verified release under --dir, prints its path, and keeps it on the second run', async () => {
  await serveRelease(server, VERSION);
  const dir = await freshDir(work, 'dir-');
  // A suitable trivy on PATH is not what this command is for: it installs regardless.
  process.env.PATH = `${await binDirWithTrivy(work, versionScript(`Version: ${VERSION}`))}:${saved.path ?? ''}`;
  try {
    const first = await cli(['trivy', 'install', '--version', `v${VERSION}`, '--dir', dir, ...SHA]);
    expect(first).toMatchObject({ code: 0, stdout: `${path.join(dir, VERSION, 'linux-x64', 'trivy')}\n` });
    expect(first.stderr).toContain(`installed Trivy ${VERSION}`);
    expect(await listTree(dir)).toEqual([
      VERSION,
      `${VERSION}/linux-x64`,
      `${VERSION}/linux-x64/trivy`,
      `${VERSION}/linux-x64/trivy.sha256`,
    ]);
    const { stdout } = await exec(first.stdout.trim(), ['--version'], { logger: new MemoryLogger() });
    expect(stdout).toBe(`Version: ${VERSION}`);
    expect(server.requests).toHaveLength(2);

    const second = await cli(['trivy', 'install', '--version', VERSION, '--dir', dir, ...SHA]);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout });
    expect(second.stderr).toContain('already installed');
    expect(server.requests).toHaveLength(2);
  } finally {
    process.env.PATH = saved.path;
  }
});

test('a relative --dir is resolved against the working directory', async () => {
  await serveRelease(server, VERSION);
  const cwd = await freshDir(work, 'cwd-');
  const result = await cli(['trivy', 'install', '--version', VERSION, '--dir', 'tools/trivy', ...SHA], cwd);
  expect(result.stdout).toBe(`${path.join(cwd, 'tools/trivy', VERSION, 'linux-x64', 'trivy')}\n`);
});

test('a tampered release is exit code 3 and leaves nothing installed', async () => {
  await serveRelease(server, VERSION, { listedSha256: 'e'.repeat(64) });
  const dir = await freshDir(work, 'dir-');
  const result = await cli(['trivy', 'install', '--version', VERSION, '--dir', dir, ...SHA]);
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(/checksum mismatch/);
  expect(result.stdout).toBe('');
  expect(await listTree(dir)).toEqual([]);
});

test('refuses compromised versions and bad arguments with exit code 2, before any download', async () => {
  const dir = await freshDir(work, 'dir-');
  const compromised = await cli(['trivy', 'install', '--version', '0.69.4', '--dir', dir]);
  expect(compromised.code).toBe(2);
  expect(compromised.stderr).toMatch(/refused/);
  expect((await cli(['trivy', 'install', 'extra'])).code).toBe(2);
  expect((await cli(['trivy', 'upgrade'])).code).toBe(2);
  expect((await cli(['trivy', 'install', '--force'])).code).toBe(2);
  expect(server.requests).toEqual([]);
});

test('parses into the trivy-install command, with help where asked', () => {
  expect(parseCliArgs(['trivy', 'install'])).toEqual({ name: 'trivy-install', verbose: false });
  expect(parseCliArgs(['trivy', 'install', '--version', '0.72.0', '--dir', '/opt/t', '-v'])).toEqual({
    name: 'trivy-install',
    version: '0.72.0',
    dir: '/opt/t',
    verbose: true,
  });
  expect(parseCliArgs(['trivy'])).toEqual({ name: 'help', topic: 'trivy' });
  expect(parseCliArgs(['trivy', 'install', '--help'])).toEqual({ name: 'help', topic: 'trivy' });
  expect(parseCliArgs(['help', 'trivy'])).toEqual({ name: 'help', topic: 'trivy' });
});
