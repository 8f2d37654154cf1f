import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/**
 * A local forward proxy as a corporate one behaves: `CONNECT host:port` opens a tunnel (the request itself then goes
 * through it unseen) and an absolute-URI request (`GET http://host/…`) is forwarded. Every host it is asked for is
 * recorded. Test stand-ins listen on 127.0.0.1, which proxy clients bypass by design, so tests name them by a
 * made-up host (`gitlab.example.test:PORT`) and the proxy — like a real one resolving DNS — connects that name to
 * 127.0.0.1:PORT. A request that reaches a stand-in under such a name can only have come through here.
 */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `CONNECT host:port` or `GET http://host:port/path`, in arrival order. */
  seen: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end();
      return;
    }
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: Number(target.port || 80),
        method: request.method,
        path: target.pathname + target.search,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${request.url}`);
    const port = Number((request.url ?? '').split(':').at(-1));
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
