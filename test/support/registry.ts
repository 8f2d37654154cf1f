import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeWhen } from './gate.js';
import { startTokenServer, type TokenServer } from './token-server.js';

/**
 * A real `docker-registry` (Debian's distribution 2.8) on 127.0.0.1 and a free port, for integration tests.
 * `htpasswd`: Basic auth against a bcrypt htpasswd file (what the registry requires). `token`: the registry's own
 * token auth, verifying JWTs signed by a local token server (test/support/token-server.ts) whose certificate it
 * trusts; the token endpoint is the one faked boundary, the registry checks every token for real.
 */

export interface TestRegistry {
  /** `127.0.0.1:<port>`: the registry part of references. */
  host: string;
  url: string;
  username: string;
  password: string;
  auth: 'htpasswd' | 'token' | 'none';
  /** The token server (token auth only). */
  tokens?: TokenServer;
  /** The Authorization header that may push to `repository`. */
  pushAuthorization(repository: string): Promise<string>;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** `none`: anyone may push and pull (e.g. the daemon pushing test bases so a Dockerfile can name them by digest). */
  auth?: 'htpasswd' | 'token' | 'none';
  /** Token auth: repositories anyone may pull. */
  publicRepositories?: string[];
}

const REGISTRY_BINARY = '/usr/bin/docker-registry';

export const registryAvailable: boolean = existsSync(REGISTRY_BINARY) && (await hasHtpasswd());

/** `describe` for tests that need docker-registry: skipped without it locally, a failing test in CI. */
export const describeWithRegistry = describeWhen(registryAvailable, 'docker-registry or htpasswd is missing');

export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const auth = options.auth ?? 'htpasswd';
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-registry-'));
  const username = 'imagegate';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  let tokens: TokenServer | undefined;
  let authConfig = '';
  if (auth === 'htpasswd') {
    const hashed = await execa('htpasswd', ['-niB', username], { input: password });
    await writeFile(path.join(dir, 'htpasswd'), `${hashed.stdout.trim()}\n`);
    authConfig = `  htpasswd:\n    realm: imagegate-test\n    path: ${path.join(dir, 'htpasswd')}\n`;
  } else if (auth === 'token') {
    tokens = await startTokenServer({
      dir,
      users: { [username]: password },
      service: 'imagegate-test-registry',
      issuer: 'imagegate-test-issuer',
      publicRepositories: options.publicRepositories ?? [],
    });
    authConfig =
      `  token:\n    realm: ${tokens.realm}\n    service: imagegate-test-registry\n` +
      `    issuer: imagegate-test-issuer\n    rootcertbundle: ${tokens.certificatePath}\n`;
  }
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${host}`,
    `  secret: ${password}-secret`,
    ...(authConfig ? ['auth:', authConfig] : []),
  ].join('\n');
  await writeFile(path.join(dir, 'config.yml'), config);
  const child: ResultPromise = execa(REGISTRY_BINARY, ['serve', path.join(dir, 'config.yml')], {
    reject: false,
    buffer: { stdout: false, stderr: true },
  });
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await child;
    await tokens?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(`http://${host}/v2/`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  const pushAuthorization = async (repository: string): Promise<string> => {
    if (auth === 'none') return '';
    if (!tokens) return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    return `Bearer ${tokens.issue(username, [{ type: 'repository', name: repository, actions: ['pull', 'push'] }])}`;
  };
  return {
    host,
    url: `http://${host}`,
    username,
    password,
    auth,
    ...(tokens ? { tokens } : {}),
    pushAuthorization,
    stop,
  };
}

/** The environment that gives imagegate this registry's credentials (and nothing from the real home). */
export function credentialsEnvironment(registry: TestRegistry): Record<string, string> {
  return {
    IMAGEGATE_REGISTRY_USERNAME: registry.username,
    IMAGEGATE_REGISTRY_PASSWORD: registry.password,
    HOME: '/nonexistent-imagegate-home',
  };
}

export async function freePort(): Promise<number> {
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
  for (let i = 0; i < 200; i++) {
    if (exited) {
      const result = await child;
      throw new Error(`docker-registry exited at start: ${String(result.stderr)}`);
    }
    try {
      const response = await fetch(url);
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer on ${url}`);
}

async function hasHtpasswd(): Promise<boolean> {
  const result = await execa('htpasswd', ['-nbB', 'probe', 'probe'], { reject: false });
  return result.exitCode === 0;
}
