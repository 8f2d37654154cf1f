/**
 * Exploit-likelihood feeds (issue 18 item 1): the CISA Known Exploited Vulnerabilities catalogue and FIRST's EPSS
 * scores, as facts the vulnerability check reads. Both are keyed by upper-case CVE id.
 */

export type FeedName = 'kev' | 'epss';

export interface KevEntry {
  /** `YYYY-MM-DD` when CISA added it. */
  dateAdded?: string;
  /** `Known` or `Unknown` as CISA writes it. */
  knownRansomwareCampaignUse?: string;
}

export interface KevFacts {
  catalogVersion?: string;
  entries: Map<string, KevEntry>;
}

export interface EpssScore {
  /** Probability of exploitation activity in the next 30 days, 0..1. */
  score: number;
  /** The score's percentile among all scored CVEs, 0..1. */
  percentile: number;
}

export interface EpssFacts {
  modelVersion?: string;
  scoreDate?: string;
  scores: Map<string, EpssScore>;
}

/** Where a feed this run used came from, for imagegate.json: what was read and its SHA-256. */
export interface FeedRecord {
  feed: FeedName;
  /** `file` (--kev-file/--epss-file), `download` (fetched now) or `cache` (fetched earlier today). */
  origin: 'file' | 'download' | 'cache';
  /** The URL it was downloaded from, or the file given. */
  source: string;
  sha256: string;
  bytes: number;
  /** When it was downloaded (download and cache only), ISO 8601. */
  downloadedAt?: string;
  /** KEV's catalogVersion or EPSS's score_date. */
  version?: string;
  entries: number;
}

/** What the feeds stage gathered: the feeds it could read, their records, and why any is missing. */
export interface FeedFacts {
  kev?: KevFacts;
  epss?: EpssFacts;
  records: FeedRecord[];
  /** One line per feed that could not be read (a warning, unless the policy requires feeds). */
  missing: Array<{ feed: FeedName; reason: string }>;
}
