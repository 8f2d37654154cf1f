import { ConfigurationError, type SourcePosition } from '../util/errors.js';

/**
 * An image reference parsed by the distribution/reference grammar and normalized as Docker does:
 * `alpine` is `docker.io/library/alpine:latest`, `index.docker.io` and `registry-1.docker.io` are `docker.io`.
 */
export interface ImageReference {
  /** Registry host[:port], lower-cased; Docker Hub is always `docker.io`. */
  registry: string;
  /** Path inside the registry; single-component Docker Hub names get `library/`. */
  repository: string;
  /** `registry/repository`. */
  name: string;
  /** The tag as written; undefined when none was written (Docker then uses `latest`, see `normalized`). */
  tag?: string;
  digest?: string;
  /** `registry/repository[:tag][@digest]`, with `:latest` added only when neither tag nor digest was written. */
  normalized: string;
  /** What docker prints: no `docker.io/`, no `library/`, the tag and digest as written. */
  familiar: string;
  /** The text as given. */
  original: string;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const NAME_MAX_LENGTH = 255;
// Long enough for any real reference (255-char name, 128-char tag, sha512 digest); stops pathological input early.
const TEXT_MAX_LENGTH = 1024;

const ALLOWED_CHARACTER = /[A-Za-z0-9._:/@+\-[\]]/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const IMAGE_ID = /^[a-f0-9]{64}$/;

const GRAMMAR = '[registry[:port]/]repository[:tag][@digest]';

/** Parses and normalizes an image reference; throws a ConfigurationError naming the rule it breaks. */
export function parseImageReference(text: string, where?: SourcePosition): ImageReference {
  const fail = (reason: string): never => {
    throw new ConfigurationError(`invalid image reference ${quote(text)}: ${reason}`, where);
  };
  if (text.trim() === '') fail('it is empty; expected ' + GRAMMAR);
  if (text.length > TEXT_MAX_LENGTH) fail(`it is ${text.length} characters long; a reference is far shorter`);
  checkCharacters(text, fail);

  const at = text.indexOf('@');
  if (at !== -1 && text.indexOf('@', at + 1) !== -1) fail("'@' may appear only once, before the digest");
  const digest = at === -1 ? undefined : text.slice(at + 1);
  const beforeDigest = at === -1 ? text : text.slice(0, at);
  if (digest !== undefined) checkDigest(digest, fail);

  const { name, tag } = splitTag(beforeDigest);
  if (tag !== undefined) checkTag(tag, fail);
  if (name === '') fail(`the repository name is empty; expected ${GRAMMAR}`);

  const { registry, path } = splitRegistry(name);
  if (registry !== undefined) checkRegistry(registry, fail);
  checkPath(path, registry === undefined, fail);

  const normalizedRegistry = normalizeRegistry(registry ?? DOCKER_HUB);
  const repository = normalizedRegistry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  const fullName = `${normalizedRegistry}/${repository}`;
  if (fullName.length > NAME_MAX_LENGTH) {
    fail(`the name is ${fullName.length} characters long with its registry; at most ${NAME_MAX_LENGTH} are allowed`);
  }
  const suffix = (tag !== undefined ? `:${tag}` : '') + (digest !== undefined ? `@${digest}` : '');
  return {
    registry: normalizedRegistry,
    repository,
    name: fullName,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    normalized: fullName + (suffix === '' ? ':latest' : suffix),
    familiar: familiarName(normalizedRegistry, repository) + suffix,
    original: text,
  };
}

/** Docker Hub's aliases become `docker.io`; host names are case-insensitive, so they are lower-cased. */
export function normalizeRegistry(registry: string): string {
  const lower = registry.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/**
 * Splits `name[:tag]`: the tag follows the last `:` after the last `/`, so `localhost:5000/app` has no tag.
 */
export function splitTag(text: string): { name: string; tag?: string } {
  const colon = text.lastIndexOf(':');
  if (colon === -1 || colon < text.lastIndexOf('/')) return { name: text };
  return { name: text.slice(0, colon), tag: text.slice(colon + 1) };
}

/**
 * The first component is a registry when it has a `.` or `:` or is `localhost` (Docker's classic rule). Newer
 * Docker also treats an upper-case first component as a host; we do not, so `UPPER/case` is the mistake it
 * almost always is rather than a registry named `UPPER`.
 */
export function splitRegistry(name: string): { registry?: string; path: string } {
  const slash = name.indexOf('/');
  if (slash === -1) return { path: name };
  const first = name.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') {
    return { registry: first, path: name.slice(slash + 1) };
  }
  return { path: name };
}

function familiarName(registry: string, repository: string): string {
  if (registry !== DOCKER_HUB) return `${registry}/${repository}`;
  const rest = repository.startsWith('library/') ? repository.slice('library/'.length) : undefined;
  return rest !== undefined && !rest.includes('/') ? rest : repository;
}

function checkCharacters(text: string, fail: (reason: string) => never): void {
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    if (!ALLOWED_CHARACTER.test(character)) {
      fail(
        `${describeCharacter(character)} at position ${index + 1} is not allowed; references contain only letters, ` +
          `digits and . _ - / : @`,
      );
    }
  }
}

function checkDigest(digest: string, fail: (reason: string) => never): void {
  if (!DIGEST.test(digest)) {
    fail(`the digest ${quote(digest)} is malformed; expected algorithm:hex such as sha256:<64 hex characters>`);
  }
  const [algorithm = '', hex = ''] = digest.split(':');
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    fail(`the digest algorithm ${quote(algorithm)} is not supported; expected sha256, sha384 or sha512`);
  } else if (hex.length !== length || hex !== hex.toLowerCase()) {
    fail(
      `the digest ${quote(digest)} is malformed: a ${algorithm} digest has ${length} lower-case hex characters, ` +
        `found ${hex.length}${hex !== hex.toLowerCase() ? ' with upper case' : ''}`,
    );
  }
}

function checkTag(tag: string, fail: (reason: string) => never): void {
  if (tag === '') fail("the tag after ':' is empty");
  if (!TAG.test(tag)) {
    fail(
      `the tag ${quote(tag)} is invalid: a tag has at most 128 letters, digits, '_', '.' and '-', and does not ` +
        `start with '.' or '-'`,
    );
  }
}

function checkRegistry(registry: string, fail: (reason: string) => never): void {
  const bad = (detail: string): never =>
    fail(`the registry ${quote(registry)} is invalid: ${detail}; expected a host name with an optional :port`);
  const ipv6 = registry.startsWith('[');
  const portColon = ipv6 ? registry.indexOf(':', registry.indexOf(']')) : registry.indexOf(':');
  const host = portColon === -1 ? registry : registry.slice(0, portColon);
  if (portColon !== -1) {
    const port = registry.slice(portColon + 1);
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) bad(`the port ${quote(port)} is not a number up to 65535`);
  }
  if (ipv6) {
    if (!IPV6_HOST.test(host)) bad('an IPv6 host is written [address]');
    return;
  }
  for (const component of host.split('.')) {
    if (!DOMAIN_COMPONENT.test(component)) {
      bad(`host name parts are letters, digits and '-' (not at either end), found ${quote(component)}`);
    }
  }
}

function checkPath(path: string, onDockerHub: boolean, fail: (reason: string) => never): void {
  if (path.includes(':')) {
    fail(`the repository name ${quote(path)} contains ':'; only the tag follows a ':'`);
  }
  if (path !== path.toLowerCase()) fail(`the repository name ${quote(path)} must be lower-case`);
  if (onDockerHub && IMAGE_ID.test(path)) {
    fail('a 64-character hex string is an image ID, not a repository name (such names are reserved)');
  }
  if (path === '' || path.endsWith('/')) fail(`the repository name is empty; expected ${GRAMMAR}`);
  for (const component of path.split('/')) {
    if (component === '') fail(`the repository name ${quote(path)} has an empty path component ('//')`);
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `the path component ${quote(component)} is invalid: components are lower-case letters and digits, ` +
          `separated by one '.', one or two '_', or dashes, never at the start or end`,
      );
    }
  }
}

function describeCharacter(character: string): string {
  if (character === ' ') return 'a space';
  if (/\s/.test(character)) return `the whitespace character ${JSON.stringify(character)}`;
  if (character.charCodeAt(0) < 0x20) return `the control character ${JSON.stringify(character)}`;
  return `'${character}'`;
}

function quote(text: string): string {
  const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(shown) ? JSON.stringify(shown) : `'${shown}'`;
}
