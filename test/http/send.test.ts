import { AgentPool } from '../../src/http/agents.js';
import { Deadline } from '../../src/http/deadline.js';
import { PageBudget } from '../../src/http/page-budget.js';
import { readCappedBody } from '../../src/http/read-body.js';
import { RedirectError, sendHttp, type HttpRequest } from '../../src/http/send.js';
import { behave, startHostileServer, type HostileServer } from '../support/hostile-server.js';
import { rejection } from '../support/rejection.js';

/**
 * The one redirect policy every client shares (src/http/send.ts), against local servers on two ports of 127.0.0.1
 * (two origins): which headers survive a hop, which methods are re-sent, and where following stops.
 */

const CREDENTIALS = {
  authorization: 'Bearer secret-1',
  'PRIVATE-TOKEN': 'secret-2',
  'job-token': 'secret-3',
  cookie: 'session=secret-4',
};
let first: HostileServer;
let second: HostileServer;
const agents = new AgentPool(false);

beforeEach(async () => {
  first = await startHostileServer();
  second = await startHostileServer(behave.json({ ok: true }));
});
afterEach(async () => {
  await first.close();
  await second.close();
});
afterAll(() => agents.dispose());

async function send(request: HttpRequest): Promise<{ status: number; body: string; url: string }> {
  const deadline = new Deadline(5_000);
  try {
    const answer = await sendHttp(request, { agents, deadline, idleTimeoutMs: 5_000 });
    const body = (await readCappedBody(answer.message, 1024)).toString('utf8');
    return { status: answer.message.statusCode ?? 0, body, url: answer.url };
  } finally {
    deadline.end();
  }
}

test('every credential header is dropped on a hop to another origin, and stays dropped on the way back', async () => {
  first.handle = (request, response, body) =>
    request.url === '/start'
      ? behave.redirect(`${second.origin}/elsewhere`, 302)(request, response, body)
      : behave.json({ back: true })(request, response, body);
  second.handle = behave.redirect(`${first.origin}/back`, 302);
  const answer = await send({
    method: 'GET',
    url: `${first.origin}/start`,
    headers: { ...CREDENTIALS, accept: 'x/y' },
  });
  expect(answer).toEqual({ status: 200, body: '{"back":true}', url: `${first.origin}/back` });
  expect(first.requests[0]?.headers).toMatchObject({ authorization: 'Bearer secret-1', 'private-token': 'secret-2' });
  for (const request of [second.requests[0], first.requests[1]]) {
    expect(request?.headers.accept).toBe('x/y');
    for (const name of ['authorization', 'private-token', 'job-token', 'cookie']) {
      expect(request?.headers[name]).toBeUndefined();
    }
  }
});

test('a redirect on the same origin keeps the credentials', async () => {
  first.handle = (request, response, body) =>
    request.url === '/a'
      ? behave.redirect('/b', 301)(request, response, body)
      : behave.json({ b: true })(request, response, body);
  await send({ method: 'GET', url: `${first.origin}/a`, headers: CREDENTIALS });
  expect(first.requests.map((r) => r.headers['private-token'])).toEqual(['secret-2', 'secret-2']);
});

test('a POST is re-sent only on a 307/308 to its own origin', async () => {
  first.handle = behave.redirect('/other', 303);
  const error = await rejection(send({ method: 'POST', url: `${first.origin}/notes`, body: '{"note":1}' }));
  expect(error).toBeInstanceOf(RedirectError);
  expect(error.message).toBe('HTTP 303 redirects the POST to /other; imagegate does not re-send a POST there');
  first.handle = behave.redirect(`${second.origin}/notes`, 308);
  const crossing = await rejection(send({ method: 'PUT', url: `${first.origin}/notes`, body: '{"note":1}' }));
  expect(crossing.message).toBe(
    `HTTP 308 redirects the PUT to another origin (${second.origin}); imagegate does not re-send a PUT there`,
  );
  expect(second.requests).toEqual([]);
});

test('redirect loops and non-http locations end with an error', async () => {
  first.handle = behave.redirect('/again', 302);
  expect((await rejection(send({ method: 'GET', url: `${first.origin}/x` }))).message).toBe('more than 10 redirects');
  first.handle = behave.redirect('file:///etc/passwd', 302);
  expect((await rejection(send({ method: 'GET', url: `${first.origin}/x` }))).message).toBe(
    'HTTP 302 redirects to a file: URL',
  );
});

test('page budget: pages and items are counted across a listing', () => {
  const budget = new PageBudget({ maxPages: 2, maxItems: 3 }, 'tags');
  budget.nextPage();
  budget.take(2);
  budget.nextPage();
  expect(() => budget.take(2)).toThrow('more than 3 tags; imagegate stops there');
  expect(() => budget.nextPage()).toThrow('more than 2 pages; imagegate stops there');
});

test('https_proxy/http_proxy still route requests (through a CONNECT tunnel), as @actions/http-client did', async () => {
  const { createServer } = await import('node:http');
  const seen: string[] = [];
  const proxy = createServer();
  proxy.on('connect', (request, socket) => {
    seen.push(`${request.method} ${request.url}`);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    socket.once('data', (head: Buffer) => {
      seen.push(head.toString('utf8').split('\r\n')[0] ?? '');
      socket.end(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{"via":"p"}',
      );
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  const saved = process.env.http_proxy;
  process.env.http_proxy = `http://127.0.0.1:${port}`;
  const pool = new AgentPool(false);
  const deadline = new Deadline(5_000);
  try {
    const answer = await sendHttp(
      { method: 'GET', url: 'http://registry.example.test/v2/' },
      {
        agents: pool,
        deadline,
        idleTimeoutMs: 5_000,
      },
    );
    expect((await readCappedBody(answer.message, 1024)).toString()).toBe('{"via":"p"}');
    expect(seen).toEqual(['CONNECT registry.example.test:80', 'GET /v2/ HTTP/1.1']);
  } finally {
    deadline.end();
    pool.dispose();
    if (saved === undefined) delete process.env.http_proxy;
    else process.env.http_proxy = saved;
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  }
});
