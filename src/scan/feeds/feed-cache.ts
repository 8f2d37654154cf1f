import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { AtomicFileSet } from '../../util/atomic-write.js';
import { downloadToFile } from '../install/download.js';
import { utcDay } from '../runner/trivy-db.js';
import type { FeedName } from './feed-types.js';

/**
 * The feeds' download cache: `<Trivy cache dir>/feeds/<feed>` plus `<feed>.record.json` ({url, sha256, bytes,
 * downloadedAt}), beside the Trivy DB so that whatever caches the DB (the Action's cache, a runner's disk) caches
 * the feeds too. A feed downloaded on today's UTC day is used without a request (the publishers update once a day);
 * a cached file whose SHA-256 differs from its record is never used: it is downloaded again. When every mirror
 * fails, an older cached copy is used with a warning (its `downloadedAt` in the record says how old).
 *
 * Every copy is parsed before it is used or cached (`parse`): a mirror serving a document that is not the feed (an
 * empty or truncated KEV catalogue, an HTML error page) counts as a failed mirror, so the next mirror is tried and an
 * older good copy is neither replaced nor lost, and a cached copy that does not parse is not used.
 */

export const FEEDS_DIR = 'feeds';
/** A record is ~200 bytes; anything larger is not one of ours. */
const MAX_RECORD_BYTES = 64 * 1024;

export interface CachedFeed {
  body: Buffer;
  url: string;
  sha256: string;
  bytes: number;
  downloadedAt: string;
  origin: 'download' | 'cache';
}

interface FeedCacheRecord {
  url: string;
  sha256: string;
  bytes: number;
  downloadedAt: string;
}

export interface FetchFeedRequest<T> {
  feed: FeedName;
  /** Mirrors in order of preference; the first that answers 200 within the cap wins. */
  urls: readonly string[];
  cacheDir: string;
  now: Date;
  maxBytes: number;
  logger: Logger;
  /** Per-URL deadline; tests shorten it. */
  deadlineMs?: number;
  /** `--offline`: the cached copy whatever its age (with a warning when it is not today's), never a download. */
  offline?: boolean;
  /** Reads the feed; throws (naming `source`, quoting nothing) when the bytes are not one. */
  parse: (body: Buffer, source: string) => T;
}

export interface FetchedFeed<T> extends CachedFeed {
  parsed: T;
}

/**
 * Today's cached copy, else a download from the first mirror that works. Throws the last mirror's ToolError when
 * none does (the caller turns it into a warning unless the policy requires the feed); every failure is logged.
 */
export async function fetchFeed<T>(request: FetchFeedRequest<T>): Promise<FetchedFeed<T>> {
  const dir = path.join(request.cacheDir, FEEDS_DIR);
  const file = path.join(dir, request.feed);
  const recordFile = `${file}.record.json`;
  // An older copy is parsed only if it is used (offline, or as the fallback): a day's first run, which downloads,
  // would otherwise parse the EPSS file (~250,000 rows) twice.
  const stored = await readCached(file, recordFile, request.maxBytes);
  const today = stored?.downloadedAt.slice(0, 10) === utcDay(request.now);
  const current = today ? usable(stored, request) : undefined;
  if (current) {
    request.logger.debug(`feeds: ${request.feed} from the cache (downloaded ${current.downloadedAt})`);
    return current;
  }
  // Today's copy that does not parse is no fallback either.
  const fallback = today ? undefined : stored;
  if (request.offline) {
    const cached = usable(fallback, request);
    if (!cached) {
      throw new ToolError(
        `offline: no cached copy of the ${request.feed} feed in ${dir}; give it as a file or use --offline-bundle`,
        { command: `read ${file}` },
      );
    }
    request.logger.warning(`feeds: offline, using the ${request.feed} copy downloaded ${cached.downloadedAt}`);
    return cached;
  }
  await mkdir(dir, { recursive: true });
  let lastError: unknown = new Error('no URL to download it from');
  for (const url of request.urls) {
    const partial = `${file}.${process.pid}.${Date.now()}.partial`;
    try {
      const result = await downloadToFile(url, partial, {
        logger: request.logger,
        maxBytes: request.maxBytes,
        ...(request.deadlineMs !== undefined ? { deadlineMs: request.deadlineMs } : {}),
      });
      const record: FeedCacheRecord = {
        url,
        sha256: result.sha256,
        bytes: result.bytes,
        downloadedAt: request.now.toISOString(),
      };
      // Parsed before it is cached: a document that is not the feed fails this mirror and replaces nothing.
      const body = await readFile(partial);
      const parsed = request.parse(body, url);
      // The feed and its record go into place together (src/util/atomic-write.ts): a reader never pairs a new feed
      // with the old record, whose SHA-256 would then refuse it.
      await new AtomicFileSet({ what: `the ${request.feed} feed cache`, place: dir, placeKind: 'directory' }).run(
        async (files) => {
          await files.stageBytes(file, body);
          await files.stage(recordFile, (sink) => sink.writeFile(`${JSON.stringify(record, null, 2)}\n`, 'utf8'));
        },
      );
      await rm(partial, { force: true });
      return { ...record, body, origin: 'download', parsed };
    } catch (error) {
      await rm(partial, { force: true });
      request.logger.warning(`feeds: ${request.feed} from ${url}: ${(error as Error).message}`);
      lastError = error;
    }
  }
  const cached = usable(fallback, request);
  if (cached) {
    // Yesterday's catalogue beats none: the gate keeps its KEV/EPSS decisions through an outage, and says so.
    request.logger.warning(
      `feeds: ${request.feed} could not be downloaded; using the copy downloaded ${cached.downloadedAt}`,
    );
    return cached;
  }
  throw lastError;
}

/** The cached copy with its parsed contents, or undefined (with a warning) when it does not parse. */
function usable<T>(cached: CachedFeed | undefined, request: FetchFeedRequest<T>): FetchedFeed<T> | undefined {
  if (!cached) return undefined;
  try {
    return { ...cached, parsed: request.parse(cached.body, cached.url) };
  } catch (error) {
    request.logger.warning(`feeds: the cached ${request.feed} copy is not used: ${(error as Error).message}`);
    return undefined;
  }
}

async function readCached(file: string, recordFile: string, maxBytes: number): Promise<CachedFeed | undefined> {
  let record: FeedCacheRecord;
  let body: Buffer;
  try {
    // The cache dir is written by earlier jobs: a feed over the download cap, or a record larger than any we write,
    // is not one of ours and is not read.
    const [feedInfo, recordInfo] = await Promise.all([stat(file), stat(recordFile)]);
    if (!feedInfo.isFile() || feedInfo.size > maxBytes) return undefined;
    if (!recordInfo.isFile() || recordInfo.size > MAX_RECORD_BYTES) return undefined;
    record = JSON.parse(await readFile(recordFile, 'utf8')) as FeedCacheRecord;
    body = await readFile(file);
  } catch {
    return undefined;
  }
  if (typeof record !== 'object' || record === null) return undefined;
  const { url, sha256, bytes, downloadedAt } = record;
  if (typeof url !== 'string' || typeof sha256 !== 'string' || typeof downloadedAt !== 'string') return undefined;
  if (typeof bytes !== 'number' || Number.isNaN(new Date(downloadedAt).getTime())) return undefined;
  // A file swapped or damaged in a shared cache is not today's download, whatever its record says.
  if (createHash('sha256').update(body).digest('hex') !== sha256) return undefined;
  return { body, url, sha256, bytes, downloadedAt, origin: 'cache' };
}
