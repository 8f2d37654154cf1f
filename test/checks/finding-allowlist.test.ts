import type { CheckContext } from '../../src/checks/context.js';
import { applyFindingAllowlist } from '../../src/checks/finding-allowlist.js';
import { runImageChecks } from '../../src/checks/run-checks.js';
import type { ContentFacts } from '../../src/image/layers/content-facts.js';
import { fingerprintOf, type Finding, type Severity } from '../../src/model/findings.js';
import { decideVerdict } from '../../src/policy/gate.js';
import { diffPolicies } from '../../src/policy/policy-diff.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { makeFacts } from '../support/facts.js';
import { makePolicyDir } from '../policy/temp-policies.js';
import { NOW, scanContext } from './scan-context.js';

/**
 * `allow.findings`: one allowlist for every image-policy rule that names a subject, read from real policy files
 * and applied by the real checks (hygiene/toolchain sets its path as subject) and, for rules of other families,
 * to findings made here (the mechanism reads only ruleId and properties.subject).
 */

const CONTENTS: ContentFacts = {
  totalBytes: 1000,
  finalBytes: 1000,
  wastedBytes: 0,
  efficiency: 1,
  finalFiles: 3,
  wastedFiles: 0,
  layers: [0, 1].map(() => ({
    entries: 0,
    files: 0,
    bytes: 0,
    whiteouts: 0,
    opaqueDirectories: 0,
    wastedBytes: 0,
    wastedFiles: 0,
    removedBytes: 0,
    removedFiles: 0,
  })),
  topWasted: [],
  wastedByLayer: [],
  leftovers: {
    packageCaches: [],
    toolchains: [
      { tool: 'gcc', path: '/usr/bin/gcc-12', bytes: 400, layer: 1 },
      { tool: 'make', path: '/usr/bin/make', bytes: 250, layer: 1 },
    ],
  },
};

const image = { ...makeFacts(), contents: CONTENTS };
const asIs = (_rule: string, severity: Severity) => severity;

async function policyOf(allow: string): Promise<Policy> {
  const dir = await makePolicyDir();
  try {
    await dir.write({ '.imagegate.yml': `version: 1\nallow:\n  findings:\n${allow}` });
    return await loadPolicy(dir.file('.imagegate.yml'), { displayPath: dir.display });
  } finally {
    await dir.remove();
  }
}

async function policyProblem(allow: string): Promise<string> {
  try {
    await policyOf(allow);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

function context(policy: Policy, now = NOW): CheckContext {
  return scanContext({ image, rules: { hygiene: { toolchains: { allow: [] } } }, allow: policy.allow, now });
}

function synthetic(ruleId: string, subject: string): Finding {
  return {
    ruleId,
    severity: 'high',
    message: `${ruleId} at ${subject}`,
    location: { kind: 'image', image: 'ghcr.io/acme/api:1.0' },
    fingerprint: fingerprintOf(ruleId, 'ghcr.io/acme/api', subject),
    properties: { subject },
  };
}

describe('allow.findings', () => {
  test('an entry suppresses the real finding whose rule and subject it matches, and the gate passes', async () => {
    const policy = await policyOf(
      [
        '    - rule: hygiene/toolchain',
        '      subject: /usr/bin/make',
        '      reason: the image runs make targets at start',
        '      expires: 2026-12-31',
      ].join('\n'),
    );
    expect(policy.allow.findings).toEqual([
      {
        kind: 'findings',
        rule: 'hygiene/toolchain',
        subject: '/usr/bin/make',
        reason: 'the image runs make targets at start',
        expires: '2026-12-31',
        source: { kind: 'source', path: '.imagegate.yml', line: 4, column: 7 },
      },
    ]);
    const findings = runImageChecks(context(policy), asIs);
    const make = findings.find((finding) => finding.properties?.subject === '/usr/bin/make');
    const gcc = findings.find((finding) => finding.properties?.subject === '/usr/bin/gcc-12');
    expect(make?.suppressedBy).toEqual({
      reason: 'the image runs make targets at start',
      expires: '2026-12-31',
      source: { kind: 'source', path: '.imagegate.yml', line: 4, column: 7 },
    });
    expect(gcc?.suppressedBy).toBeUndefined();
    expect(findings.map((finding) => finding.ruleId)).toEqual(['hygiene/toolchain', 'hygiene/toolchain']);
    expect(decideVerdict([make!], 'medium', {})).toBe('pass');
    expect(decideVerdict(findings, 'medium', {})).toBe('fail');
  });

  test('rule globs over ids and subject globs over paths; a leading slash is ignored on both sides', async () => {
    const policy = await policyOf(
      [
        '    - rule: "hygiene/*"',
        '      subject: "usr/bin/**"',
        '      reason: builder image',
        '      expires: 2026-12-31',
      ].join('\n'),
    );
    const findings = runImageChecks(context(policy), asIs);
    expect(findings.filter((finding) => finding.suppressedBy)).toHaveLength(2);
    // Rules of families the converter may not know yet (fs/ arrives with the fs checks) match the same way.
    const entry = { ...policy.allow.findings![0]!, rule: 'fs/*', subject: '/usr/bin/passwd' };
    const outcome = applyFindingAllowlist(
      [
        synthetic('fs/setuid', '/usr/bin/passwd'),
        synthetic('fs/setuid', '/usr/bin/su'),
        synthetic('fs/setgid', 'usr/bin/passwd'),
      ],
      scanContext({ image, allow: { ...policy.allow, findings: [entry] }, now: NOW }),
    );
    expect(outcome.findings.map((finding) => Boolean(finding.suppressedBy))).toEqual([true, false, true]);
    expect(outcome.entryFindings).toEqual([]);
  });

  test('synthetic findings of any rule: only ruleId and properties.subject are read; scan families are not theirs', async () => {
    const policy = await policyOf(
      [
        '    - rule: "user/*"',
        '      subject: "svc-*"',
        '      reason: service accounts',
        '      expires: 2026-12-31',
        '    - rule: user/root',
        '      subject: root',
        '      reason: never matches a finding without a subject',
        '      expires: 2026-12-31',
      ].join('\n'),
    );
    const noSubject: Finding = { ...synthetic('user/root', 'root'), properties: { user: 'root' } };
    const outcome = applyFindingAllowlist(
      [
        synthetic('user/root', 'svc-backup'),
        synthetic('user/root', 'admin'),
        noSubject,
        synthetic('vuln/CVE-2024-3094', 'svc-x'),
      ],
      context(policy),
    );
    expect(outcome.findings.map((finding) => Boolean(finding.suppressedBy))).toEqual([true, false, false, false]);
    expect(outcome.entryFindings.map((finding) => [finding.ruleId, finding.location])).toEqual([
      ['allow/unused', { kind: 'source', path: '.imagegate.yml', line: 8, column: 7 }],
    ]);
    expect(outcome.entryFindings[0]?.message).toBe(
      "Allowlist entry for user/root on root (expires 2026-12-31) matched no finding of this image's checks; remove it if the finding is gone.",
    );
  });

  test('an expired entry suppresses nothing and is an allow/expired finding at its line', async () => {
    const policy = await policyOf(
      [
        '    - rule: hygiene/toolchain',
        '      subject: /usr/bin/make',
        '      reason: temporary',
        '      expires: 2026-01-31',
      ].join('\n'),
    );
    const findings = runImageChecks(context(policy), asIs);
    expect(findings.filter((finding) => finding.suppressedBy)).toEqual([]);
    const expired = findings.find((finding) => finding.ruleId === 'allow/expired');
    expect(expired?.location).toEqual({ kind: 'source', path: '.imagegate.yml', line: 4, column: 7 });
    expect(expired?.message).toBe(
      'Allowlist entry for hygiene/toolchain on /usr/bin/make expired on 2026-01-31 (reason: temporary) and no longer ' +
        'suppresses. It matches 1 finding, which count again: fix it, or review the reason and set a new date.',
    );
  });

  test('images scopes an entry; another image leaves it out (not unused there)', async () => {
    const policy = await policyOf(
      [
        '    - rule: hygiene/toolchain',
        '      subject: /usr/bin/make',
        '      images: ["ghcr.io/acme/builder*"]',
        '      reason: builder only',
        '      expires: 2026-12-31',
      ].join('\n'),
    );
    const findings = runImageChecks(context(policy), asIs);
    expect(findings.filter((finding) => finding.suppressedBy || finding.ruleId.startsWith('allow/'))).toEqual([]);
  });

  test('a rule that names no rule, an allowlist rule, or a bad date is a configuration error at its line', async () => {
    expect(
      await policyProblem(
        ['    - rule: hygiene/toolchian', '      subject: x', '      reason: r', '      expires: 2026-12-31'].join(
          '\n',
        ),
      ),
    ).toMatch(
      /^\.imagegate\.yml:4:13: `allow\.findings\[0]\.rule`: "hygiene\/toolchian" matches no rule; did you mean `hygiene\/toolchain`\?/,
    );
    expect(
      await policyProblem(
        ['    - rule: "allow/*"', '      subject: x', '      reason: r', '      expires: 2026-12-31'].join('\n'),
      ),
    ).toContain("the allowlist's own findings cannot be allowlisted");
    expect(
      await policyProblem(
        ['    - rule: user/root', '      subject: x', '      reason: r', '      expires: 2026-02-30'].join('\n'),
      ),
    ).toContain('2026-02-30 is not a date: February 2026 has 28 days');
    expect(
      await policyProblem(['    - rule: user/root', '      subject: x', '      expires: 2026-12-31'].join('\n')),
    ).toContain('reason');
  });

  test('a pull request that adds or widens an entry is a relaxation in the Policy changes section', async () => {
    const entry = (expires: string, images = '') =>
      [
        '    - rule: hygiene/toolchain',
        '      subject: /usr/bin/make',
        ...(images ? [`      images: [${images}]`] : []),
        '      reason: make runs the tasks',
        `      expires: ${expires}`,
      ].join('\n');
    const base = await policyOf(entry('2026-12-31', '"ghcr.io/acme/api*"'));
    const head = await policyOf(entry('2027-06-30'));
    expect(diffPolicies(base, head)).toEqual([
      {
        kind: 'relaxation',
        key: 'allow.findings',
        message:
          'exception (hygiene/toolchain on /usr/bin/make) extended: expires later: 2026-12-31 → 2027-06-30; images no ' +
          'longer restricted (was ghcr.io/acme/api*)',
      },
    ]);
    const none = { ...base, allow: { ...base.allow, findings: [] } };
    expect(diffPolicies(none, head).map((change) => [change.kind, change.message])).toEqual([
      ['relaxation', 'new exception (hygiene/toolchain on /usr/bin/make) until 2027-06-30: "make runs the tasks"'],
    ]);
  });
});
