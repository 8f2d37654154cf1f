import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sarifResult } from '../../src/report/sarif-result.js';
import { cli } from '../support/cli.js';
import { openVexSchemaErrors, resultSchemaErrors } from '../support/schemas.js';
import { sharedFile } from '../support/shared.js';
import { mkdtemp } from 'node:fs/promises';
import { tempDir } from '../support/temp.js';

/**
 * VEX through the real CLI on a real Trivy report (corpus alpine-39): `--vex-out` exports the allowlist entries that
 * suppressed something as OpenVEX (valid against the official schema), and reading it back with `--vex` suppresses
 * the same findings; the policy's `vulnerabilities.vex` is read through the workspace gate; bad VEX is exit 2.
 */

const golden = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!golden) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

interface Doc {
  verdict: string;
  findings: Array<{
    ruleId: string;
    suppressed: boolean;
    suppression: Record<string, unknown> | null;
    location: { path?: string; line?: number };
    properties: Record<string, unknown>;
  }>;
}

const root = await tempDir();

async function workspace(policy: string): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'ws-'));
  await copyFile(golden!, path.join(dir, 'trivy.json'));
  await writeFile(path.join(dir, '.imagegate.yml'), policy);
  return dir;
}

async function check(dir: string, ...args: string[]) {
  const run = await cli(['check', '--trivy-report', 'trivy.json', '--skip-compose', '--out-dir', 'out', ...args], dir);
  const doc =
    run.code <= 1 ? (JSON.parse(await readFile(path.join(dir, 'out', 'imagegate.json'), 'utf8')) as Doc) : undefined;
  return { ...run, doc };
}

const suppressedIds = (doc: Doc | undefined) =>
  (doc?.findings ?? [])
    .filter((f) => f.ruleId.startsWith('vuln/') && f.suppressed)
    .map((f) => `${f.ruleId} ${String(f.properties.pkgName)}`)
    .sort();

const ALLOW_POLICY = [
  'version: 1',
  'gate: { failOn: never }',
  'allow:',
  '  vulnerabilities:',
  '    - id: CVE-2019-1549',
  '      packages: [libssl1.1]',
  '      reason: "only TLS client; the <b>fork</b> path is unused"',
  '      expires: 2027-06-30',
  '    - id: CVE-2019-1551',
  '      reason: not reachable',
  '      expires: 2027-03-31',
  '',
].join('\n');

test('--vex-out exports the accepted exceptions; --vex reads them back and suppresses the same findings', async () => {
  const first = await workspace(ALLOW_POLICY);
  const exported = await check(first, '--vex-out', 'out/accepted.vex.json');
  expect(exported.code).toBe(0);
  const allowlisted = suppressedIds(exported.doc);
  expect(allowlisted).toEqual([
    'vuln/CVE-2019-1549 libssl1.1',
    'vuln/CVE-2019-1551 libcrypto1.1',
    'vuln/CVE-2019-1551 libssl1.1',
  ]);

  const vex = JSON.parse(await readFile(path.join(first, 'out', 'accepted.vex.json'), 'utf8')) as {
    '@id': string;
    timestamp: string;
    statements: Array<Record<string, unknown>>;
  };
  expect(openVexSchemaErrors(vex)).toEqual([]);
  expect(vex['@id']).toMatch(/^https:\/\/openvex\.dev\/docs\/imagegate\/vex-[0-9a-f]{64}$/);
  expect(vex.statements).toHaveLength(2);
  expect(vex.statements[0]).toEqual({
    vulnerability: { name: 'CVE-2019-1549' },
    products: [
      {
        '@id': expect.stringMatching(
          /^pkg:oci\/[^@]+@sha256%3A055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1/,
        ),
        subcomponents: [{ '@id': 'pkg:apk/alpine/libssl1.1@1.1.1b-r1?arch=x86_64&distro=3.9.4' }],
      },
    ],
    status: 'not_affected',
    impact_statement: 'only TLS client; the <b>fork</b> path is unused',
    status_notes:
      'Accepted by the imagegate allowlist entry at .imagegate.yml:5 until 2027-06-30 (the entry expires then and the finding counts again).',
  });

  // The same findings, no allowlist: the exported document alone suppresses them.
  const second = await workspace(['version: 1', 'gate: { failOn: never }', ''].join('\n'));
  await copyFile(path.join(first, 'out', 'accepted.vex.json'), path.join(second, 'accepted.vex.json'));
  const reread = await check(second, '--vex', 'accepted.vex.json', '--gitlab');
  expect(reread.code).toBe(0);
  expect(suppressedIds(reread.doc)).toEqual(allowlisted);
  expect(resultSchemaErrors(reread.doc)).toEqual([]);
  const finding = reread.doc!.findings.find(
    (f) => f.ruleId === 'vuln/CVE-2019-1549' && f.properties.pkgName === 'libssl1.1',
  )!;
  expect(finding.suppression).toMatchObject({
    by: 'vex',
    author: 'imagegate',
    status: 'not_affected',
    reason: 'only TLS client; the <b>fork</b> path is unused',
    timestamp: vex.timestamp,
    source: { path: 'accepted.vex.json', line: expect.any(Number) },
  });
  expect(reread.doc!.findings.filter((f) => f.ruleId === 'vex/unused')).toEqual([]);
  // Reports: SARIF marks it external with the VEX justification (sarifResult, as the SARIF writer uses it for
  // located findings; this run has no Dockerfile, so its image findings are notifications); the summary escapes.
  const result = sarifResult(
    {
      ruleId: finding.ruleId,
      severity: 'medium',
      message: 'm',
      location: { kind: 'source', path: 'Dockerfile', line: 1 },
      fingerprint: 'f',
      suppressedBy: {
        by: 'vex',
        reason: String(finding.suppression!.reason),
        status: 'not_affected',
        author: 'imagegate',
        timestamp: vex.timestamp,
      },
    },
    0,
    undefined,
  );
  expect(result.suppressions?.[0]).toMatchObject({
    kind: 'external',
    status: 'accepted',
    justification: `VEX not_affected: only TLS client; the <b>fork</b> path is unused — imagegate, ${vex.timestamp}`,
  });
  const junit = await readFile(path.join(second, 'out', 'imagegate-junit.xml'), 'utf8');
  expect(junit).toContain(
    'suppressed by VEX (not_affected, imagegate): only TLS client; the &lt;b&gt;fork&lt;/b&gt; path is unused',
  );
  const scanning = JSON.parse(
    await readFile(path.join(second, 'out', 'gl-container-scanning-report.json'), 'utf8'),
  ) as {
    vulnerabilities: Array<{ identifiers: Array<{ value: string }> }>;
  };
  // Suppressed findings are left out of GitLab's container-scanning report, as allowlisted ones are.
  expect(scanning.vulnerabilities.some((v) => v.identifiers.some((i) => i.value === 'CVE-2019-1551'))).toBe(false);
  const summary = await readFile(path.join(second, 'out', 'summary.md'), 'utf8');
  expect(summary).toContain('allowlisted or VEX');
  expect(summary).not.toContain('<b>fork</b>');
});

test('the policy names VEX files (relative to it); an unused statement is vex/unused at its line', async () => {
  const dir = await workspace(
    ['version: 1', 'gate: { failOn: never }', 'defaults:', '  vulnerabilities:', '    vex: [vex/triage.json]', ''].join(
      '\n',
    ),
  );
  await mkdir(path.join(dir, 'vex'));
  await writeFile(
    path.join(dir, 'vex', 'triage.json'),
    JSON.stringify(
      {
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex/triage',
        author: 'Jane <jane@example.com>',
        timestamp: '2026-11-01T00:00:00Z',
        statements: [
          {
            vulnerability: { name: 'CVE-2019-1549' },
            products: [{ '@id': 'pkg:apk/alpine/libcrypto1.1@1.1.1b-r1' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
          { vulnerability: { name: 'CVE-2000-0001' }, products: [{ '@id': 'pkg:apk/alpine/musl' }], status: 'fixed' },
        ],
      },
      null,
      2,
    ),
  );
  const run = await check(dir);
  expect(run.code).toBe(0);
  expect(suppressedIds(run.doc)).toEqual(['vuln/CVE-2019-1549 libcrypto1.1']);
  const unused = run.doc!.findings.filter((f) => f.ruleId === 'vex/unused');
  expect(unused.map((f) => f.location)).toEqual([{ path: 'vex/triage.json', line: 19, column: 5 }]);
});

test('bad VEX is exit 2 at file:line:col; a policy VEX path out of the workspace is refused at its policy line', async () => {
  const dir = await workspace('version: 1\n');
  await writeFile(
    path.join(dir, 'bad.json'),
    '{\n  "@context": "https://openvex.dev/ns/v0.2.0",\n  "statements": [}\n',
  );
  const bad = await check(dir, '--vex', 'bad.json');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/bad\.json:3:\d+: the VEX document is not JSON/);

  const escape = await workspace(
    ['version: 1', 'defaults:', '  vulnerabilities:', '    vex: [leak.json]', ''].join('\n'),
  );
  await symlink('/etc/passwd', path.join(escape, 'leak.json'));
  const refused = await check(escape);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(
    /\.imagegate\.yml:4:\d+: the VEX document leak\.json is refused: it resolves to \/etc\/passwd, outside the workspace/,
  );
  expect(refused.stderr).not.toContain('root:x:0');
});
