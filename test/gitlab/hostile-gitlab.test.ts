import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { publishToGitLab } from '../../src/gitlab/publish-gitlab.js';
import { ToolError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { noRedaction } from '../../src/util/redact.js';
import { scannedResult } from '../report/scan-fixtures.js';
import { behave, startHostileServer, type Handler, type HostileServer } from '../support/hostile-server.js';
import { rejection } from '../support/rejection.js';
import { sharedDir } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { MR_IID, PROJECT_ID, TOKEN } from './fake-gitlab.js';
import { testWhen } from '../support/gate.js';

/**
 * The MR note against a GitLab that is not what it claims: it redirects the token and the note to another origin
 * (another port of the same host), never answers, trickles, cuts its answer short, answers with more than anyone
 * should read, or answers 200 with a page that is not JSON. The real publisher and client, with a short deadline.
 */

const root = await tempDir('imagegate-hostile-gitlab-');
const NOTES = `/api/v4/projects/${PROJECT_ID}/merge_requests/${MR_IID}/notes`;
let gitlab: HostileServer;
let other: HostileServer;
let run = 0;

beforeEach(async () => {
  gitlab = await startHostileServer();
  other = await startHostileServer(behave.json({ id: 7 }));
});
afterEach(async () => {
  await gitlab.close();
  await other.close();
});

/** A GitLab that answers /user and an empty notes list, and `post` for the note. */
function gitlabWith(routes: { user?: Handler; list?: Handler; post?: Handler }): Handler {
  return (request, response, body) => {
    const url = request.url ?? '';
    if (url === '/api/v4/user') return (routes.user ?? behave.json({ id: 7 }))(request, response, body);
    if (request.method === 'GET' && url.startsWith(NOTES))
      return (routes.list ?? behave.json([]))(request, response, body);
    if (request.method === 'POST' && url === NOTES)
      return (routes.post ?? behave.json({ id: 5 }, 201))(request, response, body);
    behave.json({ message: '404 Not Found' }, 404)(request, response, body);
  };
}

async function publish(timeoutMs = 1_500) {
  run += 1;
  return publishToGitLab(
    { result: scannedResult(), category: 'imagegate/image/docker.io/acme/api' },
    path.join(root, `run-${run}`),
    {
      env: {
        CI_API_V4_URL: `${gitlab.origin}/api/v4`,
        CI_PROJECT_ID: PROJECT_ID,
        CI_MERGE_REQUEST_IID: MR_IID,
        IMAGEGATE_GITLAB_TOKEN: TOKEN,
      },
      logger: new MemoryLogger(),
      redactor: noRedaction(),
      toolVersion: '0.1.0',
      sleep: async () => undefined,
      timeoutMs,
    },
  );
}

async function publishFailure(timeoutMs?: number): Promise<ToolError> {
  const error = await rejection(publish(timeoutMs));
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).exitCode).toBe(3);
  expect(error.message).not.toContain(TOKEN);
  return error as ToolError;
}

test('a 307 of the note to another origin (same host, another port) is refused: no token, no note there', async () => {
  gitlab.handle = gitlabWith({ post: behave.redirect(`${other.origin}${NOTES}`, 307) });
  const error = await publishFailure();
  expect(error.message).toBe(
    `GitLab API POST /projects/${PROJECT_ID}/merge_requests/${MR_IID}/notes: HTTP 307 redirects the POST to another ` +
      `origin (${other.origin}); imagegate does not re-send a POST there`,
  );
  expect(other.requests).toEqual([]);
  expect(gitlab.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
});

test('a 308 to the same origin is followed with the note; a GET redirected elsewhere loses the token', async () => {
  gitlab.handle = (request, response, body) => {
    if (request.url === '/api/v4/user')
      return behave.redirect(`${other.origin}/api/v4/user`, 302)(request, response, body);
    if (request.method === 'POST' && request.url === NOTES) {
      return behave.redirect(`${NOTES}?moved=1`, 308)(request, response, body);
    }
    if (request.method === 'POST') return behave.json({ id: 9 }, 201)(request, response, body);
    return gitlabWith({})(request, response, body);
  };
  const outcome = await publish();
  expect(outcome.note).toEqual({ action: 'created', noteId: 9 });
  expect(other.requests).toHaveLength(1);
  expect(other.requests[0]?.headers['private-token']).toBeUndefined();
  expect(other.requests[0]?.headers.authorization).toBeUndefined();
  const posts = gitlab.requests.filter((r) => r.method === 'POST');
  expect(posts.map((r) => r.url)).toEqual([NOTES, `${NOTES}?moved=1`]);
  expect(posts.every((r) => r.headers['private-token'] === TOKEN && r.body === posts[0]?.body)).toBe(true);
});

test('a huge answer is capped (16 MiB): exit 3, not gigabytes in memory', async () => {
  gitlab.handle = gitlabWith({ user: behave.huge(64 * 1024 * 1024) });
  const error = await publishFailure(20_000);
  expect(error.message).toBe(
    'GitLab API GET /user: HTTP 200, but the body is more than the 16777216 bytes imagegate reads',
  );
});

test('an answer that trickles a byte a second ends at the deadline with exit 3', async () => {
  gitlab.handle = gitlabWith({ list: behave.trickle(200) });
  const started = Date.now();
  const error = await publishFailure(1_500);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(error.message).toMatch(
    /^GitLab API GET \/projects\/4242\/merge_requests\/17\/notes: .*no complete answer within the 1\.5 s deadline/,
  );
});

test('a server that never answers ends at the deadline with exit 3', async () => {
  gitlab.handle = gitlabWith({ user: behave.never() });
  const started = Date.now();
  const error = await publishFailure(1_000);
  expect(Date.now() - started).toBeLessThan(4_000);
  expect(error.message).toBe('GitLab API GET /user: no complete answer within the 1 s deadline');
});

test('an answer cut short of its Content-Length is exit 3 with what arrived', async () => {
  gitlab.handle = gitlabWith({ post: behave.truncate('{"id": 5, "bo', 4_000) });
  const error = await publishFailure();
  expect(error.message).toMatch(
    /^GitLab API POST \/projects\/4242\/merge_requests\/17\/notes: HTTP 200, but the body was cut: .* after 13 of 4000 bytes$/,
  );
});

test('a note answered 200 with a page that is not JSON is not reported as written', async () => {
  gitlab.handle = gitlabWith({ post: behave.text('<html>Sign in</html>') });
  const error = await publishFailure();
  expect(error.message).toBe(
    `GitLab API POST /projects/${PROJECT_ID}/merge_requests/${MR_IID}/notes: HTTP 200, but the answer is not JSON (20 bytes)`,
  );
});

test('a note answered with JSON that names no note is not reported as written', async () => {
  gitlab.handle = gitlabWith({ post: behave.json({ ok: true }, 201) });
  const error = await publishFailure();
  expect(error.message).toBe(
    `GitLab API POST /projects/${PROJECT_ID}/merge_requests/${MR_IID}/notes: HTTP 201, but the answer names no note`,
  );
});

const shared = sharedDir();
const golden = shared ? path.join(shared, 'corpus', 'trivy', 'alpine-310.json.golden') : undefined;

testWhen(golden && existsSync(golden), 'the shared corpus has no trivy/alpine-310.json.golden')(
  'check --gitlab: a note answered with a non-JSON 200 is exit 3, after the reports and the summary',
  async () => {
    gitlab.handle = gitlabWith({ post: behave.text('<html>Sign in</html>') });
    const out = path.join(root, 'cli-out');
    let stdout = '';
    let stderr = '';
    const code = await runCli(['check', '--trivy-report', golden!, '--out-dir', out, '--gitlab'], {
      cwd: root,
      env: {
        CI_API_V4_URL: `${gitlab.origin}/api/v4`,
        CI_PROJECT_ID: PROJECT_ID,
        CI_MERGE_REQUEST_IID: MR_IID,
        IMAGEGATE_GITLAB_TOKEN: TOKEN,
      },
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    });
    expect(code).toBe(3);
    expect(stderr).toContain(
      `imagegate: GitLab API POST /projects/${PROJECT_ID}/merge_requests/${MR_IID}/notes: HTTP 200, but the answer is not JSON`,
    );
    expect(stdout).toMatch(/^imagegate (PASS|FAIL)/);
    expect(JSON.parse(await readFile(path.join(out, 'gl-container-scanning-report.json'), 'utf8'))).toHaveProperty(
      'vulnerabilities',
    );
    expect(stderr).not.toContain(TOKEN);
  },
);
