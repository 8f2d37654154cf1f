import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitHubApiError, GitHubClient, nextLink } from '../../src/github/github-client.js';
import { retryAfterMs, retryDecision } from '../../src/http/retry.js';
import { ToolError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { useFakeGitHub } from '../support/fake-github.js';
import { startFakeGitHub } from './support/github-api-server.js';

/** The client against the local GitHub stand-in: retries, Retry-After, error classes, pagination. */

const github = useFakeGitHub();

function client(options: { sleeps?: number[]; logger?: MemoryLogger; maxDelayMs?: number } = {}) {
  const sleeps = options.sleeps ?? [];
  return new GitHubClient({
    apiUrl: github.url,
    token: 'ghs_secret-token-value',
    logger: options.logger ?? new MemoryLogger(),
    retry: { backoffMs: (retry) => 10 * retry, ...(options.maxDelayMs ? { maxDelayMs: options.maxDelayMs } : {}) },
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)));
    },
  });
}

const UPLOAD = '/repos/octo/app/code-scanning/sarifs';

test('sends the token as a bearer token with GitHub’s media type and API version, and masks it', async () => {
  const logger = new MemoryLogger();
  const api = client({ logger });
  const response = await api.request<{ id: string }>('POST', UPLOAD, { a: 1 });
  expect(response.status).toBe(202);
  expect(response.data.id).toMatch(/^sarif-/);
  const [request] = github.requests;
  expect(request?.headers.authorization).toBe('Bearer ghs_secret-token-value');
  expect(request?.headers.accept).toBe('application/vnd.github+json');
  expect(request?.headers['x-github-api-version']).toBe('2022-11-28');
  expect(request?.headers['user-agent']).toMatch(/^imagegate\//);
  expect(request?.body).toEqual({ a: 1 });
  logger.info('leaked ghs_secret-token-value?');
  expect(logger.lines.at(-1)).toBe('leaked ***?');
  api.dispose();
});

test('429 then 202: retried after the Retry-After the server asked for, really waited', async () => {
  const sleeps: number[] = [];
  // Real waiting here: Retry-After 1 s must pass between the two requests.
  const api = new GitHubClient({ apiUrl: github.url, token: 't', logger: new MemoryLogger() });
  github.script('upload', { status: 429, headers: { 'retry-after': '1' }, body: { message: 'rate limited' } });
  const response = await api.request('POST', UPLOAD, {});
  expect(response.status).toBe(202);
  const [first, second] = github.byRoute('upload');
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  expect(sleeps).toEqual([]);
  api.dispose();
});

test('5xx: retried with backoff, then a GitHubApiError naming the attempts', async () => {
  const sleeps: number[] = [];
  const api = client({ sleeps });
  for (let i = 0; i < 4; i++) github.script('upload', { status: 502, body: { message: 'Server Error' } });
  const error = await api.request('POST', UPLOAD, {}).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GitHubApiError);
  expect((error as GitHubApiError).status).toBe(502);
  expect((error as Error).message).toBe(`GitHub API POST ${UPLOAD}: HTTP 502 Server Error (after 4 attempts)`);
  expect(sleeps).toEqual([10, 20, 30]);
  expect(github.byRoute('upload')).toHaveLength(4);
});

test('503 then success: recovers', async () => {
  const api = client();
  github.script('upload', { status: 503, body: { message: 'busy' } });
  await expect(api.request('POST', UPLOAD, {})).resolves.toMatchObject({ status: 202 });
});

test('a 403 permission error is not retried; a 403 rate limit is', async () => {
  const api = client();
  github.script('upload', { status: 403, body: { message: 'Resource not accessible by integration' } });
  const error = (await api.request('POST', UPLOAD, {}).catch((e: unknown) => e)) as GitHubApiError;
  expect(error.status).toBe(403);
  expect(error.rateLimited).toBe(false);
  expect(error.apiMessage).toBe('Resource not accessible by integration');
  expect(github.byRoute('upload')).toHaveLength(1);

  github.reset();
  github.script('upload', {
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) },
    body: { message: 'API rate limit exceeded' },
  });
  await expect(api.request('POST', UPLOAD, {})).resolves.toMatchObject({ status: 202 });
  expect(github.byRoute('upload')).toHaveLength(2);
});

test('a Retry-After beyond the cap fails at once, saying how long GitHub asked to wait', async () => {
  const api = client({ maxDelayMs: 5_000 });
  github.script('upload', { status: 429, headers: { 'retry-after': '3600' }, body: { message: 'slow down' } });
  const error = (await api.request('POST', UPLOAD, {}).catch((e: unknown) => e)) as GitHubApiError;
  expect(error.message).toContain('GitHub asks to wait 3600 s before trying again');
  expect(error.rateLimited).toBe(true);
  expect(github.byRoute('upload')).toHaveLength(1);
});

test('a network failure is retried, then a ToolError naming the API URL', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const sleeps: number[] = [];
  const api = new GitHubClient({
    apiUrl: `http://127.0.0.1:${port}`,
    token: 't',
    logger: new MemoryLogger(),
    retry: { maxAttempts: 2, backoffMs: () => 1 },
    sleep: async (ms) => void sleeps.push(ms),
  });
  const error = await api.request('GET', '/repos/o/r').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ToolError);
  expect(error).not.toBeInstanceOf(GitHubApiError);
  expect((error as Error).message).toMatch(
    new RegExp(
      `^could not reach the GitHub API at http://127\\.0\\.0\\.1:${port} \\(GET /repos/o/r\\): .*ECONNREFUSED.* \\(after 2 attempts\\)$`,
    ),
  );
  expect(sleeps).toEqual([1]);
});

test('paginates issue comments through Link headers', async () => {
  github.pageSize = 2;
  for (let i = 1; i <= 5; i++) github.addComment(7, `comment ${i}`);
  const comments = await client().paginate<{ body: string }>('/repos/o/r/issues/7/comments');
  expect(comments.map((comment) => comment.body)).toEqual([1, 2, 3, 4, 5].map((i) => `comment ${i}`));
  expect(github.byRoute('list-comments').map((request) => request.query.get('page'))).toEqual([null, '2', '3']);
});

test('does not follow a pagination link to another host with the token', async () => {
  const other = await startFakeGitHub();
  try {
    const api = client();
    await expect(api.request('GET', `${other.url}/repos/o/r/issues/1/comments`)).rejects.toThrow(
      /refusing to follow a link to another host/,
    );
    expect(other.requests).toHaveLength(0);
  } finally {
    await other.close();
  }
});

test('Link and Retry-After parsing', () => {
  expect(nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe(
    'https://api.github.com/x?page=2',
  );
  expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
  expect(retryAfterMs({ 'retry-after': '7' }, 0)).toBe(7000);
  expect(retryAfterMs({ 'retry-after': new Date(60_000).toUTCString() }, 0)).toBe(60_000);
  expect(retryAfterMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }, 40_000)).toBe(60_000);
  expect(retryDecision(404, {}, 0)).toEqual({ retry: false });
  expect(retryDecision(500, {}, 0)).toEqual({ retry: true, rateLimited: false });
});
