import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  DOCKER_HUB,
  normalizeRegistry
} from "./chunk-ST7SR4PU.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/image/source/registry/registry-endpoint.ts
var DOCKER_HUB_API_HOST = "registry-1.docker.io";
var DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/";
function registryEndpoint(registry, insecureRegistries = []) {
  const name = normalizeRegistry(registry);
  const host = name === DOCKER_HUB ? DOCKER_HUB_API_HOST : name;
  const insecure = isLoopback(name) || insecureRegistries.some((entry) => matchesRegistry(entry, name));
  return { registry: name, baseUrl: `${insecure ? "http" : "https"}://${host}`, insecure };
}
function isLoopback(registry) {
  const host = hostOf(registry);
  return host === "localhost" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
}
function isListedInsecure(hostPort, insecureRegistries) {
  const name = normalizeRegistry(hostPort);
  return insecureRegistries.some((entry) => matchesRegistry(entry, name));
}
function matchesRegistry(entry, registry) {
  const wanted = normalizeRegistry(entry);
  return wanted === registry || !hasPort(wanted) && hostOf(registry) === wanted;
}
function parseInsecureRegistry(entry, option) {
  const text = entry.trim();
  if (!/^(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/.test(text)) {
    throw new ConfigurationError(
      `${option} '${entry}': expected a registry host with an optional port, such as registry.internal:5000 (no scheme, no path)`
    );
  }
  return normalizeRegistry(text);
}
function hostOf(registry) {
  if (registry.startsWith("[")) return registry.slice(0, registry.indexOf("]") + 1);
  const colon = registry.indexOf(":");
  return colon === -1 ? registry : registry.slice(0, colon);
}
function hasPort(registry) {
  return hostOf(registry).length < registry.length;
}

export {
  DOCKER_HUB_CONFIG_KEY,
  registryEndpoint,
  isLoopback,
  isListedInsecure,
  parseInsecureRegistry
};
//# sourceMappingURL=chunk-525AQQA4.js.map
