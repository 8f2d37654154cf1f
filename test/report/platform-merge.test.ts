import { fingerprintOf, type Finding } from '../../src/model/findings.js';
import { mergePlatformFindings, mergePlatformResults, worstVerdict } from '../../src/report/platform-merge.js';
import { toPlatformsSarif, platformCategory } from '../../src/report/sarif-platforms.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { toResultDocument } from '../../src/report/result-json.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { sampleFindings, sampleResult } from './fixtures.js';

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
