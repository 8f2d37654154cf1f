import type { Finding, Severity } from '../../src/model/findings.js';
import { decideVerdict, familyFailOnFor } from '../../src/policy/gate.js';
import { emptyImageRules } from '../../src/policy/merge.js';

function finding(ruleId: string, severity: Severity, suppressed = false): Finding {
  return {
    ruleId,
    severity,
    message: ruleId,
    location: { kind: 'image', image: 'ghcr.io/acme/api:1' },
    fingerprint: ruleId,
    ...(suppressed ? { suppressedBy: { reason: 'accepted', expires: '2030-01-01' } } : {}),
  };
}

describe('decideVerdict', () => {
  test('fails on a finding at or above failOn; never only reports', () => {
    expect(decideVerdict([finding('size/max', 'high')], 'high')).toBe('fail');
    expect(decideVerdict([finding('size/max', 'medium')], 'high')).toBe('pass');
    expect(decideVerdict([finding('size/max', 'critical')], 'never')).toBe('pass');
    expect(decideVerdict([], 'info')).toBe('pass');
  });

  test('a family threshold replaces failOn for the findings of its family only', () => {
    const findings = [finding('vuln/CVE-2024-1', 'high'), finding('layers/max', 'medium')];
    expect(decideVerdict(findings, 'high', { vuln: 'critical' })).toBe('pass');
    expect(decideVerdict(findings, 'critical', { vuln: 'high' })).toBe('fail');
    expect(decideVerdict(findings, 'medium', { vuln: 'never' })).toBe('fail');
    expect(decideVerdict([findings[0] as Finding], 'low', { vuln: 'never' })).toBe('pass');
    expect(decideVerdict([finding('secret/aws-access-key-id', 'low')], 'high', { secret: 'low' })).toBe('fail');
    expect(decideVerdict([finding('license/forbidden', 'high')], 'high', { license: 'never' })).toBe('pass');
  });

  test('the family is the ruleId prefix, not a look-alike', () => {
    expect(decideVerdict([finding('vulnerable/x', 'high')], 'high', { vuln: 'never' })).toBe('fail');
    expect(decideVerdict([finding('vuln', 'high')], 'high', { vuln: 'never' })).toBe('fail');
  });

  test('suppressed findings never gate, whatever the threshold', () => {
    const findings = [finding('vuln/CVE-2024-1', 'critical', true), finding('size/max', 'critical', true)];
    expect(decideVerdict(findings, 'info', { vuln: 'info' })).toBe('pass');
  });
});

describe('familyFailOnFor', () => {
  test('takes each family threshold the rules set, and only those', () => {
    expect(familyFailOnFor(emptyImageRules())).toEqual({});
    expect(
      familyFailOnFor({
        ...emptyImageRules(),
        vulnerabilities: { failOn: 'critical', ignoreUnfixed: true },
        secrets: { failOn: 'low' },
        licenses: { forbid: ['AGPL-*'], failOn: 'never' },
      }),
    ).toEqual({ vuln: 'critical', secret: 'low', license: 'never' });
  });
});
