import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  readDocument
} from "./chunk-W2VDYOEE.js";
import {
  writeJsonAtomic
} from "./chunk-7GNNRPV6.js";

// src/rescan/types.ts
var RESCAN_SCHEMA_VERSION = 1;
var GITHUB_MATRIX_MAX = 256;
var GITLAB_PARALLEL_MAX = 200;

// src/rescan/json-input.ts
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function expectRecord(input, value, at) {
  return isRecord(value) ? value : input.fail(at, `expected an object, found ${kind(value)}`);
}
function expectString(input, value, at) {
  return typeof value === "string" && value !== "" ? value : input.fail(at, `expected a non-empty string, found ${kind(value)}`);
}
function optionalString(input, value, at) {
  return value === void 0 ? void 0 : expectString(input, value, at);
}
function expectTime(input, value, at) {
  const text = expectString(input, value, at);
  return Number.isNaN(Date.parse(text)) ? input.fail(at, `expected an ISO 8601 time, found "${text}"`) : text;
}
function expectStrings(input, value, at) {
  if (!Array.isArray(value)) return input.fail(at, `expected an array of strings, found ${kind(value)}`);
  return value.map((item, index) => expectString(input, item, [...at, index]));
}
function expectCount(input, value, at, minimum = 0) {
  return typeof value === "number" && Number.isInteger(value) && value >= minimum ? value : input.fail(at, `expected a whole number ≥ ${minimum}, found ${kind(value)}`);
}
function expectSchemaVersion(input, document, version) {
  if (!("schemaVersion" in document)) input.fail([], `no schemaVersion`);
  if (document.schemaVersion !== version) {
    input.fail(
      ["schemaVersion"],
      `schemaVersion ${JSON.stringify(document.schemaVersion)}; this imagegate reads schemaVersion ${version}`
    );
  }
}
var DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
function kind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return String(value);
}

// src/rescan/ledger.ts
var EXPECTED = "expected a ledger written by imagegate rescan merge";
function emptyLedger(now = /* @__PURE__ */ new Date()) {
  return { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt: now.toISOString(), entries: {} };
}
async function readLedger(file) {
  const ledger = await readDocument(file, "rescan-ledger", EXPECTED, parseLedger, {
    absent: "undefined",
    what: "the ledger"
  });
  return ledger ?? emptyLedger();
}
async function writeLedger(file, ledger, redactor) {
  await writeJsonAtomic(file, normalizeLedger(ledger), "the ledger", redactor);
}
function normalizeLedger(ledger) {
  const entries = {};
  for (const digest of Object.keys(ledger.entries).sort()) {
    const entry = ledger.entries[digest];
    entries[digest] = {
      repository: entry.repository,
      tags: sortedUnique(entry.tags),
      lastScan: entry.lastScan,
      ...entry.trivyDbUpdatedAt !== void 0 ? { trivyDbUpdatedAt: entry.trivyDbUpdatedAt } : {},
      fingerprints: sortedUnique(entry.fingerprints),
      verdict: entry.verdict
    };
  }
  return { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt: ledger.updatedAt, entries };
}
function parseLedger(input) {
  const document = expectRecord(input, input.value, []);
  expectSchemaVersion(input, document, RESCAN_SCHEMA_VERSION);
  const updatedAt = expectTime(input, document.updatedAt, ["updatedAt"]);
  if (!isRecord(document.entries)) {
    return input.fail(["entries"], "expected an object keyed by manifest digest");
  }
  const entries = {};
  for (const [digest, value] of Object.entries(document.entries)) {
    const at = ["entries", digest];
    if (!DIGEST_PATTERN.test(digest)) input.fail(at, `"${digest}" is not a manifest digest (algorithm:hex)`);
    entries[digest] = parseEntry(input, value, at);
  }
  return { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt, entries };
}
function parseEntry(input, value, at) {
  const entry = expectRecord(input, value, at);
  const verdict = entry.verdict;
  if (verdict !== "pass" && verdict !== "fail") {
    input.fail([...at, "verdict"], `expected "pass" or "fail", found ${JSON.stringify(verdict) ?? "nothing"}`);
  }
  const trivyDbUpdatedAt = entry.trivyDbUpdatedAt === void 0 ? void 0 : expectTime(input, entry.trivyDbUpdatedAt, [...at, "trivyDbUpdatedAt"]);
  return {
    repository: expectString(input, entry.repository, [...at, "repository"]),
    tags: expectStrings(input, entry.tags, [...at, "tags"]),
    lastScan: expectTime(input, entry.lastScan, [...at, "lastScan"]),
    ...trivyDbUpdatedAt !== void 0 ? { trivyDbUpdatedAt } : {},
    fingerprints: expectStrings(input, entry.fingerprints, [...at, "fingerprints"]),
    verdict
  };
}
function sortedUnique(values) {
  return [...new Set(values)].sort();
}

export {
  RESCAN_SCHEMA_VERSION,
  GITHUB_MATRIX_MAX,
  GITLAB_PARALLEL_MAX,
  expectRecord,
  expectString,
  optionalString,
  expectTime,
  expectStrings,
  expectCount,
  expectSchemaVersion,
  DIGEST_PATTERN,
  readLedger,
  writeLedger
};
//# sourceMappingURL=chunk-JOF4GSO7.js.map
