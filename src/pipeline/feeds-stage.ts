import type { FeedOptions } from '../config/run-config.js';
import type { VulnerabilityRules } from '../policy/types.js';
import type { FeedFacts } from '../scan/feeds/feed-types.js';
import { loadFeeds } from '../scan/feeds/load-feeds.js';
import type { Logger } from '../util/logger.js';

export interface FeedsStageRequest {
  feeds?: FeedOptions;
  /** The deciding policy's vulnerability rules for this image (requireFeeds is read from these alone). */
  rules: VulnerabilityRules;
  /** Rules of a policy evaluated beside (the head's, `--evaluate-head-policy`): they may want the feeds too. */
  alsoFor?: VulnerabilityRules;
  /** Whether the run has vulnerability findings to prioritize (a scan ran or a report was given). */
  scanned: boolean;
  /** The Trivy cache dir (the feeds live in its `feeds/`). */
  cacheDir: string;
  now: Date;
  logger: Logger;
  /** A CI cache for the `feeds/` dir (the Action's); restored before the feeds are read, saved after. */
  cache?: FeedsCache;
  /** `--offline`: files and cached copies only (src/scan/feeds/feed-cache.ts). */
  offline?: boolean;
}

/** Restores `<cacheDir>/feeds/` before the feeds are read; the handle saves it afterwards. Failures are warnings. */
export interface FeedsCache {
  restore(cacheDir: string, now: Date): Promise<{ save(): Promise<void> }>;
}

/**
 * Reads the KEV and EPSS feeds when something will use them: the policy's `failOnKev`, `epss`, `gracePeriod` or
 * `requireFeeds`,
 * or a feed file given on the command line. Otherwise no request is made, so runs that do not ask for exploit
 * priority never touch these hosts. Undefined when not read.
 */
export async function runFeedsStage(request: FeedsStageRequest): Promise<FeedFacts | undefined> {
  const { rules, feeds = {} } = request;
  if (!request.scanned) return undefined;
  const wanted =
    usesFeeds(rules) ||
    (request.alsoFor !== undefined && usesFeeds(request.alsoFor)) ||
    feeds.kevFile !== undefined ||
    feeds.epssFile !== undefined;
  if (!wanted) return undefined;
  // Files given for both feeds need no cache (and make no request).
  const downloads = feeds.kevFile === undefined || feeds.epssFile === undefined;
  const cached = downloads ? await request.cache?.restore(request.cacheDir, request.now) : undefined;
  let facts: FeedFacts;
  try {
    facts = await loadFeeds({
      kev: { ...(feeds.kevFile ? { file: feeds.kevFile } : {}), ...(feeds.kevUrls ? { urls: feeds.kevUrls } : {}) },
      epss: {
        ...(feeds.epssFile ? { file: feeds.epssFile } : {}),
        ...(feeds.epssUrls ? { urls: feeds.epssUrls } : {}),
      },
      cacheDir: request.cacheDir,
      now: request.now,
      logger: request.logger,
      require: rules.requireFeeds === true,
      ...(request.offline ? { offline: true } : {}),
    });
  } finally {
    // Saved even when a required feed is missing: the other one was downloaded and need not be again.
    await cached?.save();
  }
  for (const record of facts.records) {
    const version = record.version ? ` ${record.version}` : '';
    request.logger.info(
      `${record.feed === 'kev' ? 'CISA KEV' : 'EPSS'}${version}: ${record.entries} entries from ${record.source} (${record.origin}), sha256 ${record.sha256}`,
    );
  }
  return facts;
}

/** A grace period never applies to a KEV entry, so it needs the catalogue too. */
function usesFeeds(rules: VulnerabilityRules): boolean {
  return (
    rules.failOnKev === true ||
    rules.epss !== undefined ||
    rules.requireFeeds === true ||
    rules.gracePeriod !== undefined
  );
}
