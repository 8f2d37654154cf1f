import { ConfigurationError } from '../../../util/errors.js';
import { DOCKER_HUB, normalizeRegistry } from '../../../model/image-reference.js';

/**
 * Where a registry's API lives. Docker Hub's API is registry-1.docker.io; loopback registries (localhost,
 * 127.0.0.0/8, ::1) speak plain HTTP, as Docker and go-containerregistry assume; any other registry is HTTPS
 * unless the user lists it as insecure, because credentials and tokens would otherwise cross the network in clear.
 */

export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** How Docker's config file and credential helpers name Docker Hub. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

export interface RegistryEndpoint {
  /** The registry as references name it (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  registry: string;
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`. */
  baseUrl: string;
  /** Plain HTTP. */
  insecure: boolean;
}

export function registryEndpoint(registry: string, insecureRegistries: readonly string[] = []): RegistryEndpoint {
  const name = normalizeRegistry(registry);
  const host = name === DOCKER_HUB ? DOCKER_HUB_API_HOST : name;
  const insecure = isLoopback(name) || insecureRegistries.some((entry) => matchesRegistry(entry, name));
  return { registry: name, baseUrl: `${insecure ? 'http' : 'https'}://${host}`, insecure };
}

/** `localhost`, `127.x.y.z` or `[::1]`, with any port. */
export function isLoopback(registry: string): boolean {
  const host = hostOf(registry);
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Whether `hostPort` (as a URL's `host` gives it) is one the user listed as reachable over plain http. */
export function isListedInsecure(hostPort: string, insecureRegistries: readonly string[]): boolean {
  const name = normalizeRegistry(hostPort);
  return insecureRegistries.some((entry) => matchesRegistry(entry, name));
}

/** An insecure-registry entry: `host` (any port) or `host:port`. */
function matchesRegistry(entry: string, registry: string): boolean {
  const wanted = normalizeRegistry(entry);
  return wanted === registry || (!hasPort(wanted) && hostOf(registry) === wanted);
}

/** Checks an insecure-registry entry as the user wrote it; `option` names the flag or input. */
export function parseInsecureRegistry(entry: string, option: string): string {
  const text = entry.trim();
  if (!/^(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/.test(text)) {
    throw new ConfigurationError(
      `${option} '${entry}': expected a registry host with an optional port, such as registry.internal:5000 ` +
        '(no scheme, no path)',
    );
  }
  return normalizeRegistry(text);
}

function hostOf(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(0, registry.indexOf(']') + 1);
  const colon = registry.indexOf(':');
  return colon === -1 ? registry : registry.slice(0, colon);
}

function hasPort(registry: string): boolean {
  return hostOf(registry).length < registry.length;
}
