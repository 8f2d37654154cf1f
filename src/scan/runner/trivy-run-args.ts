import type { TrivyDbOptions } from './trivy-db.js';

/**
 * The `trivy image` command line. Flags were checked against Trivy's sources from 0.56 to 0.74:
 *  - `--format`, `--output`, `--cache-dir`, `--no-progress`, `--scanners`, `--timeout`, `--platform`, `--input`,
 *    `--skip-db-update`, `--skip-java-db-update`, `--image-src` exist in every version of that range;
 *  - `--db-repository` / `--java-db-repository` take several values, tried in order on 429/5xx, since 0.56;
 *  - `--skip-version-check` and `--disable-telemetry` appeared in 0.63, together with the version check and
 *    telemetry they turn off; an older Trivy rejects them as unknown flags.
 * Rather than probing each binary, the runner requires Trivy ≥ MIN_TRIVY_VERSION, the lower bound of the versions
 * imagegate installs or accepts from PATH, and always passes both: a CI run must not phone home.
 *
 * Deliberately absent: `--severity`, `--ignore-unfixed`, `--ignore-status`, `--exit-code`. imagegate filters
 * findings itself so that the gate, the SARIF and the summary agree; Trivy's filters would drop data the summary
 * shows, and `--exit-code` would turn findings into a failed command. `--quiet` is absent too: it discards Trivy's
 * ERROR lines, which are the only place that names the registry that answered TOOMANYREQUESTS (FATAL still prints,
 * but says only "failed to download artifact from any source"); `--no-progress` keeps logs clean instead.
 */

export const MIN_TRIVY_VERSION = '0.63.0';

export type TrivyScanner = 'vuln' | 'secret' | 'license';
export const TRIVY_SCANNERS: readonly TrivyScanner[] = ['vuln', 'secret', 'license'];

export type TrivyScanTarget =
  /** `remoteOnly`: read the image from its registry (`--image-src remote`), never from a daemon that may have it. */
  | { kind: 'image'; reference: string; remoteOnly?: boolean }
  | { kind: 'archive'; path: string }
  | { kind: 'oci-layout'; path: string };

export interface TrivyArgsRequest {
  /** For archives and layouts: the path Trivy is given (absolute, and free of `:` and `@`, see trivy-runner). */
  input?: string;
  target: TrivyScanTarget;
  outputFile: string;
  cacheDir: string;
  scanners: readonly TrivyScanner[];
  timeout?: string;
  platform?: string;
  db: TrivyDbOptions;
  /** `--list-all-pkgs`: every package in the report, not only vulnerable ones (what an SBOM needs). */
  listAllPackages?: boolean;
}

export function buildTrivyArgs(request: TrivyArgsRequest): string[] {
  const { db } = request;
  const args = ['image', '--format', 'json', '--output', request.outputFile, '--cache-dir', request.cacheDir];
  args.push('--no-progress', '--skip-version-check', '--disable-telemetry');
  args.push('--scanners', scannerList(request.scanners).join(','));
  // In the same run as the vulnerability scan: an SBOM lists exactly the packages that were scanned.
  if (request.listAllPackages) args.push('--list-all-pkgs');
  if (request.timeout !== undefined) args.push('--timeout', request.timeout);
  if (request.platform !== undefined) args.push('--platform', request.platform);
  // A fresh DB needs no repository: with --skip-db-update Trivy does not contact any.
  if (db.skipUpdate) args.push('--skip-db-update');
  else for (const repository of db.repositories) args.push('--db-repository', repository);
  if (db.skipJavaUpdate) args.push('--skip-java-db-update');
  else for (const repository of db.javaRepositories) args.push('--java-db-repository', repository);
  // `--offline`: Trivy makes no request while scanning either (e.g. to Maven Central for a JAR the Java DB lacks).
  if (db.offline) args.push('--offline-scan');
  if (request.target.kind === 'image' && request.target.remoteOnly) args.push('--image-src', 'remote');
  if (request.target.kind === 'image') args.push(request.target.reference);
  else args.push('--input', request.input ?? request.target.path);
  return args;
}

/** The scanners in a stable order, `vuln` alone when none were asked for. */
export function scannerList(scanners: readonly TrivyScanner[]): TrivyScanner[] {
  const chosen = TRIVY_SCANNERS.filter((scanner) => scanners.includes(scanner));
  return chosen.length > 0 ? chosen : ['vuln'];
}

export interface TrivyDbDownloadArgsRequest {
  /** `db`: `--download-db-only` from `db.repositories`; `javaDb`: `--download-java-db-only` from `db.javaRepositories`. */
  database: 'db' | 'javaDb';
  cacheDir: string;
  db: Pick<TrivyDbOptions, 'repositories' | 'javaRepositories'>;
  timeout?: string;
}

/**
 * `trivy image --download-db-only` (or `--download-java-db-only`): the DB alone, into `cacheDir`, from the same
 * repositories a scan would use. Trivy still decides itself whether a download is due (no DB, another schema, or
 * its NextUpdate passed): a current DB costs no request. Used ahead of a scan that carries registry credentials
 * (trivy-db-prefetch.ts) and by `imagegate offline bundle`.
 */
export function buildTrivyDbDownloadArgs(request: TrivyDbDownloadArgsRequest): string[] {
  const java = request.database === 'javaDb';
  const args = ['image', java ? '--download-java-db-only' : '--download-db-only', '--cache-dir', request.cacheDir];
  args.push('--no-progress', '--skip-version-check', '--disable-telemetry');
  if (request.timeout !== undefined) args.push('--timeout', request.timeout);
  const flag = java ? '--java-db-repository' : '--db-repository';
  for (const repository of java ? request.db.javaRepositories : request.db.repositories) args.push(flag, repository);
  return args;
}
