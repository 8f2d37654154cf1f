import { toTerminalSummary } from '../../src/report/terminal.js';
import { scannedResult } from './scan-fixtures.js';

const reports = { json: '/w/out/imagegate.json', sarif: '/w/out/imagegate.sarif', summary: '/w/out/summary.md' };

describe('toTerminalSummary', () => {
  test('counts gating findings with the per-family thresholds', () => {
    // Image findings: 1 critical + 2 high gate at `high`; vulnerabilities only at `critical` (1 of 4 high or
    // more); secret, license and allow/expired are high and gate at `high` (3).
    const text = toTerminalSummary(scannedResult(), reports, '/w');
    expect(text.split('\n')[0]).toBe('imagegate FAIL: 7 finding(s) at or above high (vuln/: critical)');
    const strict = toTerminalSummary(scannedResult({ familyFailOn: {} }), reports, '/w');
    expect(strict.split('\n')[0]).toBe('imagegate FAIL: 10 finding(s) at or above high');
    expect(text).toContain('  reports   out/imagegate.json');
  });
});
