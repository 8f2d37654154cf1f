import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for GitHub's cache service, v1 protocol (the one @actions/cache 6 speaks when
 * ACTIONS_CACHE_SERVICE_V2 is unset), as read from @actions/cache's lib/internal/cacheHttpClient.js:
 *   GET  {base}_apis/artifactcache/cache?keys=k1,k2&version=V  → 200 {cacheKey, archiveLocation} | 204
 *   POST {base}_apis/artifactcache/caches {key, version, cacheSize} → 201 {cacheId} | 409 when the key exists
 *   PATCH {base}_apis/artifactcache/caches/:id  (Content-Range: bytes a-b/*) → 204
 *   POST {base}_apis/artifactcache/caches/:id {size} → 204, the entry is committed
 *   GET  {base}archives/:id → the archive bytes
 * Lookup follows GitHub's documented matching: for each key in order, an exact match, then the newest entry whose
 * key starts with it; only entries with the same version. Requests are recorded; failures can be injected.
 */

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  chunks: Array<{ start: number; data: Buffer }>;
  archive?: Buffer;
  committedAt?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
}

export interface ActionsCacheServer {
  /** ACTIONS_CACHE_URL (ends with `/`). */
  url: string;
  entries: CacheEntry[];
  requests: RecordedRequest[];
  /** Answer matching requests with this status instead of serving them. */
  failWith(status: number, match: { method?: string; pathPrefix?: string }): void;
  clearFailures(): void;
  close(): Promise<void>;
}

export async function startActionsCacheServer(): Promise<ActionsCacheServer> {
  const entries: CacheEntry[] = [];
  const requests: RecordedRequest[] = [];
  let failures: Array<{ status: number; method?: string; pathPrefix?: string }> = [];
  let nextId = 1;
  let clock = 0;

  const server = createServer((request, response) => {
    const body: Buffer[] = [];
    request.on('data', (chunk: Buffer) => body.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const record: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers,
      };
      requests.push(record);
      const failure = failures.find(
        (f) =>
          (f.method === undefined || f.method === record.method) &&
          (f.pathPrefix === undefined || record.path.startsWith(f.pathPrefix)),
      );
      if (failure) return json(response, failure.status, { message: `injected ${failure.status}` });
      handle(record, Buffer.concat(body), response);
    });
  });

  function handle(request: RecordedRequest, body: Buffer, response: ServerResponse): void {
    const api = '/_apis/artifactcache/';
    if (request.method === 'GET' && request.path === `${api}cache`) {
      const keys = (request.query.keys ?? '').split(',');
      const committed = entries.filter((e) => e.committedAt !== undefined && e.version === request.query.version);
      for (const key of keys) {
        const exact = committed.find((e) => e.key === key);
        const prefixed = committed
          .filter((e) => e.key.startsWith(key))
          .sort((a, b) => (b.committedAt ?? 0) - (a.committedAt ?? 0))[0];
        const hit = exact ?? prefixed;
        if (hit) {
          return json(response, 200, {
            cacheKey: hit.key,
            scope: 'refs/heads/main',
            archiveLocation: `${base}archives/${hit.id}`,
          });
        }
      }
      response.writeHead(204).end();
      return;
    }
    if (request.method === 'POST' && request.path === `${api}caches`) {
      const { key, version } = JSON.parse(body.toString('utf8')) as { key: string; version: string };
      if (entries.some((e) => e.key === key && e.version === version)) {
        return json(response, 409, { message: `Cache already exists. Scope: refs/heads/main, Key: ${key}` });
      }
      const entry: CacheEntry = { id: nextId++, key, version, chunks: [] };
      entries.push(entry);
      return json(response, 201, { cacheId: entry.id });
    }
    const cacheMatch = new RegExp(`^${api}caches/(\\d+)$`).exec(request.path);
    const entry = cacheMatch ? entries.find((e) => e.id === Number(cacheMatch[1])) : undefined;
    if (cacheMatch && !entry) return json(response, 404, { message: 'no such cache' });
    if (entry && request.method === 'PATCH') {
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(request.headers['content-range'] ?? ''));
      if (!range || Number(range[2]) - Number(range[1]) + 1 !== body.length) {
        return json(response, 400, { message: 'bad Content-Range' });
      }
      entry.chunks.push({ start: Number(range[1]), data: body });
      response.writeHead(204).end();
      return;
    }
    if (entry && request.method === 'POST') {
      const { size } = JSON.parse(body.toString('utf8')) as { size: number };
      const archive = Buffer.concat(entry.chunks.sort((a, b) => a.start - b.start).map((chunk) => chunk.data));
      if (archive.length !== size) return json(response, 400, { message: `size ${archive.length} != ${size}` });
      entry.archive = archive;
      entry.committedAt = ++clock;
      response.writeHead(204).end();
      return;
    }
    const archiveMatch = /^\/archives\/(\d+)$/.exec(request.path);
    const archived = archiveMatch ? entries.find((e) => e.id === Number(archiveMatch[1])) : undefined;
    if (request.method === 'GET' && archived?.archive) {
      response.writeHead(200, {
        'Content-Length': archived.archive.length,
        'Content-Type': 'application/octet-stream',
      });
      response.end(archived.archive);
      return;
    }
    json(response, 404, { message: `unexpected ${request.method} ${request.path}` });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    entries,
    requests,
    failWith(status, match) {
      failures.push({ status, ...match });
    },
    clearFailures() {
      failures = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function json(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
