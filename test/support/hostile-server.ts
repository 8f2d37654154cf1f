import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that plays a hostile or broken API, registry or download host: each test sets `handle`, and
 * the `behave` helpers answer as such servers do — redirect elsewhere, never answer, trickle a byte at a time,
 * cut the body short of its Content-Length, send more than anyone should read, or answer 200 with something that is
 * not JSON. Every request is recorded with its headers and body, so a test can assert what reached it (no
 * Authorization, no PRIVATE-TOKEN, no re-posted note).
 */

export interface HostileRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface HostileServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  requests: HostileRequest[];
  handle: Handler;
  close(): Promise<void>;
}

export async function startHostileServer(handle: Handler = behave.json({})): Promise<HostileServer> {
  const state: HostileServer = { origin: '', port: 0, requests: [], handle, close: async () => undefined };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      state.handle(request, response, body);
    });
  });
  server.on('connection', (socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.port = port;
  state.origin = `http://127.0.0.1:${port}`;
  state.close = async () => {
    for (const timer of activeTimers) clearInterval(timer);
    activeTimers.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

/** Intervals started by `trickle`, cleared when a server closes. */
const activeTimers = new Set<NodeJS.Timeout>();

export const behave = {
  json(value: unknown, status = 200, headers: Record<string, string> = {}): Handler {
    return (_request, response) => {
      const text = JSON.stringify(value);
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(text);
    };
  },
  text(text: string, status = 200, headers: Record<string, string> = {}): Handler {
    return (_request, response) => {
      response.writeHead(status, { 'content-type': 'text/html', ...headers });
      response.end(text);
    };
  },
  redirect(location: string, status = 307): Handler {
    return (_request, response) => {
      response.writeHead(status, { location, 'content-length': '0' });
      response.end();
    };
  },
  /** Headers, then one byte every `everyMs`, never the end. */
  trickle(everyMs = 1000, headers: Record<string, string> = {}): Handler {
    return (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000', ...headers });
      response.write('[');
      const timer = setInterval(() => {
        if (response.destroyed) {
          clearInterval(timer);
          activeTimers.delete(timer);
        } else response.write(' ');
      }, everyMs);
      activeTimers.add(timer);
    };
  },
  /** Reads the request, never answers. */
  never(): Handler {
    return () => undefined;
  },
  /** Declares `declared` bytes, sends `sent` of them, closes the connection. */
  truncate(sent: string, declared: number, headers: Record<string, string> = {}): Handler {
    return (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(declared), ...headers });
      response.write(sent, () => setTimeout(() => response.socket?.destroy(), 20));
    };
  },
  /** `bytes` of a JSON string, chunked (no Content-Length), as fast as the client reads. */
  huge(bytes: number, headers: Record<string, string> = {}): Handler {
    return (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', ...headers });
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let sent = 0;
      response.write('"');
      const pump = (): void => {
        while (sent < bytes && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        if (!response.destroyed) response.end('"');
      };
      response.on('error', () => undefined);
      pump();
    };
  },
};
