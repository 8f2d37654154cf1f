import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { applyAllowlist } from '../../src/checks/allowlist.js';
import { applyMountAllowlist } from '../../src/checks/compose-allowlist.js';
import { RULES } from '../../src/model/catalog.js';
import { RULE_FIXES } from '../../src/model/rule-fixes.js';
import { loadPolicy } from '../../src/policy/load.js';
import { allowSnippet, EXPIRES_PLACEHOLDER, REASON_PLACEHOLDER } from '../../src/report/allow-snippet.js';
import { blockingFindings } from '../../src/report/blocking.js';
import type { ReportLinks } from '../../src/report/links.js';
import { blockingSection } from '../../src/report/markdown-blocking.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { nextSteps } from '../../src/report/next-steps.js';
import { groupByPackage } from '../../src/report/package-groups.js';
import { makeFacts } from '../support/facts.js';
import { tempDir } from '../support/temp.js';
import { scanContext } from '../checks/scan-context.js';
import { blockedResult, mixedFindings, vuln, WRITABLE_MOUNT } from './blocking-fixtures.js';
import { expectSafeMarkdown } from './markdown-support.js';
import { scannedResult } from './scan-fixtures.js';

const DIR = await tempDir('imagegate-allow-snippet-');

const LINKS: ReportLinks = {
  rule: (id) => `https://docs.example/rules.md#${id.replace('/', '')}`,
  source: (location) => `https://github.com/acme/api/blob/abc/${location.path}#L${location.line}`,
};

describe('why the gate failed, at the top', () => {
  test('the blocking findings, then next steps: largest effect first, located, an allowlist entry, rule docs', () => {
    expect(blockingSection(blockedResult(mixedFindings()), { links: LINKS })).toBe(
      [
        '**Why the gate failed:** 8 findings at or above the threshold: 🔴 5 critical · 🟠 3 high (1 vulnerability, 1 unrated, 1 policy)',
        '',
        '| Severity | Rule or CVE | Package → fix | Finding | Location |',
        '| --- | --- | --- | --- | --- |',
        '| 🔴 critical | [`CVE-2023-0001`](<https://security-tracker.debian.org/tracker/CVE-2023-0001>) | `openssl` `1.1.1k-1` → `1.1.1n-0+deb11u1` | openssl: problem CVE-2023-0001 | [`services/api/Dockerfile:1:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L1>) |',
        '| 🔴 critical | `CVE-2023-0002` | `openssl` `1.1.1k-1` → `1.1.1w-0+deb11u1` | openssl: problem CVE-2023-0002 | [`services/api/Dockerfile:1:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L1>) |',
        '| 🔴 critical | `CVE-2023-0003` | `openssl` `1.1.1k-1` → `1.1.1n-0+deb11u3` | openssl: problem CVE-2023-0003 | [`services/api/Dockerfile:1:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L1>) |',
        '| 🔴 critical | `CVE-2023-0010` | `curl` `7.74.0-1.3` → `7.74.0-1.3+deb11u7` | curl: problem CVE-2023-0010 | [`services/api/Dockerfile:5:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L5>) |',
        '| 🔴 critical | `CVE-2023-0020` | `busybox` `1:1.30.1-6` → _no fix yet_ | busybox: problem CVE-2023-0020 | [`services/api/Dockerfile:1:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L1>) |',
        '| 🟠 high | `CVE-2023-0004` | `openssl` `1.1.1k-1` → `1.1.1n-0+deb11u4` | openssl: problem CVE-2023-0004 | [`services/api/Dockerfile:1:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L1>) |',
        '| 🟠 unrated (high) | `CVE-2023-0030` | `zlib1g` `1:1.2.11` → `1:1.2.13` | zlib1g: problem CVE-2023-0030 | [`services/api/Dockerfile:5:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L5>) |',
        '| 🟠 high | [`compose/writable-bind-mount`](<https://docs.example/rules.md#composewritable-bind-mount>) | — | Service `web` mounts `./data` at `/data` read-write | [`compose.yaml:12:9`](<https://github.com/acme/api/blob/abc/compose.yaml#L12>) |',
        '',
        '**Next steps**',
        '',
        '1. upgrade `openssl` `1.1.1k-1` → `1.1.1w-0+deb11u1` (in the base image, `FROM` at [`services/api/Dockerfile:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L1>)): fixes 3 of 5 critical, 1 of 3 high',
        '2. upgrade `curl` `7.74.0-1.3` → `7.74.0-1.3+deb11u7` (installed at [`services/api/Dockerfile:5`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L5>)): fixes 1 of 5 critical',
        '3. upgrade `zlib1g` `1:1.2.11` → `1:1.2.13` (installed at [`services/api/Dockerfile:5`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L5>)): fixes 1 of 3 high',
        '4. add `:ro` at [`compose.yaml:12`](<https://github.com/acme/api/blob/abc/compose.yaml#L12>) ([`compose/writable-bind-mount`](<https://docs.example/rules.md#composewritable-bind-mount>)): fixes 1 of 3 high',
        '',
        '- 1 blocking vulnerability has no fixed version yet (`busybox`): remove or replace the package, or accept it in the allowlist.',
        '- Rule docs: [`compose/writable-bind-mount`](<https://docs.example/rules.md#composewritable-bind-mount>).',
        '',
        'To accept a finding instead (here `CVE-2023-0001`), add this to the policy file with your reason and the last day it may apply:',
        '',
        '```yaml',
        'allow:',
        '  vulnerabilities:',
        '    - id: CVE-2023-0001',
        '      packages: [openssl]',
        '      reason: "<why this is acceptable>"',
        '      expires: "<YYYY-MM-DD>"',
        '```',
      ].join('\n'),
    );
  });

  test('at the top of the summary, before any <details>; nothing when the gate passes', () => {
    const summary = toMarkdownSummary(blockedResult(mixedFindings()));
    const top = summary.indexOf('**Why the gate failed:**');
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(summary.indexOf('<details>'));
    expect(top).toBeLessThan(summary.indexOf('### Image'));
    expect(summary.indexOf('**Next steps**')).toBeLessThan(summary.indexOf('<details>'));
    expectSafeMarkdown(summary);
    const passing = blockedResult([vuln({ id: 'CVE-1', pkg: 'a', installed: '1', severity: 'medium', layer: 1 })]);
    expect(blockingSection(passing)).toBe('');
    expect(toMarkdownSummary(passing)).not.toContain('Why the gate failed');
  });

  test('the fix of a package is the highest of the smallest listed fix above the installed version per advisory', () => {
    const [openssl] = groupByPackage(mixedFindings(), blockedResult([]));
    expect(openssl?.pkgName).toBe('openssl');
    // CVE-2023-0002 lists 3.0.2-1 and 1.1.1w-0+deb11u1: the smaller fix above 1.1.1k-1 is 1.1.1w, which also
    // covers the other three advisories (1.1.1n-…).
    expect([...openssl!.fixOf.values()]).toEqual([
      '1.1.1n-0+deb11u1',
      '1.1.1w-0+deb11u1',
      '1.1.1n-0+deb11u3',
      '1.1.1n-0+deb11u4',
    ]);
    expect(openssl?.fixVersion).toBe('1.1.1w-0+deb11u1');
    expect(openssl?.origin).toEqual({
      kind: 'base',
      location: { kind: 'source', path: 'services/api/Dockerfile', line: 1, column: 1 },
    });
    const curl = groupByPackage(mixedFindings(), blockedResult([])).find((group) => group.pkgName === 'curl');
    expect(curl?.origin).toEqual({
      kind: 'instruction',
      location: { kind: 'source', path: 'services/api/Dockerfile', line: 5, column: 1 },
    });
    // Without the history mapping's verdict the origin is not guessed.
    const { layerFromBase: _unused, ...unmapped } = blockedResult([]);
    expect(groupByPackage(mixedFindings(), unmapped)[0]?.origin).toEqual({ kind: 'unknown' });
  });

  test('steps rank by effect: more of the most severe first, then more in total', () => {
    const findings = [
      vuln({ id: 'CVE-A1', pkg: 'small', installed: '1', fixed: '2', severity: 'critical', layer: 2 }),
      vuln({ id: 'CVE-B1', pkg: 'wide', installed: '1', fixed: '2', severity: 'high', layer: 1 }),
      vuln({ id: 'CVE-B2', pkg: 'wide', installed: '1', fixed: '2', severity: 'high', layer: 1 }),
      vuln({ id: 'CVE-B3', pkg: 'wide', installed: '1', fixed: '2', severity: 'high', layer: 1 }),
      vuln({ id: 'CVE-C1', pkg: 'two', installed: '1', fixed: '2', severity: 'critical', layer: 1 }),
      vuln({ id: 'CVE-C2', pkg: 'two', installed: '1', fixed: '2', severity: 'critical', layer: 1 }),
      WRITABLE_MOUNT,
    ];
    const result = blockedResult(findings);
    const steps = nextSteps(result, blockingFindings(result)).steps;
    expect(steps.map((step) => (step.kind === 'upgrade' ? step.group.pkgName : step.ruleId))).toEqual([
      'two',
      'small',
      'wide',
      'compose/writable-bind-mount',
    ]);
  });

  test('an unrated vulnerability is labelled so, and counts are split by kind', () => {
    const section = blockingSection(blockedResult(mixedFindings()));
    expect(section).toContain('| 🟠 unrated (high) | `CVE-2023-0030` |');
    expect(section).toContain('🟠 3 high (1 vulnerability, 1 unrated, 1 policy)');
    expect(toMarkdownSummary(blockedResult(mixedFindings()))).toContain(
      '**Findings:** 🔴 5 critical · 🟠 3 high (1 vulnerability, 1 unrated, 1 policy) · 🟡 1 medium · 🔵 0 low · ⚪ 0 info',
    );
  });

  test('advisory links only for https URLs; hostile text in the block is escaped', () => {
    const hostile = vuln({
      id: 'CVE-2023-9999',
      pkg: 'evil`pkg',
      installed: '1 <b>',
      fixed: '2',
      severity: 'critical',
      layer: 1,
      url: 'javascript:alert(1)',
    });
    hostile.properties!.title = '<img src=x onerror=alert(1)> @octocat [x](https://evil.example) #12';
    const section = blockingSection(blockedResult([hostile]), { links: LINKS });
    expect(section).toContain('| `CVE-2023-9999` |');
    expect(section).toContain('``evil`pkg``');
    expect(section).toContain(
      '&lt;img src=x onerror=alert(1)&gt; @&#8203;octocat \\[x\\](https:&#8203;//evil.example) #&#8203;12',
    );
    expectSafeMarkdown(section);
  });
});

describe('the allowlist entry to paste', () => {
  async function loadPasted(yaml: string) {
    const filled = yaml
      .replace(REASON_PLACEHOLDER, 'not reachable: no TLS in this service')
      .replace(EXPIRES_PLACEHOLDER, '2027-01-31');
    const file = path.join(DIR, `policy-${Math.random().toString(36).slice(2)}.yml`);
    await writeFile(file, `version: 1\n${filled}\n`);
    return loadPolicy(file);
  }

  test('a vulnerability entry loads with the real policy loader and suppresses the finding', async () => {
    const finding = mixedFindings()[0]!;
    const yaml = allowSnippet(finding)!;
    expect(yaml).toBe(
      [
        'allow:',
        '  vulnerabilities:',
        '    - id: CVE-2023-0001',
        '      packages: [openssl]',
        '      reason: "<why this is acceptable>"',
        '      expires: "<YYYY-MM-DD>"',
      ].join('\n'),
    );
    const policy = await loadPasted(yaml);
    const context = scanContext({ image: makeFacts(), allow: policy.allow, now: new Date('2026-12-07T12:00:00Z') });
    const other = mixedFindings()[4]!;
    const { findings } = applyAllowlist([finding, other], context);
    expect(findings[0]?.suppressedBy?.reason).toBe('not reachable: no TLS in this service');
    expect(findings[1]?.suppressedBy).toBeUndefined();
  });

  test('a compose entry (allow.mounts) loads and suppresses the mount finding', async () => {
    const yaml = allowSnippet(WRITABLE_MOUNT)!;
    expect(yaml).toBe(
      [
        'allow:',
        '  mounts:',
        '    - service: web',
        '      target: /data',
        '      rule: compose/writable-bind-mount',
        '      reason: "<why this is acceptable>"',
        '      expires: "<YYYY-MM-DD>"',
      ].join('\n'),
    );
    const policy = await loadPasted(yaml);
    const { findings } = applyMountAllowlist(
      [WRITABLE_MOUNT],
      policy.allow.mounts ?? [],
      new Date('2026-12-07T12:00:00Z'),
    );
    expect(findings[0]?.suppressedBy?.expires).toBe('2027-01-31');
  });

  test('hostile ids and package names are quoted so they stay one value, and still match', async () => {
    const hostile = vuln({
      id: 'CVE-1"#:{x}',
      pkg: 'lib: yes',
      installed: '1',
      fixed: '2',
      severity: 'critical',
      layer: 1,
    });
    const yaml = allowSnippet(hostile)!;
    expect(yaml.split('\n')).toHaveLength(6);
    expect(yaml).toContain('    - id: "CVE-1\\"#:{x}"');
    expect(yaml).toContain('      packages: ["lib: yes"]');
    const policy = await loadPasted(yaml);
    expect(policy.allow.vulnerabilities[0]?.id).toBe('CVE-1"#:{x}');
    const context = scanContext({ image: makeFacts(), allow: policy.allow, now: new Date('2026-12-07T12:00:00Z') });
    expect(applyAllowlist([hostile], context).findings[0]?.suppressedBy).toBeDefined();
    // A line break cannot end the value (the loader would refuse such an id, but the entry stays one line).
    const broken = allowSnippet(
      vuln({ id: 'CVE-2\n  evil: x', pkg: 'a', installed: '1', severity: 'high', layer: 1 }),
    )!;
    expect(broken.split('\n')[2]).toBe('    - id: "CVE-2\\u000a  evil: x"');
    // A package name with glob characters would match more than this package: the criterion is left out.
    expect(allowSnippet(vuln({ id: 'CVE-3', pkg: 'lib*', installed: '1', severity: 'high', layer: 1 }))).not.toContain(
      'packages',
    );
  });

  test('image-policy rules have no allowlist entry; secrets and licenses do', () => {
    const scanned = scannedResult().findings;
    expect(allowSnippet(scanned.find((finding) => finding.ruleId === 'size/max')!)).toBeUndefined();
    expect(allowSnippet(scanned.find((finding) => finding.ruleId.startsWith('secret/'))!)).toContain(
      '  secrets:\n    - id: aws-access-key-id\n      paths: [/app/.env]',
    );
    expect(allowSnippet(scanned.find((finding) => finding.ruleId === 'license/forbidden')!)).toContain(
      '  licenses:\n    - id: AGPL-3.0-only\n      packages: [ghostscript]',
    );
  });
});

test('every catalog rule has a short fix', () => {
  for (const rule of RULES)
    expect([rule.id, RULE_FIXES[rule.id as keyof typeof RULE_FIXES]]).toEqual([rule.id, expect.any(String)]);
});
