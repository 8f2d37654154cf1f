import { fingerprintOf, type Finding } from '../../src/model/findings.js';
import { buildDependencySnapshot } from '../../src/github/dependency-snapshot.js';
import {
  mergePlatformFindings,
  mergePlatformResults,
  worstHeadPolicy,
  worstVerdict,
} from '../../src/report/platform-merge.js';
import type { PackageFacts, ScanFacts, VulnerabilityFacts } from '../../src/scan/types.js';
import { toPlatformsSarif, platformCategory } from '../../src/report/sarif-platforms.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { COMMENT_LIMIT, renderBody } from '../../src/github/comment-body.js';
import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { toResultDocument } from '../../src/report/result-json.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { sampleFindings, sampleResult } from './fixtures.js';
import { sampleScan, scannedResult } from './scan-fixtures.js';

/** Joining several platforms' results (`--platform all`): labels, dedup, worst verdict, SARIF categories. */

const vuln = (version: string): Finding => ({
  ruleId: 'vuln/CVE-2019-1549',
  severity: 'medium',
  message: `CVE-2019-1549 in libssl1.1 ${version}`,
  location: { kind: 'source', path: 'Dockerfile', line: 1 },
  fingerprint: fingerprintOf('vuln/CVE-2019-1549', 'libssl1.1', version),
});

test('identical findings become one listing every platform; a different version stays apart', () => {
  const merged = mergePlatformFindings([
    { platform: 'linux/amd64', findings: [vuln('1.1.1c-r0')] },
    { platform: 'linux/arm64', findings: [vuln('1.1.1c-r0'), vuln('1.1.1b-r1')] },
  ]);
  expect(merged.map((f) => [f.message, f.platforms])).toEqual([
    ['CVE-2019-1549 in libssl1.1 1.1.1c-r0', ['linux/amd64', 'linux/arm64']],
    ['CVE-2019-1549 in libssl1.1 1.1.1b-r1', ['linux/arm64']],
  ]);
});

test('a finding suppressed on one platform only is not merged with the active one', () => {
  const suppressed = { ...vuln('1.1.1c-r0'), suppressedBy: { reason: 'not reachable' } };
  const merged = mergePlatformFindings([
    { platform: 'linux/amd64', findings: [vuln('1.1.1c-r0')] },
    { platform: 'linux/arm64', findings: [suppressed] },
  ]);
  expect(merged.map((f) => [f.suppressedBy?.reason, f.platforms])).toEqual([
    [undefined, ['linux/amd64']],
    ['not reachable', ['linux/arm64']],
  ]);
});

test('the verdict is the worst; counts come from the joined findings; each platform has its row', () => {
  expect(worstVerdict(['pass', 'pass'])).toBe('pass');
  expect(worstVerdict(['pass', 'fail'])).toBe('fail');
  const amd = sampleResult({ verdict: 'pass', findings: [vuln('1.1.1c-r0')] });
  const arm = sampleResult({ verdict: 'fail', findings: [vuln('1.1.1c-r0'), ...sampleFindings()] });
  const merged = mergePlatformResults([
    { platform: 'linux/amd64', result: amd, reportDir: 'platforms/linux-amd64' },
    { platform: 'linux/arm64', result: arm, reportDir: 'platforms/linux-arm64' },
  ]);
  expect(merged.verdict).toBe('fail');
  expect(merged.findings.filter((f) => f.ruleId === 'vuln/CVE-2019-1549')).toHaveLength(1);
  expect(merged.platforms.map((p) => [p.platform, p.verdict, p.vulnerabilities.medium])).toEqual([
    ['linux/amd64', 'pass', 1],
    ['linux/arm64', 'fail', 1],
  ]);
  const document = toResultDocument(merged, { toolVersion: '0.0.0-test' });
  expect(resultSchemaErrors(document)).toEqual([]);
  expect(document.platforms?.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
  const summary = toMarkdownSummary(merged);
  expect(summary).toContain('|  | `linux/amd64` | `linux/arm64` |');
  expect(summary).toContain('| Verdict | ✅ pass | ❌ fail |');
  // The PR comment and the MR note say which platform failed too, outside any <details> and under their `###`.
  const comment = renderBody({ result: merged, category: 'c', notes: [], toolVersion: '0.0.0-test' }, COMMENT_LIMIT);
  const note = toGitLabNote(merged, { noteKey: 'c', toolVersion: '0.0.0-test' });
  expect(comment.body.indexOf('<details>')).toBeGreaterThan(0);
  expect(note.indexOf('#### Platforms')).toBeGreaterThan(note.indexOf('🚫 blocks the gate'));
  for (const body of [comment.body.slice(0, comment.body.indexOf('<details>')), note]) {
    expect(body).toContain('#### Platforms');
    expect(body).toContain('| Verdict | ✅ pass | ❌ fail |');
  }
  const single = toGitLabNote(arm, { noteKey: 'c', toolVersion: '0.0.0-test' });
  expect(single).not.toContain('Platforms');

  const sarif = toPlatformsSarif(
    [
      { platform: 'linux/amd64', result: amd },
      { platform: 'linux/arm64', result: arm },
    ],
    { toolVersion: '0.0.0-test', category: 'imagegate/image/ghcr.io/acme/api' },
  );
  const ids = sarif.runs.map((run) => run.automationDetails?.id);
  expect(ids).toContain('imagegate/image/ghcr.io/acme/api/platform-linux-amd64/');
  expect(ids).toContain('imagegate/image/ghcr.io/acme/api/platform-linux-arm64/');
  expect(ids).toContain('imagegate/vulnerabilities/ghcr.io/acme/api/platform-linux-arm64/');
  expect(new Set(ids).size).toBe(ids.length);
  expect(platformCategory('c', 'linux/arm64/v8')).toBe('c/platform-linux-arm64-v8');
});

/** One platform's scan: sampleScan's records, plus `extra` vulnerabilities and (when given) a package list. */
function platformScan(extra: VulnerabilityFacts[], packages?: PackageFacts[]): ScanFacts {
  const scan = sampleScan();
  return { ...scan, vulnerabilities: [...scan.vulnerabilities, ...extra], ...(packages ? { packages } : {}) };
}
const pkg = (name: string, arch: string): PackageFacts => ({
  name,
  version: '1.0-r0',
  purl: `pkg:apk/alpine/${name}@1.0-r0?arch=${arch}`,
  licenses: [],
  target: 'app (alpine 3.10)',
  pkgType: 'alpine',
});

test('the joined scan holds every platform’s vulnerabilities and packages, each labelled with its platforms', () => {
  const armOnly: VulnerabilityFacts = { ...sampleScan().vulnerabilities[0]!, id: 'CVE-2019-14697', pkgName: 'musl' };
  const amd = scannedResult({ scan: platformScan([], [pkg('musl', 'x86_64'), pkg('zlib', 'x86_64')]) });
  const arm = scannedResult({ scan: platformScan([armOnly], [pkg('musl', 'aarch64'), pkg('qemu-only', 'aarch64')]) });
  const merged = mergePlatformResults([
    { platform: 'linux/amd64', result: amd, reportDir: 'platforms/linux-amd64' },
    { platform: 'linux/arm64', result: arm, reportDir: 'platforms/linux-arm64' },
  ]);
  const scan = merged.scan!;
  // Identical records once, listing both; the arm64-only CVE is there, labelled arm64.
  expect(scan.vulnerabilities).toHaveLength(sampleScan().vulnerabilities.length + 1);
  expect(scan.vulnerabilities.find((v) => v.id === 'CVE-2019-14697')?.platforms).toEqual(['linux/arm64']);
  expect(scan.vulnerabilities[0]?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
  expect(scan.secrets).toHaveLength(1);
  // Packages differ by purl (the arch qualifier): each platform's are all there.
  expect(scan.packages?.map((p) => [p.purl, p.platforms])).toEqual([
    ['pkg:apk/alpine/musl@1.0-r0?arch=x86_64', ['linux/amd64']],
    ['pkg:apk/alpine/zlib@1.0-r0?arch=x86_64', ['linux/amd64']],
    ['pkg:apk/alpine/musl@1.0-r0?arch=aarch64', ['linux/arm64']],
    ['pkg:apk/alpine/qemu-only@1.0-r0?arch=aarch64', ['linux/arm64']],
  ]);
  // What the publishers build from it covers arm64 too: the dependency snapshot and GitLab's advisory details.
  const snapshot = buildDependencySnapshot(
    scan,
    { sha: 'a'.repeat(40), ref: 'refs/heads/main', imageReference: 'app' },
    { correlator: 'c', id: '1' },
    merged.finishedAt,
  );
  expect(snapshot.complete).toBe(true);
  expect(JSON.stringify(snapshot.snapshot)).toContain('pkg:apk/alpine/qemu-only@1.0-r0?arch=aarch64');
  expect(resultSchemaErrors(toResultDocument(merged, { toolVersion: '0.0.0-test' }))).toEqual([]);
  expect(toResultDocument(merged, { toolVersion: '0.0.0-test' }).scan?.found.vulnerabilities).toBe(
    scan.vulnerabilities.length,
  );
});

test('a platform scanned without a package list makes the joined list absent (incomplete), not partial', () => {
  const merged = mergePlatformResults([
    {
      platform: 'linux/amd64',
      result: scannedResult({ scan: platformScan([], [pkg('musl', 'x86_64')]) }),
      reportDir: 'a',
    },
    { platform: 'linux/arm64', result: scannedResult({ scan: platformScan([]) }), reportDir: 'b' },
  ]);
  expect(merged.scan?.packages).toBeUndefined();
  expect(merged.scan?.vulnerabilities.length).toBeGreaterThan(0);
  // No platform scanned (--skip-scan): no scan section.
  const skipped = mergePlatformResults([
    { platform: 'linux/amd64', result: sampleResult(), reportDir: 'a' },
    { platform: 'linux/arm64', result: sampleResult(), reportDir: 'b' },
  ]);
  expect(skipped.scan).toBeUndefined();
});

test('the head policy fails the joined run if it fails any platform, with that platform’s counts', () => {
  const head = (verdict: 'pass' | 'fail', high: number) => ({
    verdict,
    failOn: 'high' as const,
    counts: { critical: 0, high, medium: 0, low: 0, info: 0 },
  });
  const merged = mergePlatformResults([
    { platform: 'linux/amd64', result: sampleResult({ headPolicy: head('pass', 0) }), reportDir: 'a' },
    { platform: 'linux/arm64', result: sampleResult({ headPolicy: head('fail', 2) }), reportDir: 'b' },
  ]);
  expect(merged.headPolicy).toEqual(head('fail', 2));
  expect(worstHeadPolicy([head('pass', 0), head('pass', 1)])).toEqual(head('pass', 0));
  expect(worstHeadPolicy([undefined, undefined])).toBeUndefined();
  expect(toResultDocument(merged, { toolVersion: '0.0.0-test' }).policy.head).toEqual(head('fail', 2));
});
