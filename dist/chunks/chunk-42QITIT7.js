import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  DIGEST_PATTERN,
  RESCAN_SCHEMA_VERSION,
  expectCount,
  expectRecord,
  expectSchemaVersion,
  expectString,
  expectStrings,
  expectTime,
  optionalString
} from "./chunk-JOF4GSO7.js";
import {
  readDocument
} from "./chunk-W2VDYOEE.js";
import {
  writeJsonAtomic
} from "./chunk-7GNNRPV6.js";
import {
  appendAll
} from "./chunk-RHYLLRJI.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/rescan/plan-read.ts
var EXPECTED = "expected a plan.json written by imagegate rescan plan";
async function readPlan(file) {
  return readDocument(file, "rescan-plan", EXPECTED, parsePlan, { what: "the plan" });
}
function parsePlan(input) {
  const document = expectRecord(input, input.value, []);
  expectSchemaVersion(input, document, RESCAN_SCHEMA_VERSION);
  const scansValue = document.scans;
  if (!Array.isArray(scansValue)) return input.fail(["scans"], "expected an array of planned scans");
  const skippedValue = document.skipped ?? [];
  if (!Array.isArray(skippedValue)) return input.fail(["skipped"], "expected an array of skipped images");
  const scans = scansValue.map((scan, index) => plannedScan(input, scan, ["scans", index]));
  const shards = expectCount(input, document.shards, ["shards"], 1);
  const counts = expectRecord(input, document.counts, ["counts"]);
  const trivyDbUpdatedAt = optionalString(input, document.trivyDbUpdatedAt, ["trivyDbUpdatedAt"]);
  return {
    schemaVersion: RESCAN_SCHEMA_VERSION,
    createdAt: expectTime(input, document.createdAt, ["createdAt"]),
    registry: expectString(input, document.registry, ["registry"]),
    ...trivyDbUpdatedAt !== void 0 ? { trivyDbUpdatedAt } : {},
    shards,
    scans,
    skipped: skippedValue.map((skip, index) => skippedScan(input, skip, ["skipped", index])),
    counts: {
      repositories: expectCount(input, counts.repositories, ["counts", "repositories"]),
      tags: expectCount(input, counts.tags, ["counts", "tags"]),
      digests: expectCount(input, counts.digests, ["counts", "digests"]),
      toScan: expectCount(input, counts.toScan, ["counts", "toScan"]),
      skipped: expectCount(input, counts.skipped, ["counts", "skipped"])
    }
  };
}
function plannedScan(input, value, at) {
  const scan = expectRecord(input, value, at);
  const image = imageOf(input, scan, at);
  const reference = expectString(input, scan.reference, [...at, "reference"]);
  if (!reference.endsWith(`@${image.digest}`)) {
    input.fail([...at, "reference"], `expected a reference pinned to the scan's digest (…@${image.digest})`);
  }
  const alsoIn = alsoInOf(input, scan, at);
  return { ...image, reference, ...alsoIn ? { alsoIn } : {} };
}
function alsoInOf(input, record, at) {
  if (record.alsoIn === void 0) return void 0;
  if (!Array.isArray(record.alsoIn)) input.fail([...at, "alsoIn"], "expected an array");
  return record.alsoIn.map((entry, index) => {
    const where = [...at, "alsoIn", index];
    const other = expectRecord(input, entry, where);
    return {
      repository: expectString(input, other.repository, [...where, "repository"]),
      tags: expectStrings(input, other.tags, [...where, "tags"])
    };
  });
}
function skippedScan(input, value, at) {
  const skip = expectRecord(input, value, at);
  if (skip.reason !== "unchanged") input.fail([...at, "reason"], 'expected "unchanged"');
  const detail = optionalString(input, skip.detail, [...at, "detail"]);
  const alsoIn = alsoInOf(input, skip, at);
  return {
    ...imageOf(input, skip, at),
    reason: "unchanged",
    ...alsoIn ? { alsoIn } : {},
    ...detail !== void 0 ? { detail } : {}
  };
}
function imageOf(input, record, at) {
  const digest = expectString(input, record.digest, [...at, "digest"]);
  if (!DIGEST_PATTERN.test(digest)) input.fail([...at, "digest"], `"${digest}" is not a manifest digest`);
  return {
    repository: expectString(input, record.repository, [...at, "repository"]),
    digest,
    tags: expectStrings(input, record.tags, [...at, "tags"])
  };
}
function shardScans(plan, shard, planFile) {
  if (shard.count !== plan.shards && shard.count !== 1) {
    throw new ConfigurationError(
      `--shard ${shard.index}/${shard.count}: the plan splits its scans into ${plan.shards} shards; expected --shard K/${plan.shards} (or 1/1 for the whole plan)`,
      { path: planFile }
    );
  }
  return plan.scans.filter((_, index) => index % shard.count === shard.index - 1);
}

// src/rescan/shard-result.ts
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
var SHARD_RESULT_FILE = "rescan-result.json";
var EXPECTED2 = "expected a rescan-result.json written by imagegate rescan run";
async function writeShardResult(outDir, result, redactor) {
  await writeJsonAtomic(path.join(outDir, SHARD_RESULT_FILE), result, "the shard result", redactor);
}
async function readShardResult(file) {
  return readDocument(file, "rescan-shard-result", EXPECTED2, parseShardResult, { what: "the shard result" });
}
function parseShardResult(input) {
  const document = expectRecord(input, input.value, []);
  expectSchemaVersion(input, document, RESCAN_SCHEMA_VERSION);
  const shard = expectString(input, document.shard, ["shard"]);
  if (!/^\d+\/\d+$/.test(shard)) input.fail(["shard"], `expected K/N, found "${shard}"`);
  if (!Array.isArray(document.scans)) return input.fail(["scans"], "expected an array of scan outcomes");
  const finishedAt = document.finishedAt === void 0 ? void 0 : expectTime(input, document.finishedAt, ["finishedAt"]);
  return {
    schemaVersion: RESCAN_SCHEMA_VERSION,
    planCreatedAt: expectString(input, document.planCreatedAt, ["planCreatedAt"]),
    shard,
    startedAt: expectTime(input, document.startedAt, ["startedAt"]),
    ...finishedAt !== void 0 ? { finishedAt } : {},
    scans: document.scans.map((scan, index) => scanResult(input, scan, ["scans", index])),
    planned: expectCount(input, document.planned, ["planned"])
  };
}
function scanResult(input, value, at) {
  const scan = expectRecord(input, value, at);
  const digest = expectString(input, scan.digest, [...at, "digest"]);
  if (!DIGEST_PATTERN.test(digest)) input.fail([...at, "digest"], `"${digest}" is not a manifest digest`);
  const status = scan.status;
  if (status !== "scanned" && status !== "failed") {
    return input.fail([...at, "status"], `expected "scanned" or "failed", found ${JSON.stringify(status)}`);
  }
  const base = {
    repository: expectString(input, scan.repository, [...at, "repository"]),
    digest,
    tags: expectStrings(input, scan.tags, [...at, "tags"]),
    reference: expectString(input, scan.reference, [...at, "reference"]),
    status
  };
  const optional = {
    error: optionalString(input, scan.error, [...at, "error"]),
    exitCode: scan.exitCode === void 0 ? void 0 : expectCount(input, scan.exitCode, [...at, "exitCode"]),
    trivyDbUpdatedAt: optionalString(input, scan.trivyDbUpdatedAt, [...at, "trivyDbUpdatedAt"]),
    newFindings: scan.newFindings === void 0 ? void 0 : expectCount(input, scan.newFindings, [...at, "newFindings"]),
    outDir: optionalString(input, scan.outDir, [...at, "outDir"]),
    finishedAt: scan.finishedAt === void 0 ? void 0 : expectTime(input, scan.finishedAt, [...at, "finishedAt"])
  };
  let verdict;
  let fingerprints;
  if (status === "scanned") {
    if (scan.verdict !== "pass" && scan.verdict !== "fail") input.fail([...at, "verdict"], 'expected "pass" or "fail"');
    verdict = scan.verdict;
    fingerprints = expectStrings(input, scan.fingerprints, [...at, "fingerprints"]);
  } else if (optional.error === void 0) {
    input.fail([...at, "error"], "a failed scan needs its error message");
  }
  const result = base;
  for (const [key, item] of Object.entries({ ...optional, verdict, fingerprints })) {
    if (item !== void 0) result[key] = item;
  }
  return result;
}
async function findShardResults(dirs) {
  const found = /* @__PURE__ */ new Set();
  for (const dir of dirs) {
    const info = await stat(dir).catch(() => void 0);
    if (!info) throw new ConfigurationError("--results: no such directory", { path: dir });
    if (info.isFile()) {
      if (path.basename(dir) !== SHARD_RESULT_FILE) {
        throw new ConfigurationError(`--results: expected a directory holding ${SHARD_RESULT_FILE}`, { path: dir });
      }
      found.add(path.resolve(dir));
      continue;
    }
    for (const file of await walk(dir)) found.add(file);
  }
  return [...found].sort();
}
async function walk(dir) {
  const files = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.resolve(dir, entry.name);
    if (entry.isDirectory()) appendAll(files, await walk(full));
    else if (entry.isFile() && entry.name === SHARD_RESULT_FILE) files.push(full);
  }
  return files;
}

export {
  readPlan,
  shardScans,
  SHARD_RESULT_FILE,
  writeShardResult,
  readShardResult,
  findShardResults
};
//# sourceMappingURL=chunk-42QITIT7.js.map
