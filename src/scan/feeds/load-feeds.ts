import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { ConfigurationError, ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { MAX_EPSS_BYTES, parseEpss } from './epss-feed.js';
import { fetchFeed } from './feed-cache.js';
import { checkFeedUrl } from './feed-url.js';
import type { EpssFacts, FeedFacts, FeedName, FeedRecord, KevFacts } from './feed-types.js';
import { MAX_KEV_BYTES, parseKev } from './kev-feed.js';

/** CISA's own URL first, then its GitHub mirror (cisagov/kev-data publishes the same file). */
export const DEFAULT_KEV_URLS: readonly string[] = [
  'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
  'https://raw.githubusercontent.com/cisagov/kev-data/main/known_exploited_vulnerabilities.json',
];

/** FIRST's published daily file (served by its EPSS data partner), current day. */
export const DEFAULT_EPSS_URLS: readonly string[] = ['https://epss.empiricalsecurity.com/epss_scores-current.csv.gz'];

export interface FeedSource {
  /** A file given for an offline run (`--kev-file`, `--epss-file`): read instead of any download. */
  file?: string;
  /** Mirrors in order; undefined or empty: the defaults. */
  urls?: readonly string[];
}

export interface LoadFeedsRequest {
  kev: FeedSource;
  epss: FeedSource;
  /** The Trivy cache dir: the feeds are cached in its `feeds/` beside the DB. */
  cacheDir: string;
  now: Date;
  logger: Logger;
  /** `vulnerabilities.requireFeeds`: a feed that cannot be read is a ToolError instead of a warning. */
  require: boolean;
  deadlineMs?: number;
  /** `--offline`: only files and cached copies (whatever their age); nothing is downloaded. */
  offline?: boolean;
}

/**
 * Both feeds, each from its file or its cache/mirrors. A feed that cannot be had is recorded in `missing` and
 * logged as a warning (the gate then runs without it), unless `require` is set. A mirror serving something that does
 * not parse is a failed mirror (feed-cache.ts: the next one is tried, an older good copy kept). A given file that
 * cannot be read or does not parse is exit 2: the user pointed at it.
 */
export async function loadFeeds(request: LoadFeedsRequest): Promise<FeedFacts> {
  const facts: FeedFacts = { records: [], missing: [] };
  for (const feed of ['kev', 'epss'] as const) {
    const source = request[feed];
    const maxBytes = feed === 'kev' ? MAX_KEV_BYTES : MAX_EPSS_BYTES;
    const parse: (body: Buffer, source: string) => KevFacts | EpssFacts = feed === 'kev' ? readKev : readEpss;
    let parsed: KevFacts | EpssFacts;
    let record: Omit<FeedRecord, 'entries' | 'version'>;
    if (source.file !== undefined) {
      const body = await readFeedFile(source.file, maxBytes, feed);
      parsed = parseGivenFile(parse, body, source.file, feed);
      record = { feed, origin: 'file', source: source.file, sha256: sha256(body), bytes: body.length };
    } else {
      const urls = validUrls(source.urls, feed);
      try {
        const fetched = await fetchFeed<KevFacts | EpssFacts>({
          feed,
          urls,
          cacheDir: request.cacheDir,
          now: request.now,
          maxBytes,
          logger: request.logger,
          parse,
          ...(request.deadlineMs !== undefined ? { deadlineMs: request.deadlineMs } : {}),
          ...(request.offline ? { offline: true } : {}),
        });
        parsed = fetched.parsed;
        record = {
          feed,
          origin: fetched.origin,
          source: fetched.url,
          sha256: fetched.sha256,
          bytes: fetched.bytes,
          downloadedAt: fetched.downloadedAt,
        };
      } catch (error) {
        const reason = (error as Error).message;
        if (request.require) {
          throw new ToolError(
            `the ${feedTitle(feed)} could not be downloaded and the policy requires it (vulnerabilities.requireFeeds): ${reason}`,
            { command: `GET ${urls.join(' | ')}` },
            { cause: error },
          );
        }
        request.logger.warning(`the ${feedTitle(feed)} could not be downloaded; the gate runs without it: ${reason}`);
        facts.missing.push({ feed, reason });
        continue;
      }
    }
    if ('entries' in parsed) {
      facts.kev = parsed;
      facts.records.push({ ...record, entries: parsed.entries.size, ...versionOf(parsed.catalogVersion) });
    } else {
      facts.epss = parsed;
      facts.records.push({ ...record, entries: parsed.scores.size, ...versionOf(parsed.scoreDate) });
    }
  }
  return facts;
}

const readKev = (body: Buffer, source: string): KevFacts => parseKev(body.toString('utf8'), source);
const readEpss = (body: Buffer, source: string): EpssFacts => parseEpss(body, source);

/** A file the user named that is not the feed is their input to fix: exit 2 naming the option, not a tool failure. */
function parseGivenFile<T>(parse: (body: Buffer, source: string) => T, body: Buffer, file: string, feed: FeedName): T {
  try {
    return parse(body, file);
  } catch (error) {
    throw new ConfigurationError(
      `${feed === 'kev' ? '--kev-file' : '--epss-file'} ${file}: ${(error as Error).message}`,
    );
  }
}

function versionOf(version: string | undefined): { version?: string } {
  return version !== undefined ? { version } : {};
}

function feedTitle(feed: FeedName): string {
  return feed === 'kev' ? 'CISA KEV catalogue' : 'EPSS scores';
}

function validUrls(given: readonly string[] | undefined, feed: FeedName): string[] {
  const list = (given ?? []).map((url) => url.trim()).filter((url) => url.length > 0);
  // Checked again here for direct callers; the entry points check first, naming their own option.
  for (const url of list) checkFeedUrl(url, `${feed}-url`);
  return list.length > 0 ? list : [...(feed === 'kev' ? DEFAULT_KEV_URLS : DEFAULT_EPSS_URLS)];
}

/** Reads at most `maxBytes` (+1 to tell "too large"): a file the user names is capped like a download. */
async function readFeedFile(file: string, maxBytes: number, feed: FeedName): Promise<Buffer> {
  const option = feed === 'kev' ? '--kev-file' : '--epss-file';
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new ConfigurationError(
      `${option} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
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

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
