import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { analysisTarget, readGitHubContext, tokenMayBeReadOnly } from '../../src/github/event-context.js';
import { forkSkipReason } from '../../src/github/publish-github.js';
import { tempDir } from '../support/temp.js';
import { forkPullRequestPayload, pullRequestPayload, pushPayload, schedulePayload } from './support/payloads.js';

/** The runner's environment and event payloads (real ones) → where the analysis is filed, and who may write. */

const work = await tempDir();
const MERGE_SHA = '0123456789abcdef0123456789abcdef01234567';

async function contextFor(event: string, payload: unknown, env: Record<string, string> = {}) {
  const file = path.join(work, `${event}-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(payload));
  const context = await readGitHubContext({
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: file,
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_SHA: MERGE_SHA,
    GITHUB_REF: 'refs/pull/2/merge',
    ...env,
  });
  if (!context) throw new Error('no context');
  return context;
}

test('pull_request: the merge commit and refs/pull/N/merge, as upload-sarif files them', async () => {
  const payload = pullRequestPayload('opened');
  const context = await contextFor('pull_request', payload);
  expect(context.pullRequest).toEqual({
    number: 2,
    headSha: payload.pull_request.head.sha,
    headRepository: 'Codertocat/Hello-World',
    baseRepository: 'Codertocat/Hello-World',
    baseSha: payload.pull_request.base.sha,
    fromFork: false,
  });
  expect(analysisTarget(context)).toEqual({ commitSha: MERGE_SHA, ref: 'refs/pull/2/merge' });
  expect(tokenMayBeReadOnly(context)).toBe(true);
  expect(forkSkipReason(context)).toBeUndefined();
  expect(context.apiUrl).toBe('https://api.github.com');
});

test('pull_request from a fork: skipped for the read-only token', async () => {
  const context = await contextFor('pull_request', forkPullRequestPayload());
  expect(context.pullRequest?.fromFork).toBe(true);
  expect(forkSkipReason(context)).toBe(
    'pull request #2 comes from the fork forker/Hello-World, and GitHub gives `pull_request` runs from forks a read-only token',
  );
  const deleted = forkPullRequestPayload();
  deleted.pull_request.head.repo = null;
  expect(forkSkipReason(await contextFor('pull_request', deleted))).toContain('a fork that no longer exists');
});

test('pull_request_target: the PR head and refs/pull/N/head, never the base branch; a fork is no reason to skip', async () => {
  const payload = forkPullRequestPayload();
  const context = await contextFor('pull_request_target', payload, {
    GITHUB_REF: 'refs/heads/master',
    GITHUB_SHA: 'f'.repeat(40),
  });
  expect(analysisTarget(context)).toEqual({ commitSha: payload.pull_request.head.sha, ref: 'refs/pull/2/head' });
  expect(tokenMayBeReadOnly(context)).toBe(false);
  expect(forkSkipReason(context)).toBeUndefined();
});

test('push to a release branch and schedule: GITHUB_SHA and GITHUB_REF', async () => {
  const push = pushPayload('refs/heads/release/1.2');
  const pushed = await contextFor('push', push, { GITHUB_REF: push.ref, GITHUB_SHA: push.after });
  expect(pushed.pullRequest).toBeUndefined();
  expect(analysisTarget(pushed)).toEqual({ commitSha: push.after, ref: 'refs/heads/release/1.2' });
  const scheduled = await contextFor('schedule', schedulePayload(), { GITHUB_REF: 'refs/heads/main' });
  expect(analysisTarget(scheduled)).toEqual({ commitSha: MERGE_SHA, ref: 'refs/heads/main' });
  expect(tokenMayBeReadOnly(scheduled)).toBe(false);
});

test('outside a workflow there is no context; broken values are configuration errors', async () => {
  await expect(readGitHubContext({})).resolves.toBeUndefined();
  await expect(readGitHubContext({ GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'nope' })).rejects.toThrow(
    "GITHUB_REPOSITORY 'nope': expected owner/repository",
  );
  const context = await contextFor('push', pushPayload('refs/heads/main'), {
    GITHUB_SHA: 'abc',
    GITHUB_REF: 'refs/heads/main',
  });
  expect(() => analysisTarget(context)).toThrow(/expected 40 hex digits/);
  await expect(contextFor('pull_request', { action: 'opened' })).rejects.toThrow(/has no pull_request.number/);
});
