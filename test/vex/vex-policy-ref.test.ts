import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { git } from '../support/git.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

/**
 * A VEX document is an exception like an allowlist entry: when the base's policy decides (`--policy-ref`, Action
 * `policy-source: base`), its `vulnerabilities.vex` files are read at the base commit, so a pull request that
 * rewrites the VEX file (or points the policy at a new one) cannot suppress its own findings.
 */

const golden = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!golden) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
const work = await tempDir('imagegate-vex-ref-');

const vexDocument = (status: string) =>
  JSON.stringify(
    {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex/triage',
      author: 'Jane',
      timestamp: '2026-11-01T00:00:00Z',
      statements: [
        {
          vulnerability: { name: 'CVE-2019-1549' },
          products: [{ '@id': 'pkg:apk/alpine/libssl1.1' }],
          status,
          ...(status === 'not_affected' ? { impact_statement: 'reviewed' } : {}),
        },
      ],
    },
    null,
    2,
  );

async function suppressed(repo: string, ...args: string[]): Promise<{ code: number; stderr: string; ids: string[] }> {
  const out = path.join(repo, 'out');
  const run = await cli(['check', '--trivy-report', 'trivy.json', '--skip-compose', '--out-dir', out, ...args], repo);
  if (run.code > 1) return { code: run.code, stderr: run.stderr, ids: [] };
  const doc = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as {
    findings: Array<{ ruleId: string; suppressed: boolean; properties: Record<string, unknown> }>;
  };
  const ids = doc.findings
    .filter((f) => f.suppressed)
    .map((f) => `${f.ruleId} ${String(f.properties.pkgName)}`)
    .sort();
  return { code: run.code, stderr: run.stderr, ids };
}

test('the base commit VEX decides; the pull request rewriting it changes nothing', async () => {
  const repo = path.join(work, 'rewrite');
  await mkdir(path.join(repo, 'vex'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  await copyFile(golden!, path.join(repo, 'trivy.json'));
  await writeFile(
    path.join(repo, '.imagegate.yml'),
    'version: 1\ngate: { failOn: never }\ndefaults:\n  vulnerabilities:\n    vex: [vex/triage.json]\n',
  );
  await writeFile(path.join(repo, 'vex', 'triage.json'), vexDocument('affected'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  const base = git(repo, 'rev-parse', 'HEAD');
  // The pull request flips the statement to not_affected.
  await writeFile(path.join(repo, 'vex', 'triage.json'), vexDocument('not_affected'));
  git(repo, 'commit', '-q', '-am', 'pr');

  expect((await suppressed(repo)).ids).toEqual(['vuln/CVE-2019-1549 libssl1.1']);
  const judged = await suppressed(repo, '--policy-ref', base);
  expect(judged.code).toBe(0);
  expect(judged.ids).toEqual([]);
});

test('a VEX file the base commit does not have is exit 2 at the policy line, naming REF:path', async () => {
  const repo = path.join(work, 'added');
  await mkdir(path.join(repo, 'vex'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  await copyFile(golden!, path.join(repo, 'trivy.json'));
  await writeFile(
    path.join(repo, '.imagegate.yml'),
    'version: 1\ndefaults:\n  vulnerabilities:\n    vex: [vex/triage.json]\n',
  );
  git(repo, 'add', '.imagegate.yml', 'trivy.json');
  git(repo, 'commit', '-q', '-m', 'base');
  const base = git(repo, 'rev-parse', 'HEAD');
  await writeFile(path.join(repo, 'vex', 'triage.json'), vexDocument('not_affected'));
  const run = await suppressed(repo, '--policy-ref', base);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    `${base}:.imagegate.yml:4:11: the VEX document ${base}:vex/triage.json cannot be read: no such file at ${base}`,
  );
});

test('a pull request that adds a VEX document to the policy is listed as a relaxation, and its file is not read', async () => {
  const repo = path.join(work, 'listed');
  await mkdir(path.join(repo, 'vex'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  await copyFile(golden!, path.join(repo, 'trivy.json'));
  await writeFile(path.join(repo, '.imagegate.yml'), 'version: 1\ngate: { failOn: never }\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  const base = git(repo, 'rev-parse', 'HEAD');
  await writeFile(
    path.join(repo, '.imagegate.yml'),
    'version: 1\ngate: { failOn: never }\ndefaults:\n  vulnerabilities:\n    vex: [vex/pr.json]\n',
  );
  await writeFile(path.join(repo, 'vex', 'pr.json'), vexDocument('not_affected'));
  const run = await suppressed(repo, '--policy-ref', base);
  expect(run.code).toBe(0);
  expect(run.ids).toEqual([]);
  const summary = await readFile(path.join(repo, 'out', 'summary.md'), 'utf8');
  expect(summary).toContain('- `defaults.vulnerabilities.vex`: VEX documents added: vex/pr.json');
});
