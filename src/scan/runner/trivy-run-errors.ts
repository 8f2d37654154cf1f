import { ToolError } from '../../util/errors.js';
import type { TrivyDbOptions } from './trivy-db.js';

/**
 * Turns a failed Trivy run into a ToolError that says what to do: rate-limited DB downloads name the repositories
 * tried and how to add a mirror, timeouts name the timeout to raise, anything else keeps Trivy's own FATAL line.
 * The stderr tail is always attached, with registry passwords redacted.
 */

export interface TrivyFailure {
  command: string;
  exitCode?: number;
  /** Trivy's stderr (redacted), as much as was kept. */
  stderr: string;
  /** Imagegate stopped the process after `killedAfterMs`. */
  killedAfterMs?: number;
  timeout: string;
  db: TrivyDbOptions;
}

const RATE_LIMITED = /TOOMANYREQUESTS|too many requests|status(?: code)?:? 429|\b429\b.*rate/i;
const JAVA_DB = /\[javadb\]|java db|trivy-java-db/i;
const VULN_DB = /\[vulndb\]|vulnerability db|trivy-db\b/i;
const OWN_DEADLINE = /context deadline exceeded/i;
/**
 * Trivy with --skip-java-db-update and no Java DB, on an image with JARs. Trivy quotes the flag
 * (`'--skip-java-db-update' cannot be specified on the first run`); the quote is optional here.
 */
export const JAVA_DB_FIRST_RUN = /--skip-java-db-update'? cannot be specified on the first run/;
const TAIL_LINES = 20;

export function trivyFailureError(failure: TrivyFailure): ToolError {
  const details = {
    command: failure.command,
    stderrTail: tailLines(failure.stderr, TAIL_LINES),
    ...(failure.exitCode !== undefined ? { exitCode: failure.exitCode } : {}),
  };
  const suffix = `(command: ${failure.command})`;
  if (failure.killedAfterMs !== undefined) {
    const seconds = Math.round(failure.killedAfterMs / 1000);
    return new ToolError(
      `Trivy did not finish within its timeout (${failure.timeout}) and was stopped after ${seconds} s. A first run ` +
        `downloads the DB and large images take long: raise the timeout (CLI --trivy-timeout, Action ` +
        `trivy-timeout) ${suffix}`,
      details,
    );
  }
  const rateLimit = rateLimitedDatabase(failure.stderr);
  if (rateLimit) {
    const java = rateLimit === 'javaDb';
    const tried = java ? failure.db.javaRepositories : failure.db.repositories;
    return new ToolError(
      `Trivy could not download its ${java ? 'Java DB' : 'vulnerability DB'}: the registries answered ` +
        `TOOMANYREQUESTS (rate limit). Repositories tried, in order: ${tried.join(', ')}. Put a mirror you ` +
        `control first (CLI --trivy-${java ? 'java-' : ''}db-repository, repeatable; Action ` +
        `trivy-${java ? 'java-' : ''}db-repositories, one per line) or keep the Trivy cache dir between runs ` +
        `(Action cache-trivy-db; CLI --trivy-cache-dir): a DB downloaded today is not downloaded again ${suffix}`,
      details,
    );
  }
  if (failure.db.offline && JAVA_DB_FIRST_RUN.test(failure.stderr)) {
    return new ToolError(
      'offline: the image holds Java archives and there is no Trivy Java DB in the cache dir to scan them with. ' +
        'Bring one: run a scan of such an image once where there is network (Trivy caches the Java DB), then ' +
        '`imagegate offline bundle --out DIR` there and `--offline-bundle DIR` here ' +
        suffix,
      details,
    );
  }
  if (OWN_DEADLINE.test(failure.stderr)) {
    return new ToolError(
      `Trivy stopped at its timeout (${failure.timeout}): raise it (CLI --trivy-timeout, Action trivy-timeout) ${suffix}`,
      details,
    );
  }
  const code = failure.exitCode === undefined ? 'failed' : `exited with code ${failure.exitCode}`;
  return new ToolError(`Trivy ${code} ${suffix}`, details);
}

/** Which DB download was rate-limited, if the stderr says so; an image pull's 429 is not a DB problem. */
export function rateLimitedDatabase(stderr: string): 'db' | 'javaDb' | undefined {
  const lines = stderr.split('\n');
  const limited = lines.filter((line) => RATE_LIMITED.test(line));
  if (limited.length === 0) return undefined;
  // Trivy's ERROR line for each repository names the DB ([vulndb]/[javadb] and the repository); the FATAL line
  // that follows says which download failed when an older format put the registry error elsewhere.
  const evidence = limited.some((line) => JAVA_DB.test(line) || VULN_DB.test(line))
    ? limited
    : lines.filter((line) => /\bFATAL\b/.test(line));
  if (evidence.some((line) => JAVA_DB.test(line))) return 'javaDb';
  if (evidence.some((line) => VULN_DB.test(line))) return 'db';
  return undefined;
}

function tailLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
