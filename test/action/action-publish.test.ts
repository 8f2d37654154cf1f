import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { makeActionRunner, TOKEN, type ActionEvent } from '../github/support/action-runner.js';
import { useFakeGitHub } from '../support/fake-github.js';
import { writeBigScan } from '../github/support/big-scan.js';
import {
  forkPullRequestPayload,
  pullRequestPayload,
  pushPayload,
  schedulePayload,
} from '../github/support/payloads.js';

/**
 * The bundled Action publishing to GitHub as the runner runs it, against the local GitHub stand-in, driven by
 * real event payloads: the code-scanning upload (what is sent, for which commit and ref), the sticky PR comment,
 * the job summary, outputs and exit codes, and GitHub's failures (403, 429, 5xx, processing errors). The image
 * facts and vulnerabilities come from the shared Trivy corpus (`trivy-report`), so neither Trivy nor a daemon
 * is needed.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const work = await tempDir();
const workspace = path.join(work, 'workspace');
await import('node:fs/promises').then((fs) => fs.mkdir(workspace, { recursive: true }));
await writeFile(path.join(workspace, 'Dockerfile'), 'FROM debian:10\nRUN /tmp/install.sh\nCMD ["/run.sh"]\n');
const runner = await makeActionRunner(work);
const big = await writeBigScan(workspace);

const github = useFakeGitHub();

const CATEGORY = 'imagegate/image/ghcr.io/aquasecurity/trivy-test-images';
const MARKER = `<!-- imagegate:${CATEGORY} -->`;
const MERGE_SHA = '1111111111111111111111111111111111111111';
const MERGE_SHA_2 = '2222222222222222222222222222222222222222';

const prEvent = (action: 'opened' | 'synchronize', sha = MERGE_SHA): ActionEvent => ({
  name: 'pull_request',
  payload: pullRequestPayload(action),
  sha,
  ref: 'refs/pull/2/merge',
});
const push = pushPayload('refs/heads/release/1.2');
const pushEvent: ActionEvent = { name: 'push', payload: push, sha: push.after, ref: push.ref };

/** Inputs for the corpus scan, gate off (`fail-on: never`) so exit codes speak of publishing only. */
const scanInputs = (extra: Record<string, string> = {}) => ({
  'trivy-report': corpusReport!,
  dockerfile: 'Dockerfile',
  'fail-on': 'never',
  ...extra,
});

function env(extra: Record<string, string> = {}) {
  return {
    ...github.env(),
    IMAGEGATE_SARIF_POLL_DELAYS_MS: '10,10,10',
    IMAGEGATE_GITHUB_RETRY_BASE_MS: '20',
    ...extra,
  };
}

interface UploadBody {
  commit_sha: string;
  ref: string;
  sarif: string;
  checkout_uri: string;
  started_at: string;
  tool_name: string;
}
const uploads = () => github.byRoute('upload').map((request) => request.body as UploadBody);
const decoded = (body: UploadBody) => gunzipSync(Buffer.from(body.sarif, 'base64'));

describe.each(runner.runtimes)('the bundled Action publishing to GitHub on %s', (label, node) => {
  const slug = label.replace(/\W+/g, '-');
  const run = (name: string, options: Parameters<typeof runner.run>[2]) => runner.run(node, `${slug}-${name}`, options);

  test('pull_request opened, then synchronize: upload for the merge ref, one comment created then updated', async () => {
    github.pageSize = 2;
    github.addComment(2, 'Looks good to me');
    github.addComment(2, `Quoting the bot:\n> ${MARKER}\n> it failed`);
    github.addComment(2, 'Another remark');

    const opened = await run('pr-opened', { workspace, inputs: scanInputs(), event: prEvent('opened'), env: env() });
    expect(opened.code).toBe(0);
    expect(opened.stdout).toContain(`::add-mask::${TOKEN}`);
    const [body] = uploads();
    expect(uploads()).toHaveLength(1);
    expect(decoded(body!)).toEqual(await readFile(opened.outputs['sarif-file']!));
    const result = JSON.parse(await readFile(opened.outputs['report-json']!, 'utf8')) as { startedAt: string };
    expect(body).toMatchObject({
      commit_sha: MERGE_SHA,
      ref: 'refs/pull/2/merge',
      checkout_uri: pathToFileURL(workspace).href,
      started_at: result.startedAt,
      tool_name: 'imagegate',
    });
    const upload = github.byRoute('upload')[0]!;
    expect(upload.path).toBe('/repos/Codertocat/Hello-World/code-scanning/sarifs');
    expect(upload.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(github.byRoute('status').length).toBeGreaterThanOrEqual(1);
    expect(opened.outputs['sarif-id']).toMatch(/^sarif-\d+$/);
    expect(github.byRoute('status')[0]!.path).toBe(`${upload.path}/${opened.outputs['sarif-id']}`);

    expect(github.byRoute('list-comments')).toHaveLength(2); // three comments, two per page
    expect(github.byRoute('create-comment')).toHaveLength(1);
    expect(github.byRoute('update-comment')).toHaveLength(0);
    const ours = github.comments.filter((comment) => comment.body.startsWith(MARKER));
    expect(ours).toHaveLength(1);
    const comment = ours[0]!;
    expect(opened.outputs['comment-url']).toBe(comment.html_url);
    expect(opened.outputs.category).toBe(CATEGORY);
    expect(comment.body).toContain(
      '### ✅ imagegate passed: `ghcr.io/aquasecurity/trivy-test-images:fluentd-multiple-lockfiles`',
    );
    expect(comment.body).toContain('CVE-2019-18224');
    expect(comment.body).toContain('<details><summary>Full report</summary>');
    // The job summary says the same.
    expect(opened.summary.trimEnd()).toBe(comment.body.trimEnd());
    // …and holds summary.md whole under its "Full report", its headings two levels down (under the comment's `###`).
    const summaryMd = (await readFile(opened.outputs['summary-file']!, 'utf8')).trimEnd();
    expect(opened.summary).toContain(summaryMd.replace(/^(#{1,4}) /gm, '$1## '));

    github.requests.length = 0;
    const synced = await run('pr-sync', {
      workspace,
      inputs: scanInputs(),
      event: prEvent('synchronize', MERGE_SHA_2),
      env: env(),
    });
    expect(synced.code).toBe(0);
    expect(uploads().map((upload) => [upload.commit_sha, upload.ref])).toEqual([[MERGE_SHA_2, 'refs/pull/2/merge']]);
    expect(github.byRoute('create-comment')).toHaveLength(0);
    const updates = github.byRoute('update-comment');
    expect(updates.map((request) => request.path)).toEqual([
      `/repos/Codertocat/Hello-World/issues/comments/${comment.id}`,
    ]);
    expect(github.comments.filter((entry) => entry.body.startsWith(MARKER))).toHaveLength(1);
    expect(synced.outputs['comment-url']).toBe(comment.html_url);
  });

  test('links: the PR comment links files at the PR head commit (not the merge commit), the run and its artifacts', async () => {
    const head = pullRequestPayload('opened').pull_request.head.sha;
    const linked = await run('pr-links', {
      workspace,
      inputs: scanInputs(),
      event: prEvent('opened'),
      env: env({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '777', GITHUB_RUN_ATTEMPT: '2' }),
    });
    expect(linked.code).toBe(0);
    const request = [...github.byRoute('create-comment'), ...github.byRoute('update-comment')].at(-1)!;
    const { body } = request.body as { body: string };
    const repo = 'https://github.com/Codertocat/Hello-World';
    expect(body).toMatch(new RegExp(`\\]\\(<${repo}/blob/${head}/Dockerfile#L\\d+>\\)`));
    expect(body).not.toContain(`/blob/${MERGE_SHA}/`);
    const run777 = `${repo}/actions/runs/777/attempts/2`;
    expect(body).toContain(`[workflow run](<${run777}>)`);
    expect(body).toContain(`[artifacts](<${run777}#artifacts>)`);
    // The job summary is the run's page: it links files and the run, not itself.
    expect(linked.summary).toMatch(new RegExp(`${repo}/blob/${head}/Dockerfile#L\\d+`));
    expect(linked.summary).not.toContain('[full report]');
  });

  test('push to a release branch and schedule: the commit and ref of the run, no comment', async () => {
    const pushed = await run('push', { workspace, inputs: scanInputs(), event: pushEvent, env: env() });
    expect(pushed.code).toBe(0);
    expect(uploads().map((upload) => [upload.commit_sha, upload.ref])).toEqual([
      [push.after, 'refs/heads/release/1.2'],
    ]);
    expect(decoded(uploads()[0]!)).toEqual(await readFile(pushed.outputs['sarif-file']!));
    expect(github.requests.filter((request) => request.route.includes('comment'))).toEqual([]);
    expect(pushed.outputs['comment-url']).toBe('');

    github.reset();
    const scheduled = await run('schedule', {
      workspace,
      inputs: scanInputs(),
      event: { name: 'schedule', payload: schedulePayload(), sha: MERGE_SHA, ref: 'refs/heads/main' },
      env: env(),
    });
    expect(scheduled.code).toBe(0);
    expect(uploads().map((upload) => [upload.commit_sha, upload.ref])).toEqual([[MERGE_SHA, 'refs/heads/main']]);
    expect(github.requests.filter((request) => request.route.includes('comment'))).toEqual([]);
  });

  test('a pull request from a fork: nothing sent, a warning, and the gate still decides', async () => {
    const forked = await run('fork', {
      workspace,
      inputs: scanInputs({ 'fail-on': 'high' }),
      event: { name: 'pull_request', payload: forkPullRequestPayload(), sha: MERGE_SHA, ref: 'refs/pull/2/merge' },
      env: env(),
    });
    expect(github.requests).toEqual([]);
    expect(forked.code).toBe(1);
    expect(forked.outputs.verdict).toBe('fail');
    expect(forked.outputs['sarif-id']).toBe('');
    expect(forked.warnings).toContain(
      'code-scanning upload and PR comment skipped: pull request #2 comes from the fork forker/Hello-World, and ' +
        'GitHub gives `pull_request` runs from forks a read-only token; the gate still decides, and the job summary has the report',
    );
    expect(forked.summary).toContain(
      'Code-scanning upload and PR comment skipped: pull request #2 comes from the fork',
    );
    expect(forked.errors.at(-1)).toMatch(/^imagegate: the gate failed/);
  });

  test('upload: false and comment: false send nothing', async () => {
    const quiet = await run('quiet', {
      workspace,
      inputs: scanInputs({ upload: 'false', comment: 'false' }),
      event: prEvent('opened'),
      env: env(),
    });
    expect(quiet.code).toBe(0);
    expect(github.requests).toEqual([]);
    expect(quiet.warnings).toEqual([]);
  });

  test('403 on a push: exit 3 after outputs and summary, naming the permission', async () => {
    github.script('upload', {
      status: 403,
      body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' },
    });
    const denied = await run('forbidden', { workspace, inputs: scanInputs(), event: pushEvent, env: env() });
    expect(denied.code).toBe(3);
    expect(github.byRoute('upload')).toHaveLength(1);
    expect(denied.outputs.verdict).toBe('pass');
    expect(denied.outputs['sarif-id']).toBe('');
    expect(denied.errors[0]).toBe(
      'code scanning upload refused with HTTP 403 (GitHub: "Resource not accessible by integration"): the token may ' +
        'not upload code-scanning results: give the job `permissions: security-events: write` (pull requests from ' +
        'forks and Dependabot only ever get a read-only token), and check that code scanning is enabled for ' +
        'Codertocat/Hello-World; or set the input upload: false',
    );
    expect(denied.errors.at(-1)).toBe(
      'imagegate: the gate passed, but publishing to GitHub failed (see the errors above)',
    );
    expect(denied.summary).toContain('❌ **Code scanning upload failed:** code scanning upload refused with HTTP 403');

    github.reset();
    github.script('upload', {
      status: 403,
      body: { message: 'Advanced Security must be enabled for this repository to use code scanning.' },
    });
    const disabled = await run('ghas-off', { workspace, inputs: scanInputs(), event: pushEvent, env: env() });
    expect(disabled.code).toBe(3);
    expect(disabled.errors[0]).toContain('code scanning is not enabled for Codertocat/Hello-World');
  });

  test('403 on a same-repository pull request: a warning (the token may be read-only), the comment still posted', async () => {
    github.script('upload', { status: 403, body: { message: 'Resource not accessible by integration' } });
    const run403 = await run('pr-403', { workspace, inputs: scanInputs(), event: prEvent('opened'), env: env() });
    expect(run403.code).toBe(0);
    expect(
      run403.warnings.some((w) =>
        w.startsWith('Code scanning upload skipped: code scanning upload refused with HTTP 403'),
      ),
    ).toBe(true);
    expect(github.byRoute('create-comment')).toHaveLength(1);
    expect(github.comments[0]!.body).toContain('Code scanning upload skipped');
  });

  test('429 then success: retried after Retry-After; 5xx: retried, then the step fails', async () => {
    github.script('upload', {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { message: 'secondary rate limit' },
    });
    const limited = await run('429', { workspace, inputs: scanInputs(), event: pushEvent, env: env() });
    expect(limited.code).toBe(0);
    const [first, second] = github.byRoute('upload');
    expect(github.byRoute('upload')).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(limited.stdout).toMatch(/HTTP 429 \(rate limited\); retrying in 1 s as the server asked/);

    github.reset();
    for (let i = 0; i < 4; i++) github.script('upload', { status: 502, body: { message: 'Bad Gateway' } });
    const broken = await run('502', { workspace, inputs: scanInputs(), event: pushEvent, env: env() });
    expect(broken.code).toBe(3);
    expect(github.byRoute('upload')).toHaveLength(4);
    expect(broken.errors[0]).toBe(
      'GitHub API POST /repos/Codertocat/Hello-World/code-scanning/sarifs: HTTP 502 Bad Gateway (after 4 attempts)',
    );
  });

  test('processing failed: GitHub’s errors are reported and the step fails', async () => {
    github.processing = { processing_status: 'failed', errors: ['expected at least one location'] };
    const rejected = await run('processing', { workspace, inputs: scanInputs(), event: pushEvent, env: env() });
    expect(rejected.code).toBe(3);
    expect(rejected.errors[0]).toBe(
      `code scanning could not process the SARIF upload ${rejected.outputs['sarif-id']}: ` +
        `${rejected.outputs['sarif-id']}: expected at least one location`,
    );
  });

  test('an oversized SARIF is trimmed to the limit, and the summary says how many results were left out', async () => {
    const trimmed = await run('trimmed', {
      workspace,
      inputs: { ...big.inputs, 'fail-on': 'never' },
      event: pushEvent,
      env: env({ IMAGEGATE_SARIF_MAX_GZIP_BYTES: '20000' }),
    });
    expect(trimmed.code).toBe(0);
    const [body] = uploads();
    expect(Buffer.from(body!.sarif, 'base64').length).toBeLessThanOrEqual(20_000);
    const onDisk = JSON.parse(await readFile(trimmed.outputs['sarif-file']!, 'utf8')) as {
      runs: Array<{ results: unknown[] }>;
    };
    const sent = JSON.parse(decoded(body!).toString('utf8')) as typeof onDisk;
    const count = (log: typeof onDisk) => log.runs.reduce((sum, run) => sum + run.results.length, 0);
    const dropped = count(onDisk) - count(sent);
    expect(dropped).toBeGreaterThan(0);
    expect(trimmed.summary).toContain(
      `**Code scanning does not get every finding:** ${dropped} lowest-severity results`,
    );
    expect(trimmed.warnings.some((w) => w.startsWith(`${dropped} lowest-severity results`))).toBe(true);
  });

  test('a report too big for a comment: the comment fits GitHub’s limit, says so, and escapes hostile advisory text', async () => {
    const pr = await run('big-pr', { workspace, inputs: big.inputs, event: prEvent('opened'), env: env() });
    expect(pr.code).toBe(1);
    const summaryMd = await readFile(pr.outputs['summary-file']!, 'utf8');
    expect(summaryMd.length).toBeGreaterThan(65_536); // the full report would not fit
    const [comment] = github.comments;
    const request = github.byRoute('create-comment')[0]!.body as { body: string };
    expect(request.body).toBe(comment!.body);
    expect(request.body.length).toBeLessThanOrEqual(65_536);
    expect(request.body).toMatch(/Shortened to fit GitHub’s size limit|The full report did not fit/);
    expect(request.body.startsWith(`<!-- imagegate:${big.category} -->`)).toBe(true);
    // Hostile advisory text: no mention, no HTML, no link survives outside code.
    const outsideCode = request.body.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^\n]*?\1/g, '');
    expect(request.body).toContain('@&#8203;octocat');
    expect(outsideCode).not.toMatch(/@octocat|@everyone/);
    expect(outsideCode).not.toMatch(/<img|<script/i);
    expect(outsideCode).not.toMatch(/(?<!\\)\]\((javascript|https?):/);
    expect(outsideCode).not.toMatch(/https:\/\/evil\.example/);
    // The job summary has room for more: its limit is 1 MiB.
    expect(pr.summary.length).toBeGreaterThan(request.body.length);
  });
});
