import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../../tools/archive/archive-writer.js';
import { RegistryClient } from '../../../src/image/source/registry/registry-client.js';
import { readFromRegistry } from '../../../src/image/source/registry/read-registry.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import {
  credentialsEnvironment,
  describeWithRegistry,
  startRegistry,
  type TestRegistry,
} from '../../support/registry.js';
import { pushLayout, type Pushed } from '../../support/registry-push.js';
import { tempDir } from '../../support/temp.js';
import { sampleSpec } from '../support/archives.js';
import { rejection } from '../../support/rejection.js';

/**
 * The bearer-token flow against a real docker-registry configured with `auth: token`: the registry issues the
 * challenge and verifies every JWT; only the token endpoint is a local server (test/support/token-server.ts).
 */

const dir = await tempDir('imagegate-registry-token-');
let registry: TestRegistry;
let pushed: Pushed;
const anonymous = { HOME: '/nonexistent-imagegate-home' };

describeWithRegistry('registry token auth (docker-registry auth: token)', () => {
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token', publicRepositories: ['imagegate-test/public'] });
    const layout = path.join(dir, 'layout');
    await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    pushed = await pushLayout(layout, registry, 'imagegate-test/public', ['1']);
    await pushLayout(layout, registry, 'imagegate-test/private', ['1']);
  });
  afterAll(async () => registry?.stop());
  beforeEach(() => {
    if (registry?.tokens) registry.tokens.requests.length = 0;
  });

  test('anonymous pull of a public repository: challenge → anonymous token → image, one token for all requests', async () => {
    const logger = new MemoryLogger();
    const facts = await readFromRegistry(`${registry.host}/imagegate-test/public:1`, {
      logger,
      access: { environment: anonymous },
    });
    expect(facts.digest).toBe(pushed.digest);
    expect(facts.layers).toHaveLength(3);
    // Manifest, config and three layers: five requests on one cached token.
    expect(registry.tokens?.requests).toEqual([
      { method: 'GET', scopes: ['repository:imagegate-test/public:pull'], user: undefined, grant: 'anonymous' },
    ]);
  });

  test('anonymous pull of a private repository: a configuration error asking for credentials', async () => {
    const error = await rejection(
      readFromRegistry(`${registry.host}/imagegate-test/private:1`, {
        logger: new MemoryLogger(),
        access: { environment: anonymous },
      }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(
      new RegExp(`^${registry.host}/imagegate-test/private:1: registry ${registry.host} requires authentication`),
    );
    // The registry refused the anonymous token (empty access), not the token service the request.
    expect(error.message).toContain('(UNAUTHORIZED: authentication required)');
  });

  test('credentials: the token service gets them as Basic auth; the token pulls the private image', async () => {
    const logger = new MemoryLogger();
    const facts = await readFromRegistry(`${registry.host}/imagegate-test/private:1`, {
      logger,
      access: { environment: credentialsEnvironment(registry) },
    });
    expect(facts.id).toMatch(/^sha256:/);
    expect(registry.tokens?.requests.map((r) => [r.grant, r.user])).toEqual([['basic', registry.username]]);
    const log = logger.lines.join('\n');
    expect(log).not.toContain(registry.password);
  });

  test('a wrong password is refused by the token service: configuration error naming the source', async () => {
    const environment = { ...credentialsEnvironment(registry), IMAGEGATE_REGISTRY_PASSWORD: 'not-it' };
    const error = await rejection(
      readFromRegistry(`${registry.host}/imagegate-test/private:1`, {
        logger: new MemoryLogger(),
        access: { environment },
      }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain(
      `registry ${registry.host} did not accept the credentials from IMAGEGATE_REGISTRY_USERNAME/IMAGEGATE_REGISTRY_PASSWORD`,
    );
    expect(error.message).toContain(`token service ${registry.tokens?.realm}`);
  });

  test("an identity token from Docker's config is used as an OAuth2 refresh token", async () => {
    const config = path.join(dir, 'docker-config');
    await mkdir(config, { recursive: true });
    await writeFile(
      path.join(config, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { identitytoken: registry.tokens?.refreshToken } } }),
    );
    const client = await RegistryClient.open(registry.host, {
      logger: new MemoryLogger(),
      environment: { DOCKER_CONFIG: config },
    });
    expect((await client.headManifest('imagegate-test/private', '1')).digest).toBe(pushed.digest);
    client.close();
    expect(registry.tokens?.requests.map((r) => [r.method, r.grant])).toEqual([['POST', 'refresh_token']]);
  });

  test('concurrent requests in a new scope share one token request', async () => {
    const client = await RegistryClient.open(registry.host, {
      logger: new MemoryLogger(),
      environment: credentialsEnvironment(registry),
    });
    await client.headManifest('imagegate-test/public', '1');
    const heads = await Promise.all(
      Array.from({ length: 10 }, () => client.headManifest('imagegate-test/private', '1')),
    );
    client.close();
    expect(heads.every((head) => head.digest === pushed.digest)).toBe(true);
    expect(registry.tokens?.requests.map((r) => r.scopes.join(' '))).toEqual([
      'repository:imagegate-test/public:pull',
      'repository:imagegate-test/private:pull',
    ]);
  });
});
