import { parseImageReference } from '../../../model/image-reference.js';
import { PASSWORD_VARIABLE, USERNAME_VARIABLE } from './credentials.js';
import { isLoopback, registryEndpoint } from './registry-endpoint.js';

/**
 * How Trivy reaches an image imagegate read from a registry, so the scan sees what the facts came from. Trivy reads
 * Docker's config and credential helpers itself; what it cannot know are imagegate's own credential variables
 * (passed as TRIVY_USERNAME/TRIVY_PASSWORD, in its environment only) and registries the user listed as insecure
 * (TRIVY_INSECURE; loopback registries are plain http to Trivy already).
 */
export interface TrivyRegistryAccess {
  credentials?: { username: string; password: string };
  insecure?: boolean;
  /** Not the image's registry: the job's inherited TRIVY_USERNAME/PASSWORD/REGISTRY_TOKEN are kept from Trivy. */
  dropInheritedCredentials?: boolean;
}

export function trivyRegistryAccess(
  reference: string,
  environment: Record<string, string | undefined>,
  insecureRegistries: readonly string[] = [],
): TrivyRegistryAccess {
  const registry = parseImageReference(reference).registry;
  const username = environment[USERNAME_VARIABLE];
  const password = environment[PASSWORD_VARIABLE];
  const insecure = registryEndpoint(registry, insecureRegistries).insecure && !isLoopback(registry);
  return {
    ...(username && password ? { credentials: { username, password } } : {}),
    ...(insecure ? { insecure } : {}),
  };
}
