import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP proxy in front of a real registry that misbehaves on request, for what a local registry never does
 * by itself: answer 429/5xx (with Retry-After), page `tags/list` by `n`/`last` with `Link` headers (as distribution
 * 3, Docker Hub and GHCR do; distribution 2.8 ignores `n` there), cut or corrupt a blob mid-stream. Everything else
 * is the registry's own answer. It logs each request and the most requests it had in flight at once.
 */

export interface ProxyRecord {
  method: string;
  path: string;
  range?: string;
  authorized: boolean;
  status?: number;
  /** When the request arrived and when its response closed, as steps of one counter shared by all requests. */
  started?: number;
  ended?: number;
}

/** Whether two recorded requests were in flight at the same time. */
export function overlapped(a: ProxyRecord, b: ProxyRecord): boolean {
  const [aStart, aEnd, bStart, bEnd] = [a.started ?? 0, a.ended ?? Infinity, b.started ?? 0, b.ended ?? Infinity];
  return aStart < bEnd && bStart < aEnd;
}

interface Failure {
  match: (method: string, path: string) => boolean;
  remaining: number;
  status: number;
  headers: Record<string, string>;
}

export interface RegistryProxy {
  host: string;
  url: string;
  requests: ProxyRecord[];
  maxInFlight: number;
  /** The next `count` requests matching answer `status` with `headers` (e.g. 429 with Retry-After). */
  fail(
    match: (method: string, path: string) => boolean,
    count: number,
    status: number,
    headers?: Record<string, string>,
  ): void;
  /** Page tag lists by `n`/`last` with Link headers. */
  pageTags: boolean;
  /** The next download of the blob stops (connection destroyed) after `bytes` bytes. */
  cutBlob(digest: string, bytes: number): void;
  /** Downloads of the blob have one byte flipped. */
  corruptBlob(digest: string): void;
  /** Holds each response this long before answering (to observe concurrency). */
  delayMs: number;
  /**
   * Requests matching wait until `count` of them are waiting (or `timeoutMs` passed since the first), then all go on:
   * requests a client makes together are then certainly in flight together, and ones it makes one after another
   * certainly not (the first is answered after the timeout, before the next is asked).
   */
  gather(match: (method: string, path: string) => boolean, count: number, timeoutMs: number): void;
  /** Names added to every tag list, as a hostile registry would list them (e.g. outside the OCI tag grammar). */
  extraTags: string[];
  /**
   * Answer a manifest PUT that has a `subject` with `OCI-Subject`, as a registry with the OCI 1.1 referrers API does
   * (distribution 2.8 does not): a pusher then knows not to maintain the tag fallback.
   */
  referrersApi: boolean;
  reset(): void;
  close(): Promise<void>;
}

export async function startRegistryProxy(upstreamUrl: string): Promise<RegistryProxy> {
  const upstream = new URL(upstreamUrl);
  const failures: Failure[] = [];
  const cuts = new Map<string, number>();
  const corrupt = new Set<string>();
  let inFlight = 0;
  let step = 0;
  let gathers: Array<{
    match: (method: string, path: string) => boolean;
    count: number;
    timeoutMs: number;
    waiting: Array<() => void>;
    released: boolean;
  }> = [];

  const proxy: RegistryProxy = {
    host: '',
    url: '',
    requests: [],
    maxInFlight: 0,
    pageTags: false,
    delayMs: 0,
    extraTags: [],
    referrersApi: false,
    fail(match, count, status, headers = {}) {
      failures.push({ match, remaining: count, status, headers });
    },
    cutBlob(digest, bytes) {
      cuts.set(digest, bytes);
    },
    corruptBlob(digest) {
      corrupt.add(digest);
    },
    gather(match, count, timeoutMs) {
      gathers.push({ match, count, timeoutMs, waiting: [], released: false });
    },
    reset() {
      gathers = [];
      failures.length = 0;
      cuts.clear();
      corrupt.clear();
      proxy.requests.length = 0;
      proxy.maxInFlight = 0;
      proxy.pageTags = false;
      proxy.delayMs = 0;
      proxy.extraTags = [];
      proxy.referrersApi = false;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = http.createServer((request, response) => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', upstreamUrl);
    const record: ProxyRecord = {
      method,
      path: url.pathname + url.search,
      authorized: request.headers.authorization !== undefined,
      ...(request.headers.range ? { range: request.headers.range } : {}),
      started: ++step,
    };
    proxy.requests.push(record);
    inFlight += 1;
    proxy.maxInFlight = Math.max(proxy.maxInFlight, inFlight);
    response.on('close', () => {
      inFlight -= 1;
      record.ended = ++step;
    });
    const answer = (): void => {
      const failure = failures.find((f) => f.remaining > 0 && f.match(method, url.pathname));
      if (failure) {
        failure.remaining -= 1;
        record.status = failure.status;
        response.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        response.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'injected by the test proxy' }] }));
        return;
      }
      const tagsList = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
      if ((proxy.pageTags || proxy.extraTags.length > 0) && tagsList && method === 'GET') {
        forward(request, url, upstream, (status, headers, body) => {
          record.status = status;
          if (status !== 200) {
            response.writeHead(status, headers);
            response.end(body);
            return;
          }
          const listed = (JSON.parse(body.toString('utf8')) as { tags: string[] | null }).tags ?? [];
          const all = [...listed, ...proxy.extraTags].sort();
          const n = Number((proxy.pageTags && url.searchParams.get('n')) || all.length);
          const last = url.searchParams.get('last');
          const rest = last === null ? all : all.filter((tag) => tag > last);
          const page = rest.slice(0, n);
          const more = rest.length > page.length;
          const link = `</v2/${tagsList[1]}/tags/list?n=${n}&last=${encodeURIComponent(page.at(-1) ?? '')}>; rel="next"`;
          response.writeHead(200, { 'content-type': 'application/json', ...(more ? { link } : {}) });
          response.end(JSON.stringify({ name: tagsList[1], tags: page }));
        });
        return;
      }
      if (proxy.referrersApi && method === 'PUT' && /\/manifests\/sha256:[a-f0-9]{64}$/.test(url.pathname)) {
        putWithSubject(request, url, upstream, response, record);
        return;
      }
      const blob = method === 'GET' ? /\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url.pathname)?.[1] : undefined;
      stream(request, url, upstream, response, record, {
        // Only a body the registry really serves is cut (not a 401 on the way to it).
        takeCut: () => {
          const cut = blob !== undefined ? cuts.get(blob) : undefined;
          if (blob !== undefined) cuts.delete(blob);
          return cut;
        },
        corrupt: blob !== undefined && corrupt.has(blob),
        // As a reverse proxy would: upload locations point back at the proxy, not the registry behind it.
        ...(proxy.referrersApi ? { locationOrigin: { from: upstream.origin, to: proxy.url } } : {}),
      });
    };
    const go = (): void => {
      if (proxy.delayMs > 0) setTimeout(answer, proxy.delayMs);
      else answer();
    };
    const gathering = gathers.find((g) => !g.released && g.match(method, url.pathname));
    if (!gathering) {
      go();
      return;
    }
    const release = (): void => {
      if (gathering.released) return;
      gathering.released = true;
      for (const waiting of gathering.waiting) waiting();
    };
    gathering.waiting.push(go);
    if (gathering.waiting.length >= gathering.count) release();
    else if (gathering.waiting.length === 1) setTimeout(release, gathering.timeoutMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  proxy.host = `127.0.0.1:${port}`;
  proxy.url = `http://${proxy.host}`;
  return proxy;
}

function upstreamRequest(request: http.IncomingMessage, url: URL, upstream: URL): http.ClientRequest {
  const headers = { ...request.headers, host: upstream.host };
  return http.request({
    host: upstream.hostname,
    port: upstream.port,
    method: request.method,
    path: url.pathname + url.search,
    headers,
  });
}

function forward(
  request: http.IncomingMessage,
  url: URL,
  upstream: URL,
  done: (status: number, headers: http.IncomingHttpHeaders, body: Buffer) => void,
): void {
  const outgoing = upstreamRequest(request, url, upstream);
  outgoing.on('response', (incoming) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => done(incoming.statusCode ?? 502, incoming.headers, Buffer.concat(chunks)));
  });
  request.pipe(outgoing);
}

function stream(
  request: http.IncomingMessage,
  url: URL,
  upstream: URL,
  response: http.ServerResponse,
  record: ProxyRecord,
  options: {
    takeCut: () => number | undefined;
    corrupt: boolean;
    locationOrigin?: { from: string; to: string };
  },
): void {
  const outgoing = upstreamRequest(request, url, upstream);
  outgoing.on('error', () => response.destroy());
  outgoing.on('response', (incoming) => {
    record.status = incoming.statusCode ?? 502;
    const location = incoming.headers.location;
    const moved = options.locationOrigin;
    const headers =
      moved && location?.startsWith(moved.from)
        ? { ...incoming.headers, location: moved.to + location.slice(moved.from.length) }
        : incoming.headers;
    response.writeHead(incoming.statusCode ?? 502, headers);
    const cutAfter = incoming.statusCode === 200 ? options.takeCut() : undefined;
    let sent = 0;
    let flipped = false;
    incoming.on('data', (chunk: Buffer) => {
      let data = chunk;
      if (options.corrupt && incoming.statusCode === 200 && !flipped && data.length > 0) {
        data = Buffer.from(data);
        data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 0xff;
        flipped = true;
      }
      if (cutAfter !== undefined && sent + data.length >= cutAfter) {
        response.write(data.subarray(0, cutAfter - sent));
        incoming.destroy();
        response.socket?.destroy();
        return;
      }
      sent += data.length;
      response.write(data);
    });
    incoming.on('end', () => response.end());
  });
  request.pipe(outgoing);
}

/** Forwards a manifest PUT and, when the manifest names a `subject` and the registry stored it, adds `OCI-Subject`. */
function putWithSubject(
  request: http.IncomingMessage,
  url: URL,
  upstream: URL,
  response: http.ServerResponse,
  record: ProxyRecord,
): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    let subject: string | undefined;
    try {
      subject = (JSON.parse(body.toString('utf8')) as { subject?: { digest?: string } }).subject?.digest;
    } catch {
      subject = undefined;
    }
    const outgoing = upstreamRequest(request, url, upstream);
    outgoing.on('error', () => response.destroy());
    outgoing.on('response', (incoming) => {
      record.status = incoming.statusCode ?? 502;
      const stored = incoming.statusCode === 201 && subject !== undefined;
      response.writeHead(incoming.statusCode ?? 502, {
        ...incoming.headers,
        ...(stored ? { 'oci-subject': subject } : {}),
      });
      incoming.pipe(response);
    });
    outgoing.end(body);
  });
}
