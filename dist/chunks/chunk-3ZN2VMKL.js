import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  downloadToFile
} from "./chunk-HLKV6WWC.js";
import {
  AtomicFileSet
} from "./chunk-7GNNRPV6.js";
import {
  utcDay
} from "./chunk-QAPMAWII.js";
import {
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/scan/feeds/feed-cache.ts
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
var FEEDS_DIR = "feeds";
var MAX_RECORD_BYTES = 64 * 1024;
async function fetchFeed(request) {
  const dir = path.join(request.cacheDir, FEEDS_DIR);
  const file = path.join(dir, request.feed);
  const recordFile = `${file}.record.json`;
  const stored = await readCached(file, recordFile, request.maxBytes);
  const today = stored?.downloadedAt.slice(0, 10) === utcDay(request.now);
  const current = today ? usable(stored, request) : void 0;
  if (current) {
    request.logger.debug(`feeds: ${request.feed} from the cache (downloaded ${current.downloadedAt})`);
    return current;
  }
  const fallback = today ? void 0 : stored;
  if (request.offline) {
    const cached2 = usable(fallback, request);
    if (!cached2) {
      throw new ToolError(
        `offline: no cached copy of the ${request.feed} feed in ${dir}; give it as a file or use --offline-bundle`,
        { command: `read ${file}` }
      );
    }
    request.logger.warning(`feeds: offline, using the ${request.feed} copy downloaded ${cached2.downloadedAt}`);
    return cached2;
  }
  await mkdir(dir, { recursive: true });
  let lastError = new Error("no URL to download it from");
  for (const url of request.urls) {
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    try {
      const result = await downloadToFile(url, partial, {
        logger: request.logger,
        maxBytes: request.maxBytes,
        ...request.deadlineMs !== void 0 ? { deadlineMs: request.deadlineMs } : {}
      });
      const record = {
        url,
        sha256: result.sha256,
        bytes: result.bytes,
        downloadedAt: request.now.toISOString()
      };
      const body = await readFile(partial);
      const parsed = request.parse(body, url);
      await new AtomicFileSet({ what: `the ${request.feed} feed cache`, place: dir, placeKind: "directory" }).run(
        async (files) => {
          await files.stageBytes(file, body);
          await files.stage(recordFile, (sink) => sink.writeFile(`${JSON.stringify(record, null, 2)}
`, "utf8"));
        }
      );
      await rm(partial, { force: true });
      return { ...record, body, origin: "download", parsed };
    } catch (error) {
      await rm(partial, { force: true });
      request.logger.warning(`feeds: ${request.feed} from ${url}: ${error.message}`);
      lastError = error;
    }
  }
  const cached = usable(fallback, request);
  if (cached) {
    request.logger.warning(
      `feeds: ${request.feed} could not be downloaded; using the copy downloaded ${cached.downloadedAt}`
    );
    return cached;
  }
  throw lastError;
}
function usable(cached, request) {
  if (!cached) return void 0;
  try {
    return { ...cached, parsed: request.parse(cached.body, cached.url) };
  } catch (error) {
    request.logger.warning(`feeds: the cached ${request.feed} copy is not used: ${error.message}`);
    return void 0;
  }
}
async function readCached(file, recordFile, maxBytes) {
  let record;
  let body;
  try {
    const [feedInfo, recordInfo] = await Promise.all([stat(file), stat(recordFile)]);
    if (!feedInfo.isFile() || feedInfo.size > maxBytes) return void 0;
    if (!recordInfo.isFile() || recordInfo.size > MAX_RECORD_BYTES) return void 0;
    record = JSON.parse(await readFile(recordFile, "utf8"));
    body = await readFile(file);
  } catch {
    return void 0;
  }
  if (typeof record !== "object" || record === null) return void 0;
  const { url, sha256, bytes, downloadedAt } = record;
  if (typeof url !== "string" || typeof sha256 !== "string" || typeof downloadedAt !== "string") return void 0;
  if (typeof bytes !== "number" || Number.isNaN(new Date(downloadedAt).getTime())) return void 0;
  if (createHash("sha256").update(body).digest("hex") !== sha256) return void 0;
  return { body, url, sha256, bytes, downloadedAt, origin: "cache" };
}

export {
  FEEDS_DIR,
  fetchFeed
};
//# sourceMappingURL=chunk-3ZN2VMKL.js.map
