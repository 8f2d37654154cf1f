import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitHubClient } from '../../src/github/github-client.js';
import { upsertStickyComment } from '../../src/github/pr-comment.js';
import { GITHUB_UPLOAD_LIMITS } from '../../src/report/sarif-batches.js';
import { uploadSarif } from '../../src/github/sarif-upload.js';
import { toSarif } from '../../src/report/sarif.js';
import { ToolError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { scannedResult } from '../report/scan-fixtures.js';
import { behave, startHostileServer, type HostileServer } from '../support/hostile-server.js';
import { rejection } from '../support/rejection.js';
import { tempDir } from '../support/temp.js';

/**
 * The GitHub client and the SARIF upload against an API that is not what it claims: it redirects the token or the
 * upload to another origin (the same host on another port), never answers, trickles, cuts its answer short, sends
 * more than anyone should read, answers 200 with a page that is not JSON, or pages without end.
 */

const TOKEN = 'ghs_hostileTestToken0123456789';
const work = await tempDir('imagegate-hostile-github-');
let api: HostileServer;
let other: HostileServer;
let client: GitHubClient;

function newClient(options: { deadlineMs?: number; maxBodyBytes?: number } = {}): GitHubClient {
  return new GitHubClient({
    apiUrl: api.origin,
    token: TOKEN,
    logger: new MemoryLogger(),
    sleep: async () => undefined,
    ...options,
  });
}

beforeEach(async () => {
  api = await startHostileServer();
  other = await startHostileServer(behave.json({ id: 1 }));
  client = newClient({ deadlineMs: 1_500 });
});
afterEach(async () => {
  client.dispose();
  await api.close();
  await other.close();
});

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).exitCode).toBe(3);
  expect(error.message).not.toContain(TOKEN);
  return error as ToolError;
}

async function sarifUpload(github: GitHubClient) {
  const file = path.join(work, `upload-${Math.random().toString(36).slice(2)}.sarif`);
  await writeFile(
    file,
    JSON.stringify(toSarif(scannedResult(), { toolVersion: '0.1.0', category: 'imagegate/image/docker.io/acme/api' })),
  );
  return uploadSarif(
    github,
    {
      file,
      owner: 'octo',
      repo: 'app',
      target: { commitSha: 'a'.repeat(40), ref: 'refs/heads/main' },
      checkoutUri: 'file:///work',
      startedAt: '2026-11-20T10:00:00.000Z',
      toolName: 'imagegate',
      limits: GITHUB_UPLOAD_LIMITS,
    },
    { logger: new MemoryLogger(), sleep: async () => undefined },
  );
}

test('a GET redirected to the same host on another port goes on without the token', async () => {
  api.handle = behave.redirect(`${other.origin}/repos/octo/app`, 302);
  const response = await client.request<{ id: number }>('GET', '/repos/octo/app');
  expect(response.data).toEqual({ id: 1 });
  expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(other.requests).toHaveLength(1);
  expect(other.requests[0]?.headers.authorization).toBeUndefined();
});

test('a SARIF upload redirected to another origin is refused: nothing reaches it', async () => {
  api.handle = behave.redirect(`${other.origin}/repos/octo/app/code-scanning/sarifs`, 307);
  const error = await failure(sarifUpload(client));
  expect(error.message).toBe(
    `GitHub API POST /repos/octo/app/code-scanning/sarifs: HTTP 307 redirects the POST to another origin ` +
      `(${other.origin}); imagegate does not re-send a POST there`,
  );
  expect(other.requests).toEqual([]);
  expect(api.requests).toHaveLength(1);
});

test('an answer trickling a byte at a time ends at the overall deadline, not retried', async () => {
  api.handle = behave.trickle(200);
  const started = Date.now();
  const error = await failure(sarifUpload(client));
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(error.message).toBe(
    'GitHub API POST /repos/octo/app/code-scanning/sarifs: HTTP 200, but no complete answer within the 1.5 s deadline',
  );
  expect(api.requests).toHaveLength(1);
});

test('a server that never answers ends at the deadline', async () => {
  api.handle = behave.never();
  const started = Date.now();
  const error = await failure(client.request('GET', '/repos/octo/app'));
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(error.message).toBe('GitHub API GET /repos/octo/app: no complete answer within the 1.5 s deadline');
});

test('a huge answer is capped (32 MiB by default)', async () => {
  api.handle = behave.huge(40 * 1024 * 1024);
  const github = newClient();
  try {
    const error = await failure(github.request('GET', '/repos/octo/app'));
    expect(error.message).toBe(
      'GitHub API GET /repos/octo/app: HTTP 200, but the body is more than the 33554432 bytes imagegate reads',
    );
  } finally {
    github.dispose();
  }
});

test('an answer cut short of its Content-Length is exit 3 with a message, not a hang', async () => {
  api.handle = behave.truncate('{"id": 1', 5_000);
  const error = await failure(sarifUpload(client));
  expect(error.message).toMatch(
    /^GitHub API POST \/repos\/octo\/app\/code-scanning\/sarifs: HTTP 200, but the body was cut: .* after 8 of 5000 bytes$/,
  );
});

test('a 200 that is not JSON is not a success', async () => {
  api.handle = behave.text('<html>proxy login</html>', 202);
  const error = await failure(sarifUpload(client));
  expect(error.message).toBe(
    'GitHub API POST /repos/octo/app/code-scanning/sarifs: HTTP 202, but the answer is not JSON (24 bytes)',
  );
});

test('an endless Link chain stops at the page cap; a list past the item cap is exit 3', async () => {
  let page = 0;
  api.handle = (request, response, body) => {
    page += 1;
    behave.json([{ id: page }], 200, { link: `<${api.origin}/items?page=${page + 1}>; rel="next"` })(
      request,
      response,
      body,
    );
  };
  expect(await client.paginate('/items', 20)).toHaveLength(20);
  expect(api.requests).toHaveLength(20);
  const error = await failure(client.paginate('/items', 20, { maxItems: 5 }));
  expect(error.message).toMatch(
    /^GitHub API GET \/items\?page=\d+: the list has more than 5 items; imagegate stops there$/,
  );
});

test('a PR comment answered 201 with JSON that names no comment is not reported as posted', async () => {
  api.handle = (request, response, body) =>
    request.method === 'GET'
      ? behave.json([])(request, response, body)
      : behave.json({ ok: true }, 201)(request, response, body);
  const error = await failure(
    upsertStickyComment(
      client,
      { owner: 'octo', repo: 'app', pullNumber: 2, marker: '<!-- m -->', body: 'b' },
      {
        logger: new MemoryLogger(),
      },
    ),
  );
  expect(error.message).toBe('GitHub API POST /repos/octo/app/issues/2/comments: the answer names no comment');
});
