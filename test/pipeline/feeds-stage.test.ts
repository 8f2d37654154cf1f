import path from 'node:path';
import { runFeedsStage } from '../../src/pipeline/feeds-stage.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { tempDir } from '../support/temp.js';
import { useReleaseServer } from '../scan/install/support/release-server.js';
import { epssGz } from '../scan/feeds/epss-csv.js';

const server = useReleaseServer();
const base = await tempDir('imagegate-feeds-stage-');
const KEV = JSON.stringify({
  catalogVersion: 't',
  vulnerabilities: [{ cveID: 'CVE-2024-3094', dateAdded: '2024-03-29' }],
});

function request(extra: Partial<Parameters<typeof runFeedsStage>[0]> = {}) {
  return {
    feeds: { kevUrls: [`${server.baseUrl}/kev.json`], epssUrls: [`${server.baseUrl}/epss.csv.gz`] },
    rules: {},
    scanned: true,
    cacheDir: path.join(base, Math.random().toString(36).slice(2)),
    now: new Date('2026-12-07T10:00:00Z'),
    logger: new MemoryLogger(),
    ...extra,
  };
}

describe('the feeds stage reads the feeds only when a policy uses them', () => {
  beforeEach(() => {
    server.routes.set('/kev.json', { body: KEV });
    server.routes.set('/epss.csv.gz', { body: epssGz([['CVE-2024-3094', 0.9, 0.99]]) });
  });

  it('no key, no file: no request and no facts; the same without a scan', async () => {
    expect(await runFeedsStage(request())).toBeUndefined();
    expect(await runFeedsStage(request({ rules: { failOnKev: true }, scanned: false }))).toBeUndefined();
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['failOnKev', { failOnKev: true }],
    ['epss', { epss: { minScore: 0.1 } }],
    ['gracePeriod', { gracePeriod: { high: 1 } }],
    ['requireFeeds', { requireFeeds: true }],
  ])('%s in the deciding policy reads both feeds', async (_key, rules) => {
    const facts = await runFeedsStage(request({ rules }));
    expect(facts?.kev?.entries.has('CVE-2024-3094')).toBe(true);
    expect(facts?.epss?.scores.get('CVE-2024-3094')).toEqual({ score: 0.9, percentile: 0.99 });
  });

  it('a head policy evaluated beside may want them, but only the deciding one can require them', async () => {
    expect((await runFeedsStage(request({ alsoFor: { failOnKev: true } })))?.kev).toBeDefined();
    server.routes.set('/kev.json', { status: 404 });
    const facts = await runFeedsStage(request({ alsoFor: { requireFeeds: true } }));
    expect(facts?.missing.map((m) => m.feed)).toEqual(['kev']);
  });
});
