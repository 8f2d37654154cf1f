import { GitHubClient } from '../../src/github/github-client.js';
import { upsertStickyComment } from '../../src/github/pr-comment.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { useFakeGitHub } from '../support/fake-github.js';

/** The sticky comment against the local GitHub stand-in: found by its marker across pages, edited in place. */

const github = useFakeGitHub();

const MARKER = '<!-- imagegate:imagegate/image/docker.io/acme/api -->';

async function upsert(body: string, marker = MARKER) {
  const client = new GitHubClient({ apiUrl: github.url, token: 't', logger: new MemoryLogger() });
  try {
    return await upsertStickyComment(
      client,
      { owner: 'octo', repo: 'app', pullNumber: 5, marker, body: `${marker}\n${body}` },
      { logger: new MemoryLogger() },
    );
  } finally {
    client.dispose();
  }
}

test('created once, then edited in place; a quoted marker or another image’s comment is left alone', async () => {
  github.pageSize = 1;
  github.addComment(5, `> ${MARKER}\n> quoted by a reviewer`);
  const other = github.addComment(5, '<!-- imagegate:imagegate/image/docker.io/acme/worker -->\nworker');
  github.addComment(6, `${MARKER}\nsame image, another pull request`);
  const created = await upsert('first');
  expect(created.action).toBe('created');
  const updated = await upsert('second');
  expect(updated).toEqual({ id: created.id, url: created.url, action: 'updated' });
  const ours = github.comments.filter((comment) => comment.issue === 5 && comment.body.startsWith(MARKER));
  expect(ours.map((comment) => comment.body)).toEqual([`${MARKER}\nsecond`]);
  expect(other.body).toBe('<!-- imagegate:imagegate/image/docker.io/acme/worker -->\nworker');
  expect(github.byRoute('list-comments').length).toBeGreaterThanOrEqual(4); // one comment per page
});

test('403 and 404 name the permission and the input to turn it off', async () => {
  github.script('list-comments', { status: 403, body: { message: 'Resource not accessible by integration' } });
  await expect(upsert('x')).rejects.toThrow(
    'commenting on pull request #5 of octo/app refused with HTTP 403 (GitHub: "Resource not accessible by integration"): ' +
      'give the job `permissions: pull-requests: write` (pull requests from forks and Dependabot only ever get a ' +
      'read-only token), or set the input comment: false',
  );
  github.script('list-comments', { status: 404, body: { message: 'Not Found' } });
  await expect(upsert('x')).rejects.toThrow(/got HTTP 404 \(GitHub: "Not Found"\): the pull request is not visible/);
});
