import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveCredentials } from '../../../src/image/source/registry/credentials.js';
import {
  dockerConfigPath,
  parseDockerConfig,
  registryOfKey,
} from '../../../src/image/source/registry/docker-config.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { tempDir } from '../../support/temp.js';

/** Docker's client config as `docker login` writes it, and the order credentials are looked up in. */

const dir = await tempDir('imagegate-docker-config-');
const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

test('auths keys name registries however docker wrote them', () => {
  expect(registryOfKey('https://index.docker.io/v1/')).toBe('docker.io');
  expect(registryOfKey('registry-1.docker.io')).toBe('docker.io');
  expect(registryOfKey('http://LocalHost:5000/v2/')).toBe('localhost:5000');
  expect(registryOfKey('ghcr.io')).toBe('ghcr.io');
});

test('auth, username/password, identity and registry tokens', () => {
  const config = parseDockerConfig(
    {
      auths: {
        'https://index.docker.io/v1/': { auth: auth('hub-user', 'p:ss') },
        'ghcr.io': { username: 'gh', password: 'ghp_x' },
        'acr.example.com': { identitytoken: 'refresh' },
        'tok.example.com': { registrytoken: 'bearer' },
        'empty.example.com': {},
      },
      credHelpers: { 'gcr.io': 'gcloud' },
      credsStore: 'desktop',
    },
    'config.json',
  );
  expect(Object.fromEntries(config.auths)).toEqual({
    'docker.io': { username: 'hub-user', password: 'p:ss' },
    'ghcr.io': { username: 'gh', password: 'ghp_x' },
    'acr.example.com': { identityToken: 'refresh' },
    'tok.example.com': { registryToken: 'bearer' },
    'empty.example.com': {},
  });
  expect(config.credHelpers.get('gcr.io')).toBe('gcloud');
  expect(config.credsStore).toBe('desktop');
});

test('malformed configs are configuration errors naming the file and the entry', () => {
  expect(() => parseDockerConfig({ auths: { 'x.io': { auth: 'bm9jb2xvbg==' } } }, '/h/.docker/config.json')).toThrow(
    '/h/.docker/config.json: Docker\'s config: auths["x.io"]: "auth" is not base64 of username:password',
  );
  expect(() => parseDockerConfig({ credHelpers: { 'x.io': 1 } }, 'c.json')).toThrow(ConfigurationError);
});

test('DOCKER_CONFIG wins over HOME', () => {
  expect(dockerConfigPath({ DOCKER_CONFIG: '/cfg', HOME: '/home/u' })).toBe('/cfg/config.json');
  expect(dockerConfigPath({ HOME: '/home/u' })).toBe('/home/u/.docker/config.json');
  expect(dockerConfigPath({})).toBeUndefined();
});

test('lookup order: variables, then the config; a config that is not JSON says where', async () => {
  const config = path.join(dir, 'cfg');
  await mkdir(config, { recursive: true });
  await writeFile(
    path.join(config, 'config.json'),
    JSON.stringify({ auths: { 'reg.example': { auth: auth('a', 'b') } } }),
  );
  const logger = new MemoryLogger();
  const fromConfig = await resolveCredentials('reg.example', { logger, environment: { DOCKER_CONFIG: config } });
  expect(fromConfig.credentials).toEqual({ username: 'a', password: 'b', source: path.join(config, 'config.json') });
  const fromEnv = await resolveCredentials('reg.example', {
    logger,
    environment: { DOCKER_CONFIG: config, IMAGEGATE_REGISTRY_USERNAME: 'u', IMAGEGATE_REGISTRY_PASSWORD: 'secret-pw' },
  });
  expect(fromEnv.credentials?.source).toBe('IMAGEGATE_REGISTRY_USERNAME/IMAGEGATE_REGISTRY_PASSWORD');
  expect(
    (await resolveCredentials('other.example', { logger, environment: { DOCKER_CONFIG: config } })).credentials,
  ).toBeUndefined();
  logger.info('password is secret-pw');
  expect(logger.lines.at(-1)).toBe('password is ***');

  await writeFile(path.join(config, 'config.json'), '{"auths": {"reg.example": {"auth": }}}');
  await expect(resolveCredentials('reg.example', { logger, environment: { DOCKER_CONFIG: config } })).rejects.toThrow(
    new RegExp(`^${path.join(config, 'config.json')}:1:\\d+: Docker's config is not valid JSON`),
  );
});
