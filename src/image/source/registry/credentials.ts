import { ConfigurationError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logger.js';
import { DOCKER_HUB } from '../../../model/image-reference.js';
import { credentialsFromHelper } from './credential-helper.js';
import { readDockerConfig, type StoredAuth } from './docker-config.js';
import { DOCKER_HUB_CONFIG_KEY } from './registry-endpoint.js';

/**
 * Who imagegate is to a registry. In order: IMAGEGATE_REGISTRY_USERNAME / IMAGEGATE_REGISTRY_PASSWORD (CI secrets;
 * never flags, which show in `ps` and logs), then Docker's config: a `credHelpers` entry for the registry, an `auths`
 * entry, the `credsStore`. Nothing found means anonymous, which public images and the token flow allow.
 */

export const USERNAME_VARIABLE = 'IMAGEGATE_REGISTRY_USERNAME';
export const PASSWORD_VARIABLE = 'IMAGEGATE_REGISTRY_PASSWORD';

export interface RegistryCredentials extends StoredAuth {
  /** Where they came from, for messages: `IMAGEGATE_REGISTRY_USERNAME/PASSWORD`, `~/.docker/config.json`, … */
  source: string;
}

export interface CredentialLookup {
  credentials?: RegistryCredentials;
  /** Why none were found when the config pointed somewhere (a helper that is not installed). */
  note?: string;
}

export async function resolveCredentials(
  registry: string,
  options: { logger: Logger; environment: Record<string, string | undefined> },
): Promise<CredentialLookup> {
  const { logger, environment } = options;
  const username = environment[USERNAME_VARIABLE];
  const password = environment[PASSWORD_VARIABLE];
  if (username || password) {
    if (!username || !password) {
      const missing = username ? PASSWORD_VARIABLE : USERNAME_VARIABLE;
      throw new ConfigurationError(
        `${username ? USERNAME_VARIABLE : PASSWORD_VARIABLE} is set but ${missing} is not; set both or neither`,
      );
    }
    mask(logger, { username, password });
    return { credentials: { username, password, source: `${USERNAME_VARIABLE}/${PASSWORD_VARIABLE}` } };
  }
  const config = await readDockerConfig(environment);
  if (!config) return {};
  const fromHelper = async (helper: string): Promise<CredentialLookup> => {
    const serverUrl = registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry;
    const result = await credentialsFromHelper(helper, serverUrl, { logger, environment, configPath: config.path });
    if (!result.auth || !usable(result.auth)) return result.note ? { note: result.note } : {};
    return { credentials: { ...result.auth, source: `docker-credential-${helper} (${config.path})` } };
  };
  const helper = config.credHelpers.get(registry);
  if (helper) return fromHelper(helper);
  const stored = config.auths.get(registry);
  if (stored && usable(stored)) {
    mask(logger, stored);
    return { credentials: { ...stored, source: config.path } };
  }
  if (config.credsStore) return fromHelper(config.credsStore);
  return {};
}

function usable(auth: StoredAuth): boolean {
  return (auth.username !== undefined && auth.password !== undefined) || !!auth.identityToken || !!auth.registryToken;
}

function mask(logger: Logger, auth: StoredAuth): void {
  for (const secret of [auth.password, auth.identityToken, auth.registryToken]) if (secret) logger.mask(secret);
  if (auth.username !== undefined && auth.password !== undefined) {
    logger.mask(Buffer.from(`${auth.username}:${auth.password}`).toString('base64'));
  }
}
