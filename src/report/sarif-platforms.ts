import type { Log } from 'sarif';
import type { RunResult } from './run-result.js';
import { SARIF_SCHEMA_URI, toSarif, type SarifOptions } from './sarif.js';

/**
 * SARIF of a run that gated several platforms (`--platform all`): each platform's runs as one platform-only run
 * would make them, under the category `<category>/platform-<os-arch>` (the way codeql-action suffixes a matrix's
 * categories), so code scanning keeps one analysis per platform and an alert names the platform it is on.
 */

/**
 * `linux/arm64/v8` → `linux-arm64-v8`: a directory name and a SARIF category segment. One-to-one because
 * selectPlatforms only lets through parts without `-` (src/pipeline/platform-request.ts, checkIndexPlatform).
 */
export function platformSlug(platform: string): string {
  return platform.replace(/[^A-Za-z0-9._-]+/g, '-');
}

export function platformCategory(category: string, platform: string): string {
  return `${category}/platform-${platformSlug(platform)}`;
}

export function toPlatformsSarif(
  platforms: ReadonlyArray<{ platform: string; result: RunResult }>,
  options: SarifOptions,
): Log {
  const runs = platforms.flatMap(({ platform, result }) =>
    toSarif(result, { ...options, category: platformCategory(options.category, platform) }).runs.map((run) => ({
      ...run,
      properties: { ...run.properties, platform },
    })),
  );
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
}
