import type { Platform } from '../image/facts.js';
import { parsePlatform, platformMatches, platformText } from '../image/source/image-select.js';
import { ConfigurationError } from '../util/errors.js';

/**
 * `--platform all` and `--platform linux/amd64,linux/arm64`: several platforms of one multi-platform index gated in
 * one run (issue 18 item 4). One `os/arch[/variant]` stays the single-platform choice the readers make themselves.
 */
export type PlatformRequest = { kind: 'all' } | { kind: 'list'; platforms: string[] };

export const ALL_PLATFORMS = 'all';

/** Real indexes list a dozen platforms at most (the official images: 10); each one costs a scan and a gate. */
export const MAX_PLATFORMS = 32;

/** The request `--platform` makes, or undefined when it names one platform (or none). */
export function platformRequest(text: string | undefined): PlatformRequest | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === ALL_PLATFORMS) return { kind: 'all' };
  if (!trimmed.includes(',')) return undefined;
  const platforms = trimmed.split(',').map((part) => part.trim());
  if (platforms.some((platform) => platform === '')) {
    throw new ConfigurationError(`--platform ${JSON.stringify(text)}: an empty entry in the list; expected os/arch,…`);
  }
  for (const platform of platforms) parsePlatform(platform);
  const unique = [...new Set(platforms)];
  return { kind: 'list', platforms: unique };
}

/**
 * The platforms to gate, as the index names them. `available` empty: the image is one platform (not an index), so
 * `all` gates it as it is (`[undefined]`) and a list is handed to the readers, which refuse a platform the image is
 * not. A listed platform the index does not have is a configuration error naming the ones it has.
 */
export function selectPlatforms(
  request: PlatformRequest,
  available: readonly Platform[],
  subject: string,
): Array<string | undefined> {
  if (available.length === 0) return request.kind === 'all' ? [undefined] : request.platforms;
  // The index is the image author's text: each platform becomes a directory name and a whole gate run.
  for (const platform of available) checkIndexPlatform(platform, subject);
  if (request.kind === 'all' && available.length > MAX_PLATFORMS) {
    throw new ConfigurationError(
      `${subject}: the index lists ${available.length} platforms; --platform all gates at most ${MAX_PLATFORMS}: ` +
        'name the ones to gate (--platform linux/amd64,linux/arm64)',
    );
  }
  if (request.kind === 'all') return refuseDuplicates(available.map(platformText), available, subject);
  const chosen: string[] = [];
  for (const wanted of request.platforms) {
    const match = available.find((platform) => platformMatches(platform, parsePlatform(wanted)));
    if (!match) {
      throw new ConfigurationError(
        `${subject}: no manifest for platform ${wanted}; the index has ${available.map(platformText).join(', ')}`,
      );
    }
    const text = platformText(match);
    if (!chosen.includes(text)) chosen.push(text);
  }
  return refuseDuplicates(chosen, available, subject);
}

/**
 * A platform the index lists twice (two manifests for one os/arch/variant, e.g. Windows images that differ only in
 * os.version) would be two gate runs sharing one report folder and one SARIF category: refused, naming it.
 */
function refuseDuplicates(chosen: string[], available: readonly Platform[], subject: string): string[] {
  for (const text of chosen) {
    const count = available.filter((platform) => platformText(platform) === text).length;
    if (count > 1) {
      throw new ConfigurationError(
        `${subject}: the index lists platform ${text} ${count} times (different manifests); ` +
          '--platform cannot tell them apart: gate that manifest by digest (--image name@sha256:…)',
      );
    }
  }
  return chosen;
}

/**
 * `os/arch[/variant]`, each part lower-case letters, digits, `_` and `.`, at most 64 characters and not `.` or `..`.
 * No `-` inside a part: the report folder and SARIF category join the parts with `-` (platformSlug), and that join
 * is one-to-one only if no part holds one (`linux/arm64/v8` and `linux/arm64-v8` would share a folder). Real
 * platforms never do: the OCI image-spec os/architecture values are GOOS/GOARCH (linux, windows, amd64, arm64,
 * ppc64le, s390x, riscv64, …) and variants are v5…v8 (or v2…v4 for amd64).
 */
function checkIndexPlatform(platform: Platform, subject: string): void {
  const parts = [platform.os, platform.architecture, ...(platform.variant !== undefined ? [platform.variant] : [])];
  const safe = parts.every((part) => /^[a-z0-9_.]{1,64}$/.test(part) && part !== '.' && part !== '..');
  if (!safe) {
    const shown = JSON.stringify(platformText(platform).slice(0, 80));
    throw new ConfigurationError(
      `${subject}: the index names a platform ${shown} that is not os/architecture[/variant] (lower-case letters, ` +
        'digits, _ and ., at most 64 each): it cannot be gated',
    );
  }
}
