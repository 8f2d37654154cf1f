import { mkdir, mkdtemp, open, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError, ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { TrivyDbOptions } from './trivy-db.js';
import {
  fetchJavaDb,
  javaDbMissingError,
  prefetchDbsWithoutCredentials,
  type CredentialFreeDbRequest,
} from './trivy-db-prefetch.js';
import { runTrivyProcess } from './trivy-process.js';
import { buildTrivyArgs, type TrivyScanner, type TrivyScanTarget } from './trivy-run-args.js';
import { trivyEnv } from './trivy-run-env.js';
import { killGraceMs, parseTrivyTimeout, TRIVY_DEFAULT_TIMEOUT } from './trivy-run-timeout.js';

export { MIN_TRIVY_VERSION, type TrivyScanner, type TrivyScanTarget } from './trivy-run-args.js';

export interface TrivyScanRequest {
  /** Path of a trivy binary, version ≥ MIN_TRIVY_VERSION (the installer and PATH lookup guarantee it). */
  binary: string;
  target: TrivyScanTarget;
  /** Trivy's JSON report is written here (`--format json --output`). */
  outputFile: string;
  /** Default `['vuln']`. */
  scanners: TrivyScanner[];
  /** Trivy duration, e.g. `10m`; Trivy's default (5m) when absent. */
  timeout?: string;
  platform?: string;
  /** A stable `--cache-dir` (the DBs live there). */
  cacheDir: string;
  db: TrivyDbOptions;
  /** The environment Trivy inherits (the entry point's process environment), before trivyEnv filters it. */
  env: Record<string, string | undefined>;
  /** Registry credentials: only ever in Trivy's environment (TRIVY_USERNAME/TRIVY_PASSWORD), the password masked. */
  credentials?: { username: string; password: string };
  extraEnv?: Record<string, string>;
  /** A registry the job's inherited Trivy credentials are not for: see trivyEnv. */
  dropInheritedCredentials?: boolean;
  /** `--list-all-pkgs` (an SBOM was asked for). */
  listAllPackages?: boolean;
}

export interface TrivyScanResult {
  reportFile: string;
  /** Trivy's log output, passwords redacted. */
  stderr: string;
}

/**
 * Runs `trivy image` once (twice when registry credentials meet a DB download: the DB first, without them; see
 * trivy-db-prefetch.ts) and checks that it left a JSON report; parsing the report is trivy-report's job.
 * Trivy runs in an empty working directory so that a `trivy.yaml` or `.trivyignore` in the user's checkout cannot
 * change the scan behind imagegate's policy (the allowlist, with its reasons and expiry dates, is the only way to
 * ignore a finding). Trivy's log lines are streamed to the logger as they come.
 */
export async function runTrivyScan(request: TrivyScanRequest, context: { logger: Logger }): Promise<TrivyScanResult> {
  const { logger } = context;
  const timeout = request.timeout ?? TRIVY_DEFAULT_TIMEOUT;
  const timeoutMs = parseTrivyTimeout(timeout);
  const killAfterMs = timeoutMs + killGraceMs(timeoutMs);
  const secrets = request.credentials?.password ? [request.credentials.password] : [];
  for (const secret of secrets) logger.mask(secret);

  const { env, dropped } = trivyEnv(request.env, request);
  if (dropped.length > 0) {
    logger.info(`ignoring inherited Trivy settings (imagegate decides these): ${dropped.join(', ')}`);
  }
  logDbPlan(request.db, logger);

  const outputFile = path.resolve(request.outputFile);
  const cacheDir = path.resolve(request.cacheDir);
  // A report left by an earlier run must never pass for this run's.
  await rm(outputFile, { force: true });
  await mkdir(path.dirname(outputFile), { recursive: true });
  await mkdir(cacheDir, { recursive: true });

  const workDir = await mkdtemp(path.join(tmpdir(), 'imagegate-trivy-'));
  try {
    const input = await inputPath(request.target, workDir);
    const processOptions = { cwd: workDir, timeout, killAfterMs, secrets };
    const dbRequest: CredentialFreeDbRequest = {
      binary: request.binary,
      cacheDir,
      db: request.db,
      scanners: request.scanners,
      ...(request.timeout !== undefined ? { timeout: request.timeout } : {}),
      scanEnv: env,
      env: request.env,
      ...(request.extraEnv ? { extraEnv: request.extraEnv } : {}),
      process: processOptions,
    };
    // With registry credentials, the DBs are downloaded first without them (trivy-db-prefetch.ts).
    const prefetch = await prefetchDbsWithoutCredentials(dbRequest, logger);
    const args = buildTrivyArgs({
      target: request.target,
      ...(input !== undefined ? { input } : {}),
      outputFile,
      cacheDir,
      scanners: request.scanners,
      ...(request.timeout !== undefined ? { timeout: request.timeout } : {}),
      ...(request.platform !== undefined ? { platform: request.platform } : {}),
      db: prefetch?.db ?? request.db,
      ...(request.listAllPackages ? { listAllPackages: true } : {}),
    });
    const command = [request.binary, ...args].join(' ');
    const scan = () =>
      runTrivyProcess({ binary: request.binary, args, env, db: prefetch?.db ?? request.db, ...processOptions }, logger);
    let stderr: string;
    try {
      ({ stderr } = await scan());
    } catch (error) {
      // A first credentialed scan of an image with JARs and no cached Java DB: fetched without credentials, rescanned.
      if (!prefetch?.javaDbMissing || !javaDbMissingError(error)) throw error;
      await fetchJavaDb(dbRequest, logger);
      ({ stderr } = await scan());
    }
    await checkReportFile(outputFile, command, stderr);
    return { reportFile: outputFile, stderr };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function logDbPlan(db: TrivyDbOptions, logger: Logger): void {
  if (db.offline) {
    logger.info('Trivy DB: offline, the cached DB and Java DB are used whatever their age (--offline-scan)');
    return;
  }
  logger.info(
    db.skipUpdate
      ? 'Trivy DB: downloaded today, no update (--skip-db-update)'
      : `Trivy DB: update if needed from ${db.repositories.join(', ')}`,
  );
  // The Java DB is only fetched when an image holds JARs, so its plan is detail.
  logger.debug(
    db.skipJavaUpdate
      ? 'Trivy Java DB: downloaded today, no update (--skip-java-db-update)'
      : `Trivy Java DB: if needed, from ${db.javaRepositories.join(', ')}`,
  );
}

/**
 * The path given to `--input`. Trivy reads `PATH:TAG` and `PATH@DIGEST` as an image inside an OCI layout and cuts
 * the path at the first `:` or `@`, so a path containing either is handed over through a symlink in the work dir
 * (keeping a `.tar` ending, which Trivy needs to unpack an OCI tarball).
 */
async function inputPath(target: TrivyScanTarget, workDir: string): Promise<string | undefined> {
  if (target.kind === 'image') {
    if (target.reference.startsWith('-')) {
      throw new ConfigurationError(`'${target.reference}' is not an image reference (it starts with '-')`);
    }
    return undefined;
  }
  const absolute = path.resolve(target.path);
  if (!/[:@]/.test(absolute)) return absolute;
  const alias = path.join(workDir, absolute.endsWith('.tar') ? 'input.tar' : 'input');
  await symlink(absolute, alias);
  return alias;
}

/**
 * Trivy exited 0: its report must exist and look like one JSON object. Parsing is trivy-report's job; this catches
 * a run that wrote nothing, an empty file or something else entirely, with Trivy's stderr to explain it.
 */
async function checkReportFile(file: string, command: string, stderr: string): Promise<void> {
  const handle = await open(file, 'r').catch(() => undefined);
  const fail = (what: string): ToolError =>
    new ToolError(`Trivy exited 0 but ${what} (command: ${command})`, {
      command,
      exitCode: 0,
      stderrTail: tail(stderr),
    });
  if (!handle) throw fail(`wrote no report at ${file}`);
  try {
    const { size } = await handle.stat();
    if (size === 0) throw fail(`wrote an empty report at ${file}`);
    const edge = Math.min(size, 512);
    const head = Buffer.alloc(edge);
    const end = Buffer.alloc(edge);
    await handle.read(head, 0, edge, 0);
    await handle.read(end, 0, edge, size - edge);
    const first = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    const last = end.toString('utf8').trimEnd();
    if (!first.startsWith('{') || !last.endsWith('}')) {
      throw fail(
        `wrote something that is not a JSON report at ${file} (it starts with ${JSON.stringify(first.slice(0, 40))})`,
      );
    }
  } finally {
    await handle.close();
  }
}

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-20).join('\n');
}
