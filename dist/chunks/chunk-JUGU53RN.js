import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  parseJsonInput
} from "./chunk-DWMO3FQH.js";
import {
  fetchFeed
} from "./chunk-3ZN2VMKL.js";
import {
  checkFeedUrl
} from "./chunk-H2J6QPBD.js";
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/scan/runner/trivy-run-args.ts
var TRIVY_SCANNERS = ["vuln", "secret", "license"];
function buildTrivyArgs(request) {
  const { db } = request;
  const args = ["image", "--format", "json", "--output", request.outputFile, "--cache-dir", request.cacheDir];
  args.push("--no-progress", "--skip-version-check", "--disable-telemetry");
  args.push("--scanners", scannerList(request.scanners).join(","));
  if (request.listAllPackages) args.push("--list-all-pkgs");
  if (request.timeout !== void 0) args.push("--timeout", request.timeout);
  if (request.platform !== void 0) args.push("--platform", request.platform);
  if (db.skipUpdate) args.push("--skip-db-update");
  else for (const repository of db.repositories) args.push("--db-repository", repository);
  if (db.skipJavaUpdate) args.push("--skip-java-db-update");
  else for (const repository of db.javaRepositories) args.push("--java-db-repository", repository);
  if (db.offline) args.push("--offline-scan");
  if (request.target.kind === "image" && request.target.remoteOnly) args.push("--image-src", "remote");
  if (request.target.kind === "image") args.push(request.target.reference);
  else args.push("--input", request.input ?? request.target.path);
  return args;
}
function scannerList(scanners) {
  const chosen = TRIVY_SCANNERS.filter((scanner) => scanners.includes(scanner));
  return chosen.length > 0 ? chosen : ["vuln"];
}
function buildTrivyDbDownloadArgs(request) {
  const java = request.database === "javaDb";
  const args = ["image", java ? "--download-java-db-only" : "--download-db-only", "--cache-dir", request.cacheDir];
  args.push("--no-progress", "--skip-version-check", "--disable-telemetry");
  if (request.timeout !== void 0) args.push("--timeout", request.timeout);
  const flag = java ? "--java-db-repository" : "--db-repository";
  for (const repository of java ? request.db.javaRepositories : request.db.repositories) args.push(flag, repository);
  return args;
}

// src/scan/runner/trivy-run-env.ts
var KEPT_TRIVY_ENV = /* @__PURE__ */ new Set([
  "TRIVY_USERNAME",
  "TRIVY_PASSWORD",
  "TRIVY_REGISTRY_TOKEN",
  "TRIVY_INSECURE",
  "TRIVY_NON_SSL",
  "TRIVY_DOCKER_HOST",
  "TRIVY_PODMAN_HOST",
  "TRIVY_IMAGE_SRC",
  "TRIVY_OFFLINE_SCAN",
  "TRIVY_PARALLEL",
  "TRIVY_DEBUG"
]);
var TRIVY_CREDENTIAL_ENV = ["TRIVY_USERNAME", "TRIVY_PASSWORD", "TRIVY_REGISTRY_TOKEN"];
function trivyEnv(parent, request) {
  const env = {};
  const dropped = [];
  for (const name of Object.keys(parent).sort()) {
    if (name.toUpperCase().startsWith("TRIVY_") && !KEPT_TRIVY_ENV.has(name)) {
      env[name] = void 0;
      dropped.push(name);
    }
  }
  if (request.dropInheritedCredentials) {
    for (const name of TRIVY_CREDENTIAL_ENV) env[name] = void 0;
  }
  Object.assign(env, request.extraEnv ?? {});
  if (request.credentials) {
    env.TRIVY_USERNAME = request.credentials.username;
    env.TRIVY_PASSWORD = request.credentials.password;
  }
  return { env, dropped };
}
function carriesRegistryCredentials(overrides, ...inherited) {
  return TRIVY_CREDENTIAL_ENV.some((name) => {
    if (Object.prototype.hasOwnProperty.call(overrides, name)) return Boolean(overrides[name]);
    return inherited.some((env) => Boolean(env[name]));
  });
}
function withoutRegistryCredentials(env) {
  const stripped = { ...env };
  for (const name of TRIVY_CREDENTIAL_ENV) stripped[name] = void 0;
  return stripped;
}

// src/offline/bundle-manifest.ts
import { createHash } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
var BUNDLE_MANIFEST = "imagegate-bundle.json";
var BUNDLE_FORMAT = "imagegate-offline-bundle";
var MAX_MANIFEST_BYTES = 1024 * 1024;
var MAX_FILES = 64;
var MAX_BUNDLE_FILE_BYTES = 8 * 1024 ** 3;
var PLAIN_TEXT = /^[^\u0000-\u001f\u007f]*$/;
var EXPECTED = `expected the ${BUNDLE_MANIFEST} that imagegate offline bundle writes`;
async function readBundleManifest(dir) {
  const file = path.join(dir, BUNDLE_MANIFEST);
  const text = await readManifestText(file);
  const input = parseJsonInput(text, file, EXPECTED, "the bundle manifest");
  const manifest = checkManifest(input);
  return { manifest, failAt: (index, message) => input.fail(["files", index, "path"], message) };
}
async function readManifestText(file) {
  const fail = (why) => {
    throw new ConfigurationError(`${why}; ${EXPECTED}`, { path: file });
  };
  const handle = await open(file, NO_FOLLOW_READ).catch(
    (error) => fail(
      error.code === "ELOOP" ? `${BUNDLE_MANIFEST} is a symlink; a bundle holds none` : `cannot read the bundle manifest: ${error.code === "ENOENT" ? "no such file" : error.message}`
    )
  );
  try {
    const info = await handle.stat();
    if (!info.isFile()) fail(`${BUNDLE_MANIFEST} is not a regular file`);
    if (info.size > MAX_MANIFEST_BYTES) {
      fail(`the bundle manifest is ${info.size} bytes, more than ${MAX_MANIFEST_BYTES}`);
    }
    const buffer = Buffer.alloc(MAX_MANIFEST_BYTES + 1);
    let length = 0;
    for (; ; ) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_MANIFEST_BYTES) fail(`the bundle manifest is more than ${MAX_MANIFEST_BYTES} bytes`);
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    await handle.close();
  }
}
var NO_FOLLOW_READ = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
function checkManifest(input) {
  const value = input.value;
  const object = (at, v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) input.fail(at, "expected an object");
    return v;
  };
  const string = (at, v, pattern) => {
    if (typeof v !== "string" || v.length === 0 || v.length > 1e3) input.fail(at, "expected a non-empty string");
    if (pattern && !pattern.test(v)) input.fail(at, `'${v.slice(0, 80)}' is not of the expected form`);
    return v;
  };
  const top = object([], value);
  if (top.format !== BUNDLE_FORMAT) input.fail(["format"], `expected "${BUNDLE_FORMAT}"`);
  if (top.formatVersion !== 1) input.fail(["formatVersion"], "expected 1 (this imagegate reads version 1)");
  const trivy = object(["trivy"], top.trivy);
  string(["trivy", "version"], trivy.version, /^\d+\.\d+\.\d+$/);
  string(["trivy", "platform"], trivy.platform, /^[a-z0-9]+$/);
  string(["trivy", "arch"], trivy.arch, /^[a-z0-9_]+$/);
  string(["trivy", "dir"], trivy.dir);
  const db = object(["db"], top.db);
  for (const key of ["updatedAt", "downloadedAt"]) {
    if (db[key] !== null) string(["db", key], db[key], PLAIN_TEXT);
  }
  if (!Array.isArray(top.feeds)) input.fail(["feeds"], "expected an array");
  for (const [index, item] of top.feeds.entries()) {
    const feed = object(["feeds", index], item);
    string(["feeds", index, "feed"], feed.feed, /^(kev|epss)$/);
    string(["feeds", index, "downloadedAt"], feed.downloadedAt, PLAIN_TEXT);
  }
  if (!Array.isArray(top.files)) input.fail(["files"], "expected an array");
  if (top.files.length > MAX_FILES) input.fail(["files"], `more than ${MAX_FILES} files`);
  const seen = /* @__PURE__ */ new Set();
  const files = top.files.map((item, index) => {
    const entry = object(["files", index], item);
    const at = ["files", index];
    const relative = string([...at, "path"], entry.path);
    const problem = pathProblem(relative);
    if (problem) input.fail([...at, "path"], problem);
    if (seen.has(relative)) input.fail([...at, "path"], `'${relative}' is listed twice`);
    seen.add(relative);
    const sha2562 = string([...at, "sha256"], entry.sha256, /^[0-9a-f]{64}$/);
    const bytes = entry.bytes;
    if (typeof bytes !== "number" || !Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_BUNDLE_FILE_BYTES) {
      input.fail([...at, "bytes"], `expected a size from 0 to ${MAX_BUNDLE_FILE_BYTES} bytes`);
    }
    return { path: relative, sha256: sha2562, bytes };
  });
  const trivyDir = trivy.dir;
  const dirProblem = pathProblem(trivyDir);
  if (dirProblem) input.fail(["trivy", "dir"], dirProblem);
  if (!files.some((f) => f.path === `${trivyDir}/trivy`)) input.fail(["trivy", "dir"], `no file ${trivyDir}/trivy`);
  return { ...top, files };
}
function pathProblem(relative) {
  if (/[\\\u0000-\u001f]/.test(relative)) return "a path with a backslash or a control character";
  if (relative.startsWith("/") || /^[A-Za-z]:/.test(relative)) return `'${relative.slice(0, 80)}' is absolute`;
  if (relative.split("/").some((part) => part === "" || part === "." || part === "..")) {
    return `'${relative.slice(0, 80)}' leaves the bundle or is not a plain relative path`;
  }
  return void 0;
}
async function sha256Of(file) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest("hex");
}

// src/scan/feeds/epss-feed.ts
import { gunzipSync } from "node:zlib";
var MAX_EPSS_BYTES = 64 * 2 ** 20;
var MAX_EPSS_UNPACKED_BYTES = 256 * 2 ** 20;
function parseEpss(body, source) {
  const command = `read ${source}`;
  let text;
  if (body.length >= 2 && body[0] === 31 && body[1] === 139) {
    try {
      text = gunzipSync(body, { maxOutputLength: MAX_EPSS_UNPACKED_BYTES }).toString("utf8");
    } catch (error) {
      const code = error.code;
      const why = code === "ERR_BUFFER_TOO_LARGE" ? `it unpacks to more than ${MAX_EPSS_UNPACKED_BYTES} bytes` : "it is not valid gzip";
      throw new ToolError(`the EPSS scores from ${source} cannot be read: ${why}`, { command });
    }
  } else {
    text = body.toString("utf8");
  }
  const bad = (what) => new ToolError(`the EPSS scores from ${source} are not FIRST's EPSS CSV: ${what}`, { command });
  const facts = { scores: /* @__PURE__ */ new Map() };
  let sawHeader = false;
  let lineNumber = 0;
  for (const rawLine of text.split("\n")) {
    lineNumber++;
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line === "") continue;
    if (line.startsWith("#")) {
      readComment(line.slice(1), facts);
      continue;
    }
    if (!sawHeader) {
      const columns = line.split(",").map((column) => column.trim().toLowerCase());
      if (columns[0] !== "cve" || columns[1] !== "epss" || columns[2] !== "percentile") {
        throw bad(`line ${lineNumber}: expected the header "cve,epss,percentile"`);
      }
      sawHeader = true;
      continue;
    }
    const [cve, epss, percentile] = line.split(",", 3);
    const id = (cve ?? "").trim().toUpperCase();
    if (id.length > 24 || !/^CVE-\d{4}-\d{4,12}$/.test(id)) continue;
    const score = probability(epss);
    const rank = probability(percentile);
    if (score === void 0 || rank === void 0) continue;
    facts.scores.set(id, { score, percentile: rank });
  }
  if (!sawHeader) throw bad('no "cve,epss,percentile" header');
  if (facts.scores.size === 0) throw bad("no row with a CVE id and two numbers between 0 and 1");
  return facts;
}
function readComment(comment, facts) {
  for (const part of comment.split(",")) {
    const colon = part.indexOf(":");
    if (colon === -1) continue;
    const key = part.slice(0, colon).trim();
    const value = part.slice(colon + 1).trim();
    if (value.length === 0 || value.length > 40) continue;
    if (key === "model_version") facts.modelVersion = value;
    if (key === "score_date") facts.scoreDate = value;
  }
}
function probability(text) {
  if (text === void 0) return void 0;
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > 32) return void 0;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : void 0;
}

// src/scan/feeds/kev-feed.ts
var MAX_KEV_BYTES = 64 * 2 ** 20;
var MAX_KEV_ENTRIES = 2e5;
var CVE_ID = /^CVE-\d{4}-\d{4,12}$/;
function parseKev(text, source) {
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ToolError(`the KEV catalogue from ${source} is not valid JSON (${error.name})`, {
      command: `read ${source}`
    });
  }
  const bad = (what) => new ToolError(`the KEV catalogue from ${source} is not a CISA KEV catalogue: ${what}`, {
    command: `read ${source}`
  });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("expected a JSON object");
  const record = raw;
  const list = record.vulnerabilities;
  if (!Array.isArray(list)) throw bad('expected a "vulnerabilities" array');
  if (list.length > MAX_KEV_ENTRIES) throw bad(`more than ${MAX_KEV_ENTRIES} entries`);
  if (list.length === 0) throw bad('its "vulnerabilities" array is empty');
  const count = record.count;
  if (count !== void 0 && count !== list.length) {
    throw bad(`its "count" field disagrees with the ${list.length} entries in "vulnerabilities"`);
  }
  const entries = /* @__PURE__ */ new Map();
  for (const item of list) {
    if (typeof item !== "object" || item === null) continue;
    const entry = item;
    const id = typeof entry.cveID === "string" ? entry.cveID.trim().toUpperCase() : "";
    if (id.length > 24 || !CVE_ID.test(id)) continue;
    const kev = {};
    if (typeof entry.dateAdded === "string" && /^\d{4}-\d{2}-\d{2}$/.test(entry.dateAdded)) {
      kev.dateAdded = entry.dateAdded;
    }
    const ransomware = entry.knownRansomwareCampaignUse;
    if (ransomware === "Known" || ransomware === "Unknown") kev.knownRansomwareCampaignUse = ransomware;
    entries.set(id, kev);
  }
  if (entries.size === 0) throw bad('no entry has a CVE id in "cveID"');
  const version = record.catalogVersion;
  return {
    ...typeof version === "string" && version.length <= 40 ? { catalogVersion: version } : {},
    entries
  };
}

// src/scan/feeds/load-feeds.ts
import { createHash as createHash2 } from "node:crypto";
import { open as open2 } from "node:fs/promises";
var DEFAULT_KEV_URLS = [
  "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
  "https://raw.githubusercontent.com/cisagov/kev-data/main/known_exploited_vulnerabilities.json"
];
var DEFAULT_EPSS_URLS = ["https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"];
async function loadFeeds(request) {
  const facts = { records: [], missing: [] };
  for (const feed of ["kev", "epss"]) {
    const source = request[feed];
    const maxBytes = feed === "kev" ? MAX_KEV_BYTES : MAX_EPSS_BYTES;
    const parse = feed === "kev" ? readKev : readEpss;
    let parsed;
    let record;
    if (source.file !== void 0) {
      const body = await readFeedFile(source.file, maxBytes, feed);
      parsed = parseGivenFile(parse, body, source.file, feed);
      record = { feed, origin: "file", source: source.file, sha256: sha256(body), bytes: body.length };
    } else {
      const urls = validUrls(source.urls, feed);
      try {
        const fetched = await fetchFeed({
          feed,
          urls,
          cacheDir: request.cacheDir,
          now: request.now,
          maxBytes,
          logger: request.logger,
          parse,
          ...request.deadlineMs !== void 0 ? { deadlineMs: request.deadlineMs } : {},
          ...request.offline ? { offline: true } : {}
        });
        parsed = fetched.parsed;
        record = {
          feed,
          origin: fetched.origin,
          source: fetched.url,
          sha256: fetched.sha256,
          bytes: fetched.bytes,
          downloadedAt: fetched.downloadedAt
        };
      } catch (error) {
        const reason = error.message;
        if (request.require) {
          throw new ToolError(
            `the ${feedTitle(feed)} could not be downloaded and the policy requires it (vulnerabilities.requireFeeds): ${reason}`,
            { command: `GET ${urls.join(" | ")}` },
            { cause: error }
          );
        }
        request.logger.warning(`the ${feedTitle(feed)} could not be downloaded; the gate runs without it: ${reason}`);
        facts.missing.push({ feed, reason });
        continue;
      }
    }
    if ("entries" in parsed) {
      facts.kev = parsed;
      facts.records.push({ ...record, entries: parsed.entries.size, ...versionOf(parsed.catalogVersion) });
    } else {
      facts.epss = parsed;
      facts.records.push({ ...record, entries: parsed.scores.size, ...versionOf(parsed.scoreDate) });
    }
  }
  return facts;
}
var readKev = (body, source) => parseKev(body.toString("utf8"), source);
var readEpss = (body, source) => parseEpss(body, source);
function parseGivenFile(parse, body, file, feed) {
  try {
    return parse(body, file);
  } catch (error) {
    throw new ConfigurationError(
      `${feed === "kev" ? "--kev-file" : "--epss-file"} ${file}: ${error.message}`
    );
  }
}
function versionOf(version) {
  return version !== void 0 ? { version } : {};
}
function feedTitle(feed) {
  return feed === "kev" ? "CISA KEV catalogue" : "EPSS scores";
}
function validUrls(given, feed) {
  const list = (given ?? []).map((url) => url.trim()).filter((url) => url.length > 0);
  for (const url of list) checkFeedUrl(url, `${feed}-url`);
  return list.length > 0 ? list : [...feed === "kev" ? DEFAULT_KEV_URLS : DEFAULT_EPSS_URLS];
}
async function readFeedFile(file, maxBytes, feed) {
  const option = feed === "kev" ? "--kev-file" : "--epss-file";
  let handle;
  try {
    handle = await open2(file, "r");
  } catch (error) {
    throw new ConfigurationError(
      `${option} ${file}: cannot be read (${error.code ?? "error"})`
    );
  }
  try {
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, (await handle.stat()).size + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) {
      throw new ConfigurationError(`${option} ${file}: larger than the ${maxBytes} bytes imagegate accepts for it`);
    }
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
function sha256(body) {
  return createHash2("sha256").update(body).digest("hex");
}

export {
  buildTrivyArgs,
  scannerList,
  buildTrivyDbDownloadArgs,
  trivyEnv,
  carriesRegistryCredentials,
  withoutRegistryCredentials,
  BUNDLE_MANIFEST,
  BUNDLE_FORMAT,
  readBundleManifest,
  NO_FOLLOW_READ,
  sha256Of,
  MAX_EPSS_BYTES,
  parseEpss,
  MAX_KEV_BYTES,
  parseKev,
  DEFAULT_KEV_URLS,
  DEFAULT_EPSS_URLS,
  loadFeeds
};
//# sourceMappingURL=chunk-JUGU53RN.js.map
