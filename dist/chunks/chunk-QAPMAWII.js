import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/scan/runner/trivy-db.ts
import { readFile, stat } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
var DEFAULT_TRIVY_DB_REPOSITORIES = [
  "mirror.gcr.io/aquasec/trivy-db:2",
  "public.ecr.aws/aquasecurity/trivy-db:2",
  "ghcr.io/aquasecurity/trivy-db:2"
];
var DEFAULT_TRIVY_JAVA_DB_REPOSITORIES = [
  "mirror.gcr.io/aquasec/trivy-java-db:1",
  "public.ecr.aws/aquasecurity/trivy-java-db:1",
  "ghcr.io/aquasecurity/trivy-java-db:1"
];
var TRIVY_DB_SCHEMA_VERSION = 2;
var TRIVY_JAVA_DB_SCHEMA_VERSION = 1;
var TRIVY_DATABASES = {
  db: { dir: "db", file: "trivy.db", schemaVersion: TRIVY_DB_SCHEMA_VERSION },
  javaDb: { dir: "java-db", file: "trivy-java.db", schemaVersion: TRIVY_JAVA_DB_SCHEMA_VERSION }
};
function trivyDbDirs(cacheDir) {
  return Object.values(TRIVY_DATABASES).map((db) => path.join(cacheDir, db.dir));
}
async function readTrivyDbState(cacheDir, database) {
  const layout = TRIVY_DATABASES[database];
  const dir = path.join(cacheDir, layout.dir);
  const dbFile = await stat(path.join(dir, layout.file)).catch(() => void 0);
  const metadata = await readMetadata(path.join(dir, "metadata.json"));
  return { hasDatabase: dbFile?.isFile() ?? false, ...metadata ? { metadata } : {} };
}
async function readMetadata(file) {
  let raw;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return void 0;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return void 0;
  const record = raw;
  const metadata = {};
  if (typeof record.Version === "number") metadata.version = record.Version;
  const updatedAt = goTime(record.UpdatedAt);
  const nextUpdate = goTime(record.NextUpdate);
  const downloadedAt = goTime(record.DownloadedAt);
  if (updatedAt) metadata.updatedAt = updatedAt;
  if (nextUpdate) metadata.nextUpdate = nextUpdate;
  if (downloadedAt) metadata.downloadedAt = downloadedAt;
  return metadata;
}
function goTime(value) {
  if (typeof value !== "string") return void 0;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() <= 1) return void 0;
  return date;
}
function isFreshToday(state, database, now) {
  const { metadata } = state;
  if (!state.hasDatabase || !metadata?.downloadedAt) return false;
  if (metadata.version !== void 0 && metadata.version !== TRIVY_DATABASES[database].schemaVersion) return false;
  return utcDay(metadata.downloadedAt) === utcDay(now);
}
function utcDay(date) {
  return date.toISOString().slice(0, 10);
}
async function resolveDbOptions(request) {
  const [db, javaDb] = await Promise.all([
    readTrivyDbState(request.cacheDir, "db"),
    readTrivyDbState(request.cacheDir, "javaDb")
  ]);
  return {
    repositories: repositoryList(request.repositories, DEFAULT_TRIVY_DB_REPOSITORIES, "trivy-db-repository"),
    javaRepositories: repositoryList(
      request.javaRepositories,
      DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
      "trivy-java-db-repository"
    ),
    skipUpdate: request.offline === true || isFreshToday(db, "db", request.now),
    skipJavaUpdate: request.offline === true || isFreshToday(javaDb, "javaDb", request.now),
    ...request.offline ? { offline: true } : {}
  };
}
function repositoryList(given, defaults, option) {
  const entries = (given ?? []).flatMap((entry) => entry.split(",")).map((entry) => entry.trim());
  const list = [...new Set(entries.filter((entry) => entry.length > 0))];
  for (const entry of list) {
    if (/\s/.test(entry) || entry.startsWith("-")) {
      throw new ConfigurationError(
        `${option} '${entry}': expected an OCI repository such as mirror.gcr.io/aquasec/trivy-db:2`
      );
    }
  }
  return list.length > 0 ? list : [...defaults];
}
function defaultCliTrivyCacheDir(env, home = homedir()) {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, ".cache");
  return path.join(base, "imagegate", "trivy-db");
}
function defaultActionTrivyCacheDir(env) {
  const runnerTemp = env.RUNNER_TEMP;
  return path.join(runnerTemp && path.isAbsolute(runnerTemp) ? runnerTemp : tmpdir(), "imagegate-trivy-cache");
}

export {
  DEFAULT_TRIVY_DB_REPOSITORIES,
  DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
  TRIVY_DB_SCHEMA_VERSION,
  TRIVY_JAVA_DB_SCHEMA_VERSION,
  TRIVY_DATABASES,
  trivyDbDirs,
  readTrivyDbState,
  isFreshToday,
  utcDay,
  resolveDbOptions,
  defaultCliTrivyCacheDir,
  defaultActionTrivyCacheDir
};
//# sourceMappingURL=chunk-QAPMAWII.js.map
