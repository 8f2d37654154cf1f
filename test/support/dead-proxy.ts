import net, { type AddressInfo } from 'node:net';

/**
 * The network made unreachable (issue 18 item 3): a TCP listener on 127.0.0.1 that records every connection and
 * closes it at once. Point HTTPS_PROXY/HTTP_PROXY (both spellings) at it and any request a proxy-aware client makes
 * to a host that is not loopback lands here and fails; `connections` staying 0 proves none was attempted.
 */
export interface DeadProxy {
  url: string;
  connections: number;
  /** The four proxy variables pointing here, and NO_PROXY/no_proxy emptied. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

export async function startDeadProxy(): Promise<DeadProxy> {
  const proxy: DeadProxy = {
    url: '',
    connections: 0,
    env: () => ({
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url,
      https_proxy: proxy.url,
      http_proxy: proxy.url,
      NO_PROXY: '',
      no_proxy: '',
    }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = net.createServer((socket) => {
    proxy.connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
