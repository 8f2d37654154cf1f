import { fingerprintOf, type Finding } from '../../src/model/findings.js';
import { toCodeQualityReport } from '../../src/report/gitlab-code-quality.js';
import { DOCKERFILE, imageOnlyResult, sampleFindings, sampleResult } from '../report/fixtures.js';
import { scannedResult } from '../report/scan-fixtures.js';

const composeFinding: Finding = {
  ruleId: 'compose/writable-bind-mount',
  severity: 'high',
  message: 'Service web mounts ./data at /data read-write\r\nhidden\u202Etext',
  location: { kind: 'source', path: 'deploy/compose.override.yml', line: 12, column: 9 },
  fingerprint: fingerprintOf('compose/writable-bind-mount', 'compose:compose.yaml', 'web', '/data'),
  properties: { service: 'web', target: '/data' },
};

describe('Code Quality report', () => {
  test('image-policy, secret, license, allowlist and compose findings at their file and line; no vulnerabilities', () => {
    const result = scannedResult({ findings: [...scannedResult().findings, composeFinding] });
    const issues = toCodeQualityReport(result);
    const rules = issues.map((issue) => issue.check_name);
    expect(rules).toEqual(
      expect.arrayContaining([
        'size/max',
        'user/root',
        'layers/max-layer-size',
        'secret/aws-access-key-id',
        'license/forbidden',
        'allow/expired',
        'compose/writable-bind-mount',
      ]),
    );
    expect(rules.filter((rule) => rule.startsWith('vuln/'))).toEqual([]);
    expect(issues.find((issue) => issue.check_name === 'compose/writable-bind-mount')).toEqual({
      type: 'issue',
      check_name: 'compose/writable-bind-mount',
      description: 'Service web mounts ./data at /data read-write hiddentext',
      categories: ['Security'],
      severity: 'critical',
      fingerprint: composeFinding.fingerprint,
      location: { path: 'deploy/compose.override.yml', lines: { begin: 12 } },
    });
    expect(issues.find((issue) => issue.check_name === 'allow/expired')?.location).toEqual({
      path: '.imagegate.yml',
      lines: { begin: 30 },
    });
  });

  test('every issue has the fields GitLab requires, with its severities and unique fingerprints', () => {
    const issues = toCodeQualityReport(scannedResult({ findings: [...scannedResult().findings, composeFinding] }));
    expect(issues.length).toBeGreaterThan(5);
    for (const issue of issues) {
      expect(typeof issue.description).toBe('string');
      expect(issue.description.length).toBeGreaterThan(0);
      expect(issue.description).not.toMatch(/[\r\n\u202A-\u202E]/);
      expect(issue.check_name).toMatch(/^[a-z]+\//);
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
      expect(issue.location.path).not.toMatch(/^\//);
      expect(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1).toBe(true);
    }
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
  });

  test('severities map one to one, most severe to blocker', () => {
    const bySeverity = Object.fromEntries(
      (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity) => [
        severity,
        toCodeQualityReport(
          sampleResult({ findings: [{ ...composeFinding, severity, fingerprint: fingerprintOf(severity) }] }),
        )[0]?.severity,
      ]),
    );
    expect(bySeverity).toEqual({ critical: 'blocker', high: 'critical', medium: 'major', low: 'minor', info: 'info' });
  });

  test('accepted findings are left out; image findings go to the Dockerfile line 1, or nowhere without one', () => {
    const issues = toCodeQualityReport(sampleResult());
    const suppressed = sampleFindings().find((finding) => finding.suppressedBy);
    expect(issues.map((issue) => issue.fingerprint)).not.toContain(suppressed?.fingerprint);
    const wasted = issues.find((issue) => issue.check_name === 'layers/wasted');
    expect(wasted?.location).toEqual({ path: DOCKERFILE, lines: { begin: 1 } });
    expect(toCodeQualityReport(imageOnlyResult())).toEqual([]);
  });

  test('a location outside the repository is left out rather than shown as a path GitLab cannot open', () => {
    const outside: Finding = { ...composeFinding, location: { kind: 'source', path: '/etc/compose.yaml', line: 3 } };
    expect(toCodeQualityReport(sampleResult({ findings: [outside] }))).toEqual([]);
  });
});
