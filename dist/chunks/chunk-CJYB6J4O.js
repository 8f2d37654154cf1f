import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  TRIVY_DATABASES
} from "./chunk-QAPMAWII.js";

// src/scan/runner/trivy-db-record.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
var TRIVY_DB_RECORD_FILE = "imagegate-record.json";
var METADATA_FIELDS = ["Version", "NextUpdate", "UpdatedAt", "DownloadedAt"];
async function checkTrivyDb(cacheDir, database) {
  const current = await describeDb(cacheDir, database);
  if (!current) return { status: "absent" };
  const record = await readRecord(cacheDir, database);
  if (record === "unreadable")
    return { status: "mismatch", problems: ["its record is not valid JSON of the expected shape"] };
  if (!record) return { status: "unrecorded" };
  const problems = [];
  if (record.sha256 !== current.sha256) {
    problems.push(`SHA-256 of ${TRIVY_DATABASES[database].file} is ${current.sha256}, recorded ${record.sha256}`);
  }
  for (const field of METADATA_FIELDS) {
    const was = JSON.stringify(record.metadata[field] ?? null);
    const now = JSON.stringify(current.metadata[field] ?? null);
    if (was !== now) problems.push(`metadata.json ${field} is ${now}, recorded ${was}`);
  }
  return problems.length > 0 ? { status: "mismatch", problems } : { status: "verified" };
}
async function recordTrivyDb(cacheDir, database) {
  const current = await describeDb(cacheDir, database);
  if (!current) return false;
  const record = { recordVersion: 1, ...current };
  await writeFile(recordPath(cacheDir, database), `${JSON.stringify(record, null, 2)}
`);
  return true;
}
async function discardTrivyDb(cacheDir, database) {
  await rm(path.join(cacheDir, TRIVY_DATABASES[database].dir), { recursive: true, force: true });
}
async function verifyTrivyDbs(cacheDir, options) {
  const origin = options.origin ?? cacheDir;
  for (const database of Object.keys(TRIVY_DATABASES)) {
    const check = await checkTrivyDb(cacheDir, database);
    const name = TRIVY_DATABASES[database].dir;
    if (check.status === "mismatch") {
      options.logger.warning(
        `Trivy ${name} from ${origin} does not match what imagegate recorded when it was downloaded (${check.problems.join("; ")}): deleted, Trivy downloads a fresh one`
      );
      await discardTrivyDb(cacheDir, database);
    } else if (check.status === "unrecorded") {
      if (options.strict) {
        options.logger.warning(
          `Trivy ${name} from ${origin} has no imagegate record of its download: deleted, Trivy downloads a fresh one`
        );
        await discardTrivyDb(cacheDir, database);
      } else {
        options.logger.warning(
          `Trivy ${name} in ${origin} has no imagegate record (downloaded outside imagegate?): recorded as found`
        );
        await recordTrivyDb(cacheDir, database);
      }
    }
  }
}
async function recordChangedTrivyDbs(cacheDir) {
  for (const database of Object.keys(TRIVY_DATABASES)) {
    const check = await checkTrivyDb(cacheDir, database);
    if (check.status === "mismatch" || check.status === "unrecorded") await recordTrivyDb(cacheDir, database);
  }
}
async function describeDb(cacheDir, database) {
  const layout = TRIVY_DATABASES[database];
  const file = path.join(cacheDir, layout.dir, layout.file);
  const info = await stat(file).catch(() => void 0);
  if (!info?.isFile()) return void 0;
  return { sha256: await sha256File(file), metadata: await readMetadataFields(cacheDir, database) };
}
async function readMetadataFields(cacheDir, database) {
  let raw;
  try {
    raw = JSON.parse(await readFile(path.join(cacheDir, TRIVY_DATABASES[database].dir, "metadata.json"), "utf8"));
  } catch {
    return {};
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return {};
  const fields = {};
  for (const field of METADATA_FIELDS) {
    const value = raw[field];
    if (typeof value === "string" || typeof value === "number") fields[field] = value;
  }
  return fields;
}
async function readRecord(cacheDir, database) {
  let text;
  try {
    text = await readFile(recordPath(cacheDir, database), "utf8");
  } catch {
    return void 0;
  }
  try {
    const raw = JSON.parse(text);
    if (raw.recordVersion === 1 && typeof raw.sha256 === "string" && /^[0-9a-f]{64}$/.test(raw.sha256) && typeof raw.metadata === "object" && raw.metadata !== null) {
      return raw;
    }
  } catch {
  }
  return "unreadable";
}
function recordPath(cacheDir, database) {
  return path.join(cacheDir, TRIVY_DATABASES[database].dir, TRIVY_DB_RECORD_FILE);
}
async function sha256File(file) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest("hex");
}

export {
  verifyTrivyDbs,
  recordChangedTrivyDbs
};
//# sourceMappingURL=chunk-CJYB6J4O.js.map
