import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/model/image-reference.ts
var DOCKER_HUB = "docker.io";
var DOCKER_HUB_ALIASES = /* @__PURE__ */ new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
var NAME_MAX_LENGTH = 255;
var TEXT_MAX_LENGTH = 1024;
var ALLOWED_CHARACTER = /[A-Za-z0-9._:/@+\-[\]]/;
var DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
var IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
var PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var TAG = /^\w[\w.-]{0,127}$/;
var DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
var DIGEST_HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 };
var IMAGE_ID = /^[a-f0-9]{64}$/;
var GRAMMAR = "[registry[:port]/]repository[:tag][@digest]";
function parseImageReference(text, where) {
  const fail = (reason) => {
    throw new ConfigurationError(`invalid image reference ${quote(text)}: ${reason}`, where);
  };
  if (text.trim() === "") fail("it is empty; expected " + GRAMMAR);
  if (text.length > TEXT_MAX_LENGTH) fail(`it is ${text.length} characters long; a reference is far shorter`);
  checkCharacters(text, fail);
  const at = text.indexOf("@");
  if (at !== -1 && text.indexOf("@", at + 1) !== -1) fail("'@' may appear only once, before the digest");
  const digest = at === -1 ? void 0 : text.slice(at + 1);
  const beforeDigest = at === -1 ? text : text.slice(0, at);
  if (digest !== void 0) checkDigest(digest, fail);
  const { name, tag } = splitTag(beforeDigest);
  if (tag !== void 0) checkTag(tag, fail);
  if (name === "") fail(`the repository name is empty; expected ${GRAMMAR}`);
  const { registry, path } = splitRegistry(name);
  if (registry !== void 0) checkRegistry(registry, fail);
  checkPath(path, registry === void 0, fail);
  const normalizedRegistry = normalizeRegistry(registry ?? DOCKER_HUB);
  const repository = normalizedRegistry === DOCKER_HUB && !path.includes("/") ? `library/${path}` : path;
  const fullName = `${normalizedRegistry}/${repository}`;
  if (fullName.length > NAME_MAX_LENGTH) {
    fail(`the name is ${fullName.length} characters long with its registry; at most ${NAME_MAX_LENGTH} are allowed`);
  }
  const suffix = (tag !== void 0 ? `:${tag}` : "") + (digest !== void 0 ? `@${digest}` : "");
  return {
    registry: normalizedRegistry,
    repository,
    name: fullName,
    ...tag !== void 0 ? { tag } : {},
    ...digest !== void 0 ? { digest } : {},
    normalized: fullName + (suffix === "" ? ":latest" : suffix),
    familiar: familiarName(normalizedRegistry, repository) + suffix,
    original: text
  };
}
function normalizeRegistry(registry) {
  const lower = registry.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}
function splitTag(text) {
  const colon = text.lastIndexOf(":");
  if (colon === -1 || colon < text.lastIndexOf("/")) return { name: text };
  return { name: text.slice(0, colon), tag: text.slice(colon + 1) };
}
function splitRegistry(name) {
  const slash = name.indexOf("/");
  if (slash === -1) return { path: name };
  const first = name.slice(0, slash);
  if (first.includes(".") || first.includes(":") || first === "localhost") {
    return { registry: first, path: name.slice(slash + 1) };
  }
  return { path: name };
}
function familiarName(registry, repository) {
  if (registry !== DOCKER_HUB) return `${registry}/${repository}`;
  const rest = repository.startsWith("library/") ? repository.slice("library/".length) : void 0;
  return rest !== void 0 && !rest.includes("/") ? rest : repository;
}
function checkCharacters(text, fail) {
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    if (!ALLOWED_CHARACTER.test(character)) {
      fail(
        `${describeCharacter(character)} at position ${index + 1} is not allowed; references contain only letters, digits and . _ - / : @`
      );
    }
  }
}
function checkDigest(digest, fail) {
  if (!DIGEST.test(digest)) {
    fail(`the digest ${quote(digest)} is malformed; expected algorithm:hex such as sha256:<64 hex characters>`);
  }
  const [algorithm = "", hex = ""] = digest.split(":");
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === void 0) {
    fail(`the digest algorithm ${quote(algorithm)} is not supported; expected sha256, sha384 or sha512`);
  } else if (hex.length !== length || hex !== hex.toLowerCase()) {
    fail(
      `the digest ${quote(digest)} is malformed: a ${algorithm} digest has ${length} lower-case hex characters, found ${hex.length}${hex !== hex.toLowerCase() ? " with upper case" : ""}`
    );
  }
}
function checkTag(tag, fail) {
  if (tag === "") fail("the tag after ':' is empty");
  if (!TAG.test(tag)) {
    fail(
      `the tag ${quote(tag)} is invalid: a tag has at most 128 letters, digits, '_', '.' and '-', and does not start with '.' or '-'`
    );
  }
}
function checkRegistry(registry, fail) {
  const bad = (detail) => fail(`the registry ${quote(registry)} is invalid: ${detail}; expected a host name with an optional :port`);
  const ipv6 = registry.startsWith("[");
  const portColon = ipv6 ? registry.indexOf(":", registry.indexOf("]")) : registry.indexOf(":");
  const host = portColon === -1 ? registry : registry.slice(0, portColon);
  if (portColon !== -1) {
    const port = registry.slice(portColon + 1);
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) bad(`the port ${quote(port)} is not a number up to 65535`);
  }
  if (ipv6) {
    if (!IPV6_HOST.test(host)) bad("an IPv6 host is written [address]");
    return;
  }
  for (const component of host.split(".")) {
    if (!DOMAIN_COMPONENT.test(component)) {
      bad(`host name parts are letters, digits and '-' (not at either end), found ${quote(component)}`);
    }
  }
}
function checkPath(path, onDockerHub, fail) {
  if (path.includes(":")) {
    fail(`the repository name ${quote(path)} contains ':'; only the tag follows a ':'`);
  }
  if (path !== path.toLowerCase()) fail(`the repository name ${quote(path)} must be lower-case`);
  if (onDockerHub && IMAGE_ID.test(path)) {
    fail("a 64-character hex string is an image ID, not a repository name (such names are reserved)");
  }
  if (path === "" || path.endsWith("/")) fail(`the repository name is empty; expected ${GRAMMAR}`);
  for (const component of path.split("/")) {
    if (component === "") fail(`the repository name ${quote(path)} has an empty path component ('//')`);
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `the path component ${quote(component)} is invalid: components are lower-case letters and digits, separated by one '.', one or two '_', or dashes, never at the start or end`
      );
    }
  }
}
function describeCharacter(character) {
  if (character === " ") return "a space";
  if (/\s/.test(character)) return `the whitespace character ${JSON.stringify(character)}`;
  if (character.charCodeAt(0) < 32) return `the control character ${JSON.stringify(character)}`;
  return `'${character}'`;
}
function quote(text) {
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return /[\u0000-\u001f\u007f]/.test(shown) ? JSON.stringify(shown) : `'${shown}'`;
}

export {
  DOCKER_HUB,
  parseImageReference,
  normalizeRegistry,
  splitTag,
  splitRegistry
};
//# sourceMappingURL=chunk-ST7SR4PU.js.map
