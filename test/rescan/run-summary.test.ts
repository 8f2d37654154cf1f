import type { Finding } from '../../src/model/findings.js';
import { runSummaryMarkdown, runSummaryText } from '../../src/rescan/run-summary.js';
import type { ScanOutcome } from '../../src/rescan/scan-image.js';
import { digestOf, failedResult, planned, planOf, scannedResult, shardResultOf } from './run-fixtures.js';

/** The shard summary: escaping of scanner and registry text, and the row limits that keep it small. */

function finding(i: number, message = `CVE-2026-${i} in pkg`): Finding {
  return {
    ruleId: `vuln/CVE-2026-${i}`,
    severity: i % 2 === 0 ? 'critical' : 'low',
    message,
    location: { kind: 'image', image: 'x' },
    fingerprint: `fp-${i}`,
    properties: { pkgName: 'openssl', installedVersion: '3.0.1', fixedVersion: '3.0.2' },
  };
}

function outcome(index: number, fresh: Finding[]): ScanOutcome {
  const scan = planned('127.0.0.1:5000', `team/app${index}`, digestOf(index + 1), [`${index}.0`]);
  return {
    result: {
      ...scannedResult(
        scan,
        fresh.map((f) => f.fingerprint),
        'fail',
      ),
      newFindings: fresh.length,
    },
    fresh,
    freshFailing: fresh.filter((f) => f.severity === 'critical').length,
    findings: fresh.length,
  };
}

describe('rescan run summary', () => {
  test('scanner text cannot inject HTML, links or mentions; failed scans show their escaped error', () => {
    const evil = outcome(0, [finding(1, 'see <img src=x onerror=alert(1)> [click](javascript:alert(1)) @admins')]);
    const broken = planned('127.0.0.1:5000', 'team/broken', digestOf(50), ['1.0']);
    const failed: ScanOutcome = {
      result: failedResult(broken, 'registry said <b>no</b>\n  | @everyone'),
      fresh: [],
      freshFailing: 0,
      findings: 0,
    };
    const plan = planOf([]);
    const text = runSummaryMarkdown({
      shard: shardResultOf(plan, '2/4', [evil.result, failed.result]),
      outcomes: [evil, failed],
      ledgerFile: 'ledger.json',
      single: false,
    });
    expect(text).toContain('# imagegate rescan — shard 2/4');
    expect(text).not.toMatch(/<img|<b>|[^\\]\]\(javascript|@admins|@everyone/);
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text).toContain('⚠️ scan failed');
    expect(text).toContain('**1 finding new since the ledger `ledger.json`** (0 of them failing the gate).');
  });

  test('at most 50 rows per image and 1000 in all; the rest are counted', () => {
    const outcomes = Array.from({ length: 25 }, (_, i) =>
      outcome(
        i,
        Array.from({ length: 60 }, (_, j) => finding(i * 100 + j)),
      ),
    );
    const plan = planOf([]);
    const text = runSummaryMarkdown({
      shard: shardResultOf(
        plan,
        '1/1',
        outcomes.map((o) => o.result),
      ),
      outcomes,
      single: false,
    });
    const rows = text.split('\n').filter((line) => /^\| (🔴|🔵)/.test(line));
    expect(rows).toHaveLength(1000);
    expect(text).toContain('… and 10 more new findings');
    expect(text).toContain('… and 60 more new findings');
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    const stdout = runSummaryText(
      {
        shard: shardResultOf(
          plan,
          '1/1',
          outcomes.map((o) => o.result),
        ),
        outcomes,
        single: false,
      },
      { result: 'out/rescan-result.json', summary: 'out/summary.md' },
    );
    expect(stdout.split('\n')[0]).toBe(
      'rescan shard 1/1: 25 scanned, 0 failed; 1500 new findings (750 failing the gate), no ledger given',
    );
  });
});
