import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of GitHub's REST API imagegate calls (GitHub cannot be reached from tests), with
 * the shapes of GitHub's documentation:
 *   POST  /repos/{o}/{r}/code-scanning/sarifs          → 202 {id, url}
 *   GET   /repos/{o}/{r}/code-scanning/sarifs/{id}     → 200 {processing_status, analyses_url, errors}
 *   GET   /repos/{o}/{r}/issues/{n}/comments           → 200 [...], paginated with `Link: <…>; rel="next"`
 *   POST  /repos/{o}/{r}/issues/{n}/comments           → 201 {id, html_url, body, user}
 *   PATCH /repos/{o}/{r}/issues/comments/{id}          → 200 {id, html_url, body, user}
 *   POST  /repos/{o}/{r}/dependency-graph/snapshots    → 201 {id, created_at, result: SUCCESS, message}
 * Every request is recorded with its parsed JSON body. Responses can be scripted per route (first in, first out)
 * to play GitHub's failures: 403 with GitHub's messages, 429 with Retry-After, 5xx.
 */

export type Route = 'upload' | 'status' | 'list-comments' | 'create-comment' | 'update-comment' | 'snapshot';

export interface RecordedRequest {
  route: Route | 'unknown';
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  html_url: string;
  user: { login: string; type: string };
}

export interface FakeGitHub {
  /** GITHUB_API_URL for the Action. */
  url: string;
  requests: RecordedRequest[];
  comments: StoredComment[];
  /** Comments per page when listing (GitHub's per_page, made small to exercise pagination). */
  pageSize: number;
  /** What status polls answer once scripts run out. */
  processing: { processing_status: string; errors: string[] | null };
  script(route: Route, ...responses: ScriptedResponse[]): void;
  /** Adds a comment as someone else wrote it. */
  addComment(issue: number, body: string, login?: string): StoredComment;
  byRoute(route: Route): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

const ROUTES: Array<[Route, string, RegExp]> = [
  ['upload', 'POST', /^\/repos\/[^/]+\/[^/]+\/code-scanning\/sarifs$/],
  ['status', 'GET', /^\/repos\/[^/]+\/[^/]+\/code-scanning\/sarifs\/[^/]+$/],
  ['list-comments', 'GET', /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/],
  ['create-comment', 'POST', /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/],
  ['update-comment', 'PATCH', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/],
  ['snapshot', 'POST', /^\/repos\/[^/]+\/[^/]+\/dependency-graph\/snapshots$/],
];

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const scripts = new Map<Route, ScriptedResponse[]>();
  let nextId = 1000;
  const fake: Omit<FakeGitHub, 'url' | 'close'> = {
    requests: [],
    comments: [],
    pageSize: 100,
    processing: { processing_status: 'complete', errors: null },
    script(route, ...responses) {
      scripts.set(route, [...(scripts.get(route) ?? []), ...responses]);
    },
    addComment(issue, body, login = 'someone') {
      const comment = {
        id: nextId++,
        issue,
        body,
        html_url: `https://github.example/pull/${issue}#issuecomment-${nextId}`,
        user: { login, type: 'User' },
      };
      fake.comments.push(comment);
      return comment;
    },
    byRoute(route) {
      return fake.requests.filter((request) => request.route === route);
    },
    reset() {
      fake.requests.length = 0;
      fake.comments.length = 0;
      scripts.clear();
      fake.pageSize = 100;
      fake.processing = { processing_status: 'complete', errors: null };
    },
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const method = request.method ?? 'GET';
      const route = ROUTES.find(([, verb, pattern]) => verb === method && pattern.test(url.pathname))?.[0];
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Recorded as text.
      }
      fake.requests.push({
        route: route ?? 'unknown',
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body,
        at: performance.now(),
      });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      if (!route) return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      if (!/^Bearer \S+$/.test(request.headers.authorization ?? '')) {
        return send(401, { message: 'Requires authentication' });
      }
      const scripted = scripts.get(route)?.shift();
      if (scripted) return send(scripted.status, scripted.body, scripted.headers);
      const base = `http://${request.headers.host}`;
      switch (route) {
        case 'upload': {
          const id = `sarif-${nextId++}`;
          return send(202, { id, url: `${base}${url.pathname}/${id}` });
        }
        case 'status':
          return send(200, { ...fake.processing, analyses_url: `${base}/analyses` });
        case 'list-comments': {
          const issue = Number(url.pathname.split('/')[5]);
          const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), fake.pageSize);
          const page = Number(url.searchParams.get('page') ?? 1);
          const all = fake.comments.filter((comment) => comment.issue === issue);
          const slice = all.slice((page - 1) * perPage, page * perPage);
          const headers: Record<string, string> = {};
          if (page * perPage < all.length) {
            const next = new URL(url.toString());
            next.searchParams.set('page', String(page + 1));
            headers.link = `<${base}${next.pathname}${next.search}>; rel="next", <${base}${url.pathname}?page=1>; rel="first"`;
          }
          return send(200, slice, headers);
        }
        case 'create-comment': {
          const issue = Number(url.pathname.split('/')[5]);
          const comment = fake.addComment(
            issue,
            String((body as { body?: unknown })?.body ?? ''),
            'github-actions[bot]',
          );
          comment.user.type = 'Bot';
          return send(201, comment);
        }
        case 'update-comment': {
          const id = Number(url.pathname.split('/').at(-1));
          const comment = fake.comments.find((entry) => entry.id === id);
          if (!comment) return send(404, { message: 'Not Found' });
          comment.body = String((body as { body?: unknown })?.body ?? '');
          return send(200, comment);
        }
        case 'snapshot':
          return send(201, {
            id: nextId++,
            created_at: new Date().toISOString(),
            result: 'SUCCESS',
            message: 'Dependency results for the repo have been successfully updated.',
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
