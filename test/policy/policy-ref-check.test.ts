import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { sharedDir } from '../support/shared.js';
import { git } from '../support/git.js';
import { tempDir } from '../support/temp.js';
import { describeWhen } from '../support/gate.js';

/**
 * `imagegate check --policy-ref BASE` through the real CLI: a pull request that loosens `.imagegate.yml` (and the
 * file it extends) is still judged by the base commit's policy, and the summary lists what it loosens.
 */

const corpus = sharedDir();
const golden = corpus ? path.join(corpus, 'corpus', 'trivy', 'alpine-310.json.golden') : undefined;
const withCorpus = describeWhen(golden && existsSync(golden), 'the shared corpus has no trivy/alpine-310.json.golden');
const work = await tempDir('imagegate-policy-ref-');

async function repoWithLoosenedPolicy(name: string): Promise<{ repo: string; base: string }> {
  const repo = path.join(work, name);
  await mkdir(path.join(repo, 'policies'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  await writeFile(path.join(repo, '.imagegate.yml'), 'version: 1\nextends: [policies/org.yml]\n');
  await writeFile(path.join(repo, 'policies', 'org.yml'), 'version: 1\ngate: { failOn: medium }\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'policy');
  const base = git(repo, 'rev-parse', 'HEAD');
  // The pull request loosens the extended file, the one a reviewer is least likely to open.
  await writeFile(
    path.join(repo, 'policies', 'org.yml'),
    'version: 1\ngate: { failOn: never }\nallow:\n  vulnerabilities:\n    - { id: CVE-2019-1549, reason: "[click](https://evil.example) @team", expires: 2099-01-01 }\n',
  );
  git(repo, 'commit', '-q', '-am', 'loosen');
  return { repo, base };
}

withCorpus('imagegate check --policy-ref', () => {
  test('the base policy decides; the summary and imagegate.json show the relaxations and the head verdict', async () => {
    const { repo, base } = await repoWithLoosenedPolicy('loosened');
    const out = path.join(repo, 'out');
    const run = await cli(
      ['check', '--trivy-report', golden!, '--out-dir', out, '--policy-ref', base, '--evaluate-head-policy'],
      repo,
    );
    const summary = await readFile(path.join(out, 'summary.md'), 'utf8');
    expect(run.code).toBe(1);
    expect(summary).toContain('#### Policy changes');
    expect(summary).toContain(`The policy that decided is \`.imagegate.yml\` at \`${base.slice(0, 12)}\` (the base).`);
    expect(summary).toContain('- `gate.failOn`: medium → never');
    expect(summary).toContain('- `allow.vulnerabilities`: new exception CVE-2019-1549 until 2099-01-01:');
    // The reason comes from the pull request: no link, no mention.
    expect(summary).not.toContain('[click](');
    expect(summary).not.toMatch(/(^|[^\\])@team/);
    expect(summary).toContain("Under this change's policy the gate would have ✅ passed");
    const result = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as {
      verdict: string;
      policy: {
        files: string[];
        source: unknown;
        changes: Array<{ kind: string; key: string }>;
        head: { verdict: string };
      };
    };
    // Only the policy section is this test's (an image read from a Trivy report has a source the schema lacks).
    const errors = resultSchemaErrors(result) as Array<{ instancePath: string }>;
    expect(errors.filter((error) => !error.instancePath.startsWith('/image/'))).toEqual([]);
    expect(result.verdict).toBe('fail');
    expect(result.policy.files).toEqual([`${base}:policies/org.yml`, `${base}:.imagegate.yml`]);
    expect(result.policy.source).toEqual({
      origin: 'base',
      ref: base,
      commit: base,
      path: '.imagegate.yml',
      note: null,
    });
    expect(result.policy.changes.map((change) => `${change.kind} ${change.key}`)).toEqual([
      'relaxation gate.failOn',
      'relaxation allow.vulnerabilities',
    ]);
    expect(result.policy.head.verdict).toBe('pass');
  });

  test('without --policy-ref the working tree decides (the loosened policy passes)', async () => {
    const { repo } = await repoWithLoosenedPolicy('head');
    const out = path.join(repo, 'out');
    const run = await cli(['check', '--trivy-report', golden!, '--out-dir', out], repo);
    expect(run.code).toBe(0);
    const result = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as { policy: object };
    expect(result.policy).toEqual({
      files: ['policies/org.yml', '.imagegate.yml'],
      source: null,
      changes: null,
      head: null,
    });
  });

  test('a ref the repository does not have is exit 2 naming the ref', async () => {
    const { repo } = await repoWithLoosenedPolicy('missing');
    const run = await cli(
      ['check', '--trivy-report', golden!, '--out-dir', path.join(repo, 'out'), '--policy-ref', 'nosuch'],
      repo,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--policy-ref nosuch: the repository has no such commit');
  });
});
