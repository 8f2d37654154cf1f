import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadFeeds } from '../../../src/scan/feeds/load-feeds.js';
import { parseEpss } from '../../../src/scan/feeds/epss-feed.js';
import { fetchFeed } from '../../../src/scan/feeds/feed-cache.js';
import { parseKev } from '../../../src/scan/feeds/kev-feed.js';
import { ConfigurationError, ToolError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { tempDir } from '../../support/temp.js';
import { useReleaseServer } from '../install/support/release-server.js';
import { epssGz } from './epss-csv.js';

const KEV_FILE = path.resolve('../shared/corpus/vulndata/known_exploited_vulnerabilities.json');
const haveCorpus = existsSync(KEV_FILE);
const describeCorpus = haveCorpus ? describe : describe.skip;

const server = useReleaseServer();
const base = await tempDir('imagegate-feeds-');
let counter = 0;
const freshCache = () => path.join(base, `cache-${++counter}`);
const sha = (body: Buffer | string) => createHash('sha256').update(body).digest('hex');
const DAY1 = new Date('2026-12-07T08:00:00Z');
const EPSS = epssGz([
  ['CVE-2025-48384', 0.61234, 0.98101],
  ['CVE-2019-14697', 0.00042, 0.11],
]);

describeCorpus('KEV and EPSS feeds from a local mirror (real KEV snapshot)', () => {
  let kevBody: Buffer;
  beforeAll(async () => {
    kevBody = await readFile(KEV_FILE);
  });

  function request(cacheDir: string, now = DAY1, extra: { require?: boolean } = {}) {
    return {
      kev: { urls: [`${server.baseUrl}/down/kev.json`, `${server.baseUrl}/kev.json`] },
      epss: { urls: [`${server.baseUrl}/epss_scores-2026-12-07.csv.gz`] },
      cacheDir,
      now,
      logger: new MemoryLogger(),
      require: extra.require ?? false,
    };
  }

  it('downloads both feeds, falls through to the next mirror, and records what was used with its SHA-256', async () => {
    server.routes.set('/down/kev.json', { status: 404 });
    server.routes.set('/kev.json', { body: kevBody });
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { body: EPSS });
    const facts = await loadFeeds(request(freshCache()));
    expect(facts.missing).toEqual([]);
    expect(facts.kev?.catalogVersion).toBe('2025.08.25');
    expect(facts.kev?.entries.size).toBe(1404);
    expect(facts.kev?.entries.get('CVE-2025-48384')).toEqual({
      dateAdded: '2025-08-25',
      knownRansomwareCampaignUse: 'Unknown',
    });
    expect(facts.epss?.scores.get('CVE-2025-48384')).toEqual({ score: 0.61234, percentile: 0.98101 });
    expect(facts.epss?.scoreDate).toBe('2026-12-07T00:00:00+0000');
    expect(facts.records).toEqual([
      expect.objectContaining({
        feed: 'kev',
        origin: 'download',
        source: `${server.baseUrl}/kev.json`,
        sha256: sha(kevBody),
        entries: 1404,
        version: '2025.08.25',
      }),
      expect.objectContaining({ feed: 'epss', origin: 'download', sha256: sha(EPSS), entries: 2 }),
    ]);
    expect(server.requests).toEqual(['/down/kev.json', '/kev.json', '/epss_scores-2026-12-07.csv.gz']);
  });

  it('downloads at most once a UTC day: a second run the same day makes no request, the next day downloads again', async () => {
    server.routes.set('/kev.json', { body: kevBody });
    server.routes.set('/down/kev.json', { body: kevBody });
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { body: EPSS });
    const cacheDir = freshCache();
    await loadFeeds(request(cacheDir));
    expect(server.requests).toHaveLength(2);
    const again = await loadFeeds(request(cacheDir, new Date('2026-12-07T23:59:00Z')));
    expect(server.requests).toHaveLength(2);
    expect(again.records.map((r) => [r.origin, r.sha256])).toEqual([
      ['cache', sha(kevBody)],
      ['cache', sha(EPSS)],
    ]);
    await loadFeeds(request(cacheDir, new Date('2026-12-08T00:01:00Z')));
    expect(server.requests).toHaveLength(4);
  });

  it('the next day, the download is parsed once and yesterday’s copy not at all (it is only the fallback)', async () => {
    server.routes.set('/down/kev.json', { body: kevBody });
    const cacheDir = freshCache();
    const parsed: string[] = [];
    const fetchKev = (now: Date) =>
      fetchFeed({
        feed: 'kev',
        urls: [`${server.baseUrl}/down/kev.json`],
        cacheDir,
        now,
        maxBytes: 64 * 2 ** 20,
        logger: new MemoryLogger(),
        parse: (body, source) => {
          parsed.push(source);
          return parseKev(body.toString('utf8'), source);
        },
      });
    await fetchKev(DAY1);
    parsed.length = 0;
    const next = await fetchKev(new Date('2026-12-08T08:00:00Z'));
    expect(next.origin).toBe('download');
    expect(parsed).toEqual([`${server.baseUrl}/down/kev.json`]);
  });

  it('downloads again when the cached file no longer matches its recorded SHA-256', async () => {
    server.routes.set('/down/kev.json', { body: kevBody });
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { body: EPSS });
    const cacheDir = freshCache();
    await loadFeeds(request(cacheDir));
    await writeFile(path.join(cacheDir, 'feeds', 'kev'), '{"vulnerabilities":[{"cveID":"CVE-2000-0001"}]}');
    const facts = await loadFeeds(request(cacheDir));
    expect(facts.kev?.entries.size).toBe(1404);
    expect(server.requests).toEqual(['/down/kev.json', '/epss_scores-2026-12-07.csv.gz', '/down/kev.json']);
  });

  it('a server that is down is a warning and the run goes on without the feed', async () => {
    const downUrl = 'http://127.0.0.1:9/kev.json';
    const logger = new MemoryLogger();
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { body: EPSS });
    const facts = await loadFeeds({ ...request(freshCache()), kev: { urls: [downUrl] }, logger });
    expect(facts.kev).toBeUndefined();
    expect(facts.epss?.scores.size).toBe(2);
    expect(facts.missing).toEqual([{ feed: 'kev', reason: expect.stringContaining(`could not download ${downUrl}`) }]);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/^warning: the CISA KEV catalogue could not be downloaded; the gate runs without it/),
    );
  }, 20_000);

  it('when every mirror fails, an older cached copy is used with a warning naming its download time', async () => {
    server.routes.set('/down/kev.json', { body: kevBody });
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { body: EPSS });
    const cacheDir = freshCache();
    await loadFeeds(request(cacheDir));
    server.routes.set('/down/kev.json', { status: 404 });
    server.routes.set('/kev.json', { status: 404 });
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { status: 404 });
    const logger = new MemoryLogger();
    const facts = await loadFeeds({ ...request(cacheDir, new Date('2026-12-09T08:00:00Z')), logger });
    expect(facts.missing).toEqual([]);
    expect(facts.records.map((r) => [r.origin, r.downloadedAt, r.sha256])).toEqual([
      ['cache', DAY1.toISOString(), sha(kevBody)],
      ['cache', DAY1.toISOString(), sha(EPSS)],
    ]);
    expect(logger.lines).toContain(
      `warning: feeds: kev could not be downloaded; using the copy downloaded ${DAY1.toISOString()}`,
    );
  });

  it('vulnerabilities.requireFeeds turns a missing feed into a ToolError naming the URLs', async () => {
    server.routes.set('/epss_scores-2026-12-07.csv.gz', { status: 404 });
    server.routes.set('/kev.json', { body: kevBody });
    const error = await loadFeeds(request(freshCache(), DAY1, { require: true })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).message).toMatch(
      /EPSS scores could not be downloaded and the policy requires it .*HTTP 404/,
    );
    expect((error as ToolError).command).toBe(`GET ${server.baseUrl}/epss_scores-2026-12-07.csv.gz`);
  });

  it('reads given files instead of downloading (offline) and records their SHA-256', async () => {
    const epssFile = path.join(base, 'epss_scores-2026-12-07.csv.gz');
    await writeFile(epssFile, EPSS);
    const facts = await loadFeeds({ ...request(freshCache()), kev: { file: KEV_FILE }, epss: { file: epssFile } });
    expect(server.requests).toEqual([]);
    expect(facts.records).toEqual([
      expect.objectContaining({ feed: 'kev', origin: 'file', source: KEV_FILE, sha256: sha(kevBody) }),
      expect.objectContaining({ feed: 'epss', origin: 'file', source: epssFile, sha256: sha(EPSS) }),
    ]);
  });
});

describe('feed parsing is defensive', () => {
  it('a missing --kev-file is a ConfigurationError naming the option', async () => {
    const error = await loadFeeds({
      kev: { file: path.join(base, 'nope.json') },
      epss: { file: path.join(base, 'nope.csv') },
      cacheDir: freshCache(),
      now: DAY1,
      logger: new MemoryLogger(),
      require: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^--kev-file .*nope\.json: cannot be read \(ENOENT\)$/);
  });

  it('a cached feed over the download cap, or an oversized record, is not read (the cache dir is untrusted)', async () => {
    const cacheDir = freshCache();
    await mkdir(path.join(cacheDir, 'feeds'), { recursive: true });
    const body = Buffer.alloc(2048, 0x41);
    const record = {
      url: 'https://mirror/kev.json',
      sha256: sha(body),
      bytes: body.length,
      downloadedAt: DAY1.toISOString(),
    };
    await writeFile(path.join(cacheDir, 'feeds', 'kev'), body);
    await writeFile(path.join(cacheDir, 'feeds', 'kev.record.json'), JSON.stringify(record));
    const fetch = (maxBytes: number) =>
      fetchFeed({
        feed: 'kev',
        urls: [],
        cacheDir,
        now: DAY1,
        maxBytes,
        logger: new MemoryLogger(),
        offline: true,
        // Any bytes: this test is about the caps, not the catalogue.
        parse: (bytes) => bytes.length,
      });
    await expect(fetch(4096)).resolves.toMatchObject({ origin: 'cache', bytes: 2048 });
    await expect(fetch(1024)).rejects.toThrow(/offline: no cached copy of the kev feed/);
    await writeFile(path.join(cacheDir, 'feeds', 'kev.record.json'), JSON.stringify(record).padEnd(65 * 1024 + 1, ' '));
    await expect(fetch(4096)).rejects.toThrow(/offline: no cached copy of the kev feed/);
  });

  it('a KEV document of the wrong shape is a ToolError that does not quote it', () => {
    expect(() => parseKev('{"secret-token-xyz": 1}', 'https://mirror/kev.json')).toThrow(
      /KEV catalogue from https:\/\/mirror\/kev\.json is not a CISA KEV catalogue: expected a "vulnerabilities" array/,
    );
    expect(() => parseKev('not json secret-token-xyz', 'x')).toThrow(
      /^the KEV catalogue from x is not valid JSON \(SyntaxError\)$/,
    );
  });

  // A broken or hijacked mirror serving a well-formed but empty catalogue would silently turn off every KEV rule. It
  // is a failed mirror (the review of this change: not a failed run): the next mirror is tried, an older good copy is
  // kept and used, and with neither the feed is missing (a warning, exit 3 only with requireFeeds). Nothing quoted.
  it.each([
    [
      'an empty "vulnerabilities" array',
      { catalogVersion: 'secret-v', count: 0, vulnerabilities: [] },
      /its "vulnerabilities" array is empty/,
    ],
    [
      'a "count" that disagrees with the list',
      { catalogVersion: 'secret-v', count: 1404, vulnerabilities: [{ cveID: 'CVE-2024-3094' }] },
      /its "count" field disagrees with the 1 entries in "vulnerabilities"/,
    ],
  ])(
    'a KEV catalogue with %s from a mirror is a failed mirror, never the gate’s catalogue',
    async (_what, catalogue, why) => {
      server.routes.set('/empty/kev.json', { body: JSON.stringify(catalogue) });
      server.routes.set('/good/kev.json', {
        body: JSON.stringify({ count: 1, vulnerabilities: [{ cveID: 'CVE-2024-3094' }] }),
      });
      server.routes.set('/empty/epss.csv.gz', { body: EPSS });
      const source = `${server.baseUrl}/empty/kev.json`;
      const load = (cacheDir: string, urls: string[], now: Date, require = false) => {
        const logger = new MemoryLogger();
        return {
          logger,
          facts: loadFeeds({
            kev: { urls },
            epss: { urls: [`${server.baseUrl}/empty/epss.csv.gz`] },
            cacheDir,
            now,
            logger,
            require,
          }),
        };
      };
      // Alone: the feed is missing, with the reason, and the gate runs without it.
      const alone = load(freshCache(), [source], DAY1);
      const facts = await alone.facts;
      expect(facts.kev).toBeUndefined();
      expect(facts.missing).toEqual([{ feed: 'kev', reason: expect.stringMatching(why) as unknown }]);
      expect(alone.logger.lines.join('\n')).toContain(`the KEV catalogue from ${source} is not a CISA KEV catalogue: `);
      expect(alone.logger.lines.join('\n')).not.toContain('secret-v');
      // Required: the run stops, naming why.
      const required = await load(freshCache(), [source], DAY1, true).facts.catch((e: unknown) => e);
      expect(required).toBeInstanceOf(ToolError);
      expect((required as ToolError).message).toMatch(why);
      // A good mirror after it wins.
      expect(
        (await load(freshCache(), [source, `${server.baseUrl}/good/kev.json`], DAY1).facts).kev?.entries.size,
      ).toBe(1);
      // Yesterday's good copy is kept (not replaced by the bad download) and used.
      const cacheDir = freshCache();
      await load(cacheDir, [`${server.baseUrl}/good/kev.json`], new Date('2026-12-06T08:00:00Z')).facts;
      const cached = await readFile(path.join(cacheDir, 'feeds', 'kev'));
      const next = await load(cacheDir, [source], DAY1).facts;
      expect(next.kev?.entries.size).toBe(1);
      expect(next.records[0]).toMatchObject({ feed: 'kev', origin: 'cache' });
      expect(await readFile(path.join(cacheDir, 'feeds', 'kev'))).toEqual(cached);
    },
  );

  it.each([
    ['an empty file', Buffer.alloc(0), /no "cve,epss,percentile" header/],
    ['an empty gzip', gzipSync(''), /no "cve,epss,percentile" header/],
    ['a header and no rows', epssGz([]), /no row with a CVE id and two numbers between 0 and 1/],
  ])(
    'EPSS scores that are %s from a mirror are a failed mirror: the feed is missing, or required',
    async (_what, body, why) => {
      server.routes.set('/empty/epss.csv.gz', { body });
      const source = `${server.baseUrl}/empty/epss.csv.gz`;
      const kevFile = path.join(base, 'one-entry-kev.json');
      await writeFile(kevFile, JSON.stringify({ count: 1, vulnerabilities: [{ cveID: 'CVE-2024-3094' }] }));
      const request = (require: boolean) => ({
        kev: { file: kevFile },
        epss: { urls: [source] },
        cacheDir: freshCache(),
        now: DAY1,
        logger: new MemoryLogger(),
        require,
      });
      const facts = await loadFeeds(request(false));
      expect(facts.epss).toBeUndefined();
      expect(facts.missing).toEqual([{ feed: 'epss', reason: expect.stringMatching(why) as unknown }]);
      const error = await loadFeeds(request(true)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as ToolError).message).toMatch(`the EPSS scores from ${source} are not FIRST's EPSS CSV: `);
      expect((error as ToolError).message).toMatch(why);
    },
  );

  it('a --kev-file or --epss-file that is not the feed is exit 2 naming the option (the user named it)', async () => {
    const kevFile = path.join(base, 'empty-kev.json');
    await writeFile(kevFile, JSON.stringify({ count: 0, vulnerabilities: [] }));
    const epssFile = path.join(base, 'empty-epss.csv');
    await writeFile(epssFile, '');
    const load = (kev: { file?: string }, epss: { file?: string; urls?: string[] }) =>
      loadFeeds({ kev, epss, cacheDir: freshCache(), now: DAY1, logger: new MemoryLogger(), require: false }).catch(
        (e: unknown) => e,
      );
    const kevError = await load({ file: kevFile }, { urls: [`${server.baseUrl}/none.csv.gz`] });
    expect(kevError).toBeInstanceOf(ConfigurationError);
    expect((kevError as Error).message).toMatch(
      /^--kev-file .*empty-kev\.json: .*its "vulnerabilities" array is empty$/,
    );
    const goodKev = path.join(base, 'one-entry-kev-2.json');
    await writeFile(goodKev, JSON.stringify({ count: 1, vulnerabilities: [{ cveID: 'CVE-2024-3094' }] }));
    const epssError = await load({ file: goodKev }, { file: epssFile });
    expect(epssError).toBeInstanceOf(ConfigurationError);
    expect((epssError as Error).message).toMatch(/^--epss-file .*empty-epss\.csv: /);
  });

  it('EPSS: plain CSV works, bad rows are skipped, a wrong header or a gzip bomb is a ToolError', () => {
    const plain = parseEpss(
      Buffer.from(
        '#model_version:v1,score_date:2026-12-01\ncve,epss,percentile\nCVE-2024-0001,0.5,0.9\nCVE-2024-0002,7,0.1\njunk\n',
      ),
      'f',
    );
    expect([...plain.scores]).toEqual([['CVE-2024-0001', { score: 0.5, percentile: 0.9 }]]);
    expect(plain.modelVersion).toBe('v1');
    expect(() => parseEpss(Buffer.from('a,b,c\n'), 'f')).toThrow(/line 1: expected the header "cve,epss,percentile"/);
    const bomb = gzipSync(Buffer.alloc(300 * 2 ** 20, 0x30));
    expect(() => parseEpss(bomb, 'f')).toThrow(/unpacks to more than/);
  });
});
