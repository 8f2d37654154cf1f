import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** The CycloneDX SBOM `--sbom cyclonedx` writes beside the other reports. */
export const CYCLONEDX_FILE_NAME = 'imagegate.cdx.json';
/**
 * The name GitLab's `artifacts:reports:cyclonedx` ingestion looks for (`gl-sbom-*.cdx.json`, the pattern its own
 * analyzers write): the templates point the report at this copy.
 */
export const GITLAB_SBOM_FILE_NAME = 'gl-sbom-imagegate.cdx.json';

/** An SBOM larger than this is not copied (GitLab would not ingest it either; the original stays). */
const MAX_SBOM_BYTES = 256 * 1024 * 1024;

/**
 * The SBOM this run wrote, read for the GitLab copy; undefined when there is none (no `--sbom cyclonedx`) or it is
 * not a regular file of a sane size. A copy left by an earlier run is removed then: a stale SBOM would be read as
 * this pipeline's.
 */
export async function sbomForGitLab(outDir: string): Promise<Buffer | undefined> {
  const source = path.join(outDir, CYCLONEDX_FILE_NAME);
  const info = await stat(source).catch(() => undefined);
  if (!info?.isFile() || info.size > MAX_SBOM_BYTES) {
    await rm(path.join(outDir, GITLAB_SBOM_FILE_NAME), { force: true });
    return undefined;
  }
  return readFile(source);
}
