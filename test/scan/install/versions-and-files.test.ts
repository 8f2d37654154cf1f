import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checksumFor } from '../../../src/scan/install/checksums-file.js';
import { defaultTrivyInstallDir } from '../../../src/scan/install/directory-store.js';
import { extractTrivyBinary } from '../../../src/scan/install/extract-trivy.js';
import { PINNED_TRIVY_CHECKSUMS, PINNED_TRIVY_VERSION } from '../../../src/scan/install/pinned-releases.js';
import { checkDownloadBaseUrl, releaseAsset } from '../../../src/scan/install/release-assets.js';
import {
  isSupportedVersion,
  normalizeRequestedVersion,
  parseTrivyVersionOutput,
  SUPPORTED_TRIVY_RANGE,
} from '../../../src/scan/install/trivy-versions.js';
import { ConfigurationError, ToolError } from '../../../src/util/errors.js';
import { tempDir } from '../../support/temp.js';
import { rejection } from './support/helpers.js';
import { releaseEntries, sha256, tarGz } from './support/release-fixture.js';

const work = await tempDir('imagegate-trivy-units-');

describe('trivy versions', () => {
  test.each([
    ['Version: 0.72.0', '0.72.0'],
    ['Version: v0.65.1\n', '0.65.1'],
    ['Version: 0.72.0\r\nVulnerability DB:\r\n  Version: 2\r\n', '0.72.0'],
    ['Vulnerability DB:\n  Version: 2\nVersion: 0.70.0', '0.70.0'],
    ['Version: 0.73.0-rc.1', '0.73.0-rc.1'],
    ['  Version: 2', undefined],
    ['Version: dev', undefined],
    ['', undefined],
  ])('parses %j', (output, version) => {
    expect(parseTrivyVersionOutput(output)).toBe(version);
  });

  test('the supported range and compromised versions', () => {
    expect(SUPPORTED_TRIVY_RANGE).toBe('>=0.63.0 <0.80.0');
    expect(isSupportedVersion('0.63.0')).toBe(true);
    expect(isSupportedVersion('0.79.9')).toBe(true);
    expect(isSupportedVersion('0.62.1')).toBe(false);
    expect(isSupportedVersion('0.80.0')).toBe(false);
    expect(isSupportedVersion('0.69.3')).toBe(true);
    for (const bad of ['0.69.4', '0.69.5', '0.69.6']) expect(isSupportedVersion(bad)).toBe(false);
  });

  test('requested versions: exact only, v optional, compromised and too-old refused', () => {
    expect(normalizeRequestedVersion('0.72.0')).toBe('0.72.0');
    expect(normalizeRequestedVersion(' v0.81.2 ')).toBe('0.81.2');
    for (const bad of ['latest', '0.72', '^0.72.0', 'v0.69.4', '0.62.0', '']) {
      expect(() => normalizeRequestedVersion(bad)).toThrow(ConfigurationError);
    }
    expect(() => normalizeRequestedVersion('0.69.5')).toThrow(/refused: .*March 2026/);
  });

  test('the pinned default has a checksum for every platform and is itself supported', () => {
    expect(PINNED_TRIVY_VERSION).toBe('0.72.0');
    expect(isSupportedVersion(PINNED_TRIVY_VERSION)).toBe(true);
    const pins = PINNED_TRIVY_CHECKSUMS[PINNED_TRIVY_VERSION] ?? {};
    expect(Object.keys(pins).sort()).toEqual(['Linux-64bit', 'Linux-ARM64', 'macOS-64bit', 'macOS-ARM64']);
    for (const hex of Object.values(pins)) expect(hex).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('release files', () => {
  test('asset URLs', () => {
    expect(releaseAsset('https://example.com/dl/', '0.72.0', 'macOS-ARM64')).toEqual({
      tarballName: 'trivy_0.72.0_macOS-ARM64.tar.gz',
      tarballUrl: 'https://example.com/dl/v0.72.0/trivy_0.72.0_macOS-ARM64.tar.gz',
      checksumsUrl: 'https://example.com/dl/v0.72.0/trivy_0.72.0_checksums.txt',
    });
  });

  test('download base URLs: https, or http on loopback only', () => {
    expect(checkDownloadBaseUrl('https://mirror.example.com/trivy')).toBe('https://mirror.example.com/trivy');
    expect(checkDownloadBaseUrl('http://localhost:8080/x')).toBe('http://localhost:8080/x');
    expect(checkDownloadBaseUrl('http://[::1]:8080/x')).toBe('http://[::1]:8080/x');
    for (const bad of ['http://10.0.0.1/x', 'ftp://example.com/', 'not a url']) {
      expect(() => checkDownloadBaseUrl(bad)).toThrow(ConfigurationError);
    }
  });

  test('checksums files: sha256sum text and binary mode, case, wrong format', () => {
    const hex = sha256('a');
    const text = `${sha256('b')}  trivy_1.0.0_Linux-ARM64.tar.gz\n${hex.toUpperCase()} *trivy_1.0.0_Linux-64bit.tar.gz\n\n`;
    expect(checksumFor(text, 'trivy_1.0.0_Linux-64bit.tar.gz', 'u')).toBe(hex);
    expect(() => checksumFor('<html>', 'x', 'https://h/c.txt')).toThrow(/https:\/\/h\/c.txt is not a sha256sum/);
    expect(() => checksumFor(`${hex}  x\n${sha256('c')}  x\n`, 'x', 'u')).toThrow(/different checksums/);
  });

  test('the CLI cache dir follows XDG_CACHE_HOME when it is absolute', () => {
    expect(defaultTrivyInstallDir({ XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/imagegate/trivy');
    expect(defaultTrivyInstallDir({ XDG_CACHE_HOME: 'rel' }, '/home/u')).toBe('/home/u/.cache/imagegate/trivy');
    expect(defaultTrivyInstallDir({}, '/home/u')).toBe('/home/u/.cache/imagegate/trivy');
  });
});

describe('extracting trivy', () => {
  async function extract(
    entries: Parameters<typeof tarGz>[0],
    limits = { maxBinaryBytes: 2 ** 20, maxArchiveBytes: 2 ** 22 },
  ) {
    const dir = await mkdtemp(path.join(work, 'extract-'));
    const tarball = path.join(dir, 'release.tar.gz');
    await writeFile(tarball, await tarGz(entries));
    const result = extractTrivyBinary(tarball, path.join(dir, 'trivy'), 'https://h/r.tar.gz', limits);
    return { dir, result };
  }

  test('./trivy counts as the root trivy; its SHA-256 is that of the bytes written', async () => {
    const body = '#!/bin/sh\necho hi\n';
    const { dir, result } = await extract([
      { name: 'README.md', body: 'x' },
      { name: './trivy', body },
    ]);
    expect(await result).toEqual({ sha256: sha256(body), bytes: body.length });
    expect((await readdir(dir)).sort()).toEqual(['release.tar.gz', 'trivy']);
  });

  test('a trivy in a subdirectory is not the one', async () => {
    const { result } = await extract([{ name: 'bin/trivy', body: 'x' }]);
    expect((await rejection(result)).message).toContain('no regular file named trivy at its root');
  });

  test('an absolute path anywhere refuses the archive', async () => {
    const { result } = await extract([...releaseEntries('1.0.0'), { name: '/etc/passwd', body: 'x' }]);
    expect((await rejection(result)).message).toContain('path outside its root: "/etc/passwd"');
  });

  test('a binary over the cap, and a decompression bomb, are refused', async () => {
    const big = await extract([{ name: 'trivy', body: Buffer.alloc(2 ** 20 + 1) }]);
    const tooBig = await rejection(big.result);
    expect(tooBig).toBeInstanceOf(ToolError);
    expect(tooBig.message).toContain('trivy is 1048577 bytes, more than the 1 MiB accepted');

    const bomb = await extract([{ name: 'filler', body: Buffer.alloc(5 * 2 ** 20) }, ...releaseEntries('1.0.0')]);
    expect((await rejection(bomb.result)).message).toContain('it unpacks to more than 4 MiB');
  });

  test('a truncated tar inside valid gzip is a tool error', async () => {
    const dir = await mkdtemp(path.join(work, 'extract-'));
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const tar = gunzipSync(await tarGz(releaseEntries('1.0.0')));
    const tarball = path.join(dir, 'cut.tar.gz');
    await writeFile(tarball, gzipSync(tar.subarray(0, tar.length - 1536 - 100)));
    const error = await rejection(
      extractTrivyBinary(tarball, path.join(dir, 'trivy'), 'u', { maxBinaryBytes: 2 ** 20, maxArchiveBytes: 2 ** 22 }),
    );
    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toMatch(/truncated/);
  });
});
