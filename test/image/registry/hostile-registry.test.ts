import { createHash } from 'node:crypto';
import path from 'node:path';
import { runCli } from '../../../src/cli/run-cli.js';
import { RegistryClient, type RegistryClientOptions } from '../../../src/image/source/registry/registry-client.js';
import { ToolError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { behave, startHostileServer, type Handler, type HostileServer } from '../../support/hostile-server.js';
import { rejection } from '../../support/rejection.js';
import { tempDir } from '../../support/temp.js';

/**
 * The registry client against registries that are not what they claim (local stand-ins: docker-registry never
 * misbehaves this way by itself): credentials redirected to another origin (the same host on another port), a token
 * realm on a plain-http host elsewhere, answers that never come, trickle, are cut short or are too big, a `Link`
 * chain without end, and one tag page of 1,000,000 tags, the last two through the real `rescan plan`.
 */

const USER = 'ci-bot';
const PASSWORD = 'hostile-registry-password-0123';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const dir = await tempDir('imagegate-hostile-registry-');
let registry: HostileServer;
let storage: HostileServer;
const clients: RegistryClient[] = [];

const CONFIG = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
const CONFIG_DIGEST = `sha256:${createHash('sha256').update(CONFIG).digest('hex')}`;
const MANIFEST = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: CONFIG_DIGEST, size: CONFIG.length },
    layers: [],
  }),
);

beforeEach(async () => {
  registry = await startHostileServer();
  storage = await startHostileServer();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await registry.close();
  await storage.close();
});

async function open(options: Partial<RegistryClientOptions> = {}): Promise<RegistryClient> {
  const client = await RegistryClient.open(`127.0.0.1:${registry.port}`, {
    logger: new MemoryLogger(),
    environment: {},
    credentials: { username: USER, password: PASSWORD, source: 'the test' },
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: async () => undefined,
    deadlineMs: 1_500,
    ...options,
  });
  clients.push(client);
  return client;
}

/** A registry that wants Basic auth, then answers with `authorized`. */
function basicRegistry(authorized: Handler): Handler {
  return (request, response, body) => {
    if (request.headers.authorization !== BASIC) {
      return behave.json({ errors: [{ code: 'UNAUTHORIZED' }] }, 401, {
        'www-authenticate': 'Basic realm="registry"',
      })(request, response, body);
    }
    authorized(request, response, body);
  };
}

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).exitCode).toBe(3);
  expect(error.message).not.toContain(PASSWORD);
  return error as ToolError;
}

describe('credentials stay with their origin', () => {
  test('manifest and blob redirected to storage on another port: followed, without the Authorization header', async () => {
    registry.handle = basicRegistry((request, response, body) => {
      const target = request.url?.includes('/manifests/') ? '/m' : '/b';
      behave.redirect(`${storage.origin}${target}`, 307)(request, response, body);
    });
    storage.handle = (request, response, body) =>
      request.url === '/m'
        ? behave.text(MANIFEST.toString(), 200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' })(
            request,
            response,
            body,
          )
        : behave.text(CONFIG.toString())(request, response, body);
    const client = await open();
    const manifest = await client.getManifest('app', '1');
    expect(manifest.kind).toBe('manifest');
    const config = await client.readBlob('app', { digest: CONFIG_DIGEST, size: CONFIG.length }, 'config');
    expect(config.equals(CONFIG)).toBe(true);
    expect(registry.requests.filter((r) => r.headers.authorization === BASIC).length).toBeGreaterThanOrEqual(2);
    expect(storage.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/m', undefined],
      ['/b', undefined],
    ]);
  });

  test('a token realm on a plain-http host elsewhere gets no credentials: exit 3 naming the realm', async () => {
    registry.handle = behave.json({ errors: [{ code: 'UNAUTHORIZED' }] }, 401, {
      'www-authenticate': 'Bearer realm="http://auth.attacker.test:8080/token",service="registry"',
    });
    const client = await open();
    const error = await failure(client.getManifest('app', '1'));
    expect(error.message).toBe(
      `registry 127.0.0.1:${registry.port} points its token realm at http://auth.attacker.test:8080/token, plain ` +
        'http to another origin than the registry; imagegate sent no credentials there (credentials go to a token ' +
        "realm over https, or over http only on the registry's own origin or a host listed with --insecure-registry)",
    );
  });

  test('a realm host the user listed with --insecure-registry is trusted with them', async () => {
    registry.handle = behave.json({ errors: [{ code: 'UNAUTHORIZED' }] }, 401, {
      'www-authenticate': 'Bearer realm="http://auth.internal.invalid:8080/token",service="registry"',
    });
    const client = await open({ insecureRegistries: ['auth.internal.invalid:8080'] });
    const error = await failure(client.getManifest('app', '1'));
    // Past the check: the request was made (and the host does not resolve here).
    expect(error.message).toMatch(/^could not reach registry 127\.0\.0\.1:\d+: .*(ENOTFOUND|EAI_AGAIN)/);
  });

  test("a realm on the loopback registry's own origin gets them", async () => {
    let tokens = 0;
    registry.handle = (request, response, body) => {
      if (request.url?.startsWith('/token')) {
        tokens += request.headers.authorization === BASIC ? 1 : 0;
        return behave.json({ token: 'tok', expires_in: 300 })(request, response, body);
      }
      if (request.headers.authorization !== 'Bearer tok') {
        return behave.json({}, 401, {
          'www-authenticate': `Bearer realm="${registry.origin}/token",service="registry"`,
        })(request, response, body);
      }
      behave.text(MANIFEST.toString(), 200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' })(
        request,
        response,
        body,
      );
    };
    const client = await open();
    expect((await client.getManifest('app', '1')).kind).toBe('manifest');
    expect(tokens).toBe(1);
  });
});

describe('answers that never end, trickle, are cut or too big', () => {
  test('a manifest trickling a byte at a time ends at the overall deadline', async () => {
    registry.handle = basicRegistry(behave.trickle(200));
    const client = await open();
    const started = Date.now();
    const error = await failure(client.getManifest('app', '1'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.message).toMatch(
      /^reading manifest 127\.0\.0\.1:\d+\/app:1 from \/v2\/app\/manifests\/1 failed: .*no complete answer within the 1\.5 s deadline/,
    );
  });

  test('a registry that never answers ends at the deadline, not retried', async () => {
    registry.handle = behave.never();
    const client = await open();
    const error = await failure(client.getManifest('app', '1'));
    expect(error.message).toBe(
      `could not reach registry 127.0.0.1:${registry.port}: no complete answer within the 1.5 s deadline`,
    );
    expect(registry.requests).toHaveLength(1);
  });

  test('a manifest cut short of its Content-Length is exit 3 with a message', async () => {
    registry.handle = basicRegistry(behave.truncate('{"schemaVersion":', 2_000));
    const client = await open();
    const error = await failure(client.getManifest('app', '1'));
    expect(error.message).toMatch(/^reading manifest .* failed: .*after 17 of 2000 bytes$/);
  });

  test('a manifest larger than 4 MiB is refused', async () => {
    registry.handle = basicRegistry(behave.huge(6 * 1024 * 1024));
    const client = await open({ deadlineMs: 20_000 });
    const error = await failure(client.getManifest('app', '1'));
    expect(error.message).toBe(
      `manifest 127.0.0.1:${registry.port}/app:1 is larger than the 4194304 bytes imagegate reads`,
    );
  });
});

describe('paging', () => {
  const tagsPage =
    (count: number): Handler =>
    (request, response, body) => {
      const tags = Array.from({ length: count }, (_, i) => `t${i}`);
      behave.json({ name: 'app', tags })(request, response, body);
    };
  const endless: Handler = (request, response, body) => {
    const last = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('last') ?? '0');
    behave.json({ name: 'app', tags: [`t${last}`] }, 200, {
      link: `</v2/app/tags/list?last=${last + 1}&n=1>; rel="next"`,
    })(request, response, body);
  };

  test('one page of 1,000,000 tags is read without a stack overflow (caps raised)', async () => {
    registry.handle = tagsPage(1_000_000);
    const client = await open({ pageCaps: { maxItems: 2_000_000 }, deadlineMs: 30_000 });
    expect(await client.listTags('app')).toHaveLength(1_000_000);
  }, 30_000);

  test('an endless Link chain stops at the page cap with exit 3', async () => {
    registry.handle = endless;
    const client = await open({ pageCaps: { maxPages: 30 } });
    const error = await failure(client.listTags('app'));
    expect(error.message).toBe(
      `registry 127.0.0.1:${registry.port} lists the tag list of 127.0.0.1:${registry.port}/app in more than 30 ` +
        'pages; imagegate stops there',
    );
    expect(registry.requests).toHaveLength(30);
  });

  async function plan(): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const code = await runCli(
      [
        ...['rescan', 'plan', '--registry', `127.0.0.1:${registry.port}`, '--repository', 'app'],
        ...['--out-dir', path.join(dir, `plan-${Math.random().toString(36).slice(2)}`)],
      ],
      {
        cwd: dir,
        env: { XDG_CACHE_HOME: path.join(dir, 'cache'), HOME: dir },
        stdout: () => undefined,
        stderr: (text) => (stderr += text),
      },
    );
    return { code, stderr };
  }

  test('rescan plan: a page of 1,000,000 tags is exit 3 at the 100,000-tag cap, not a crash', async () => {
    registry.handle = tagsPage(1_000_000);
    const run = await plan();
    expect(run.stderr).not.toMatch(/RangeError|internal error/);
    expect(run.stderr).toContain(
      `imagegate: registry 127.0.0.1:${registry.port} lists the tag list of 127.0.0.1:${registry.port}/app in more ` +
        'than 100000 tags; imagegate stops there',
    );
    expect(run.code).toBe(3);
  }, 30_000);

  test('rescan plan: an endless Link chain ends at 1,000 pages with exit 3', async () => {
    registry.handle = endless;
    const run = await plan();
    expect(run.stderr).toContain(`/app in more than 1000 pages; imagegate stops there`);
    expect(run.code).toBe(3);
    expect(registry.requests.filter((r) => r.url.includes('/tags/list'))).toHaveLength(1000);
  }, 60_000);
});
