import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sharedDir } from '../support/shared.js';
import { git } from '../support/git.js';
import { tempDir } from '../support/temp.js';
import { makeActionRunner } from '../github/support/action-runner.js';
import { pullRequestPayload } from '../github/support/payloads.js';
import { describeWhen } from '../support/gate.js';

/**
 * The bundled Action on a pull request that loosens the policy: by default the base commit's policy decides, read
 * through git from a one-commit (shallow) checkout of the head after fetching the base from origin, and the job
 * summary lists the relaxations.
 */

const corpus = sharedDir();
const golden = corpus ? path.join(corpus, 'corpus', 'trivy', 'alpine-310.json.golden') : undefined;
const withCorpus = describeWhen(golden && existsSync(golden), 'the shared corpus has no trivy/alpine-310.json.golden');
const work = await tempDir('imagegate-action-policy-');
const runner = await makeActionRunner(work);

withCorpus('the bundled Action with policy-source', () => {
  test('pull_request: the base policy decides and the summary shows the relaxations', async () => {
    const origin = path.join(work, 'origin');
    await mkdir(origin, { recursive: true });
    git(origin, 'init', '-q', '-b', 'main');
    await writeFile(path.join(origin, '.imagegate.yml'), 'version: 1\ngate: { failOn: medium }\n');
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '-m', 'base');
    const base = git(origin, 'rev-parse', 'HEAD');
    await writeFile(path.join(origin, '.imagegate.yml'), 'version: 1\ngate: { failOn: never }\n');
    git(origin, 'commit', '-q', '-am', 'loosen the gate');
    const workspace = path.join(work, 'checkout');
    git(work, 'clone', '-q', '--depth=1', `file://${origin}`, workspace);

    const payload = pullRequestPayload('opened');
    payload.pull_request.base.sha = base;
    const event = { name: 'pull_request', payload, sha: 'a'.repeat(40), ref: 'refs/pull/2/merge' };
    const inputs = {
      'trivy-report': golden!,
      upload: 'false',
      comment: 'false',
      'policy-source': '',
      'evaluate-head-policy': 'true',
    };
    const [, node] = runner.runtimes[0]!;
    const run = await runner.run(node, 'base', { workspace, inputs, event });
    expect(run.code).toBe(1);
    expect(run.summary).toContain('#### Policy changes');
    expect(run.summary).toContain('- `gate.failOn`: medium → never');
    expect(run.summary).toContain("Under this change's policy the gate would have ✅ passed");
    const result = JSON.parse(await readFile(path.join(run.outDir, 'imagegate.json'), 'utf8')) as {
      policy: { source: { origin: string; commit: string } };
    };
    expect(result.policy.source).toMatchObject({ origin: 'base', commit: base });

    const head = await runner.run(node, 'head', { workspace, inputs: { ...inputs, 'policy-source': 'head' }, event });
    expect(head.code).toBe(0);
    expect(head.summary).not.toContain('Policy changes');
  });
});
