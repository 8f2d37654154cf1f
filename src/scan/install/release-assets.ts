import { ConfigurationError } from '../../util/errors.js';

/** Where a Trivy release's files are and which one fits this machine. */

export type TrivyAssetPlatform = 'Linux-64bit' | 'Linux-ARM64' | 'macOS-64bit' | 'macOS-ARM64';

export const DEFAULT_TRIVY_DOWNLOAD_BASE_URL = 'https://github.com/aquasecurity/trivy/releases/download';

const ASSET_PLATFORMS: ReadonlyArray<{ platform: NodeJS.Platform; arch: string; asset: TrivyAssetPlatform }> = [
  { platform: 'linux', arch: 'x64', asset: 'Linux-64bit' },
  { platform: 'linux', arch: 'arm64', asset: 'Linux-ARM64' },
  { platform: 'darwin', arch: 'x64', asset: 'macOS-64bit' },
  { platform: 'darwin', arch: 'arm64', asset: 'macOS-ARM64' },
];

/** The release asset platform for a Node platform/arch; a ConfigurationError listing the supported ones otherwise. */
export function assetPlatformFor(platform: NodeJS.Platform, arch: string, version: string): TrivyAssetPlatform {
  const match = ASSET_PLATFORMS.find((entry) => entry.platform === platform && entry.arch === arch);
  if (match) return match.asset;
  const supported = ASSET_PLATFORMS.map((entry) => `${entry.platform}-${entry.arch}`).join(', ');
  throw new ConfigurationError(
    `imagegate can install Trivy ${version} only on ${supported}; this machine is ${platform}-${arch}. ` +
      'Put a trivy on PATH instead (or use a runner of a supported kind).',
  );
}

export interface ReleaseAsset {
  /** `trivy_0.72.0_Linux-64bit.tar.gz` */
  tarballName: string;
  tarballUrl: string;
  checksumsUrl: string;
}

export function releaseAsset(baseUrl: string, version: string, platform: TrivyAssetPlatform): ReleaseAsset {
  const base = `${baseUrl.replace(/\/+$/, '')}/v${version}`;
  const tarballName = tarballNameFor(version, platform);
  return {
    tarballName,
    tarballUrl: `${base}/${tarballName}`,
    checksumsUrl: `${base}/trivy_${version}_checksums.txt`,
  };
}

/** `trivy_0.72.0_Linux-64bit.tar.gz`: also the name an install keeps its archive under. */
export function tarballNameFor(version: string, platform: TrivyAssetPlatform): string {
  return `trivy_${version}_${platform}.tar.gz`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The download base must be HTTPS. Plain HTTP is accepted only on the loopback interface (a local mirror or a
 * test server), since anything else could be rewritten in transit before the checksums are even compared.
 */
export function checkDownloadBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`Trivy download URL '${baseUrl}' is not a URL; expected https://…`);
  }
  if (url.protocol === 'https:') return baseUrl;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return baseUrl;
  throw new ConfigurationError(
    `Trivy download URL '${baseUrl}' must use https (plain http is accepted only for localhost/127.0.0.1)`,
  );
}
