import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Puts the Trivy stand-in (./trivy, a script that replays real Trivy reports; see its header) on a PATH of its own
 * in a temp dir, and reads back what it recorded. Call at module level or in beforeAll: the dir is removed afterAll.
 */

export const TRIVY_STANDIN_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'trivy');

export type StandinMode =
  | 'report'
  | 'crash'
  | 'hang'
  | 'deadline'
  | 'garbage'
  | 'truncated'
  | 'no-output'
  | 'empty-output'
  | 'rate-limit'
  | 'rate-limit-java'
  /** The DB repositories answer UNAUTHORIZED unless TRIVY_USERNAME is set (a private DB mirror). */
  | 'login-db';

export interface StandinOptions {
  /** The real (or derived) Trivy JSON report to replay. */
  report?: string;
  /** Per `--platform` (as imagegate passes it, e.g. `linux/arm64`): the report to replay instead of `report`. */
  reports?: Record<string, string>;
  mode?: StandinMode;
  /** The Trivy version the stand-in claims (default 0.72.0). */
  version?: string;
  /** The stand-in's clock, for DB dates. */
  now?: Date;
  /** Simulate an image with JARs: the Java DB is needed. */
  java?: boolean;
  echoSecret?: boolean;
  /** Per image name: the first key the scanned name contains picks that report instead of `report`. */
  reportsByTarget?: Record<string, string>;
}

/** One JSON line of the stand-in's log. */
export type StandinEvent =
  | {
      event: 'invocation';
      pid: number;
      argv: string[];
      cwd: string;
      version: string;
      mode: string;
      env: { TRIVY_USERNAME: boolean; TRIVY_PASSWORD: boolean };
      trivyEnv: string[];
      /** `--input` as given and the path it resolves to (null when it does not exist). */
      input?: { path: string; realPath: string | null };
    }
  | { event: 'db-download'; pid: number; database: 'db' | 'java-db'; repository: string }
  | { event: 'db-skip' | 'db-current'; pid: number; database: 'db' | 'java-db' }
  | { event: 'db-rate-limited'; pid: number; database: 'db' | 'java-db'; repositories: string[] }
  | { event: 'report-written'; pid: number; output: string; bytes: number }
  | { event: 'hanging'; pid: number }
  | { event: 'exit'; pid: number; code: number };

export interface TrivyStandin {
  /** A dir holding only `trivy` (the stand-in): prepend it to PATH to find it as `trivy`. */
  binDir: string;
  /** Absolute path of the stand-in as `trivy`. */
  binary: string;
  logFile: string;
  /** IMAGEGATE_TRIVY_STANDIN_* variables for one run (pass them as the runner's extraEnv). */
  env(options?: StandinOptions): Record<string, string>;
  /** PATH with binDir first. */
  path(): string;
  readLog(): Promise<StandinEvent[]>;
  clearLog(): Promise<void>;
}

export async function installTrivyStandin(): Promise<TrivyStandin> {
  const binDir = await mkdtemp(path.join(tmpdir(), 'imagegate-trivy-standin-'));
  afterAll(async () => {
    await rm(binDir, { recursive: true, force: true });
  });
  // A symlink, not a copy: the script stays beside this helper, and what runs is what is in the repository.
  const binary = path.join(binDir, 'trivy');
  await symlink(TRIVY_STANDIN_SCRIPT, binary);
  const logFile = path.join(binDir, 'standin.log');
  return {
    binDir,
    binary,
    logFile,
    env(options: StandinOptions = {}) {
      const env: Record<string, string> = { IMAGEGATE_TRIVY_STANDIN_LOG: logFile };
      if (options.report) env.IMAGEGATE_TRIVY_STANDIN_REPORT = options.report;
      if (options.reports) env.IMAGEGATE_TRIVY_STANDIN_REPORTS = JSON.stringify(options.reports);
      if (options.mode) env.IMAGEGATE_TRIVY_STANDIN_MODE = options.mode;
      if (options.version) env.IMAGEGATE_TRIVY_STANDIN_VERSION = options.version;
      if (options.now) env.IMAGEGATE_TRIVY_STANDIN_NOW = options.now.toISOString();
      if (options.java) env.IMAGEGATE_TRIVY_STANDIN_JAVA = '1';
      if (options.echoSecret) env.IMAGEGATE_TRIVY_STANDIN_ECHO_SECRET = '1';
      if (options.reportsByTarget) {
        env.IMAGEGATE_TRIVY_STANDIN_REPORTS_BY_TARGET = JSON.stringify(options.reportsByTarget);
      }
      return env;
    },
    path: () => [binDir, process.env.PATH ?? ''].join(path.delimiter),
    async readLog() {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as StandinEvent);
    },
    async clearLog() {
      await rm(logFile, { force: true });
    },
  };
}
