import { execa, type ResultPromise } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A real `docker-registry` (Debian's distribution) on 127.0.0.1 without auth: the daemon pushes test base images
 * to it so that a Dockerfile can name them by digest, as the real one names its bases. Docker treats 127.0.0.0/8
 * registries as insecure (plain HTTP) by default.
 */

export interface PlainRegistry {
  /** `127.0.0.1:<port>`, the registry part of references. */
  host: string;
  stop(): Promise<void>;
}

export async function startPlainRegistry(): Promise<PlainRegistry> {
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-shipping-registry-'));
  const host = `127.0.0.1:${await freePort()}`;
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    'http:',
    `  addr: ${host}`,
  ].join('\n');
  await writeFile(path.join(dir, 'config.yml'), `${config}\n`);
  const child: ResultPromise = execa('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    reject: false,
    buffer: { stdout: false, stderr: true },
  });
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await child;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(`http://${host}/v2/`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, stop };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ResultPromise): Promise<void> {
  let exited = false;
  void child.then(() => {
    exited = true;
  });
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited) throw new Error(`docker-registry exited at start: ${String((await child).stderr)}`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer on ${url}`);
}
