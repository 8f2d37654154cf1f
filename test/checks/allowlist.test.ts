import { applyAllowlist, utcDay } from '../../src/checks/allowlist.js';
import type { CheckContext } from '../../src/checks/context.js';
import { runImageChecks } from '../../src/checks/run-checks.js';
import type { Finding, Severity } from '../../src/model/findings.js';
import { decideVerdict } from '../../src/policy/gate.js';
import type { ImageFacts } from '../../src/image/facts.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { AllowEntry, Allowlist } from '../../src/policy/types.js';
import type { ScanFacts, VulnerabilityFacts } from '../../src/scan/types.js';
import { makeFacts } from '../support/facts.js';
import { makePolicyDir } from '../policy/temp-policies.js';
import { NOW, scanContext } from './scan-context.js';

const image = makeFacts();
const source = { kind: 'source' as const, path: '.imagegate.yml', line: 7, column: 7 };

function vulnerability(overrides: Partial<VulnerabilityFacts> = {}): VulnerabilityFacts {
  return {
    id: 'CVE-2023-0286',
    pkgName: 'libssl3',
    installedVersion: '3.0.7-r0',
    fixedVersion: '3.0.8-r0',
    status: 'fixed',
    severity: 'HIGH',
    purl: 'pkg:apk/alpine/libssl3@3.0.7-r0?arch=x86_64&distro=3.17.1',
    advisory: { references: [], cweIds: [], cvss: [] },
    target: 'ghcr.io/acme/api:1.0 (alpine 3.17.1)',
    resultClass: 'os-pkgs',
    pkgType: 'alpine',
    ...overrides,
  };
}

const NODE_LODASH = vulnerability({
  id: 'CVE-2021-23337',
  pkgName: 'lodash',
  installedVersion: '4.17.20',
  fixedVersion: '4.17.21',
  pkgPath: 'app/node_modules/lodash/package.json',
  purl: 'pkg:npm/lodash@4.17.20',
  target: 'Node.js',
  resultClass: 'lang-pkgs',
  pkgType: 'node-pkg',
});

function scanWith(vulnerabilities: VulnerabilityFacts[], parts: Partial<ScanFacts> = {}): ScanFacts {
  return { scanner: { name: 'trivy' }, artifactName: 'x', vulnerabilities, secrets: [], licenses: [], ...parts };
}

function entry(overrides: Partial<AllowEntry> = {}): AllowEntry {
  return {
    kind: 'vulnerabilities',
    id: 'CVE-2023-0286',
    reason: 'X.400 addresses are not parsed by this service',
    expires: '2026-06-30',
    source,
    ...overrides,
  };
}

function context(
  entries: AllowEntry[],
  options: { vulnerabilities?: VulnerabilityFacts[]; image?: ImageFacts; now?: Date; scan?: ScanFacts | null } = {},
): CheckContext {
  const allow: Allowlist = { vulnerabilities: [], secrets: [], licenses: [] };
  for (const each of entries) allow[each.kind].push(each);
  const scan =
    options.scan === null
      ? undefined
      : (options.scan ?? scanWith(options.vulnerabilities ?? [vulnerability(), NODE_LODASH]));
  return scanContext({
    image: options.image ?? image,
    ...(scan ? { scan } : {}),
    allow,
    ...(options.now ? { now: options.now } : {}),
  });
}

const asIs = (_rule: string, severity: Severity) => severity;
const run = (ctx: CheckContext) => runImageChecks(ctx, asIs);
const suppressed = (findings: Finding[]) =>
  findings.filter((finding) => finding.suppressedBy).map((finding) => finding.ruleId);
const active = (findings: Finding[]) =>
  findings.filter((finding) => !finding.suppressedBy).map((finding) => finding.ruleId);

describe('allowlist matching', () => {
  test('an entry with only an id suppresses that vulnerability wherever it is, and names itself', () => {
    const findings = run(context([entry()]));
    expect(suppressed(findings)).toEqual(['vuln/CVE-2023-0286']);
    expect(findings.find((finding) => finding.suppressedBy)?.suppressedBy).toEqual({
      reason: 'X.400 addresses are not parsed by this service',
      expires: '2026-06-30',
      source,
    });
    expect(active(findings)).toEqual(['vuln/CVE-2021-23337']);
  });

  test('ids match exactly', () => {
    expect(suppressed(run(context([entry({ id: 'cve-2023-0286' })])))).toEqual([]);
    expect(suppressed(run(context([entry({ id: 'CVE-2023-028' })])))).toEqual([]);
  });

  test('packages: names or globs', () => {
    expect(suppressed(run(context([entry({ packages: ['libssl3'] })])))).toEqual(['vuln/CVE-2023-0286']);
    expect(suppressed(run(context([entry({ packages: ['openssl', 'libssl*'] })])))).toEqual(['vuln/CVE-2023-0286']);
    expect(suppressed(run(context([entry({ packages: ['libcrypto3'] })])))).toEqual([]);
  });

  test('images: patterns normalized like images[].match; an image without a name never matches', () => {
    expect(suppressed(run(context([entry({ images: ['ghcr.io/acme/*'] })])))).toEqual(['vuln/CVE-2023-0286']);
    expect(suppressed(run(context([entry({ images: ['ghcr.io/acme/api:1.*'] })])))).toEqual(['vuln/CVE-2023-0286']);
    expect(suppressed(run(context([entry({ images: ['ghcr.io/other/*', 'alpine'] })])))).toEqual([]);
    const hubImage = makeFacts({ reference: 'acme/api:2' });
    expect(suppressed(run(context([entry({ images: ['docker.io/acme/api'] })], { image: hubImage })))).toEqual([
      'vuln/CVE-2023-0286',
    ]);
    const { reference: _, ...unnamed } = image;
    expect(suppressed(run(context([entry({ images: ['**'] })], { image: unnamed })))).toEqual([]);
    expect(suppressed(run(context([entry()], { image: unnamed })))).toEqual(['vuln/CVE-2023-0286']);
  });

  test('paths: globs on the package path or the Trivy target, a leading slash ignored', () => {
    const lodash = entry({ id: 'CVE-2021-23337' });
    expect(suppressed(run(context([{ ...lodash, paths: ['app/node_modules/**'] }])))).toEqual(['vuln/CVE-2021-23337']);
    expect(suppressed(run(context([{ ...lodash, paths: ['/app/node_modules/**'] }])))).toEqual(['vuln/CVE-2021-23337']);
    expect(suppressed(run(context([{ ...lodash, paths: ['Node.js'] }])))).toEqual(['vuln/CVE-2021-23337']);
    expect(suppressed(run(context([{ ...lodash, paths: ['srv/**'] }])))).toEqual([]);
  });

  test('purls: globs on the package URL', () => {
    const lodash = entry({ id: 'CVE-2021-23337' });
    expect(suppressed(run(context([{ ...lodash, purls: ['pkg:npm/lodash@*'] }])))).toEqual(['vuln/CVE-2021-23337']);
    expect(suppressed(run(context([{ ...lodash, purls: ['pkg:npm/lodash@4.17.21'] }])))).toEqual([]);
    expect(suppressed(run(context([entry({ purls: ['pkg:apk/alpine/libssl3@*'] })])))).toEqual(['vuln/CVE-2023-0286']);
  });

  test('every criterion set must match', () => {
    const lodash = entry({ id: 'CVE-2021-23337', packages: ['lodash'], images: ['ghcr.io/acme/api'] });
    expect(suppressed(run(context([{ ...lodash, paths: ['app/**'] }])))).toEqual(['vuln/CVE-2021-23337']);
    expect(suppressed(run(context([{ ...lodash, paths: ['lib/**'] }])))).toEqual([]);
    expect(suppressed(run(context([{ ...lodash, packages: ['underscore'] }])))).toEqual([]);
  });

  test('secrets and licenses are matched by rule id and license name', () => {
    const scan = scanWith([], {
      secrets: [
        { ruleId: 'private-key', category: 'Key', severity: 'HIGH', title: 'Private Key', target: '/etc/ssl/test.key' },
      ],
      licenses: [
        {
          name: 'AGPL-3.0-only',
          pkgName: 'ghostscript',
          severity: 'HIGH',
          category: 'forbidden',
          target: 'OS Packages',
        },
      ],
    });
    const ctx = scanContext({
      image,
      scan,
      rules: { licenses: { forbid: ['AGPL-*'] } },
      allow: {
        secrets: [entry({ kind: 'secrets', id: 'private-key', paths: ['etc/ssl/*.key'] })],
        licenses: [entry({ kind: 'licenses', id: 'AGPL-3.0-only', packages: ['ghostscript'] })],
      },
    });
    expect(suppressed(run(ctx)).sort()).toEqual(['license/forbidden', 'secret/private-key']);
    const mismatch = { ...ctx, allow: { ...ctx.allow, licenses: [entry({ kind: 'licenses', id: 'AGPL-3.0' })] } };
    expect(active(run(mismatch))).toContain('license/forbidden');
  });

  test('image findings are never suppressed by scan entries', () => {
    const ctx = {
      ...context([entry({ id: 'user/root' })]),
      rules: { ...context([]).rules, user: { forbidRoot: true } },
    };
    const rootImage = { ...ctx, image: { ...image, config: { ...image.config, user: 'root' } } };
    expect(active(run(rootImage))).toContain('user/root');
  });
});

describe('allowlist expiry (UTC days, inclusive)', () => {
  const at = (iso: string) => new Date(iso);

  test('the UTC day is what counts, not the local one', () => {
    expect(utcDay(at('2026-06-30T23:59:59.999Z'))).toBe('2026-06-30');
    expect(utcDay(at('2026-07-01T00:30:00+02:00'))).toBe('2026-06-30');
  });

  test('an entry suppresses before its expiry and on the day itself', () => {
    expect(suppressed(run(context([entry()], { now: at('2026-06-29T12:00:00Z') })))).toEqual(['vuln/CVE-2023-0286']);
    expect(suppressed(run(context([entry()], { now: at('2026-06-30T23:59:59Z') })))).toEqual(['vuln/CVE-2023-0286']);
  });

  test('the day after, it no longer suppresses and becomes an allow/expired finding at the entry', () => {
    const findings = run(context([entry()], { now: at('2026-07-01T00:00:00Z') }));
    expect(suppressed(findings)).toEqual([]);
    const expired = findings.find((finding) => finding.ruleId === 'allow/expired');
    expect(expired).toMatchObject({
      ruleId: 'allow/expired',
      severity: 'medium',
      location: source,
      message:
        'Allowlist entry for CVE-2023-0286 expired on 2026-06-30 (reason: X.400 addresses are not parsed by this ' +
        'service) and no longer suppresses. It matches 1 finding, which count again: fix it, or review the reason ' +
        'and set a new date.',
    });
    expect(expired?.properties).toEqual({
      allowKind: 'vulnerabilities',
      allowId: 'CVE-2023-0286',
      expires: '2026-06-30',
      reason: 'X.400 addresses are not parsed by this service',
      matches: 1,
    });
    expect(decideVerdict(findings, 'high')).toBe('fail');
  });

  test('an expired entry keeps its fingerprint when it moves or its reason changes', () => {
    const now = at('2027-01-01T00:00:00Z');
    const first = run(context([entry()], { now })).find((finding) => finding.ruleId === 'allow/expired');
    const moved = run(context([entry({ source: { ...source, line: 40 }, reason: 'other words' })], { now })).find(
      (finding) => finding.ruleId === 'allow/expired',
    );
    expect(moved?.fingerprint).toBe(first?.fingerprint);
    const narrowed = run(context([entry({ packages: ['libssl3'] })], { now })).find(
      (finding) => finding.ruleId === 'allow/expired',
    );
    expect(narrowed?.fingerprint).not.toBe(first?.fingerprint);
  });

  test('an expired entry is reported even when the scan no longer has its vulnerability, but not for other images', () => {
    const now = at('2027-01-01T00:00:00Z');
    const gone = run(context([entry()], { now, vulnerabilities: [] }));
    expect(gone.map((finding) => finding.ruleId)).toEqual(['allow/expired']);
    expect(gone[0]?.message).toContain('It matches no finding of this scan; remove it.');
    expect(run(context([entry({ images: ['ghcr.io/other/*'] })], { now }))).not.toContainEqual(
      expect.objectContaining({ ruleId: 'allow/expired' }),
    );
  });

  test('the policy can change the severity of allow/expired', () => {
    const findings = runImageChecks(context([entry()], { now: at('2027-01-01T00:00:00Z') }), (rule, severity) =>
      rule === 'allow/expired' ? 'high' : severity,
    );
    expect(findings.find((finding) => finding.ruleId === 'allow/expired')?.severity).toBe('high');
  });
});

describe('allow/unused', () => {
  test('an unexpired entry that matches nothing in the scan is an info finding at the entry', () => {
    const findings = run(context([entry({ id: 'CVE-2099-0001' })]));
    const unused = findings.filter((finding) => finding.ruleId === 'allow/unused');
    expect(unused).toHaveLength(1);
    expect(unused[0]).toMatchObject({
      severity: 'info',
      location: source,
      message:
        "Allowlist entry for CVE-2099-0001 (expires 2026-06-30) matched no finding of this image's scan; remove it " +
        'if the vulnerability is gone.',
    });
    expect(decideVerdict(findings, 'low')).toBe('fail');
    expect(decideVerdict(unused, 'low')).toBe('pass');
  });

  test('only when a scan ran, and only for kinds its scanners cover', () => {
    expect(run(context([entry({ id: 'CVE-2099-0001' })], { scan: null }))).toEqual([]);
    const secretEntry = entry({ kind: 'secrets', id: 'private-key' });
    expect(run(context([secretEntry])).map((finding) => finding.ruleId)).not.toContain('allow/unused');
    const scanned = { ...context([secretEntry]), scanners: ['vuln', 'secret'] as const };
    expect(run(scanned).map((finding) => finding.ruleId)).toContain('allow/unused');
  });

  test('an entry that another entry beat to a finding is still used', () => {
    const findings = run(context([entry(), entry({ packages: ['libssl3'], source: { ...source, line: 12 } })]));
    expect(findings.map((finding) => finding.ruleId)).not.toContain('allow/unused');
    expect(findings.find((finding) => finding.suppressedBy)?.suppressedBy?.source?.line).toBe(7);
  });

  test('an allowlist with entries for nothing in this image leaves the findings as they are', () => {
    const ctx = context([entry({ images: ['ghcr.io/other/*'] })]);
    const { findings, entryFindings } = applyAllowlist(run({ ...ctx, allow: context([]).allow }), ctx);
    expect(entryFindings).toEqual([]);
    expect(suppressed(findings)).toEqual([]);
  });
});

describe('the allowlist of a policy file', () => {
  test('suppresses until its expiry, then points at the entry in the file', async () => {
    const dir = await makePolicyDir();
    try {
      await dir.write({
        'org.yml': [
          'version: 1',
          'allow:',
          '  vulnerabilities:',
          '    - id: CVE-2023-0286',
          '      packages: [libssl3]',
          '      reason: not reachable from the API',
          '      expires: 2026-03-09',
          '',
        ].join('\n'),
        'team.yml': [
          'version: 1',
          'extends: [org.yml]',
          'allow:',
          '  vulnerabilities:',
          '    - { id: CVE-2021-23337, purls: ["pkg:npm/lodash@*"], reason: template() unused, expires: 2026-03-10 }',
          '',
        ].join('\n'),
      });
      const policy = await loadPolicy(dir.file('team.yml'), { displayPath: dir.display });
      const ctx = scanContext({ image, scan: scanWith([vulnerability(), NODE_LODASH]), allow: policy.allow, now: NOW });
      const findings = run(ctx);
      expect(suppressed(findings)).toEqual(['vuln/CVE-2021-23337']);
      expect(findings.find((finding) => finding.suppressedBy)?.suppressedBy).toEqual({
        reason: 'template() unused',
        expires: '2026-03-10',
        source: { kind: 'source', path: 'team.yml', line: 5, column: 7 },
      });
      const expired = findings.find((finding) => finding.ruleId === 'allow/expired');
      expect(expired?.location).toEqual({ kind: 'source', path: 'org.yml', line: 4, column: 7 });
      expect(expired?.message).toMatch(/^Allowlist entry for CVE-2023-0286 expired on 2026-03-09 /);
      expect(active(findings)).toEqual(['vuln/CVE-2023-0286', 'allow/expired']);
    } finally {
      await dir.remove();
    }
  });
});
