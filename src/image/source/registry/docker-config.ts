import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../../util/errors.js';
import { isObject } from '../../image-config.js';
import { parseJson } from '../image-store.js';
import { normalizeRegistry } from '../../../model/image-reference.js';

/**
 * The parts of Docker's client config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`) that say how to
 * log in to a registry: `auths` entries (`auth` is base64 `user:password`; `identitytoken` is an OAuth2 refresh
 * token; `registrytoken` a bearer token), `credHelpers` per registry and the default `credsStore`.
 */

export interface StoredAuth {
  username?: string;
  password?: string;
  identityToken?: string;
  registryToken?: string;
}

export interface DockerConfig {
  /** The file, for messages. */
  path: string;
  /** By registry as references name it (`docker.io`, `ghcr.io`, `host:port`). */
  auths: Map<string, StoredAuth>;
  credHelpers: Map<string, string>;
  credsStore?: string;
}

/** Reads the config when there is one; a malformed file is a configuration error naming it. */
export async function readDockerConfig(
  environment: Record<string, string | undefined>,
): Promise<DockerConfig | undefined> {
  const file = dockerConfigPath(environment);
  if (!file) return undefined;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigurationError(`cannot read Docker's config: ${(error as Error).message}`, { path: file });
  }
  return parseDockerConfig(parseJson(bytes, file, "Docker's config"), file);
}

export function dockerConfigPath(environment: Record<string, string | undefined>): string | undefined {
  const dir = environment.DOCKER_CONFIG;
  if (dir) return path.join(dir, 'config.json');
  const home = environment.HOME ?? environment.USERPROFILE;
  return home ? path.join(home, '.docker', 'config.json') : undefined;
}

export function parseDockerConfig(value: unknown, file: string): DockerConfig {
  const fail = (message: string): never => {
    throw new ConfigurationError(`Docker's config: ${message}`, { path: file });
  };
  if (!isObject(value)) return fail('expected a JSON object');
  const auths = new Map<string, StoredAuth>();
  if (value.auths !== undefined) {
    if (!isObject(value.auths)) return fail('"auths" is not an object');
    for (const [key, entry] of Object.entries(value.auths)) {
      if (!isObject(entry)) return fail(`auths["${key}"] is not an object`);
      const auth = storedAuth(entry, (message) => fail(`auths["${key}"]: ${message}`));
      // Docker keeps the first entry when several keys name one registry (`https://x/v1/` and `x`).
      const registry = registryOfKey(key);
      if (!auths.has(registry)) auths.set(registry, auth);
    }
  }
  const credHelpers = new Map<string, string>();
  if (value.credHelpers !== undefined) {
    if (!isObject(value.credHelpers)) return fail('"credHelpers" is not an object');
    for (const [key, helper] of Object.entries(value.credHelpers)) {
      if (typeof helper !== 'string') return fail(`credHelpers["${key}"] is not a string`);
      credHelpers.set(registryOfKey(key), helper);
    }
  }
  const store = value.credsStore;
  if (store !== undefined && typeof store !== 'string') return fail('"credsStore" is not a string');
  return { path: file, auths, credHelpers, ...(store ? { credsStore: store } : {}) };
}

/** `https://index.docker.io/v1/`, `http://host:5000/v2/`, `host:5000` → the registry they name. */
export function registryOfKey(key: string): string {
  const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return normalizeRegistry(withoutScheme.split('/')[0] ?? '');
}

function storedAuth(entry: Record<string, unknown>, fail: (message: string) => never): StoredAuth {
  const auth: StoredAuth = {};
  const text = (key: string): string | undefined => {
    const field = entry[key];
    if (field === undefined || field === null || field === '') return undefined;
    if (typeof field !== 'string') return fail(`"${key}" is not a string`);
    return field;
  };
  const encoded = text('auth');
  if (encoded !== undefined) {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return fail('"auth" is not base64 of username:password');
    auth.username = decoded.slice(0, colon);
    auth.password = decoded.slice(colon + 1);
  } else {
    const username = text('username');
    const password = text('password');
    if (username !== undefined && password !== undefined) Object.assign(auth, { username, password });
  }
  const identityToken = text('identitytoken');
  if (identityToken !== undefined) auth.identityToken = identityToken;
  const registryToken = text('registrytoken');
  if (registryToken !== undefined) auth.registryToken = registryToken;
  return auth;
}
