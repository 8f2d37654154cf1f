import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for GitHub's release download host, on 127.0.0.1: it serves what a test puts in its routes
 * and records every request, so a test can say "the second run made no request".
 */

export type Route =
  | { body: Buffer | string }
  | { status: number }
  /** A 302 to another path on this server, as GitHub sends release downloads to its asset host. */
  | { redirect: string }
  /** Declares the whole body's length, sends `sendBytes` of it, then drops the connection. */
  | { body: Buffer; sendBytes: number }
  /** No Content-Length: the body is sent chunked, so only counting can tell its size. */
  | { body: Buffer; chunked: true };

export interface ReleaseServer {
  baseUrl: string;
  /** Paths requested so far, e.g. `/v0.71.9/trivy_0.71.9_checksums.txt`. */
  requests: string[];
  routes: Map<string, Route>;
  close(): Promise<void>;
}

export async function startReleaseServer(): Promise<ReleaseServer> {
  const requests: string[] = [];
  const routes = new Map<string, Route>();
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '/';
    requests.push(url);
    const route = routes.get(url);
    if (route && 'redirect' in route) {
      response.writeHead(302, { location: route.redirect });
      response.end();
      return;
    }
    if (!route || 'status' in route) {
      response.writeHead(route && 'status' in route ? route.status : 404, { 'content-type': 'text/plain' });
      response.end('Not Found');
      return;
    }
    const body = Buffer.from(route.body);
    if ('chunked' in route) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let at = 0; at < body.length; at += 64 * 1024) response.write(body.subarray(at, at + 64 * 1024));
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    if ('sendBytes' in route) {
      response.write(body.subarray(0, route.sendBytes), () => {
        // Give the bytes a moment to leave, then cut the connection as a dying proxy would.
        setTimeout(() => request.socket.destroy(), 20);
      });
      return;
    }
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    routes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * One release server for a test file: started before its tests, emptied (routes and recorded requests) before each,
 * closed after all. The returned object reads through to the running server.
 */
export function useReleaseServer(): ReleaseServer {
  let server: ReleaseServer | undefined;
  const running = (): ReleaseServer => {
    if (!server) throw new Error('the release server is used outside the tests (it starts in beforeAll)');
    return server;
  };
  beforeAll(async () => {
    server = await startReleaseServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    running().routes.clear();
    running().requests.length = 0;
  });
  return {
    get baseUrl() {
      return running().baseUrl;
    },
    get requests() {
      return running().requests;
    },
    get routes() {
      return running().routes;
    },
    close: () => running().close(),
  };
}
