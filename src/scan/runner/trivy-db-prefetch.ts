import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { recordChangedTrivyDbs } from './trivy-db-record.js';
import { readTrivyDbState, type TrivyDbOptions } from './trivy-db.js';
import { runTrivyProcess, type TrivyProcessRequest } from './trivy-process.js';
import { JAVA_DB_FIRST_RUN } from './trivy-run-errors.js';
import { buildTrivyDbDownloadArgs, scannerList, type TrivyScanner } from './trivy-run-args.js';
import { carriesRegistryCredentials, trivyEnv, withoutRegistryCredentials } from './trivy-run-env.js';

/**
 * The DBs of a scan that carries registry credentials are downloaded without them. Trivy hands its registry
 * credentials (TRIVY_USERNAME / TRIVY_PASSWORD / TRIVY_REGISTRY_TOKEN) to every registry it talks to, the DB
 * registries included, so a scan of a private image that also refreshed the DB would send the private registry's
 * password to mirror.gcr.io, ghcr.io or whatever `--db-repository` names. Such a scan is split in two:
 * `trivy image --download-db-only` with no credential in its environment (same cache dir, repositories, timeout and
 * insecure setting), recorded like any download (trivy-db-record.ts), then the scan with `--skip-db-update`.
 * A scan without credentials stays one Trivy run.
 *
 * The Java DB (fetched by Trivy only for images holding JARs, and large) is never downloaded by a credentialed
 * scan either: it always gets `--skip-java-db-update`. A cached Java DB not downloaded today is first refreshed
 * without credentials (Trivy downloads only when its NextUpdate passed; a failure leaves the cached one in use, with a
 * warning). With no Java DB at all nothing is downloaded up front, so an image without JARs never pays for it; an
 * image with JARs makes Trivy stop ("cannot skip downloading Java DB on the first run"), and the runner then
 * downloads the Java DB without credentials and runs the scan once more (javaDbMissingError / fetchJavaDb).
 */

export interface CredentialFreeDbRequest {
  binary: string;
  cacheDir: string;
  db: TrivyDbOptions;
  scanners: readonly TrivyScanner[];
  /** `--timeout` as the user gave it (passed on when given) and as Trivy applies it (for messages). */
  timeout?: string;
  /** The scan's environment overrides (trivyEnv, credentials included) and what it inherits. */
  scanEnv: Record<string, string | undefined>;
  env: Record<string, string | undefined>;
  extraEnv?: Record<string, string>;
  process: Pick<TrivyProcessRequest, 'cwd' | 'timeout' | 'killAfterMs' | 'secrets'>;
}

export interface CredentialFreeDbPlan {
  /** The DB options the scan runs with: both updates skipped. */
  db: TrivyDbOptions;
  /** There was no Java DB: an image with JARs will need fetchJavaDb and a second scan. */
  javaDbMissing: boolean;
}

/**
 * Downloads what is due without credentials and returns the scan's DB options; undefined when the scan would
 * download nothing with credentials (none in its environment, offline, both DBs from today, or no `vuln` scanner,
 * without which Trivy loads neither DB): the scan then runs as before, alone.
 */
export async function prefetchDbsWithoutCredentials(
  request: CredentialFreeDbRequest,
  logger: Logger,
): Promise<CredentialFreeDbPlan | undefined> {
  const { db } = request;
  if (db.offline || (db.skipUpdate && db.skipJavaUpdate)) return undefined;
  if (!scannerList(request.scanners).includes('vuln')) return undefined;
  // `env` is the entry point's process environment, which exec extends (see TrivyScanRequest.env).
  if (!carriesRegistryCredentials(request.scanEnv, request.env)) return undefined;
  logger.info(
    'Trivy DB: this scan carries registry credentials, which Trivy would also send to the DB registries: ' +
      (db.skipUpdate
        ? "today's DB is cached, and the scan runs with --skip-db-update --skip-java-db-update"
        : 'the DB is downloaded first without them (trivy image --download-db-only), then the scan runs with ' +
          '--skip-db-update --skip-java-db-update'),
  );
  if (!db.skipUpdate) await downloadWithoutCredentials(request, 'db', logger);
  let javaDbMissing = false;
  if (!db.skipJavaUpdate) {
    const javaDb = await readTrivyDbState(request.cacheDir, 'javaDb');
    if (!javaDb.hasDatabase || !javaDb.metadata) {
      javaDbMissing = true;
      logger.debug('Trivy Java DB: none cached; downloaded without credentials only if the image holds JARs');
    } else {
      try {
        await downloadWithoutCredentials(request, 'javaDb', logger);
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        logger.warning(
          `Trivy Java DB: refreshing it without registry credentials failed, the cached one is used: ${error.message}`,
        );
      }
    }
  }
  return { db: { ...db, skipUpdate: true, skipJavaUpdate: true }, javaDbMissing };
}

/** The Java DB for an image with JARs, after a credentialed scan stopped for lack of it; a failure is exit 3. */
export async function fetchJavaDb(request: CredentialFreeDbRequest, logger: Logger): Promise<void> {
  logger.info(
    'Trivy Java DB: the error above is expected (the image holds JARs and no Java DB was cached): downloading it ' +
      'without registry credentials, then scanning again',
  );
  await downloadWithoutCredentials(request, 'javaDb', logger);
}

/** A ToolError from the scan that says it stopped for want of the Java DB. */
export function javaDbMissingError(error: unknown): boolean {
  return error instanceof ToolError && JAVA_DB_FIRST_RUN.test(`${error.stderrTail ?? ''}\n${error.message}`);
}

/** What a registry says when it wants a login (Trivy prints the registry's own error code). */
const REFUSED = /\b(?:UNAUTHORIZED|DENIED|401 Unauthorized)\b/;

async function downloadWithoutCredentials(
  request: CredentialFreeDbRequest,
  database: 'db' | 'javaDb',
  logger: Logger,
): Promise<void> {
  // Inherited credential variables removed whether or not `env` has them (exec extends the real environment), and
  // whatever extraEnv says: only the scan's own registry gets them.
  const { env } = trivyEnv(request.env, {
    ...(request.extraEnv ? { extraEnv: request.extraEnv } : {}),
    dropInheritedCredentials: true,
  });
  const args = buildTrivyDbDownloadArgs({
    database,
    cacheDir: request.cacheDir,
    db: request.db,
    ...(request.timeout !== undefined ? { timeout: request.timeout } : {}),
  });
  try {
    await runTrivyProcess(
      { binary: request.binary, args, env: withoutRegistryCredentials(env), db: request.db, ...request.process },
      logger,
    );
  } catch (error) {
    if (error instanceof ToolError && REFUSED.test(`${error.stderrTail}\n${error.message}`)) {
      // A DB mirror behind a login (often the same registry as the images): the run went without the job's
      // TRIVY_USERNAME/PASSWORD on purpose, so say how such a mirror gets a login that stays its own.
      throw new ToolError(
        `${error.message}\nThe DB registry refused an anonymous download: imagegate downloads the DBs without ` +
          'TRIVY_USERNAME/TRIVY_PASSWORD/TRIVY_REGISTRY_TOKEN (Trivy would send them to every registry). Log in to a ' +
          'private DB mirror with `docker login <mirror host>` (Docker config credentials go to their own host only).',
        { command: error.command, ...(error.toolExitCode !== undefined ? { exitCode: error.toolExitCode } : {}) },
        { cause: error },
      );
    }
    throw error;
  }
  // Recorded at once, as after a scan: the next run (and the Action's cache) sees a DB imagegate downloaded.
  await recordChangedTrivyDbs(request.cacheDir);
}
