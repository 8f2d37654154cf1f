import { readFile, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../util/errors.js';

/**
 * Trivy's vulnerability DB and Java DB: where they come from and whether this run needs to download them.
 * Registries rate-limit the DB (TOOMANYREQUESTS is Trivy users' most common CI failure), so imagegate asks Trivy for
 * no download at all when the cache dir already holds a DB fetched today, and otherwise lets Trivy fall back through
 * several mirrors in order.
 */

/** Where to fetch the DBs from and whether to skip fetching them; the runner turns this into Trivy flags. */
export interface TrivyDbOptions {
  /** `--db-repository` values in order of preference (Trivy tries the next one on 429/5xx). */
  repositories: string[];
  /** `--java-db-repository` values in order of preference. */
  javaRepositories: string[];
  /** The cached vulnerability DB is from today: pass `--skip-db-update`. */
  skipUpdate: boolean;
  /** The cached Java DB is from today: pass `--skip-java-db-update`. */
  skipJavaUpdate: boolean;
  /** `--offline`: no update of either DB whatever its age, and `--offline-scan` (no request while scanning). */
  offline?: boolean;
}

/**
 * Google's Docker Hub mirror first (the default of recent Trivy releases, rarely rate-limited), then AWS's public
 * gallery, then GitHub's registry, which rate-limits anonymous pulls most.
 */
export const DEFAULT_TRIVY_DB_REPOSITORIES: readonly string[] = [
  'mirror.gcr.io/aquasec/trivy-db:2',
  'public.ecr.aws/aquasecurity/trivy-db:2',
  'ghcr.io/aquasecurity/trivy-db:2',
];

export const DEFAULT_TRIVY_JAVA_DB_REPOSITORIES: readonly string[] = [
  'mirror.gcr.io/aquasec/trivy-java-db:1',
  'public.ecr.aws/aquasecurity/trivy-java-db:1',
  'ghcr.io/aquasecurity/trivy-java-db:1',
];

/** Schema versions in the tags above; a cached DB of another schema is never "fresh" (Trivy would refuse it). */
export const TRIVY_DB_SCHEMA_VERSION = 2;
export const TRIVY_JAVA_DB_SCHEMA_VERSION = 1;

/** The two DBs as Trivy lays them out under `--cache-dir`. */
export const TRIVY_DATABASES = {
  db: { dir: 'db', file: 'trivy.db', schemaVersion: TRIVY_DB_SCHEMA_VERSION },
  javaDb: { dir: 'java-db', file: 'trivy-java.db', schemaVersion: TRIVY_JAVA_DB_SCHEMA_VERSION },
} as const;
export type TrivyDatabase = keyof typeof TRIVY_DATABASES;

/** The DB directories under a cache dir: what the Action's cache saves (Trivy's layer cache stays out). */
export function trivyDbDirs(cacheDir: string): string[] {
  return Object.values(TRIVY_DATABASES).map((db) => path.join(cacheDir, db.dir));
}

/**
 * Trivy's `metadata.json` beside each DB (trivy-db's `metadata.Metadata`, Go `time.Time` in RFC 3339). Trivy writes
 * `DownloadedAt` itself after a download; `NextUpdate` is when the publisher expects a newer DB.
 */
export interface TrivyDbMetadata {
  version?: number;
  updatedAt?: Date;
  nextUpdate?: Date;
  downloadedAt?: Date;
}

/** What is cached for one DB: its metadata (undefined when absent or unreadable) and whether the DB file exists. */
export interface TrivyDbState {
  metadata?: TrivyDbMetadata;
  hasDatabase: boolean;
}

export async function readTrivyDbState(cacheDir: string, database: TrivyDatabase): Promise<TrivyDbState> {
  const layout = TRIVY_DATABASES[database];
  const dir = path.join(cacheDir, layout.dir);
  const dbFile = await stat(path.join(dir, layout.file)).catch(() => undefined);
  const metadata = await readMetadata(path.join(dir, 'metadata.json'));
  return { hasDatabase: dbFile?.isFile() ?? false, ...(metadata ? { metadata } : {}) };
}

async function readMetadata(file: string): Promise<TrivyDbMetadata | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // Absent or damaged: Trivy will download a new DB, which is the right outcome either way.
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const record = raw as Record<string, unknown>;
  const metadata: TrivyDbMetadata = {};
  if (typeof record.Version === 'number') metadata.version = record.Version;
  const updatedAt = goTime(record.UpdatedAt);
  const nextUpdate = goTime(record.NextUpdate);
  const downloadedAt = goTime(record.DownloadedAt);
  if (updatedAt) metadata.updatedAt = updatedAt;
  if (nextUpdate) metadata.nextUpdate = nextUpdate;
  if (downloadedAt) metadata.downloadedAt = downloadedAt;
  return metadata;
}

/** A Go `time.Time` from JSON; Go's zero time (`0001-01-01T00:00:00Z`) means "never" and is dropped. */
function goTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() <= 1) return undefined;
  return date;
}

/**
 * Fresh means: the DB file is there, its schema is the one imagegate asks for, and it was downloaded on `now`'s UTC
 * day. A day matches the Action's cache key, so every run of a day after the first reuses the same DB.
 */
export function isFreshToday(state: TrivyDbState, database: TrivyDatabase, now: Date): boolean {
  const { metadata } = state;
  if (!state.hasDatabase || !metadata?.downloadedAt) return false;
  if (metadata.version !== undefined && metadata.version !== TRIVY_DATABASES[database].schemaVersion) return false;
  return utcDay(metadata.downloadedAt) === utcDay(now);
}

/** `YYYY-MM-DD` of a date in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface ResolveDbOptionsRequest {
  cacheDir: string;
  /** User's DB repositories; replaces the defaults when given and not empty. */
  repositories?: readonly string[];
  javaRepositories?: readonly string[];
  now: Date;
  /** `--offline`: the cached DBs are used whatever their age; nothing is downloaded. */
  offline?: boolean;
}

/** Repositories (the user's, else the mirror list) and whether today's cached DBs make a download unnecessary. */
export async function resolveDbOptions(request: ResolveDbOptionsRequest): Promise<TrivyDbOptions> {
  const [db, javaDb] = await Promise.all([
    readTrivyDbState(request.cacheDir, 'db'),
    readTrivyDbState(request.cacheDir, 'javaDb'),
  ]);
  return {
    repositories: repositoryList(request.repositories, DEFAULT_TRIVY_DB_REPOSITORIES, 'trivy-db-repository'),
    javaRepositories: repositoryList(
      request.javaRepositories,
      DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
      'trivy-java-db-repository',
    ),
    skipUpdate: request.offline === true || isFreshToday(db, 'db', request.now),
    skipJavaUpdate: request.offline === true || isFreshToday(javaDb, 'javaDb', request.now),
    ...(request.offline ? { offline: true } : {}),
  };
}

/**
 * The user's list, split on commas too (Trivy would split a comma inside one flag value anyway), trimmed and
 * de-duplicated in order; the defaults when the user gave none.
 */
function repositoryList(given: readonly string[] | undefined, defaults: readonly string[], option: string): string[] {
  const entries = (given ?? []).flatMap((entry) => entry.split(',')).map((entry) => entry.trim());
  const list = [...new Set(entries.filter((entry) => entry.length > 0))];
  for (const entry of list) {
    if (/\s/.test(entry) || entry.startsWith('-')) {
      throw new ConfigurationError(
        `${option} '${entry}': expected an OCI repository such as mirror.gcr.io/aquasec/trivy-db:2`,
      );
    }
  }
  return list.length > 0 ? list : [...defaults];
}

/** The CLI's cache dir: beside other per-user caches, so every local run and CI job on the machine shares it. */
export function defaultCliTrivyCacheDir(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
  return path.join(base, 'imagegate', 'trivy-db');
}

/**
 * The Action's cache dir: `$RUNNER_TEMP/imagegate-trivy-cache`. The same path in every run of a workflow (the Actions
 * cache version hashes the paths), outside the workspace (so it never lands in a `docker build .` context, an
 * artifact or a commit), and emptied by the runner after each job, so self-hosted runners neither grow nor share
 * a DB between jobs; @actions/cache brings it back at the start of the next run.
 */
export function defaultActionTrivyCacheDir(env: NodeJS.ProcessEnv): string {
  const runnerTemp = env.RUNNER_TEMP;
  return path.join(runnerTemp && path.isAbsolute(runnerTemp) ? runnerTemp : tmpdir(), 'imagegate-trivy-cache');
}
