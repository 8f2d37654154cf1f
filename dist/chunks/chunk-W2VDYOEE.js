import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  findJsonSyntaxError,
  readJsonInput
} from "./chunk-DWMO3FQH.js";
import {
  isObject
} from "./chunk-LUOCSN52.js";
import {
  TarParser,
  tarError
} from "./chunk-442YUYJO.js";
import {
  DEFAULT_PAGE_CAPS,
  PageBudget,
  PageCapError,
  nextLinkUrl
} from "./chunk-ZCMRTNUR.js";
import {
  BodyError,
  readCappedBody
} from "./chunk-VVMJR22K.js";
import {
  AgentPool,
  Deadline,
  DeadlineError,
  REGISTRY_RETRY,
  RedirectError,
  isLoopbackHostname,
  networkRetryDelay,
  nextRetryStep,
  registryRetryPolicy,
  retryDecision,
  sendHttp,
  transferDeadlineMs
} from "./chunk-7DMJUEWI.js";
import {
  exec
} from "./chunk-IESNBTYB.js";
import {
  require_ucs2length
} from "./chunk-EJWCARX5.js";
import {
  ENTRY_NAME_MAX,
  excerpt
} from "./chunk-G7D7EWW2.js";
import {
  appendAll
} from "./chunk-RHYLLRJI.js";
import {
  DOCKER_HUB_CONFIG_KEY,
  isListedInsecure,
  isLoopback,
  registryEndpoint
} from "./chunk-525AQQA4.js";
import {
  DOCKER_HUB,
  normalizeRegistry
} from "./chunk-ST7SR4PU.js";
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";
import {
  __toESM
} from "./chunk-GVHAVQQT.js";

// src/image/source/registry/registry-client.ts
import { createHash as createHash3 } from "node:crypto";

// src/image/source/registry/challenge.ts
function parseChallenges(header) {
  if (header === void 0) return [];
  const texts = Array.isArray(header) ? header : [header];
  return texts.flatMap((text) => parseOne(text));
}
function parseOne(text) {
  const challenges = [];
  let index = 0;
  let current;
  const skip = (pattern) => {
    while (index < text.length && pattern.test(text.charAt(index))) index += 1;
  };
  while (index < text.length) {
    skip(/[\s,]/);
    const tokenStart = index;
    skip(/[^\s,=]/);
    const token = text.slice(tokenStart, index);
    if (token === "") break;
    const afterToken = index;
    skip(/\s/);
    if (text.charAt(index) === "=" && current) {
      index += 1;
      skip(/\s/);
      current.params[token.toLowerCase()] = readValue();
      continue;
    }
    index = afterToken;
    current = { scheme: token.toLowerCase(), params: {} };
    challenges.push(current);
  }
  return challenges;
  function readValue() {
    if (text.charAt(index) !== '"') {
      const start = index;
      skip(/[^\s,]/);
      return text.slice(start, index);
    }
    index += 1;
    let value = "";
    while (index < text.length && text.charAt(index) !== '"') {
      if (text.charAt(index) === "\\" && index + 1 < text.length) index += 1;
      value += text.charAt(index);
      index += 1;
    }
    index += 1;
    return value;
  }
}

// src/image/source/registry/credential-helper.ts
var HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
var NOT_FOUND = /credentials not found|no credentials|not found in (native )?keychain/i;
async function credentialsFromHelper(helper, serverUrl, options) {
  if (!HELPER_NAME.test(helper)) {
    throw new ConfigurationError(`credential helper name ${JSON.stringify(helper)} is not a plain program name`, {
      path: options.configPath
    });
  }
  const program = `docker-credential-${helper}`;
  let result;
  try {
    result = await exec(program, ["get"], {
      logger: options.logger,
      input: serverUrl,
      env: options.environment,
      timeoutMs: 6e4,
      okExitCodes: [0, 1],
      maxStdoutBytes: 1024 * 1024
    });
  } catch (error) {
    if (error instanceof ToolError && /was not found on PATH/.test(error.message)) {
      const note = `${options.configPath} names credential helper ${program}, which is not installed`;
      options.logger.warning(`${note}; going on without credentials for ${serverUrl}`);
      return { note };
    }
    throw error;
  }
  if (result.exitCode !== 0) {
    const said = `${result.stdout}
${result.stderr}`.trim();
    if (NOT_FOUND.test(said) || said === "") {
      options.logger.debug(`${program}: no credentials for ${serverUrl}`);
      return { note: `${program} holds no credentials for ${serverUrl}` };
    }
    throw new ToolError(`${program} get failed for ${serverUrl}`, {
      command: `${program} get`,
      exitCode: result.exitCode,
      stderrTail: said.slice(-2e3)
    });
  }
  return { auth: parseHelperOutput(result.stdout, program, options.logger) };
}
function parseHelperOutput(stdout, program, logger) {
  let value;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw new ToolError(`${program} get printed something that is not JSON`, { command: `${program} get` });
  }
  const username = isObject(value) && typeof value.Username === "string" ? value.Username : "";
  const secret = isObject(value) && typeof value.Secret === "string" ? value.Secret : "";
  if (secret === "") return {};
  logger.mask(secret);
  if (username === "<token>") return { identityToken: secret };
  return { username, password: secret };
}

// src/image/source/registry/docker-config.ts
import { readFile } from "node:fs/promises";
import path from "node:path";

// src/image/source/image-store.ts
import { readSync } from "node:fs";

// src/image/layers/layer-analyzer.ts
import { createHash } from "node:crypto";
import zlib from "node:zlib";
function visitorSink(result) {
  return typeof result === "object" && result !== null && "data" in result ? result : void 0;
}
var INFLATE_CHUNK = 256 * 1024;
var GZIP_MAGIC = [31, 139];
var ZSTD_MAGIC = [40, 181, 47, 253];
var LayerAnalyzer = class {
  constructor(label, options) {
    this.label = label;
    this.options = options;
    this.blobHash = options.hash && options.hashBlob !== false ? createHash("sha256") : void 0;
    const visitor = options.visitor;
    this.parser = new TarParser(
      label,
      (entry) => {
        if (entry.type === "file") this.regularBytes += entry.size;
        return visitor ? visitorSink(visitor(entry)) : void 0;
      },
      { maxMetaBytes: options.limits.maxTarMetaBytes }
    );
  }
  label;
  options;
  blobHash;
  tarHash;
  parser;
  compression;
  head = [];
  headBytes = 0;
  blobSize = 0;
  tarSize = 0;
  regularBytes = 0;
  inflater;
  inflaterDone;
  failure;
  /** Feeds the next bytes of the blob; when it returns a promise, wait for it before writing more. */
  write(chunk) {
    this.throwIfFailed();
    if (chunk.length === 0) return void 0;
    this.blobSize += chunk.length;
    this.blobHash?.update(chunk);
    if (this.compression === void 0) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < ZSTD_MAGIC.length) return void 0;
      return this.start();
    }
    return this.feed(chunk);
  }
  /** Finishes the blob: flushes the decompressor, checks the tar ended properly and returns the figures. */
  async end() {
    this.throwIfFailed();
    if (this.compression === void 0) await this.start();
    if (this.inflater) {
      this.inflater.end();
      await this.inflaterDone;
    }
    this.throwIfFailed();
    this.parser.end();
    const blobDigest = this.blobHash ? `sha256:${this.blobHash.digest("hex")}` : void 0;
    const compression = this.compression ?? "none";
    const diffId = compression === "none" ? blobDigest : this.tarHash && `sha256:${this.tarHash.digest("hex")}`;
    return {
      compression,
      blobSize: this.blobSize,
      ...blobDigest ? { blobDigest } : {},
      tarSize: compression === "none" ? this.blobSize : this.tarSize,
      ...diffId ? { diffId } : {},
      regularBytes: this.regularBytes,
      entries: this.parser.entries
    };
  }
  /** Stops a decompressor early (the caller gave up); safe to call more than once. */
  destroy() {
    this.inflater?.destroy();
  }
  start() {
    const head = Buffer.concat(this.head, this.headBytes);
    this.head = [];
    this.compression = hasMagic(head, GZIP_MAGIC) ? "gzip" : hasMagic(head, ZSTD_MAGIC) ? "zstd" : "none";
    if (this.compression !== "none") this.startInflater(this.compression);
    return head.length > 0 ? this.feed(head) : void 0;
  }
  feed(chunk) {
    if (!this.inflater) {
      this.parser.write(chunk);
      return void 0;
    }
    if (this.inflater.write(chunk)) return void 0;
    const inflater = this.inflater;
    return new Promise((resolve) => {
      const settle = () => {
        inflater.off("drain", settle);
        inflater.off("close", settle);
        inflater.off("error", settle);
        resolve();
      };
      inflater.on("drain", settle);
      inflater.on("close", settle);
      inflater.on("error", settle);
    });
  }
  startInflater(compression) {
    this.tarHash = this.options.hash ? createHash("sha256") : void 0;
    const inflater = compression === "gzip" ? zlib.createGunzip({ chunkSize: INFLATE_CHUNK }) : createZstd(this.label);
    const cap = this.options.limits.maxInflatedLayerBytes;
    inflater.on("data", (chunk) => {
      if (this.failure !== void 0) return;
      this.tarSize += chunk.length;
      if (this.tarSize > cap) {
        this.fail(
          tarError(
            this.label,
            `decompresses to more than ${cap} bytes (the limit on an uncompressed layer) after ${this.blobSize} compressed bytes: refusing a possible compression bomb`
          )
        );
        return;
      }
      this.tarHash?.update(chunk);
      try {
        this.parser.write(chunk);
      } catch (error) {
        this.fail(error);
      }
    });
    this.inflaterDone = new Promise((resolve) => {
      inflater.on("end", resolve);
      inflater.on("close", resolve);
      inflater.on("error", (error) => {
        if (this.failure === void 0) {
          const truncated = error.code === "Z_BUF_ERROR" || /unexpected end/i.test(error.message);
          this.failure = tarError(
            this.label,
            truncated ? `the ${compression} stream is truncated (${this.blobSize} compressed bytes)` : `the ${compression} data is corrupt: ${error.message}`
          );
        }
        resolve();
      });
    });
    this.inflater = inflater;
  }
  fail(error) {
    if (this.failure === void 0) this.failure = error;
    this.inflater?.destroy();
  }
  throwIfFailed() {
    if (this.failure !== void 0) throw this.failure;
  }
};
function hasMagic(head, magic) {
  return magic.every((byte, i) => head[i] === byte);
}
function createZstd(label) {
  const factory = zlib.createZstdDecompress;
  if (!factory) {
    throw new ToolError(
      `${label.what ?? label.path}: the layer is zstd-compressed, which needs Node.js 22.15 or later (this is ${process.version})`,
      { command: "node" }
    );
  }
  return factory({ chunkSize: INFLATE_CHUNK });
}

// src/tar/tar-file.ts
var READ_CHUNK = 1024 * 1024;
async function walkTarFile(file, region, label, onEntry, options = {}) {
  const parser = new TarParser(label, onEntry, { baseOffset: 0 });
  const end = region.offset + region.length;
  const buffer = Buffer.allocUnsafe(Math.min(options.chunkSize ?? READ_CHUNK, Math.max(region.length, 512)));
  let position = region.offset;
  while (position < end && !parser.done) {
    const want = Math.min(buffer.length, end - position);
    const { bytesRead } = await file.read(buffer, 0, want, position);
    if (bytesRead === 0) break;
    parser.write(buffer.subarray(0, bytesRead));
    position += bytesRead;
    const skip = Math.min(parser.skippable(), end - position);
    if (skip > 0) {
      parser.skip(skip);
      position += skip;
    }
  }
  parser.end();
  return parser;
}
async function* readRegion(file, region, chunkSize = READ_CHUNK) {
  let position = region.offset;
  const end = region.offset + region.length;
  while (position < end) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, end - position));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
  }
}

// src/image/source/image-store.ts
function missingEntry(store, name, what) {
  return new ConfigurationError(`${what} ${excerpt(name, ENTRY_NAME_MAX)} is not in the archive`, { path: store.path });
}
async function readJson(store, name, limits, what) {
  const bytes = await store.readBytes(name, limits.maxJsonBytes, what);
  return { value: parseJson(bytes, store.locate(name), what), bytes };
}
function parseJson(bytes, location, what) {
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    if (!problem) throw error;
    throw new ConfigurationError(`${what} is not valid JSON: ${problem.message}`, {
      path: location,
      line: problem.line,
      column: problem.column
    });
  }
}
async function analyzeFileRegion(file, region, label, options, filePath) {
  const hasher = filePath !== void 0 ? options.hasher : void 0;
  const compressed = region.length >= 4 && await isCompressed(file, region.offset);
  if (!compressed && region.length >= 4 && (!options.hash || hasher)) {
    let regularBytes = 0;
    const visitor = options.visitor;
    const onEntry = (entry) => {
      if (entry.type === "file") regularBytes += entry.size;
      return visitor ? visitorSink(visitor(entry)) : void 0;
    };
    let digest;
    let parser;
    if (options.hash && hasher) {
      const stream = hasher.stream(filePath, region);
      digest = stream.digest;
      digest.catch(() => void 0);
      parser = new TarParser(label, onEntry, { baseOffset: 0 });
      for await (const chunk of stream.chunks) parser.write(chunk);
      parser.end();
    } else {
      parser = await walkTarFile(file, region, label, onEntry);
    }
    return {
      compression: "none",
      blobSize: region.length,
      tarSize: region.length,
      regularBytes,
      entries: parser.entries,
      ...digest ? { pendingDigest: digest } : {}
    };
  }
  const blobDigest = options.hash && compressed ? hasher?.hash(filePath, region) : void 0;
  blobDigest?.catch(() => void 0);
  const analyzer = new LayerAnalyzer(label, { ...options, hashBlob: blobDigest === void 0 });
  try {
    for await (const chunk of readRegion(file, region)) {
      const wait = analyzer.write(chunk);
      if (wait) await wait;
    }
    const stats = await analyzer.end();
    return blobDigest ? { ...stats, pendingDigest: blobDigest } : stats;
  } finally {
    analyzer.destroy();
  }
}
async function isCompressed(file, offset) {
  const head = Buffer.alloc(4);
  readSync(file.fd, head, 0, 4, offset);
  return head[0] === 31 && head[1] === 139 || head.readUInt32BE(0) === 682962941;
}

// src/image/source/registry/docker-config.ts
async function readDockerConfig(environment) {
  const file = dockerConfigPath(environment);
  if (!file) return void 0;
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT" || code === "ENOTDIR") return void 0;
    throw new ConfigurationError(`cannot read Docker's config: ${error.message}`, { path: file });
  }
  return parseDockerConfig(parseJson(bytes, file, "Docker's config"), file);
}
function dockerConfigPath(environment) {
  const dir = environment.DOCKER_CONFIG;
  if (dir) return path.join(dir, "config.json");
  const home = environment.HOME ?? environment.USERPROFILE;
  return home ? path.join(home, ".docker", "config.json") : void 0;
}
function parseDockerConfig(value, file) {
  const fail = (message) => {
    throw new ConfigurationError(`Docker's config: ${message}`, { path: file });
  };
  if (!isObject(value)) return fail("expected a JSON object");
  const auths = /* @__PURE__ */ new Map();
  if (value.auths !== void 0) {
    if (!isObject(value.auths)) return fail('"auths" is not an object');
    for (const [key, entry] of Object.entries(value.auths)) {
      if (!isObject(entry)) return fail(`auths["${key}"] is not an object`);
      const auth = storedAuth(entry, (message) => fail(`auths["${key}"]: ${message}`));
      const registry = registryOfKey(key);
      if (!auths.has(registry)) auths.set(registry, auth);
    }
  }
  const credHelpers = /* @__PURE__ */ new Map();
  if (value.credHelpers !== void 0) {
    if (!isObject(value.credHelpers)) return fail('"credHelpers" is not an object');
    for (const [key, helper] of Object.entries(value.credHelpers)) {
      if (typeof helper !== "string") return fail(`credHelpers["${key}"] is not a string`);
      credHelpers.set(registryOfKey(key), helper);
    }
  }
  const store = value.credsStore;
  if (store !== void 0 && typeof store !== "string") return fail('"credsStore" is not a string');
  return { path: file, auths, credHelpers, ...store ? { credsStore: store } : {} };
}
function registryOfKey(key) {
  const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  return normalizeRegistry(withoutScheme.split("/")[0] ?? "");
}
function storedAuth(entry, fail) {
  const auth = {};
  const text = (key) => {
    const field = entry[key];
    if (field === void 0 || field === null || field === "") return void 0;
    if (typeof field !== "string") return fail(`"${key}" is not a string`);
    return field;
  };
  const encoded = text("auth");
  if (encoded !== void 0) {
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) return fail('"auth" is not base64 of username:password');
    auth.username = decoded.slice(0, colon);
    auth.password = decoded.slice(colon + 1);
  } else {
    const username = text("username");
    const password = text("password");
    if (username !== void 0 && password !== void 0) Object.assign(auth, { username, password });
  }
  const identityToken = text("identitytoken");
  if (identityToken !== void 0) auth.identityToken = identityToken;
  const registryToken = text("registrytoken");
  if (registryToken !== void 0) auth.registryToken = registryToken;
  return auth;
}

// src/image/source/registry/credentials.ts
var USERNAME_VARIABLE = "IMAGEGATE_REGISTRY_USERNAME";
var PASSWORD_VARIABLE = "IMAGEGATE_REGISTRY_PASSWORD";
async function resolveCredentials(registry, options) {
  const { logger, environment } = options;
  const username = environment[USERNAME_VARIABLE];
  const password = environment[PASSWORD_VARIABLE];
  if (username || password) {
    if (!username || !password) {
      const missing = username ? PASSWORD_VARIABLE : USERNAME_VARIABLE;
      throw new ConfigurationError(
        `${username ? USERNAME_VARIABLE : PASSWORD_VARIABLE} is set but ${missing} is not; set both or neither`
      );
    }
    mask(logger, { username, password });
    return { credentials: { username, password, source: `${USERNAME_VARIABLE}/${PASSWORD_VARIABLE}` } };
  }
  const config = await readDockerConfig(environment);
  if (!config) return {};
  const fromHelper = async (helper2) => {
    const serverUrl = registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry;
    const result = await credentialsFromHelper(helper2, serverUrl, { logger, environment, configPath: config.path });
    if (!result.auth || !usable(result.auth)) return result.note ? { note: result.note } : {};
    return { credentials: { ...result.auth, source: `docker-credential-${helper2} (${config.path})` } };
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
function usable(auth) {
  return auth.username !== void 0 && auth.password !== void 0 || !!auth.identityToken || !!auth.registryToken;
}
function mask(logger, auth) {
  for (const secret of [auth.password, auth.identityToken, auth.registryToken]) if (secret) logger.mask(secret);
  if (auth.username !== void 0 && auth.password !== void 0) {
    logger.mask(Buffer.from(`${auth.username}:${auth.password}`).toString("base64"));
  }
}

// src/image/source/registry/registry-errors.ts
async function registryFailure(response, context) {
  return failureFor(response, context, await errorDetail(response));
}
async function errorDetail(response) {
  let detail = "";
  if (response.request.method !== "HEAD") {
    try {
      detail = errorSummary(await response.bytes(64 * 1024, "the error body"));
    } catch {
      detail = "";
    }
  }
  response.discard();
  return detail;
}
function failureFor(response, context, detail) {
  const { registry, subject, what } = context;
  const { status } = response;
  const request = `${response.request.method} ${new URL(response.request.url).pathname}`;
  const said = detail ? ` (${detail})` : "";
  const command = `${response.request.method} ${response.request.url}`;
  const source = context.credentials?.source;
  if (status === 401) {
    if (!source) {
      const hub = registry === DOCKER_HUB ? "; Docker Hub also answers this for repositories that do not exist" : "";
      const note = context.credentialNote ? ` (${context.credentialNote})` : "";
      return new ConfigurationError(
        `${subject}: registry ${registry} requires authentication for the ${what}${said}${hub}. Set ${USERNAME_VARIABLE} and ${PASSWORD_VARIABLE}, or log in with \`docker login ${registry}\`${note}`
      );
    }
    return new ConfigurationError(
      `${subject}: registry ${registry} did not accept the credentials from ${source} for the ${what}${said}`
    );
  }
  if (status === 403) {
    return new ConfigurationError(
      `${subject}: registry ${registry} denied access to the ${what} ${source ? `with the credentials from ${source}` : "to anonymous requests"}${said}`
    );
  }
  if (status === 404) {
    const message = `${subject}: ${what} not found in registry ${registry}${said}`;
    return context.missingIsUserError ? new ConfigurationError(message) : new ToolError(message, { command });
  }
  if (status === 429 || status >= 500 || status === 408) {
    const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : "";
    const wait = response.retryAfterMs !== void 0 ? `; it asks to wait ${Math.ceil(response.retryAfterMs / 1e3)} s, longer than imagegate waits` : "";
    const why = status === 429 ? "is rate-limiting imagegate: 429 Too Many Requests" : `failed with HTTP ${status}`;
    return new ToolError(`registry ${registry} ${why} for ${request}${tries}${wait}${said}`, { command });
  }
  return new ToolError(`registry ${registry} answered HTTP ${status} to ${request} for ${subject}${said}`, {
    command
  });
}
function errorSummary(body) {
  const text = body.toString("utf8").trim();
  try {
    const value = JSON.parse(text);
    const errors = isObject(value) && Array.isArray(value.errors) ? value.errors : [];
    const parts = errors.filter(isObject).map((error) => [error.code, error.message].filter((part) => typeof part === "string" && part).join(": ")).filter(Boolean);
    if (parts.length > 0) return parts.join("; ").slice(0, 500);
  } catch {
  }
  return /^[\x20-\x7e]{1,200}$/.test(text) ? text : "";
}

// src/image/source/registry/auth.ts
var EXPIRY_MARGIN_MS = 1e4;
var DEFAULT_TOKEN_LIFETIME_S = 60;
var TOKEN_RESPONSE_MAX_BYTES = 1024 * 1024;
var RegistryAuth = class {
  constructor(endpoint, transport, logger, credentials, credentialNote, now = Date.now, insecureRegistries = []) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.logger = logger;
    this.credentials = credentials;
    this.credentialNote = credentialNote;
    this.now = now;
    this.insecureRegistries = insecureRegistries;
  }
  endpoint;
  transport;
  logger;
  credentials;
  credentialNote;
  now;
  insecureRegistries;
  tokens = /* @__PURE__ */ new Map();
  /** Token requests in flight by scope: concurrent requests in one scope share one. */
  pending = /* @__PURE__ */ new Map();
  bearer;
  basic = false;
  /** The Authorization header for a request in `scope`, fetching a token when the realm is already known. */
  async authorization(scope, subject) {
    const credentials = this.credentials;
    if (credentials?.registryToken) return `Bearer ${credentials.registryToken}`;
    if (this.basic) return basicHeader(credentials);
    if (!this.bearer) return void 0;
    const cached = this.tokens.get(scope);
    if (cached && cached.expiresAt > this.now() + EXPIRY_MARGIN_MS) return cached.header;
    return this.fetchToken(scope, [], subject);
  }
  /**
   * Answers a 401 with what its challenge asks for. Returns false when there is nothing new to try (the caller
   * then reports the 401).
   */
  async answer(response, scope, subject) {
    const challenges = parseChallenges(response.headers["www-authenticate"]);
    const bearer = challenges.find((c) => c.scheme === "bearer" && c.params.realm);
    if (bearer) {
      const learned = !this.bearer;
      this.bearer = { realm: bearer.params.realm, ...serviceOf(bearer) };
      const cached = this.tokens.get(scope);
      if (!learned && cached && cached.expiresAt > this.now() + EXPIRY_MARGIN_MS) return false;
      await this.fetchToken(scope, scopesOf(bearer), subject);
      return true;
    }
    if (challenges.some((c) => c.scheme === "basic") && !this.basic) {
      if (!this.credentials?.username || this.credentials.password === void 0) return false;
      this.refuseCleartext(new URL(this.endpoint.baseUrl));
      this.basic = true;
      return true;
    }
    return false;
  }
  async fetchToken(scope, extraScopes, subject) {
    const inFlight = this.pending.get(scope);
    if (inFlight) return inFlight;
    const fetching = this.requestToken(scope, extraScopes, subject);
    this.pending.set(scope, fetching);
    try {
      return await fetching;
    } finally {
      this.pending.delete(scope);
    }
  }
  async requestToken(scope, extraScopes, subject) {
    const bearer = this.bearer;
    const credentials = this.credentials;
    const scopes = [...new Set([scope, ...extraScopes].filter(Boolean))];
    const url = new URL(bearer.realm);
    if (bearer.service) url.searchParams.set("service", bearer.service);
    for (const item of scopes) url.searchParams.append("scope", item);
    let response;
    if (credentials?.identityToken) {
      this.refuseCleartext(url);
      const form = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: credentials.identityToken,
        client_id: "imagegate",
        ...bearer.service ? { service: bearer.service } : {}
      });
      for (const item of scopes) form.append("scope", item);
      response = await this.transport.send({ method: "POST", url: bearer.realm, body: form.toString() });
    } else {
      const basic = basicHeader(credentials);
      if (basic) this.refuseCleartext(url);
      response = await this.transport.send({
        method: "GET",
        url: url.toString(),
        headers: basic ? { authorization: basic } : {}
      });
    }
    if (response.status !== 200) {
      throw await registryFailure(response, {
        registry: this.endpoint.registry,
        subject,
        what: `token for ${scopes.join(" ")} (token service ${url.origin}${url.pathname})`,
        missingIsUserError: false,
        ...credentials ? { credentials } : {},
        ...this.credentialNote ? { credentialNote: this.credentialNote } : {}
      });
    }
    const body = await response.bytes(TOKEN_RESPONSE_MAX_BYTES, "token response");
    const token = parseToken(body, url);
    this.logger.mask(token.value);
    const header = `Bearer ${token.value}`;
    const expiresAt = this.now() + token.lifetimeSeconds * 1e3;
    this.tokens.set(scope, { header, expiresAt });
    this.logger.debug(`registry ${this.endpoint.registry}: token for ${scopes.join(" ")} (${token.lifetimeSeconds} s)`);
    return header;
  }
  /** Throws (exit 3, nothing sent) unless a secret may go to `target` (see the class comment). */
  refuseCleartext(target) {
    if (target.protocol === "https:") return;
    const registry = new URL(this.endpoint.baseUrl);
    if (this.endpoint.insecure) {
      if (target.origin === registry.origin) return;
      if (isLoopback(this.endpoint.registry) && isLoopbackHostname(target.hostname)) return;
      if (isListedInsecure(target.host, this.insecureRegistries)) return;
    }
    const why = this.endpoint.insecure ? "plain http to another origin than the registry" : "plain http, while the registry itself is reached over https";
    throw new ToolError(
      `registry ${this.endpoint.registry} points its token realm at ${target.origin}${target.pathname}, ${why}; imagegate sent no credentials there (credentials go to a token realm over https, or over http only on the registry's own origin or a host listed with --insecure-registry)`,
      { command: `GET ${target.origin}${target.pathname}` }
    );
  }
};
function basicHeader(credentials) {
  if (!credentials?.username || credentials.password === void 0) return void 0;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}
function serviceOf(challenge) {
  return challenge.params.service ? { service: challenge.params.service } : {};
}
function scopesOf(challenge) {
  return (challenge.params.scope ?? "").split(" ").filter(Boolean);
}
function parseToken(body, url) {
  let value;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ToolError(`token service ${url.origin}${url.pathname} answered with something that is not JSON`, {
      command: `GET ${url.origin}${url.pathname}`,
      stderrTail: errorSummary(body)
    });
  }
  const token = isObject(value) ? value.token ?? value.access_token : void 0;
  if (typeof token !== "string" || token === "") {
    throw new ToolError(`token service ${url.origin}${url.pathname} answered without a token`, {
      command: `GET ${url.origin}${url.pathname}`
    });
  }
  const expires = isObject(value) ? value.expires_in : void 0;
  const lifetimeSeconds = typeof expires === "number" && Number.isFinite(expires) && expires > 0 ? expires : DEFAULT_TOKEN_LIFETIME_S;
  return { value: token, lifetimeSeconds };
}

// src/image/source/registry/concurrency.ts
var ConcurrencyLimit = class {
  constructor(limit, ceiling = limit) {
    this.limit = limit;
    this.ceiling = ceiling;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`concurrency limit ${limit}: expected ≥ 1`);
    if (!Number.isSafeInteger(ceiling) || ceiling < limit) {
      throw new Error(`concurrency ceiling ${ceiling}: expected an integer ≥ ${limit}`);
    }
    this.current = limit;
    this.threshold = ceiling;
  }
  limit;
  ceiling;
  active = 0;
  waiting = [];
  current;
  /** Above this, growth is one per window of answers rather than one per answer. */
  threshold;
  answered = 0;
  /** Bumped on every decrease: answers to requests sent before it do not halve the limit again. */
  epoch = 0;
  /** Waits for a slot; call the returned function exactly once to give it back. */
  async acquire() {
    if (this.active >= this.current) await new Promise((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.active <= this.current ? this.waiting.shift() : void 0;
      if (next) next();
      else this.active -= 1;
    };
  }
  async run(task) {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
  /** Requests in flight now. */
  get inFlight() {
    return this.active;
  }
  /** Requests allowed in flight now (the limit, or where an adaptive one stands). */
  get size() {
    return this.current;
  }
  /** Read when a request is sent; given back to `answer` with its status. */
  get generation() {
    return this.epoch;
  }
  /**
   * A request sent at `generation` got `status`. Only an adaptive limit moves: 429/503 halve it (once per round of
   * requests: the others sent alongside the first throttled one say nothing new), other answers below 500 grow it.
   * Returns the new size when it halved (for the log), else undefined.
   */
  answer(status, generation) {
    if (this.ceiling === this.limit) return void 0;
    if (status === 429 || status === 503) {
      if (generation !== this.epoch) return void 0;
      this.epoch += 1;
      this.current = Math.max(1, Math.floor(this.current / 2));
      this.threshold = this.current;
      this.answered = 0;
      return this.current;
    }
    if (status >= 500 || this.current >= this.ceiling) return void 0;
    this.answered += 1;
    if (this.current < this.threshold || this.answered >= this.current) {
      this.current += 1;
      this.answered = 0;
      while (this.active < this.current && this.waiting.length > 0) {
        this.active += 1;
        this.waiting.shift()?.();
      }
    }
    return void 0;
  }
};

// src/image/source/registry/digests.ts
import { createHash as createHash2 } from "node:crypto";
var DIGEST = /^(sha256|sha384|sha512):([a-f0-9]+)$/;
function algorithmOf(digest, subject) {
  const algorithm = DIGEST.exec(digest)?.[1];
  if (!algorithm) throw new ConfigurationError(`${subject}: ${JSON.stringify(digest)} is not a sha256/384/512 digest`);
  return algorithm;
}
function digestOf(bytes, like, subject) {
  const algorithm = like === "sha256:" ? "sha256" : algorithmOf(like, subject);
  return `${algorithm}:${createHash2(algorithm).update(bytes).digest("hex")}`;
}

// src/image/source/registry/manifest.ts
var OCI_INDEX = "application/vnd.oci.image.index.v1+json";
var DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
var SCHEMA1_TYPES = /* @__PURE__ */ new Set([
  "application/vnd.docker.distribution.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v1+prettyjws"
]);
var IMAGE_CONFIG_TYPES = /* @__PURE__ */ new Set([
  "application/vnd.oci.image.config.v1+json",
  "application/vnd.docker.container.image.v1+json"
]);
var MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(", ");
function bareMediaType(contentType) {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type ? type : void 0;
}
function manifestKind(body, contentType, subject) {
  const declared = isObject(body) && typeof body.mediaType === "string" ? body.mediaType : bareMediaType(contentType);
  const schema1 = declared !== void 0 && SCHEMA1_TYPES.has(declared) || isObject(body) && body.schemaVersion === 1;
  if (schema1) {
    throw new ConfigurationError(
      `${subject} is stored as a Docker image manifest schema 1, which imagegate does not read (it was deprecated in 2017 and current registries and Docker no longer serve it); push the image again with a current docker or buildx, which writes schema 2 or OCI`
    );
  }
  if (declared === OCI_INDEX || declared === DOCKER_MANIFEST_LIST) return "index";
  if (declared === OCI_MANIFEST || declared === DOCKER_MANIFEST) return "manifest";
  if (isObject(body) && Array.isArray(body.manifests)) return "index";
  if (isObject(body) && isObject(body.config) && Array.isArray(body.layers)) return "manifest";
  throw new ConfigurationError(
    `${subject} is not a container image: the registry serves it as ${declared ?? "an unknown media type"}`
  );
}
function checkImageConfigType(mediaType, subject) {
  if (mediaType === void 0 || IMAGE_CONFIG_TYPES.has(mediaType)) return;
  throw new ConfigurationError(`${subject} is an OCI artifact with config type ${mediaType}, not a container image`);
}

// src/image/source/registry/paged-list.ts
var LIST_PAGE_MAX_BYTES = 32 * 1024 * 1024;
async function* pagedList(request, get) {
  const { pageSize, registry, what } = request;
  if (pageSize !== void 0 && (!Number.isSafeInteger(pageSize) || pageSize < 1)) {
    throw new Error(`page size ${pageSize}: expected a positive integer`);
  }
  let url = `${request.url}${pageSize ? `?n=${pageSize}` : ""}`;
  const seen = /* @__PURE__ */ new Set();
  const budget = new PageBudget(request.caps, request.key === "tags" ? "tags" : "repositories");
  const capped = (error, at) => {
    if (!(error instanceof PageCapError)) throw error;
    throw new ToolError(`registry ${registry} lists the ${what} of ${request.subject} in ${error.message}`, {
      command: `GET ${at}`
    });
  };
  while (url !== void 0) {
    if (seen.has(url)) {
      throw new ToolError(`registry ${registry} pages its ${what} in a loop`, { command: `GET ${url}` });
    }
    seen.add(url);
    try {
      budget.nextPage();
    } catch (error) {
      capped(error, url);
    }
    const response = await get(url);
    const next = nextLinkUrl(response.headers.link, url);
    const bytes = await response.bytes(LIST_PAGE_MAX_BYTES, what);
    const names = parseList(bytes, request.key, `${what} of ${request.subject}`, url);
    try {
      budget.take(names.length);
    } catch (error) {
      capped(error, url);
    }
    yield names;
    if (next !== void 0 && new URL(next).origin !== new URL(url).origin) {
      throw new ToolError(`registry ${registry} links the next page of its ${what} to another host`, {
        command: `GET ${url}`
      });
    }
    url = next;
  }
}
function parseList(bytes, key, what, url) {
  let value;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new ToolError(`the ${what} is not JSON`, { command: `GET ${url}` });
  }
  const list = isObject(value) ? value[key] : void 0;
  if (list === null || list === void 0) return [];
  if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) {
    throw new ToolError(`the ${what} has no list of names under "${key}"`, { command: `GET ${url}` });
  }
  return list;
}

// src/image/source/registry/transport.ts
import { setTimeout as sleep } from "node:timers/promises";
var MIN_BYTES_PER_SECOND = 256 * 1024;
var DRAIN_BYTES = 64 * 1024;
var PERMANENT_NETWORK = /ENOTFOUND|CERT|certificate|self.signed|EPROTO|Redirect from HTTPS to HTTP/i;
var RegistryTransport = class {
  constructor(options) {
    this.options = options;
    this.wait = options.sleep ?? ((ms) => sleep(ms).then(() => void 0));
  }
  options;
  agents = new AgentPool(true);
  wait;
  /**
   * Sends the request, retrying what can be retried. The response returned may still be an error status (the
   * caller knows what a 404 means); `attempts` says how many tries it took.
   */
  async send(request) {
    const { logger } = this.options;
    const policy = registryRetryPolicy(this.options.retry);
    for (let attempt = 1; ; attempt++) {
      const release = await this.options.limit.acquire();
      const generation = this.options.limit.generation;
      const started = Date.now();
      const deadline = new Deadline(
        request.expectedBytes !== void 0 ? transferDeadlineMs(this.options.deadlineMs, request.expectedBytes, MIN_BYTES_PER_SECOND) : this.options.deadlineMs
      );
      let message;
      try {
        const answer = await sendHttp(
          {
            method: request.method,
            url: request.url,
            headers: {
              ...request.headers,
              ...request.body !== void 0 ? { "content-type": request.contentType ?? "application/x-www-form-urlencoded" } : {}
            },
            ...request.body !== void 0 ? { body: request.body } : {}
          },
          { agents: this.agents, deadline, idleTimeoutMs: this.options.timeoutMs }
        );
        message = answer.message;
      } catch (error) {
        release();
        deadline.end();
        const reason = error.message;
        const permanent = error instanceof RedirectError || error instanceof DeadlineError || PERMANENT_NETWORK.test(reason);
        const delay = permanent ? void 0 : networkRetryDelay(attempt, policy);
        if (delay !== void 0) {
          logger.debug(`registry: ${request.method} ${request.url} failed (${reason}); retrying in ${delay} ms`);
          await this.wait(delay);
          continue;
        }
        throw new ToolError(
          `could not reach registry ${this.options.registry}: ${reason}` + (attempt > 1 ? ` (after ${attempt} attempts)` : ""),
          { command: `${request.method} ${request.url}` },
          { cause: error }
        );
      }
      const status = message.statusCode ?? 0;
      const shrunk = this.options.limit.answer(status, generation);
      if (shrunk !== void 0) {
        logger.info(
          `registry ${this.options.registry} answered ${status}: at most ${shrunk} requests in flight from now`
        );
      }
      logger.debug(`registry: ${request.method} ${request.url} → ${status} (${Date.now() - started} ms)`);
      const response = new RegistryResponse(message, release, request, attempt, this.options.timeoutMs, deadline);
      const step = nextRetryStep(attempt, retryDecision(status, message.headers, Date.now(), policy), policy);
      if (step.kind === "give-up") return response;
      if (step.kind === "too-long") {
        response.retryAfterMs = step.askedMs;
        return response;
      }
      response.discard();
      logger.info(
        `registry ${this.options.registry} answered ${status} to ${request.method} ${pathOf(request.url)}; retrying in ${Math.round(step.ms / 100) / 10} s${step.asked ? " as Retry-After asks" : ""}`
      );
      await this.wait(step.ms);
    }
  }
  /** Closes kept-alive connections. */
  close() {
    this.agents.dispose();
  }
};
var TransferError = class extends ToolError {
};
var RegistryResponse = class {
  constructor(message, release, request, attempts, timeoutMs, deadline) {
    this.message = message;
    this.release = release;
    this.request = request;
    this.attempts = attempts;
    this.timeoutMs = timeoutMs;
    this.deadline = deadline;
    this.status = message.statusCode ?? 0;
    this.headers = message.headers;
    message.once("close", release);
  }
  message;
  release;
  request;
  attempts;
  timeoutMs;
  deadline;
  status;
  headers;
  /** Set when the registry asked to wait longer than imagegate does. */
  retryAfterMs;
  header(name) {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }
  /** The whole body, refused when it is larger than `maxBytes`. */
  async bytes(maxBytes, what) {
    try {
      return await readCappedBody(this.message, maxBytes);
    } catch (error) {
      if (error instanceof BodyError && error.problem === "too-large") throw this.tooLarge(what, maxBytes);
      const reason = error instanceof BodyError ? error.message : error.message;
      throw new (error instanceof BodyError && !this.deadline.expired ? TransferError : ToolError)(
        `reading ${what} from ${pathOf(this.request.url)} failed: ${reason}` + (this.deadline.expired ? ` (${new DeadlineError(this.deadline.ms).message})` : ""),
        { command: `${this.request.method} ${this.request.url}` },
        { cause: error }
      );
    } finally {
      this.discard();
    }
  }
  /** The body as it arrives; a stalled or dropped connection is a ToolError naming `what`. */
  async *stream(what) {
    const message = this.message;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => message.destroy(new Error(`no data for ${this.timeoutMs / 1e3} s`)), this.timeoutMs);
    };
    let received = 0;
    try {
      arm();
      for await (const chunk of message) {
        received += chunk.length;
        arm();
        yield chunk;
      }
      if (!message.complete) throw new Error("the connection closed before the end of the body");
    } catch (error) {
      if (error instanceof ToolError) throw error;
      throw new (this.deadline.expired ? ToolError : TransferError)(
        `reading ${what} from ${pathOf(this.request.url)} failed after ${received} bytes: ${error.message}`,
        { command: `${this.request.method} ${this.request.url}` },
        { cause: error }
      );
    } finally {
      clearTimeout(timer);
      this.discard();
    }
  }
  /**
   * Drops the body (and the slot). A body that is complete or small is drained, which keeps the connection for the
   * next request (HEAD, errors, redirects); a large one still on the wire is cut. Safe to call more than once.
   */
  discard() {
    const message = this.message;
    if (!message.destroyed && !message.readableEnded) {
      const declared = Number(this.header("content-length"));
      if (message.complete || Number.isFinite(declared) && declared <= DRAIN_BYTES) message.resume();
      else message.destroy();
    }
    this.deadline.end();
    this.release();
  }
  tooLarge(what, maxBytes) {
    return new ToolError(`${what} is larger than the ${maxBytes} bytes imagegate reads`, {
      command: `${this.request.method} ${this.request.url}`
    });
  }
};
function pathOf(url) {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

// src/image/source/registry/registry-client.ts
var DEFAULT_CONCURRENCY = 8;
var DEFAULT_TIMEOUT_MS = 6e4;
var DEFAULT_DEADLINE_MS = 18e4;
var DEFAULT_MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
var MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var RegistryClient = class _RegistryClient {
  constructor(endpoint, transport, auth, logger, retry, maxDocumentBytes, pageCaps) {
    this.endpoint = endpoint;
    this.transport = transport;
    this.auth = auth;
    this.logger = logger;
    this.retry = retry;
    this.maxDocumentBytes = maxDocumentBytes;
    this.pageCaps = pageCaps;
  }
  endpoint;
  transport;
  auth;
  logger;
  retry;
  maxDocumentBytes;
  pageCaps;
  /** A client for `registry` (as references name it: `docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  static async open(registry, options) {
    const { logger } = options;
    const endpoint = registryEndpoint(registry, options.insecureRegistries);
    const lookup = options.credentials ? { credentials: options.credentials } : await resolveCredentials(endpoint.registry, { logger, environment: options.environment });
    if (options.credentials?.password) logger.mask(options.credentials.password);
    const retry = { ...REGISTRY_RETRY, ...options.retry };
    const transport = new RegistryTransport({
      logger,
      registry: endpoint.registry,
      limit: new ConcurrencyLimit(
        options.concurrency ?? DEFAULT_CONCURRENCY,
        Math.max(options.concurrencyCeiling ?? 0, options.concurrency ?? DEFAULT_CONCURRENCY)
      ),
      retry,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      ...options.sleep ? { sleep: options.sleep } : {}
    });
    const auth = new RegistryAuth(
      endpoint,
      transport,
      logger,
      lookup.credentials,
      lookup.note,
      Date.now,
      options.insecureRegistries ?? []
    );
    logger.debug(
      `registry ${endpoint.registry}: ${endpoint.baseUrl}, ` + (lookup.credentials ? `credentials from ${lookup.credentials.source}` : "anonymous")
    );
    return new _RegistryClient(
      endpoint,
      transport,
      auth,
      logger,
      retry,
      options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
      { ...DEFAULT_PAGE_CAPS, ...options.pageCaps }
    );
  }
  get registry() {
    return this.endpoint.registry;
  }
  /** Where the credentials in use came from; undefined when anonymous. */
  get credentialSource() {
    return this.auth.credentials?.source;
  }
  /** The manifest (or index) a tag or digest names, digest-verified. A missing one is a ConfigurationError. */
  async getManifest(repository, reference) {
    const subject = this.subject(repository, reference);
    const response = await this.request("GET", this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      failure: { subject, what: "manifest", missingIsUserError: true }
    });
    return this.parseManifest(response, reference, subject);
  }
  async parseManifest(response, reference, subject) {
    const bytes = await response.bytes(Math.min(MAX_MANIFEST_BYTES, this.maxDocumentBytes), `manifest ${subject}`);
    const digest = this.checkManifestDigest(bytes, reference, response, subject);
    let body;
    try {
      body = JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new ToolError(`registry ${this.registry} served a manifest for ${subject} that is not JSON`, {
        command: `GET ${response.request.url}`
      });
    }
    const contentType = response.header("content-type");
    const kind2 = manifestKind(body, contentType, subject);
    const mediaType = isObject(body) && typeof body.mediaType === "string" ? body.mediaType : bareMediaType(contentType);
    return { digest, kind: kind2, ...mediaType ? { mediaType } : {}, size: bytes.length, bytes, body };
  }
  /**
   * A manifest that may not exist (an attestation tag, a referrers tag): undefined on 404 instead of an error.
   * Digest-verified like getManifest.
   */
  async findManifest(repository, reference) {
    const subject = this.subject(repository, reference);
    const response = await this.request("GET", this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      absentStatuses: [404],
      failure: { subject, what: "manifest", missingIsUserError: false }
    });
    if (response.status === 404) {
      response.discard();
      return void 0;
    }
    return this.parseManifest(response, reference, subject);
  }
  /**
   * The OCI 1.1 referrers index of a manifest (`GET /v2/<name>/referrers/<digest>`): the artifacts whose `subject`
   * is it. Undefined when the registry has no referrers API (404, 400, 405: registries before distribution 3 and
   * OCI 1.1); the caller then reads the `sha256-<hex>` tag fallback.
   */
  async referrers(repository, digest) {
    if (!DIGEST.test(digest)) throw new Error(`referrers: '${digest}' is not a digest`);
    const subject = `${this.registry}/${repository}@${digest}`;
    const response = await this.request("GET", `/v2/${repository}/referrers/${digest}`, {
      repository,
      accept: "application/vnd.oci.image.index.v1+json",
      absentStatuses: [400, 404, 405],
      failure: { subject, what: "referrers index", missingIsUserError: false }
    });
    if (response.status !== 200) {
      response.discard();
      return void 0;
    }
    const bytes = await response.bytes(Math.min(MAX_MANIFEST_BYTES, this.maxDocumentBytes), `referrers of ${subject}`);
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new ToolError(`registry ${this.registry} served a referrers index for ${subject} that is not JSON`, {
        command: `GET ${response.request.url}`
      });
    }
  }
  /** The digest a tag points at, without downloading the manifest (HEAD; GET when the registry omits the header). */
  async headManifest(repository, reference) {
    const subject = this.subject(repository, reference);
    const response = await this.request("HEAD", this.manifestPath(repository, reference), {
      repository,
      accept: MANIFEST_ACCEPT,
      failure: { subject, what: "manifest", missingIsUserError: true }
    });
    response.discard();
    const digest = response.header("docker-content-digest");
    const mediaType = bareMediaType(response.header("content-type"));
    const length = Number(response.header("content-length"));
    if (!digest || !DIGEST.test(digest)) {
      const fetched = await this.getManifest(repository, reference);
      return {
        digest: fetched.digest,
        ...fetched.mediaType ? { mediaType: fetched.mediaType } : {},
        size: fetched.size
      };
    }
    if (DIGEST.test(reference) && digest !== reference) {
      throw new ToolError(`registry ${this.registry} answered for ${subject} with digest ${digest}`, {
        command: `HEAD ${response.request.url}`
      });
    }
    return { digest, ...mediaType ? { mediaType } : {}, ...Number.isSafeInteger(length) ? { size: length } : {} };
  }
  /** A small blob (an image config) read whole; its size and digest must match the descriptor. */
  async readBlob(repository, descriptor, what) {
    const subject = `${this.registry}/${repository}@${descriptor.digest}`;
    if (descriptor.size > this.maxDocumentBytes) {
      throw new ConfigurationError(
        `${subject}: the ${what} is ${descriptor.size} bytes; imagegate reads at most ${this.maxDocumentBytes} bytes of it`
      );
    }
    const response = await this.request("GET", `/v2/${repository}/blobs/${descriptor.digest}`, {
      repository,
      expectedBytes: descriptor.size,
      failure: { subject, what, missingIsUserError: false }
    });
    const bytes = await response.bytes(descriptor.size, `${what} ${subject}`);
    if (bytes.length !== descriptor.size) {
      throw new ToolError(
        `registry ${this.registry} served ${bytes.length} bytes for the ${what} ${subject}; its manifest says ${descriptor.size}`,
        { command: `GET ${response.request.url}` }
      );
    }
    this.checkBlobDigest(digestOf(bytes, descriptor.digest, subject), descriptor, subject, what);
    return bytes;
  }
  /**
   * A blob as it arrives, never held whole: for layers. A dropped connection resumes with `Range: bytes=N-` (or,
   * when the registry ignores ranges, skips what was already passed on). The size and digest are checked at the end:
   * a corrupt blob ends in an error, never in a clean end of stream.
   */
  async *blobStream(repository, descriptor, what) {
    const subject = `${this.registry}/${repository}@${descriptor.digest}`;
    const hash = createHash3(algorithmOf(descriptor.digest, subject));
    let received = 0;
    for (let resumes = 0; ; resumes++) {
      const response = await this.request("GET", `/v2/${repository}/blobs/${descriptor.digest}`, {
        repository,
        headers: received > 0 ? { range: `bytes=${received}-` } : {},
        expectedBytes: descriptor.size - received,
        failure: { subject, what, missingIsUserError: false }
      });
      let skip = 0;
      if (received > 0 && response.status === 206) {
        const start = /^bytes (\d+)-/.exec(response.header("content-range") ?? "")?.[1];
        if (Number(start) !== received) {
          response.discard();
          throw new ToolError(`registry ${this.registry} resumed ${subject} at the wrong offset`, {
            command: `GET ${response.request.url}`
          });
        }
      } else if (received > 0) {
        skip = received;
      }
      try {
        for await (const chunk of response.stream(`${what} ${subject}`)) {
          let data = chunk;
          if (skip > 0) {
            const dropped = Math.min(skip, data.length);
            skip -= dropped;
            data = data.subarray(dropped);
            if (data.length === 0) continue;
          }
          received += data.length;
          if (received > descriptor.size) {
            throw new ToolError(
              `registry ${this.registry} served more than the ${descriptor.size} bytes of ${subject}`,
              {
                command: `GET ${response.request.url}`
              }
            );
          }
          hash.update(data);
          yield data;
        }
      } catch (error) {
        if (!(error instanceof TransferError) || resumes + 1 >= this.retry.attempts) throw error;
        this.logger.info(`${error.message}; resuming at byte ${received}`);
        continue;
      }
      if (received === descriptor.size) break;
      if (resumes + 1 >= this.retry.attempts) {
        throw new ToolError(
          `registry ${this.registry} ended ${subject} after ${received} of ${descriptor.size} bytes`,
          { command: `GET ${response.request.url}` }
        );
      }
    }
    this.checkBlobDigest(`${algorithmOf(descriptor.digest, subject)}:${hash.digest("hex")}`, descriptor, subject, what);
  }
  /** Tags of a repository, a page at a time, following `Link: <…>; rel="next"`. */
  async *tagPages(repository, options = {}) {
    const subject = `${this.registry}/${repository}`;
    const failure = { subject, what: "tag list", missingIsUserError: true };
    yield* pagedList(
      {
        registry: this.registry,
        url: `${this.endpoint.baseUrl}/v2/${repository}/tags/list`,
        ...options,
        key: "tags",
        what: failure.what,
        subject,
        caps: this.pageCaps
      },
      (url) => this.request("GET", url, { repository, failure })
    );
  }
  async listTags(repository, options = {}) {
    const tags = [];
    for await (const page of this.tagPages(repository, options)) appendAll(tags, page);
    return tags;
  }
  /** Repositories from `/v2/_catalog`, a page at a time (registries that do not offer it answer 401/404). */
  async *catalogPages(options = {}) {
    const failure = { subject: `registry ${this.registry}`, what: "repository catalog", missingIsUserError: true };
    yield* pagedList(
      {
        registry: this.registry,
        url: `${this.endpoint.baseUrl}/v2/_catalog`,
        ...options,
        key: "repositories",
        what: failure.what,
        subject: failure.subject,
        caps: this.pageCaps
      },
      (url) => this.request("GET", url, { failure })
    );
  }
  async listRepositories(options = {}) {
    const names = [];
    for await (const page of this.catalogPages(options)) appendAll(names, page);
    return names;
  }
  /**
   * Uploads a small blob (an attestation) unless the repository has it: HEAD, else POST an upload session and PUT
   * the bytes to it with their digest (the two-step upload every distribution registry supports). Needs push scope.
   */
  async pushBlob(repository, bytes, what) {
    const digest = `sha256:${createHash3("sha256").update(bytes).digest("hex")}`;
    const subject = `${this.registry}/${repository}@${digest}`;
    const failure = { subject, what, missingIsUserError: false };
    const head = await this.request("HEAD", `/v2/${repository}/blobs/${digest}`, {
      repository,
      push: true,
      absentStatuses: [404],
      failure
    });
    head.discard();
    if (head.status === 200) return { digest, size: bytes.length };
    const start = await this.request("POST", `/v2/${repository}/blobs/uploads/`, {
      repository,
      push: true,
      body: Buffer.alloc(0),
      contentType: "application/octet-stream",
      failure: { ...failure, what: `upload session for the ${what}` }
    });
    start.discard();
    const location = start.header("location");
    const url = location ? new URL(location, this.endpoint.baseUrl) : void 0;
    if (!url || url.origin !== new URL(this.endpoint.baseUrl).origin) {
      throw new ToolError(
        `registry ${this.registry} answered the upload of the ${what} with ${location ? `a Location on another origin (${url?.origin ?? "?"})` : "no Location"}`,
        { command: `POST ${this.endpoint.baseUrl}/v2/${repository}/blobs/uploads/` }
      );
    }
    url.searchParams.set("digest", digest);
    const put = await this.request("PUT", url.toString(), {
      repository,
      push: true,
      body: bytes,
      contentType: "application/octet-stream",
      failure
    });
    put.discard();
    return { digest, size: bytes.length };
  }
  /** Puts a manifest (or index) under a tag or its digest; returns the digest and the registry's `OCI-Subject`. */
  async putManifest(repository, reference, bytes, mediaType) {
    const digest = `sha256:${createHash3("sha256").update(bytes).digest("hex")}`;
    const response = await this.request("PUT", this.manifestPath(repository, reference), {
      repository,
      push: true,
      body: bytes,
      contentType: mediaType,
      failure: { subject: this.subject(repository, reference), what: "manifest", missingIsUserError: false }
    });
    response.discard();
    const ociSubject = response.header("oci-subject");
    return { digest, ...ociSubject ? { ociSubject } : {} };
  }
  /** Closes kept-alive connections. */
  close() {
    this.transport.close();
  }
  /** One request, answering a 401 challenge once; any status but 2xx becomes the error it stands for. */
  async request(method, pathOrUrl, how) {
    const url = pathOrUrl.startsWith("/") ? `${this.endpoint.baseUrl}${pathOrUrl}` : pathOrUrl;
    const scope = how.repository !== void 0 ? `repository:${how.repository}:${how.push ? "pull,push" : "pull"}` : "registry:catalog:*";
    const subject = how.failure.subject;
    let answered = false;
    for (; ; ) {
      const authorization = await this.auth.authorization(scope, subject);
      const response = await this.transport.send({
        method,
        url,
        ...how.body !== void 0 ? { body: how.body, contentType: how.contentType ?? "application/octet-stream" } : {},
        ...how.expectedBytes !== void 0 ? { expectedBytes: how.expectedBytes } : {},
        headers: {
          ...how.accept ? { accept: how.accept } : {},
          ...how.headers,
          ...authorization ? { authorization } : {}
        }
      });
      if (response.status >= 200 && response.status < 300) return response;
      if (how.absentStatuses?.includes(response.status)) return response;
      const detail = await errorDetail(response);
      if (response.status === 401 && !answered) {
        answered = true;
        const current = await this.auth.authorization(scope, subject);
        if (current !== void 0 && current !== authorization) continue;
        if (await this.auth.answer(response, scope, subject)) continue;
      }
      if (how.push) throw this.pushFailure(response, subject, detail);
      throw failureFor(
        response,
        {
          registry: this.registry,
          ...how.failure,
          ...this.auth.credentials ? { credentials: this.auth.credentials } : {},
          ...this.auth.credentialNote ? { credentialNote: this.auth.credentialNote } : {}
        },
        detail
      );
    }
  }
  /**
   * A failed push is always exit 3 naming the request and its status: unlike a pull, there is no image the user
   * misnamed, and "which request, what answer" is what fixing the token's scope or the registry needs.
   */
  pushFailure(response, subject, detail) {
    const { method, url } = response.request;
    const said = detail ? ` (${detail})` : "";
    const source = this.auth.credentials?.source;
    const hint = response.status === 401 || response.status === 403 ? source ? `; the credentials from ${source} need push access to it` : "; pushing needs credentials with push access (IMAGEGATE_REGISTRY_USERNAME/PASSWORD or docker login)" : "";
    return new ToolError(
      `registry ${this.registry} answered HTTP ${response.status} to ${method} ${new URL(url).pathname} for ${subject}${said}${hint}`,
      { command: `${method} ${url}` }
    );
  }
  manifestPath(repository, reference) {
    return `/v2/${repository}/manifests/${reference}`;
  }
  subject(repository, reference) {
    return `${this.registry}/${repository}${DIGEST.test(reference) ? "@" : ":"}${reference}`;
  }
  checkManifestDigest(bytes, reference, response, subject) {
    const command = `GET ${response.request.url}`;
    if (DIGEST.test(reference)) {
      const actual = digestOf(bytes, reference, subject);
      if (actual !== reference) {
        throw new ToolError(`registry ${this.registry} served a manifest for ${subject} that hashes to ${actual}`, {
          command
        });
      }
      return actual;
    }
    const digest = digestOf(bytes, "sha256:", subject);
    const header = response.header("docker-content-digest");
    if (header && header.startsWith("sha256:") && header !== digest) {
      throw new ToolError(
        `registry ${this.registry} says the manifest of ${subject} is ${header}, but the bytes it served hash to ${digest}`,
        { command }
      );
    }
    return digest;
  }
  checkBlobDigest(actual, descriptor, subject, what) {
    if (actual !== descriptor.digest) {
      throw new ToolError(`registry ${this.registry} served a ${what} for ${subject} that hashes to ${actual}`, {
        command: `GET ${this.endpoint.baseUrl}/v2/…/blobs/${descriptor.digest}`
      });
    }
  }
};

// src/json/document-validators.generated.js
var import_ucs2length = __toESM(require_ucs2length(), 1);
var baselineReport = validate20;
var schema31 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "imagegate baseline report (--baseline-report)",
  description: "What imagegate needs of an earlier run's imagegate.json to compare against it: the subset of imagegate-result.schema.json the comparison reads. Everything else in the document is read leniently or ignored.",
  type: "object",
  required: ["schemaVersion", "tool", "findings"],
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: "object",
      required: ["name"],
      properties: { name: { const: "imagegate" }, version: { type: "string" } }
    },
    findings: {
      type: "array",
      items: {
        type: "object",
        required: ["ruleId", "severity", "fingerprint", "suppressed"],
        properties: {
          ruleId: { type: "string", minLength: 1 },
          severity: { enum: ["critical", "high", "medium", "low", "info"] },
          fingerprint: { type: "string", pattern: "^[0-9a-f]{32}$" },
          suppressed: { type: "boolean" },
          message: { type: "string" }
        }
      }
    }
  }
};
var func1 = import_ucs2length.default.default;
var pattern4 = new RegExp("^[0-9a-f]{32}$", "u");
function validate20(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate20.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (errors === 0) {
    if (data && typeof data == "object" && !Array.isArray(data)) {
      let missing0;
      if (data.schemaVersion === void 0 && (missing0 = "schemaVersion") || data.tool === void 0 && (missing0 = "tool") || data.findings === void 0 && (missing0 = "findings")) {
        validate20.errors = [
          {
            instancePath,
            schemaPath: "#/required",
            keyword: "required",
            params: { missingProperty: missing0 },
            message: "must have required property '" + missing0 + "'",
            schema: schema31.required,
            parentSchema: schema31,
            data
          }
        ];
        return false;
      } else {
        if (data.schemaVersion !== void 0) {
          let data0 = data.schemaVersion;
          const _errs1 = errors;
          if (1 !== data0) {
            validate20.errors = [
              {
                instancePath: instancePath + "/schemaVersion",
                schemaPath: "#/properties/schemaVersion/const",
                keyword: "const",
                params: { allowedValue: 1 },
                message: "must be equal to constant",
                schema: 1,
                parentSchema: schema31.properties.schemaVersion,
                data: data0
              }
            ];
            return false;
          }
          var valid0 = _errs1 === errors;
        } else {
          var valid0 = true;
        }
        if (valid0) {
          if (data.tool !== void 0) {
            let data1 = data.tool;
            const _errs2 = errors;
            if (errors === _errs2) {
              if (data1 && typeof data1 == "object" && !Array.isArray(data1)) {
                let missing1;
                if (data1.name === void 0 && (missing1 = "name")) {
                  validate20.errors = [
                    {
                      instancePath: instancePath + "/tool",
                      schemaPath: "#/properties/tool/required",
                      keyword: "required",
                      params: { missingProperty: missing1 },
                      message: "must have required property '" + missing1 + "'",
                      schema: schema31.properties.tool.required,
                      parentSchema: schema31.properties.tool,
                      data: data1
                    }
                  ];
                  return false;
                } else {
                  if (data1.name !== void 0) {
                    let data2 = data1.name;
                    const _errs4 = errors;
                    if ("imagegate" !== data2) {
                      validate20.errors = [
                        {
                          instancePath: instancePath + "/tool/name",
                          schemaPath: "#/properties/tool/properties/name/const",
                          keyword: "const",
                          params: { allowedValue: "imagegate" },
                          message: "must be equal to constant",
                          schema: "imagegate",
                          parentSchema: schema31.properties.tool.properties.name,
                          data: data2
                        }
                      ];
                      return false;
                    }
                    var valid1 = _errs4 === errors;
                  } else {
                    var valid1 = true;
                  }
                  if (valid1) {
                    if (data1.version !== void 0) {
                      let data3 = data1.version;
                      const _errs5 = errors;
                      if (typeof data3 !== "string") {
                        validate20.errors = [
                          {
                            instancePath: instancePath + "/tool/version",
                            schemaPath: "#/properties/tool/properties/version/type",
                            keyword: "type",
                            params: { type: "string" },
                            message: "must be string",
                            schema: schema31.properties.tool.properties.version.type,
                            parentSchema: schema31.properties.tool.properties.version,
                            data: data3
                          }
                        ];
                        return false;
                      }
                      var valid1 = _errs5 === errors;
                    } else {
                      var valid1 = true;
                    }
                  }
                }
              } else {
                validate20.errors = [
                  {
                    instancePath: instancePath + "/tool",
                    schemaPath: "#/properties/tool/type",
                    keyword: "type",
                    params: { type: "object" },
                    message: "must be object",
                    schema: schema31.properties.tool.type,
                    parentSchema: schema31.properties.tool,
                    data: data1
                  }
                ];
                return false;
              }
            }
            var valid0 = _errs2 === errors;
          } else {
            var valid0 = true;
          }
          if (valid0) {
            if (data.findings !== void 0) {
              let data4 = data.findings;
              const _errs7 = errors;
              if (errors === _errs7) {
                if (Array.isArray(data4)) {
                  var valid2 = true;
                  const len0 = data4.length;
                  for (let i0 = 0; i0 < len0; i0++) {
                    let data5 = data4[i0];
                    const _errs9 = errors;
                    if (errors === _errs9) {
                      if (data5 && typeof data5 == "object" && !Array.isArray(data5)) {
                        let missing2;
                        if (data5.ruleId === void 0 && (missing2 = "ruleId") || data5.severity === void 0 && (missing2 = "severity") || data5.fingerprint === void 0 && (missing2 = "fingerprint") || data5.suppressed === void 0 && (missing2 = "suppressed")) {
                          validate20.errors = [
                            {
                              instancePath: instancePath + "/findings/" + i0,
                              schemaPath: "#/properties/findings/items/required",
                              keyword: "required",
                              params: { missingProperty: missing2 },
                              message: "must have required property '" + missing2 + "'",
                              schema: schema31.properties.findings.items.required,
                              parentSchema: schema31.properties.findings.items,
                              data: data5
                            }
                          ];
                          return false;
                        } else {
                          if (data5.ruleId !== void 0) {
                            let data6 = data5.ruleId;
                            const _errs11 = errors;
                            if (errors === _errs11) {
                              if (typeof data6 === "string") {
                                if (func1(data6) < 1) {
                                  validate20.errors = [
                                    {
                                      instancePath: instancePath + "/findings/" + i0 + "/ruleId",
                                      schemaPath: "#/properties/findings/items/properties/ruleId/minLength",
                                      keyword: "minLength",
                                      params: { limit: 1 },
                                      message: "must NOT have fewer than 1 characters",
                                      schema: 1,
                                      parentSchema: schema31.properties.findings.items.properties.ruleId,
                                      data: data6
                                    }
                                  ];
                                  return false;
                                }
                              } else {
                                validate20.errors = [
                                  {
                                    instancePath: instancePath + "/findings/" + i0 + "/ruleId",
                                    schemaPath: "#/properties/findings/items/properties/ruleId/type",
                                    keyword: "type",
                                    params: { type: "string" },
                                    message: "must be string",
                                    schema: schema31.properties.findings.items.properties.ruleId.type,
                                    parentSchema: schema31.properties.findings.items.properties.ruleId,
                                    data: data6
                                  }
                                ];
                                return false;
                              }
                            }
                            var valid3 = _errs11 === errors;
                          } else {
                            var valid3 = true;
                          }
                          if (valid3) {
                            if (data5.severity !== void 0) {
                              let data7 = data5.severity;
                              const _errs13 = errors;
                              if (!(data7 === "critical" || data7 === "high" || data7 === "medium" || data7 === "low" || data7 === "info")) {
                                validate20.errors = [
                                  {
                                    instancePath: instancePath + "/findings/" + i0 + "/severity",
                                    schemaPath: "#/properties/findings/items/properties/severity/enum",
                                    keyword: "enum",
                                    params: {
                                      allowedValues: schema31.properties.findings.items.properties.severity.enum
                                    },
                                    message: "must be equal to one of the allowed values",
                                    schema: schema31.properties.findings.items.properties.severity.enum,
                                    parentSchema: schema31.properties.findings.items.properties.severity,
                                    data: data7
                                  }
                                ];
                                return false;
                              }
                              var valid3 = _errs13 === errors;
                            } else {
                              var valid3 = true;
                            }
                            if (valid3) {
                              if (data5.fingerprint !== void 0) {
                                let data8 = data5.fingerprint;
                                const _errs14 = errors;
                                if (errors === _errs14) {
                                  if (typeof data8 === "string") {
                                    if (!pattern4.test(data8)) {
                                      validate20.errors = [
                                        {
                                          instancePath: instancePath + "/findings/" + i0 + "/fingerprint",
                                          schemaPath: "#/properties/findings/items/properties/fingerprint/pattern",
                                          keyword: "pattern",
                                          params: { pattern: "^[0-9a-f]{32}$" },
                                          message: 'must match pattern "^[0-9a-f]{32}$"',
                                          schema: "^[0-9a-f]{32}$",
                                          parentSchema: schema31.properties.findings.items.properties.fingerprint,
                                          data: data8
                                        }
                                      ];
                                      return false;
                                    }
                                  } else {
                                    validate20.errors = [
                                      {
                                        instancePath: instancePath + "/findings/" + i0 + "/fingerprint",
                                        schemaPath: "#/properties/findings/items/properties/fingerprint/type",
                                        keyword: "type",
                                        params: { type: "string" },
                                        message: "must be string",
                                        schema: schema31.properties.findings.items.properties.fingerprint.type,
                                        parentSchema: schema31.properties.findings.items.properties.fingerprint,
                                        data: data8
                                      }
                                    ];
                                    return false;
                                  }
                                }
                                var valid3 = _errs14 === errors;
                              } else {
                                var valid3 = true;
                              }
                              if (valid3) {
                                if (data5.suppressed !== void 0) {
                                  let data9 = data5.suppressed;
                                  const _errs16 = errors;
                                  if (typeof data9 !== "boolean") {
                                    validate20.errors = [
                                      {
                                        instancePath: instancePath + "/findings/" + i0 + "/suppressed",
                                        schemaPath: "#/properties/findings/items/properties/suppressed/type",
                                        keyword: "type",
                                        params: { type: "boolean" },
                                        message: "must be boolean",
                                        schema: schema31.properties.findings.items.properties.suppressed.type,
                                        parentSchema: schema31.properties.findings.items.properties.suppressed,
                                        data: data9
                                      }
                                    ];
                                    return false;
                                  }
                                  var valid3 = _errs16 === errors;
                                } else {
                                  var valid3 = true;
                                }
                                if (valid3) {
                                  if (data5.message !== void 0) {
                                    let data10 = data5.message;
                                    const _errs18 = errors;
                                    if (typeof data10 !== "string") {
                                      validate20.errors = [
                                        {
                                          instancePath: instancePath + "/findings/" + i0 + "/message",
                                          schemaPath: "#/properties/findings/items/properties/message/type",
                                          keyword: "type",
                                          params: { type: "string" },
                                          message: "must be string",
                                          schema: schema31.properties.findings.items.properties.message.type,
                                          parentSchema: schema31.properties.findings.items.properties.message,
                                          data: data10
                                        }
                                      ];
                                      return false;
                                    }
                                    var valid3 = _errs18 === errors;
                                  } else {
                                    var valid3 = true;
                                  }
                                }
                              }
                            }
                          }
                        }
                      } else {
                        validate20.errors = [
                          {
                            instancePath: instancePath + "/findings/" + i0,
                            schemaPath: "#/properties/findings/items/type",
                            keyword: "type",
                            params: { type: "object" },
                            message: "must be object",
                            schema: schema31.properties.findings.items.type,
                            parentSchema: schema31.properties.findings.items,
                            data: data5
                          }
                        ];
                        return false;
                      }
                    }
                    var valid2 = _errs9 === errors;
                    if (!valid2) {
                      break;
                    }
                  }
                } else {
                  validate20.errors = [
                    {
                      instancePath: instancePath + "/findings",
                      schemaPath: "#/properties/findings/type",
                      keyword: "type",
                      params: { type: "array" },
                      message: "must be array",
                      schema: schema31.properties.findings.type,
                      parentSchema: schema31.properties.findings,
                      data: data4
                    }
                  ];
                  return false;
                }
              }
              var valid0 = _errs7 === errors;
            } else {
              var valid0 = true;
            }
          }
        }
      }
    } else {
      validate20.errors = [
        {
          instancePath,
          schemaPath: "#/type",
          keyword: "type",
          params: { type: "object" },
          message: "must be object",
          schema: schema31.type,
          parentSchema: schema31,
          data
        }
      ];
      return false;
    }
  }
  validate20.errors = vErrors;
  return errors === 0;
}
validate20.evaluated = {
  props: { schemaVersion: true, tool: true, findings: true },
  dynamicProps: false,
  dynamicItems: false
};
var rescanLedger = validate21;
var schema32 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "imagegate re-scan ledger",
  description: "Written by `imagegate rescan merge` and carried between scheduled runs: what each digest's last scan found. Keys not named here are allowed and ignored.",
  type: "object",
  required: ["schemaVersion", "updatedAt", "entries"],
  properties: {
    schemaVersion: { const: 1 },
    updatedAt: {
      type: "string",
      minLength: 1,
      description: "An ISO 8601 time, as new Date().toISOString() writes it."
    },
    entries: {
      type: "object",
      propertyNames: {
        pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
        description: "a manifest digest (algorithm:hex)"
      },
      additionalProperties: {
        type: "object",
        required: ["repository", "tags", "lastScan", "fingerprints", "verdict"],
        properties: {
          repository: { type: "string", minLength: 1 },
          tags: { type: "array", items: { type: "string", minLength: 1 } },
          lastScan: {
            type: "string",
            minLength: 1,
            description: "An ISO 8601 time, as new Date().toISOString() writes it."
          },
          trivyDbUpdatedAt: {
            type: "string",
            minLength: 1,
            description: "An ISO 8601 time, as new Date().toISOString() writes it."
          },
          fingerprints: { type: "array", items: { type: "string", minLength: 1 } },
          verdict: { enum: ["pass", "fail"] }
        }
      }
    }
  }
};
var pattern5 = new RegExp("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", "u");
function validate21(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate21.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (errors === 0) {
    if (data && typeof data == "object" && !Array.isArray(data)) {
      let missing0;
      if (data.schemaVersion === void 0 && (missing0 = "schemaVersion") || data.updatedAt === void 0 && (missing0 = "updatedAt") || data.entries === void 0 && (missing0 = "entries")) {
        validate21.errors = [
          {
            instancePath,
            schemaPath: "#/required",
            keyword: "required",
            params: { missingProperty: missing0 },
            message: "must have required property '" + missing0 + "'",
            schema: schema32.required,
            parentSchema: schema32,
            data
          }
        ];
        return false;
      } else {
        if (data.schemaVersion !== void 0) {
          let data0 = data.schemaVersion;
          const _errs1 = errors;
          if (1 !== data0) {
            validate21.errors = [
              {
                instancePath: instancePath + "/schemaVersion",
                schemaPath: "#/properties/schemaVersion/const",
                keyword: "const",
                params: { allowedValue: 1 },
                message: "must be equal to constant",
                schema: 1,
                parentSchema: schema32.properties.schemaVersion,
                data: data0
              }
            ];
            return false;
          }
          var valid0 = _errs1 === errors;
        } else {
          var valid0 = true;
        }
        if (valid0) {
          if (data.updatedAt !== void 0) {
            let data1 = data.updatedAt;
            const _errs2 = errors;
            if (errors === _errs2) {
              if (typeof data1 === "string") {
                if (func1(data1) < 1) {
                  validate21.errors = [
                    {
                      instancePath: instancePath + "/updatedAt",
                      schemaPath: "#/properties/updatedAt/minLength",
                      keyword: "minLength",
                      params: { limit: 1 },
                      message: "must NOT have fewer than 1 characters",
                      schema: 1,
                      parentSchema: schema32.properties.updatedAt,
                      data: data1
                    }
                  ];
                  return false;
                }
              } else {
                validate21.errors = [
                  {
                    instancePath: instancePath + "/updatedAt",
                    schemaPath: "#/properties/updatedAt/type",
                    keyword: "type",
                    params: { type: "string" },
                    message: "must be string",
                    schema: schema32.properties.updatedAt.type,
                    parentSchema: schema32.properties.updatedAt,
                    data: data1
                  }
                ];
                return false;
              }
            }
            var valid0 = _errs2 === errors;
          } else {
            var valid0 = true;
          }
          if (valid0) {
            if (data.entries !== void 0) {
              let data2 = data.entries;
              const _errs4 = errors;
              if (errors === _errs4) {
                if (data2 && typeof data2 == "object" && !Array.isArray(data2)) {
                  for (const key0 in data2) {
                    const _errs6 = errors;
                    if (typeof key0 === "string") {
                      if (!pattern5.test(key0)) {
                        const err0 = {
                          instancePath: instancePath + "/entries",
                          schemaPath: "#/properties/entries/propertyNames/pattern",
                          keyword: "pattern",
                          params: { pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$" },
                          message: 'must match pattern "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$"',
                          schema: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
                          parentSchema: schema32.properties.entries.propertyNames,
                          data: key0,
                          propertyName: key0
                        };
                        if (vErrors === null) {
                          vErrors = [err0];
                        } else {
                          vErrors.push(err0);
                        }
                        errors++;
                      }
                    }
                    var valid1 = _errs6 === errors;
                    if (!valid1) {
                      const err1 = {
                        instancePath: instancePath + "/entries",
                        schemaPath: "#/properties/entries/propertyNames",
                        keyword: "propertyNames",
                        params: { propertyName: key0 },
                        message: "property name must be valid",
                        schema: schema32.properties.entries.propertyNames,
                        parentSchema: schema32.properties.entries,
                        data: data2
                      };
                      if (vErrors === null) {
                        vErrors = [err1];
                      } else {
                        vErrors.push(err1);
                      }
                      errors++;
                      validate21.errors = vErrors;
                      return false;
                      break;
                    }
                  }
                  if (valid1) {
                    for (const key1 in data2) {
                      let data3 = data2[key1];
                      const _errs8 = errors;
                      if (errors === _errs8) {
                        if (data3 && typeof data3 == "object" && !Array.isArray(data3)) {
                          let missing1;
                          if (data3.repository === void 0 && (missing1 = "repository") || data3.tags === void 0 && (missing1 = "tags") || data3.lastScan === void 0 && (missing1 = "lastScan") || data3.fingerprints === void 0 && (missing1 = "fingerprints") || data3.verdict === void 0 && (missing1 = "verdict")) {
                            validate21.errors = [
                              {
                                instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),
                                schemaPath: "#/properties/entries/additionalProperties/required",
                                keyword: "required",
                                params: { missingProperty: missing1 },
                                message: "must have required property '" + missing1 + "'",
                                schema: schema32.properties.entries.additionalProperties.required,
                                parentSchema: schema32.properties.entries.additionalProperties,
                                data: data3
                              }
                            ];
                            return false;
                          } else {
                            if (data3.repository !== void 0) {
                              let data4 = data3.repository;
                              const _errs10 = errors;
                              if (errors === _errs10) {
                                if (typeof data4 === "string") {
                                  if (func1(data4) < 1) {
                                    validate21.errors = [
                                      {
                                        instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/repository",
                                        schemaPath: "#/properties/entries/additionalProperties/properties/repository/minLength",
                                        keyword: "minLength",
                                        params: { limit: 1 },
                                        message: "must NOT have fewer than 1 characters",
                                        schema: 1,
                                        parentSchema: schema32.properties.entries.additionalProperties.properties.repository,
                                        data: data4
                                      }
                                    ];
                                    return false;
                                  }
                                } else {
                                  validate21.errors = [
                                    {
                                      instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/repository",
                                      schemaPath: "#/properties/entries/additionalProperties/properties/repository/type",
                                      keyword: "type",
                                      params: { type: "string" },
                                      message: "must be string",
                                      schema: schema32.properties.entries.additionalProperties.properties.repository.type,
                                      parentSchema: schema32.properties.entries.additionalProperties.properties.repository,
                                      data: data4
                                    }
                                  ];
                                  return false;
                                }
                              }
                              var valid3 = _errs10 === errors;
                            } else {
                              var valid3 = true;
                            }
                            if (valid3) {
                              if (data3.tags !== void 0) {
                                let data5 = data3.tags;
                                const _errs12 = errors;
                                if (errors === _errs12) {
                                  if (Array.isArray(data5)) {
                                    var valid4 = true;
                                    const len0 = data5.length;
                                    for (let i0 = 0; i0 < len0; i0++) {
                                      let data6 = data5[i0];
                                      const _errs14 = errors;
                                      if (errors === _errs14) {
                                        if (typeof data6 === "string") {
                                          if (func1(data6) < 1) {
                                            validate21.errors = [
                                              {
                                                instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/tags/" + i0,
                                                schemaPath: "#/properties/entries/additionalProperties/properties/tags/items/minLength",
                                                keyword: "minLength",
                                                params: { limit: 1 },
                                                message: "must NOT have fewer than 1 characters",
                                                schema: 1,
                                                parentSchema: schema32.properties.entries.additionalProperties.properties.tags.items,
                                                data: data6
                                              }
                                            ];
                                            return false;
                                          }
                                        } else {
                                          validate21.errors = [
                                            {
                                              instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/tags/" + i0,
                                              schemaPath: "#/properties/entries/additionalProperties/properties/tags/items/type",
                                              keyword: "type",
                                              params: { type: "string" },
                                              message: "must be string",
                                              schema: schema32.properties.entries.additionalProperties.properties.tags.items.type,
                                              parentSchema: schema32.properties.entries.additionalProperties.properties.tags.items,
                                              data: data6
                                            }
                                          ];
                                          return false;
                                        }
                                      }
                                      var valid4 = _errs14 === errors;
                                      if (!valid4) {
                                        break;
                                      }
                                    }
                                  } else {
                                    validate21.errors = [
                                      {
                                        instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/tags",
                                        schemaPath: "#/properties/entries/additionalProperties/properties/tags/type",
                                        keyword: "type",
                                        params: { type: "array" },
                                        message: "must be array",
                                        schema: schema32.properties.entries.additionalProperties.properties.tags.type,
                                        parentSchema: schema32.properties.entries.additionalProperties.properties.tags,
                                        data: data5
                                      }
                                    ];
                                    return false;
                                  }
                                }
                                var valid3 = _errs12 === errors;
                              } else {
                                var valid3 = true;
                              }
                              if (valid3) {
                                if (data3.lastScan !== void 0) {
                                  let data7 = data3.lastScan;
                                  const _errs16 = errors;
                                  if (errors === _errs16) {
                                    if (typeof data7 === "string") {
                                      if (func1(data7) < 1) {
                                        validate21.errors = [
                                          {
                                            instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/lastScan",
                                            schemaPath: "#/properties/entries/additionalProperties/properties/lastScan/minLength",
                                            keyword: "minLength",
                                            params: { limit: 1 },
                                            message: "must NOT have fewer than 1 characters",
                                            schema: 1,
                                            parentSchema: schema32.properties.entries.additionalProperties.properties.lastScan,
                                            data: data7
                                          }
                                        ];
                                        return false;
                                      }
                                    } else {
                                      validate21.errors = [
                                        {
                                          instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/lastScan",
                                          schemaPath: "#/properties/entries/additionalProperties/properties/lastScan/type",
                                          keyword: "type",
                                          params: { type: "string" },
                                          message: "must be string",
                                          schema: schema32.properties.entries.additionalProperties.properties.lastScan.type,
                                          parentSchema: schema32.properties.entries.additionalProperties.properties.lastScan,
                                          data: data7
                                        }
                                      ];
                                      return false;
                                    }
                                  }
                                  var valid3 = _errs16 === errors;
                                } else {
                                  var valid3 = true;
                                }
                                if (valid3) {
                                  if (data3.trivyDbUpdatedAt !== void 0) {
                                    let data8 = data3.trivyDbUpdatedAt;
                                    const _errs18 = errors;
                                    if (errors === _errs18) {
                                      if (typeof data8 === "string") {
                                        if (func1(data8) < 1) {
                                          validate21.errors = [
                                            {
                                              instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/trivyDbUpdatedAt",
                                              schemaPath: "#/properties/entries/additionalProperties/properties/trivyDbUpdatedAt/minLength",
                                              keyword: "minLength",
                                              params: { limit: 1 },
                                              message: "must NOT have fewer than 1 characters",
                                              schema: 1,
                                              parentSchema: schema32.properties.entries.additionalProperties.properties.trivyDbUpdatedAt,
                                              data: data8
                                            }
                                          ];
                                          return false;
                                        }
                                      } else {
                                        validate21.errors = [
                                          {
                                            instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/trivyDbUpdatedAt",
                                            schemaPath: "#/properties/entries/additionalProperties/properties/trivyDbUpdatedAt/type",
                                            keyword: "type",
                                            params: { type: "string" },
                                            message: "must be string",
                                            schema: schema32.properties.entries.additionalProperties.properties.trivyDbUpdatedAt.type,
                                            parentSchema: schema32.properties.entries.additionalProperties.properties.trivyDbUpdatedAt,
                                            data: data8
                                          }
                                        ];
                                        return false;
                                      }
                                    }
                                    var valid3 = _errs18 === errors;
                                  } else {
                                    var valid3 = true;
                                  }
                                  if (valid3) {
                                    if (data3.fingerprints !== void 0) {
                                      let data9 = data3.fingerprints;
                                      const _errs20 = errors;
                                      if (errors === _errs20) {
                                        if (Array.isArray(data9)) {
                                          var valid5 = true;
                                          const len1 = data9.length;
                                          for (let i1 = 0; i1 < len1; i1++) {
                                            let data10 = data9[i1];
                                            const _errs22 = errors;
                                            if (errors === _errs22) {
                                              if (typeof data10 === "string") {
                                                if (func1(data10) < 1) {
                                                  validate21.errors = [
                                                    {
                                                      instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/fingerprints/" + i1,
                                                      schemaPath: "#/properties/entries/additionalProperties/properties/fingerprints/items/minLength",
                                                      keyword: "minLength",
                                                      params: { limit: 1 },
                                                      message: "must NOT have fewer than 1 characters",
                                                      schema: 1,
                                                      parentSchema: schema32.properties.entries.additionalProperties.properties.fingerprints.items,
                                                      data: data10
                                                    }
                                                  ];
                                                  return false;
                                                }
                                              } else {
                                                validate21.errors = [
                                                  {
                                                    instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/fingerprints/" + i1,
                                                    schemaPath: "#/properties/entries/additionalProperties/properties/fingerprints/items/type",
                                                    keyword: "type",
                                                    params: { type: "string" },
                                                    message: "must be string",
                                                    schema: schema32.properties.entries.additionalProperties.properties.fingerprints.items.type,
                                                    parentSchema: schema32.properties.entries.additionalProperties.properties.fingerprints.items,
                                                    data: data10
                                                  }
                                                ];
                                                return false;
                                              }
                                            }
                                            var valid5 = _errs22 === errors;
                                            if (!valid5) {
                                              break;
                                            }
                                          }
                                        } else {
                                          validate21.errors = [
                                            {
                                              instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/fingerprints",
                                              schemaPath: "#/properties/entries/additionalProperties/properties/fingerprints/type",
                                              keyword: "type",
                                              params: { type: "array" },
                                              message: "must be array",
                                              schema: schema32.properties.entries.additionalProperties.properties.fingerprints.type,
                                              parentSchema: schema32.properties.entries.additionalProperties.properties.fingerprints,
                                              data: data9
                                            }
                                          ];
                                          return false;
                                        }
                                      }
                                      var valid3 = _errs20 === errors;
                                    } else {
                                      var valid3 = true;
                                    }
                                    if (valid3) {
                                      if (data3.verdict !== void 0) {
                                        let data11 = data3.verdict;
                                        const _errs24 = errors;
                                        if (!(data11 === "pass" || data11 === "fail")) {
                                          validate21.errors = [
                                            {
                                              instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/verdict",
                                              schemaPath: "#/properties/entries/additionalProperties/properties/verdict/enum",
                                              keyword: "enum",
                                              params: {
                                                allowedValues: schema32.properties.entries.additionalProperties.properties.verdict.enum
                                              },
                                              message: "must be equal to one of the allowed values",
                                              schema: schema32.properties.entries.additionalProperties.properties.verdict.enum,
                                              parentSchema: schema32.properties.entries.additionalProperties.properties.verdict,
                                              data: data11
                                            }
                                          ];
                                          return false;
                                        }
                                        var valid3 = _errs24 === errors;
                                      } else {
                                        var valid3 = true;
                                      }
                                    }
                                  }
                                }
                              }
                            }
                          }
                        } else {
                          validate21.errors = [
                            {
                              instancePath: instancePath + "/entries/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),
                              schemaPath: "#/properties/entries/additionalProperties/type",
                              keyword: "type",
                              params: { type: "object" },
                              message: "must be object",
                              schema: schema32.properties.entries.additionalProperties.type,
                              parentSchema: schema32.properties.entries.additionalProperties,
                              data: data3
                            }
                          ];
                          return false;
                        }
                      }
                      var valid2 = _errs8 === errors;
                      if (!valid2) {
                        break;
                      }
                    }
                  }
                } else {
                  validate21.errors = [
                    {
                      instancePath: instancePath + "/entries",
                      schemaPath: "#/properties/entries/type",
                      keyword: "type",
                      params: { type: "object" },
                      message: "must be object",
                      schema: schema32.properties.entries.type,
                      parentSchema: schema32.properties.entries,
                      data: data2
                    }
                  ];
                  return false;
                }
              }
              var valid0 = _errs4 === errors;
            } else {
              var valid0 = true;
            }
          }
        }
      }
    } else {
      validate21.errors = [
        {
          instancePath,
          schemaPath: "#/type",
          keyword: "type",
          params: { type: "object" },
          message: "must be object",
          schema: schema32.type,
          parentSchema: schema32,
          data
        }
      ];
      return false;
    }
  }
  validate21.errors = vErrors;
  return errors === 0;
}
validate21.evaluated = {
  props: { schemaVersion: true, updatedAt: true, entries: true },
  dynamicProps: false,
  dynamicItems: false
};
var rescanPlan = validate22;
var schema33 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "imagegate re-scan plan (plan.json)",
  description: "Written by `imagegate rescan plan`, read by `rescan run` and `rescan merge`. Keys not named here are allowed and ignored: later versions may add some (additive changes keep schemaVersion 1).",
  type: "object",
  required: ["schemaVersion", "createdAt", "registry", "shards", "scans", "counts"],
  properties: {
    schemaVersion: { const: 1 },
    createdAt: {
      type: "string",
      minLength: 1,
      description: "An ISO 8601 time, as new Date().toISOString() writes it."
    },
    registry: { type: "string", minLength: 1 },
    trivyDbUpdatedAt: { type: "string", minLength: 1 },
    shards: { type: "integer", minimum: 1 },
    scans: {
      type: "array",
      items: {
        type: "object",
        required: ["repository", "digest", "tags", "reference"],
        properties: {
          repository: { type: "string", minLength: 1 },
          digest: {
            type: "string",
            pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
            description: "a manifest digest (algorithm:hex)"
          },
          tags: { type: "array", items: { type: "string", minLength: 1 } },
          reference: { type: "string", minLength: 1 },
          alsoIn: {
            type: "array",
            items: {
              type: "object",
              required: ["repository", "tags"],
              properties: {
                repository: { type: "string", minLength: 1 },
                tags: { type: "array", items: { type: "string", minLength: 1 } }
              }
            }
          }
        }
      }
    },
    skipped: {
      type: "array",
      items: {
        type: "object",
        required: ["repository", "digest", "tags", "reason"],
        properties: {
          repository: { type: "string", minLength: 1 },
          digest: {
            type: "string",
            pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
            description: "a manifest digest (algorithm:hex)"
          },
          tags: { type: "array", items: { type: "string", minLength: 1 } },
          reason: { const: "unchanged" },
          detail: { type: "string", minLength: 1 },
          alsoIn: {
            type: "array",
            items: {
              type: "object",
              required: ["repository", "tags"],
              properties: {
                repository: { type: "string", minLength: 1 },
                tags: { type: "array", items: { type: "string", minLength: 1 } }
              }
            }
          }
        }
      }
    },
    counts: {
      type: "object",
      required: ["repositories", "tags", "digests", "toScan", "skipped"],
      properties: {
        repositories: { type: "integer", minimum: 0 },
        tags: { type: "integer", minimum: 0 },
        digests: { type: "integer", minimum: 0 },
        toScan: { type: "integer", minimum: 0 },
        skipped: { type: "integer", minimum: 0 }
      }
    }
  }
};
function validate22(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate22.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (errors === 0) {
    if (data && typeof data == "object" && !Array.isArray(data)) {
      let missing0;
      if (data.schemaVersion === void 0 && (missing0 = "schemaVersion") || data.createdAt === void 0 && (missing0 = "createdAt") || data.registry === void 0 && (missing0 = "registry") || data.shards === void 0 && (missing0 = "shards") || data.scans === void 0 && (missing0 = "scans") || data.counts === void 0 && (missing0 = "counts")) {
        validate22.errors = [
          {
            instancePath,
            schemaPath: "#/required",
            keyword: "required",
            params: { missingProperty: missing0 },
            message: "must have required property '" + missing0 + "'",
            schema: schema33.required,
            parentSchema: schema33,
            data
          }
        ];
        return false;
      } else {
        if (data.schemaVersion !== void 0) {
          let data0 = data.schemaVersion;
          const _errs1 = errors;
          if (1 !== data0) {
            validate22.errors = [
              {
                instancePath: instancePath + "/schemaVersion",
                schemaPath: "#/properties/schemaVersion/const",
                keyword: "const",
                params: { allowedValue: 1 },
                message: "must be equal to constant",
                schema: 1,
                parentSchema: schema33.properties.schemaVersion,
                data: data0
              }
            ];
            return false;
          }
          var valid0 = _errs1 === errors;
        } else {
          var valid0 = true;
        }
        if (valid0) {
          if (data.createdAt !== void 0) {
            let data1 = data.createdAt;
            const _errs2 = errors;
            if (errors === _errs2) {
              if (typeof data1 === "string") {
                if (func1(data1) < 1) {
                  validate22.errors = [
                    {
                      instancePath: instancePath + "/createdAt",
                      schemaPath: "#/properties/createdAt/minLength",
                      keyword: "minLength",
                      params: { limit: 1 },
                      message: "must NOT have fewer than 1 characters",
                      schema: 1,
                      parentSchema: schema33.properties.createdAt,
                      data: data1
                    }
                  ];
                  return false;
                }
              } else {
                validate22.errors = [
                  {
                    instancePath: instancePath + "/createdAt",
                    schemaPath: "#/properties/createdAt/type",
                    keyword: "type",
                    params: { type: "string" },
                    message: "must be string",
                    schema: schema33.properties.createdAt.type,
                    parentSchema: schema33.properties.createdAt,
                    data: data1
                  }
                ];
                return false;
              }
            }
            var valid0 = _errs2 === errors;
          } else {
            var valid0 = true;
          }
          if (valid0) {
            if (data.registry !== void 0) {
              let data2 = data.registry;
              const _errs4 = errors;
              if (errors === _errs4) {
                if (typeof data2 === "string") {
                  if (func1(data2) < 1) {
                    validate22.errors = [
                      {
                        instancePath: instancePath + "/registry",
                        schemaPath: "#/properties/registry/minLength",
                        keyword: "minLength",
                        params: { limit: 1 },
                        message: "must NOT have fewer than 1 characters",
                        schema: 1,
                        parentSchema: schema33.properties.registry,
                        data: data2
                      }
                    ];
                    return false;
                  }
                } else {
                  validate22.errors = [
                    {
                      instancePath: instancePath + "/registry",
                      schemaPath: "#/properties/registry/type",
                      keyword: "type",
                      params: { type: "string" },
                      message: "must be string",
                      schema: schema33.properties.registry.type,
                      parentSchema: schema33.properties.registry,
                      data: data2
                    }
                  ];
                  return false;
                }
              }
              var valid0 = _errs4 === errors;
            } else {
              var valid0 = true;
            }
            if (valid0) {
              if (data.trivyDbUpdatedAt !== void 0) {
                let data3 = data.trivyDbUpdatedAt;
                const _errs6 = errors;
                if (errors === _errs6) {
                  if (typeof data3 === "string") {
                    if (func1(data3) < 1) {
                      validate22.errors = [
                        {
                          instancePath: instancePath + "/trivyDbUpdatedAt",
                          schemaPath: "#/properties/trivyDbUpdatedAt/minLength",
                          keyword: "minLength",
                          params: { limit: 1 },
                          message: "must NOT have fewer than 1 characters",
                          schema: 1,
                          parentSchema: schema33.properties.trivyDbUpdatedAt,
                          data: data3
                        }
                      ];
                      return false;
                    }
                  } else {
                    validate22.errors = [
                      {
                        instancePath: instancePath + "/trivyDbUpdatedAt",
                        schemaPath: "#/properties/trivyDbUpdatedAt/type",
                        keyword: "type",
                        params: { type: "string" },
                        message: "must be string",
                        schema: schema33.properties.trivyDbUpdatedAt.type,
                        parentSchema: schema33.properties.trivyDbUpdatedAt,
                        data: data3
                      }
                    ];
                    return false;
                  }
                }
                var valid0 = _errs6 === errors;
              } else {
                var valid0 = true;
              }
              if (valid0) {
                if (data.shards !== void 0) {
                  let data4 = data.shards;
                  const _errs8 = errors;
                  if (!(typeof data4 == "number" && !(data4 % 1) && !isNaN(data4) && isFinite(data4))) {
                    validate22.errors = [
                      {
                        instancePath: instancePath + "/shards",
                        schemaPath: "#/properties/shards/type",
                        keyword: "type",
                        params: { type: "integer" },
                        message: "must be integer",
                        schema: schema33.properties.shards.type,
                        parentSchema: schema33.properties.shards,
                        data: data4
                      }
                    ];
                    return false;
                  }
                  if (errors === _errs8) {
                    if (typeof data4 == "number" && isFinite(data4)) {
                      if (data4 < 1 || isNaN(data4)) {
                        validate22.errors = [
                          {
                            instancePath: instancePath + "/shards",
                            schemaPath: "#/properties/shards/minimum",
                            keyword: "minimum",
                            params: { comparison: ">=", limit: 1 },
                            message: "must be >= 1",
                            schema: 1,
                            parentSchema: schema33.properties.shards,
                            data: data4
                          }
                        ];
                        return false;
                      }
                    }
                  }
                  var valid0 = _errs8 === errors;
                } else {
                  var valid0 = true;
                }
                if (valid0) {
                  if (data.scans !== void 0) {
                    let data5 = data.scans;
                    const _errs10 = errors;
                    if (errors === _errs10) {
                      if (Array.isArray(data5)) {
                        var valid1 = true;
                        const len0 = data5.length;
                        for (let i0 = 0; i0 < len0; i0++) {
                          let data6 = data5[i0];
                          const _errs12 = errors;
                          if (errors === _errs12) {
                            if (data6 && typeof data6 == "object" && !Array.isArray(data6)) {
                              let missing1;
                              if (data6.repository === void 0 && (missing1 = "repository") || data6.digest === void 0 && (missing1 = "digest") || data6.tags === void 0 && (missing1 = "tags") || data6.reference === void 0 && (missing1 = "reference")) {
                                validate22.errors = [
                                  {
                                    instancePath: instancePath + "/scans/" + i0,
                                    schemaPath: "#/properties/scans/items/required",
                                    keyword: "required",
                                    params: { missingProperty: missing1 },
                                    message: "must have required property '" + missing1 + "'",
                                    schema: schema33.properties.scans.items.required,
                                    parentSchema: schema33.properties.scans.items,
                                    data: data6
                                  }
                                ];
                                return false;
                              } else {
                                if (data6.repository !== void 0) {
                                  let data7 = data6.repository;
                                  const _errs14 = errors;
                                  if (errors === _errs14) {
                                    if (typeof data7 === "string") {
                                      if (func1(data7) < 1) {
                                        validate22.errors = [
                                          {
                                            instancePath: instancePath + "/scans/" + i0 + "/repository",
                                            schemaPath: "#/properties/scans/items/properties/repository/minLength",
                                            keyword: "minLength",
                                            params: { limit: 1 },
                                            message: "must NOT have fewer than 1 characters",
                                            schema: 1,
                                            parentSchema: schema33.properties.scans.items.properties.repository,
                                            data: data7
                                          }
                                        ];
                                        return false;
                                      }
                                    } else {
                                      validate22.errors = [
                                        {
                                          instancePath: instancePath + "/scans/" + i0 + "/repository",
                                          schemaPath: "#/properties/scans/items/properties/repository/type",
                                          keyword: "type",
                                          params: { type: "string" },
                                          message: "must be string",
                                          schema: schema33.properties.scans.items.properties.repository.type,
                                          parentSchema: schema33.properties.scans.items.properties.repository,
                                          data: data7
                                        }
                                      ];
                                      return false;
                                    }
                                  }
                                  var valid2 = _errs14 === errors;
                                } else {
                                  var valid2 = true;
                                }
                                if (valid2) {
                                  if (data6.digest !== void 0) {
                                    let data8 = data6.digest;
                                    const _errs16 = errors;
                                    if (errors === _errs16) {
                                      if (typeof data8 === "string") {
                                        if (!pattern5.test(data8)) {
                                          validate22.errors = [
                                            {
                                              instancePath: instancePath + "/scans/" + i0 + "/digest",
                                              schemaPath: "#/properties/scans/items/properties/digest/pattern",
                                              keyword: "pattern",
                                              params: { pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$" },
                                              message: 'must match pattern "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$"',
                                              schema: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
                                              parentSchema: schema33.properties.scans.items.properties.digest,
                                              data: data8
                                            }
                                          ];
                                          return false;
                                        }
                                      } else {
                                        validate22.errors = [
                                          {
                                            instancePath: instancePath + "/scans/" + i0 + "/digest",
                                            schemaPath: "#/properties/scans/items/properties/digest/type",
                                            keyword: "type",
                                            params: { type: "string" },
                                            message: "must be string",
                                            schema: schema33.properties.scans.items.properties.digest.type,
                                            parentSchema: schema33.properties.scans.items.properties.digest,
                                            data: data8
                                          }
                                        ];
                                        return false;
                                      }
                                    }
                                    var valid2 = _errs16 === errors;
                                  } else {
                                    var valid2 = true;
                                  }
                                  if (valid2) {
                                    if (data6.tags !== void 0) {
                                      let data9 = data6.tags;
                                      const _errs18 = errors;
                                      if (errors === _errs18) {
                                        if (Array.isArray(data9)) {
                                          var valid3 = true;
                                          const len1 = data9.length;
                                          for (let i1 = 0; i1 < len1; i1++) {
                                            let data10 = data9[i1];
                                            const _errs20 = errors;
                                            if (errors === _errs20) {
                                              if (typeof data10 === "string") {
                                                if (func1(data10) < 1) {
                                                  validate22.errors = [
                                                    {
                                                      instancePath: instancePath + "/scans/" + i0 + "/tags/" + i1,
                                                      schemaPath: "#/properties/scans/items/properties/tags/items/minLength",
                                                      keyword: "minLength",
                                                      params: { limit: 1 },
                                                      message: "must NOT have fewer than 1 characters",
                                                      schema: 1,
                                                      parentSchema: schema33.properties.scans.items.properties.tags.items,
                                                      data: data10
                                                    }
                                                  ];
                                                  return false;
                                                }
                                              } else {
                                                validate22.errors = [
                                                  {
                                                    instancePath: instancePath + "/scans/" + i0 + "/tags/" + i1,
                                                    schemaPath: "#/properties/scans/items/properties/tags/items/type",
                                                    keyword: "type",
                                                    params: { type: "string" },
                                                    message: "must be string",
                                                    schema: schema33.properties.scans.items.properties.tags.items.type,
                                                    parentSchema: schema33.properties.scans.items.properties.tags.items,
                                                    data: data10
                                                  }
                                                ];
                                                return false;
                                              }
                                            }
                                            var valid3 = _errs20 === errors;
                                            if (!valid3) {
                                              break;
                                            }
                                          }
                                        } else {
                                          validate22.errors = [
                                            {
                                              instancePath: instancePath + "/scans/" + i0 + "/tags",
                                              schemaPath: "#/properties/scans/items/properties/tags/type",
                                              keyword: "type",
                                              params: { type: "array" },
                                              message: "must be array",
                                              schema: schema33.properties.scans.items.properties.tags.type,
                                              parentSchema: schema33.properties.scans.items.properties.tags,
                                              data: data9
                                            }
                                          ];
                                          return false;
                                        }
                                      }
                                      var valid2 = _errs18 === errors;
                                    } else {
                                      var valid2 = true;
                                    }
                                    if (valid2) {
                                      if (data6.reference !== void 0) {
                                        let data11 = data6.reference;
                                        const _errs22 = errors;
                                        if (errors === _errs22) {
                                          if (typeof data11 === "string") {
                                            if (func1(data11) < 1) {
                                              validate22.errors = [
                                                {
                                                  instancePath: instancePath + "/scans/" + i0 + "/reference",
                                                  schemaPath: "#/properties/scans/items/properties/reference/minLength",
                                                  keyword: "minLength",
                                                  params: { limit: 1 },
                                                  message: "must NOT have fewer than 1 characters",
                                                  schema: 1,
                                                  parentSchema: schema33.properties.scans.items.properties.reference,
                                                  data: data11
                                                }
                                              ];
                                              return false;
                                            }
                                          } else {
                                            validate22.errors = [
                                              {
                                                instancePath: instancePath + "/scans/" + i0 + "/reference",
                                                schemaPath: "#/properties/scans/items/properties/reference/type",
                                                keyword: "type",
                                                params: { type: "string" },
                                                message: "must be string",
                                                schema: schema33.properties.scans.items.properties.reference.type,
                                                parentSchema: schema33.properties.scans.items.properties.reference,
                                                data: data11
                                              }
                                            ];
                                            return false;
                                          }
                                        }
                                        var valid2 = _errs22 === errors;
                                      } else {
                                        var valid2 = true;
                                      }
                                      if (valid2) {
                                        if (data6.alsoIn !== void 0) {
                                          let data12 = data6.alsoIn;
                                          const _errs24 = errors;
                                          if (errors === _errs24) {
                                            if (Array.isArray(data12)) {
                                              var valid4 = true;
                                              const len2 = data12.length;
                                              for (let i2 = 0; i2 < len2; i2++) {
                                                let data13 = data12[i2];
                                                const _errs26 = errors;
                                                if (errors === _errs26) {
                                                  if (data13 && typeof data13 == "object" && !Array.isArray(data13)) {
                                                    let missing2;
                                                    if (data13.repository === void 0 && (missing2 = "repository") || data13.tags === void 0 && (missing2 = "tags")) {
                                                      validate22.errors = [
                                                        {
                                                          instancePath: instancePath + "/scans/" + i0 + "/alsoIn/" + i2,
                                                          schemaPath: "#/properties/scans/items/properties/alsoIn/items/required",
                                                          keyword: "required",
                                                          params: { missingProperty: missing2 },
                                                          message: "must have required property '" + missing2 + "'",
                                                          schema: schema33.properties.scans.items.properties.alsoIn.items.required,
                                                          parentSchema: schema33.properties.scans.items.properties.alsoIn.items,
                                                          data: data13
                                                        }
                                                      ];
                                                      return false;
                                                    } else {
                                                      if (data13.repository !== void 0) {
                                                        let data14 = data13.repository;
                                                        const _errs28 = errors;
                                                        if (errors === _errs28) {
                                                          if (typeof data14 === "string") {
                                                            if (func1(data14) < 1) {
                                                              validate22.errors = [
                                                                {
                                                                  instancePath: instancePath + "/scans/" + i0 + "/alsoIn/" + i2 + "/repository",
                                                                  schemaPath: "#/properties/scans/items/properties/alsoIn/items/properties/repository/minLength",
                                                                  keyword: "minLength",
                                                                  params: { limit: 1 },
                                                                  message: "must NOT have fewer than 1 characters",
                                                                  schema: 1,
                                                                  parentSchema: schema33.properties.scans.items.properties.alsoIn.items.properties.repository,
                                                                  data: data14
                                                                }
                                                              ];
                                                              return false;
                                                            }
                                                          } else {
                                                            validate22.errors = [
                                                              {
                                                                instancePath: instancePath + "/scans/" + i0 + "/alsoIn/" + i2 + "/repository",
                                                                schemaPath: "#/properties/scans/items/properties/alsoIn/items/properties/repository/type",
                                                                keyword: "type",
                                                                params: { type: "string" },
                                                                message: "must be string",
                                                                schema: schema33.properties.scans.items.properties.alsoIn.items.properties.repository.type,
                                                                parentSchema: schema33.properties.scans.items.properties.alsoIn.items.properties.repository,
                                                                data: data14
                                                              }
                                                            ];
                                                            return false;
                                                          }
                                                        }
                                                        var valid5 = _errs28 === errors;
                                                      } else {
                                                        var valid5 = true;
                                                      }
                                                      if (valid5) {
                                                        if (data13.tags !== void 0) {
                                                          let data15 = data13.tags;
                                                          const _errs30 = errors;
                                                          if (errors === _errs30) {
                                                            if (Array.isArray(data15)) {
                                                              var valid6 = true;
                                                              const len3 = data15.length;
                                                              for (let i3 = 0; i3 < len3; i3++) {
                                                                let data16 = data15[i3];
                                                                const _errs32 = errors;
                                                                if (errors === _errs32) {
                                                                  if (typeof data16 === "string") {
                                                                    if (func1(data16) < 1) {
                                                                      validate22.errors = [
                                                                        {
                                                                          instancePath: instancePath + "/scans/" + i0 + "/alsoIn/" + i2 + "/tags/" + i3,
                                                                          schemaPath: "#/properties/scans/items/properties/alsoIn/items/properties/tags/items/minLength",
                                                                          keyword: "minLength",
                                                                          params: { limit: 1 },
                                                                          message: "must NOT have fewer than 1 characters",
                                                                          schema: 1,
                                                                          parentSchema: schema33.properties.scans.items.properties.alsoIn.items.properties.tags.items,
                                                                          data: data16
                                                                        }
                                                                      ];
                                                                      return false;
                                                                    }
                                                                  } else {
                                                                    validate22.errors = [
                                                                      {
                                                                        instancePath: instancePath + "/scans/" + i0 + "/alsoIn/" + i2 + "/tags/" + i3,
                                                                        schemaPath: "#/properties/scans/items/properties/alsoIn/items/properties/tags/items/type",
                                                                        keyword: "type",
                                                                        params: { type: "string" },
                                                                        message: "must be string",
                                                                        schema: schema33.properties.scans.items.properties.alsoIn.items.properties.tags.items.type,
                                                                        parentSchema: schema33.properties.scans.items.properties.alsoIn.items.properties.tags.items,
                                                                        data: data16
                                                                      }
                                                                    ];
                                                                    return false;
                                                                  }
                                                                }
                                                                var valid6 = _errs32 === errors;
                                                                if (!valid6) {
                                                                  break;
                                                                }
                                                              }
                                                            } else {
                                                              validate22.errors = [
                                                                {
                                                                  instancePath: instancePath + "/scans/" + i0 + "/alsoIn/" + i2 + "/tags",
                                                                  schemaPath: "#/properties/scans/items/properties/alsoIn/items/properties/tags/type",
                                                                  keyword: "type",
                                                                  params: { type: "array" },
                                                                  message: "must be array",
                                                                  schema: schema33.properties.scans.items.properties.alsoIn.items.properties.tags.type,
                                                                  parentSchema: schema33.properties.scans.items.properties.alsoIn.items.properties.tags,
                                                                  data: data15
                                                                }
                                                              ];
                                                              return false;
                                                            }
                                                          }
                                                          var valid5 = _errs30 === errors;
                                                        } else {
                                                          var valid5 = true;
                                                        }
                                                      }
                                                    }
                                                  } else {
                                                    validate22.errors = [
                                                      {
                                                        instancePath: instancePath + "/scans/" + i0 + "/alsoIn/" + i2,
                                                        schemaPath: "#/properties/scans/items/properties/alsoIn/items/type",
                                                        keyword: "type",
                                                        params: { type: "object" },
                                                        message: "must be object",
                                                        schema: schema33.properties.scans.items.properties.alsoIn.items.type,
                                                        parentSchema: schema33.properties.scans.items.properties.alsoIn.items,
                                                        data: data13
                                                      }
                                                    ];
                                                    return false;
                                                  }
                                                }
                                                var valid4 = _errs26 === errors;
                                                if (!valid4) {
                                                  break;
                                                }
                                              }
                                            } else {
                                              validate22.errors = [
                                                {
                                                  instancePath: instancePath + "/scans/" + i0 + "/alsoIn",
                                                  schemaPath: "#/properties/scans/items/properties/alsoIn/type",
                                                  keyword: "type",
                                                  params: { type: "array" },
                                                  message: "must be array",
                                                  schema: schema33.properties.scans.items.properties.alsoIn.type,
                                                  parentSchema: schema33.properties.scans.items.properties.alsoIn,
                                                  data: data12
                                                }
                                              ];
                                              return false;
                                            }
                                          }
                                          var valid2 = _errs24 === errors;
                                        } else {
                                          var valid2 = true;
                                        }
                                      }
                                    }
                                  }
                                }
                              }
                            } else {
                              validate22.errors = [
                                {
                                  instancePath: instancePath + "/scans/" + i0,
                                  schemaPath: "#/properties/scans/items/type",
                                  keyword: "type",
                                  params: { type: "object" },
                                  message: "must be object",
                                  schema: schema33.properties.scans.items.type,
                                  parentSchema: schema33.properties.scans.items,
                                  data: data6
                                }
                              ];
                              return false;
                            }
                          }
                          var valid1 = _errs12 === errors;
                          if (!valid1) {
                            break;
                          }
                        }
                      } else {
                        validate22.errors = [
                          {
                            instancePath: instancePath + "/scans",
                            schemaPath: "#/properties/scans/type",
                            keyword: "type",
                            params: { type: "array" },
                            message: "must be array",
                            schema: schema33.properties.scans.type,
                            parentSchema: schema33.properties.scans,
                            data: data5
                          }
                        ];
                        return false;
                      }
                    }
                    var valid0 = _errs10 === errors;
                  } else {
                    var valid0 = true;
                  }
                  if (valid0) {
                    if (data.skipped !== void 0) {
                      let data17 = data.skipped;
                      const _errs34 = errors;
                      if (errors === _errs34) {
                        if (Array.isArray(data17)) {
                          var valid7 = true;
                          const len4 = data17.length;
                          for (let i4 = 0; i4 < len4; i4++) {
                            let data18 = data17[i4];
                            const _errs36 = errors;
                            if (errors === _errs36) {
                              if (data18 && typeof data18 == "object" && !Array.isArray(data18)) {
                                let missing3;
                                if (data18.repository === void 0 && (missing3 = "repository") || data18.digest === void 0 && (missing3 = "digest") || data18.tags === void 0 && (missing3 = "tags") || data18.reason === void 0 && (missing3 = "reason")) {
                                  validate22.errors = [
                                    {
                                      instancePath: instancePath + "/skipped/" + i4,
                                      schemaPath: "#/properties/skipped/items/required",
                                      keyword: "required",
                                      params: { missingProperty: missing3 },
                                      message: "must have required property '" + missing3 + "'",
                                      schema: schema33.properties.skipped.items.required,
                                      parentSchema: schema33.properties.skipped.items,
                                      data: data18
                                    }
                                  ];
                                  return false;
                                } else {
                                  if (data18.repository !== void 0) {
                                    let data19 = data18.repository;
                                    const _errs38 = errors;
                                    if (errors === _errs38) {
                                      if (typeof data19 === "string") {
                                        if (func1(data19) < 1) {
                                          validate22.errors = [
                                            {
                                              instancePath: instancePath + "/skipped/" + i4 + "/repository",
                                              schemaPath: "#/properties/skipped/items/properties/repository/minLength",
                                              keyword: "minLength",
                                              params: { limit: 1 },
                                              message: "must NOT have fewer than 1 characters",
                                              schema: 1,
                                              parentSchema: schema33.properties.skipped.items.properties.repository,
                                              data: data19
                                            }
                                          ];
                                          return false;
                                        }
                                      } else {
                                        validate22.errors = [
                                          {
                                            instancePath: instancePath + "/skipped/" + i4 + "/repository",
                                            schemaPath: "#/properties/skipped/items/properties/repository/type",
                                            keyword: "type",
                                            params: { type: "string" },
                                            message: "must be string",
                                            schema: schema33.properties.skipped.items.properties.repository.type,
                                            parentSchema: schema33.properties.skipped.items.properties.repository,
                                            data: data19
                                          }
                                        ];
                                        return false;
                                      }
                                    }
                                    var valid8 = _errs38 === errors;
                                  } else {
                                    var valid8 = true;
                                  }
                                  if (valid8) {
                                    if (data18.digest !== void 0) {
                                      let data20 = data18.digest;
                                      const _errs40 = errors;
                                      if (errors === _errs40) {
                                        if (typeof data20 === "string") {
                                          if (!pattern5.test(data20)) {
                                            validate22.errors = [
                                              {
                                                instancePath: instancePath + "/skipped/" + i4 + "/digest",
                                                schemaPath: "#/properties/skipped/items/properties/digest/pattern",
                                                keyword: "pattern",
                                                params: { pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$" },
                                                message: 'must match pattern "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$"',
                                                schema: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
                                                parentSchema: schema33.properties.skipped.items.properties.digest,
                                                data: data20
                                              }
                                            ];
                                            return false;
                                          }
                                        } else {
                                          validate22.errors = [
                                            {
                                              instancePath: instancePath + "/skipped/" + i4 + "/digest",
                                              schemaPath: "#/properties/skipped/items/properties/digest/type",
                                              keyword: "type",
                                              params: { type: "string" },
                                              message: "must be string",
                                              schema: schema33.properties.skipped.items.properties.digest.type,
                                              parentSchema: schema33.properties.skipped.items.properties.digest,
                                              data: data20
                                            }
                                          ];
                                          return false;
                                        }
                                      }
                                      var valid8 = _errs40 === errors;
                                    } else {
                                      var valid8 = true;
                                    }
                                    if (valid8) {
                                      if (data18.tags !== void 0) {
                                        let data21 = data18.tags;
                                        const _errs42 = errors;
                                        if (errors === _errs42) {
                                          if (Array.isArray(data21)) {
                                            var valid9 = true;
                                            const len5 = data21.length;
                                            for (let i5 = 0; i5 < len5; i5++) {
                                              let data22 = data21[i5];
                                              const _errs44 = errors;
                                              if (errors === _errs44) {
                                                if (typeof data22 === "string") {
                                                  if (func1(data22) < 1) {
                                                    validate22.errors = [
                                                      {
                                                        instancePath: instancePath + "/skipped/" + i4 + "/tags/" + i5,
                                                        schemaPath: "#/properties/skipped/items/properties/tags/items/minLength",
                                                        keyword: "minLength",
                                                        params: { limit: 1 },
                                                        message: "must NOT have fewer than 1 characters",
                                                        schema: 1,
                                                        parentSchema: schema33.properties.skipped.items.properties.tags.items,
                                                        data: data22
                                                      }
                                                    ];
                                                    return false;
                                                  }
                                                } else {
                                                  validate22.errors = [
                                                    {
                                                      instancePath: instancePath + "/skipped/" + i4 + "/tags/" + i5,
                                                      schemaPath: "#/properties/skipped/items/properties/tags/items/type",
                                                      keyword: "type",
                                                      params: { type: "string" },
                                                      message: "must be string",
                                                      schema: schema33.properties.skipped.items.properties.tags.items.type,
                                                      parentSchema: schema33.properties.skipped.items.properties.tags.items,
                                                      data: data22
                                                    }
                                                  ];
                                                  return false;
                                                }
                                              }
                                              var valid9 = _errs44 === errors;
                                              if (!valid9) {
                                                break;
                                              }
                                            }
                                          } else {
                                            validate22.errors = [
                                              {
                                                instancePath: instancePath + "/skipped/" + i4 + "/tags",
                                                schemaPath: "#/properties/skipped/items/properties/tags/type",
                                                keyword: "type",
                                                params: { type: "array" },
                                                message: "must be array",
                                                schema: schema33.properties.skipped.items.properties.tags.type,
                                                parentSchema: schema33.properties.skipped.items.properties.tags,
                                                data: data21
                                              }
                                            ];
                                            return false;
                                          }
                                        }
                                        var valid8 = _errs42 === errors;
                                      } else {
                                        var valid8 = true;
                                      }
                                      if (valid8) {
                                        if (data18.reason !== void 0) {
                                          let data23 = data18.reason;
                                          const _errs46 = errors;
                                          if ("unchanged" !== data23) {
                                            validate22.errors = [
                                              {
                                                instancePath: instancePath + "/skipped/" + i4 + "/reason",
                                                schemaPath: "#/properties/skipped/items/properties/reason/const",
                                                keyword: "const",
                                                params: { allowedValue: "unchanged" },
                                                message: "must be equal to constant",
                                                schema: "unchanged",
                                                parentSchema: schema33.properties.skipped.items.properties.reason,
                                                data: data23
                                              }
                                            ];
                                            return false;
                                          }
                                          var valid8 = _errs46 === errors;
                                        } else {
                                          var valid8 = true;
                                        }
                                        if (valid8) {
                                          if (data18.detail !== void 0) {
                                            let data24 = data18.detail;
                                            const _errs47 = errors;
                                            if (errors === _errs47) {
                                              if (typeof data24 === "string") {
                                                if (func1(data24) < 1) {
                                                  validate22.errors = [
                                                    {
                                                      instancePath: instancePath + "/skipped/" + i4 + "/detail",
                                                      schemaPath: "#/properties/skipped/items/properties/detail/minLength",
                                                      keyword: "minLength",
                                                      params: { limit: 1 },
                                                      message: "must NOT have fewer than 1 characters",
                                                      schema: 1,
                                                      parentSchema: schema33.properties.skipped.items.properties.detail,
                                                      data: data24
                                                    }
                                                  ];
                                                  return false;
                                                }
                                              } else {
                                                validate22.errors = [
                                                  {
                                                    instancePath: instancePath + "/skipped/" + i4 + "/detail",
                                                    schemaPath: "#/properties/skipped/items/properties/detail/type",
                                                    keyword: "type",
                                                    params: { type: "string" },
                                                    message: "must be string",
                                                    schema: schema33.properties.skipped.items.properties.detail.type,
                                                    parentSchema: schema33.properties.skipped.items.properties.detail,
                                                    data: data24
                                                  }
                                                ];
                                                return false;
                                              }
                                            }
                                            var valid8 = _errs47 === errors;
                                          } else {
                                            var valid8 = true;
                                          }
                                          if (valid8) {
                                            if (data18.alsoIn !== void 0) {
                                              let data25 = data18.alsoIn;
                                              const _errs49 = errors;
                                              if (errors === _errs49) {
                                                if (Array.isArray(data25)) {
                                                  var valid10 = true;
                                                  const len6 = data25.length;
                                                  for (let i6 = 0; i6 < len6; i6++) {
                                                    let data26 = data25[i6];
                                                    const _errs51 = errors;
                                                    if (errors === _errs51) {
                                                      if (data26 && typeof data26 == "object" && !Array.isArray(data26)) {
                                                        let missing4;
                                                        if (data26.repository === void 0 && (missing4 = "repository") || data26.tags === void 0 && (missing4 = "tags")) {
                                                          validate22.errors = [
                                                            {
                                                              instancePath: instancePath + "/skipped/" + i4 + "/alsoIn/" + i6,
                                                              schemaPath: "#/properties/skipped/items/properties/alsoIn/items/required",
                                                              keyword: "required",
                                                              params: { missingProperty: missing4 },
                                                              message: "must have required property '" + missing4 + "'",
                                                              schema: schema33.properties.skipped.items.properties.alsoIn.items.required,
                                                              parentSchema: schema33.properties.skipped.items.properties.alsoIn.items,
                                                              data: data26
                                                            }
                                                          ];
                                                          return false;
                                                        } else {
                                                          if (data26.repository !== void 0) {
                                                            let data27 = data26.repository;
                                                            const _errs53 = errors;
                                                            if (errors === _errs53) {
                                                              if (typeof data27 === "string") {
                                                                if (func1(data27) < 1) {
                                                                  validate22.errors = [
                                                                    {
                                                                      instancePath: instancePath + "/skipped/" + i4 + "/alsoIn/" + i6 + "/repository",
                                                                      schemaPath: "#/properties/skipped/items/properties/alsoIn/items/properties/repository/minLength",
                                                                      keyword: "minLength",
                                                                      params: { limit: 1 },
                                                                      message: "must NOT have fewer than 1 characters",
                                                                      schema: 1,
                                                                      parentSchema: schema33.properties.skipped.items.properties.alsoIn.items.properties.repository,
                                                                      data: data27
                                                                    }
                                                                  ];
                                                                  return false;
                                                                }
                                                              } else {
                                                                validate22.errors = [
                                                                  {
                                                                    instancePath: instancePath + "/skipped/" + i4 + "/alsoIn/" + i6 + "/repository",
                                                                    schemaPath: "#/properties/skipped/items/properties/alsoIn/items/properties/repository/type",
                                                                    keyword: "type",
                                                                    params: { type: "string" },
                                                                    message: "must be string",
                                                                    schema: schema33.properties.skipped.items.properties.alsoIn.items.properties.repository.type,
                                                                    parentSchema: schema33.properties.skipped.items.properties.alsoIn.items.properties.repository,
                                                                    data: data27
                                                                  }
                                                                ];
                                                                return false;
                                                              }
                                                            }
                                                            var valid11 = _errs53 === errors;
                                                          } else {
                                                            var valid11 = true;
                                                          }
                                                          if (valid11) {
                                                            if (data26.tags !== void 0) {
                                                              let data28 = data26.tags;
                                                              const _errs55 = errors;
                                                              if (errors === _errs55) {
                                                                if (Array.isArray(data28)) {
                                                                  var valid12 = true;
                                                                  const len7 = data28.length;
                                                                  for (let i7 = 0; i7 < len7; i7++) {
                                                                    let data29 = data28[i7];
                                                                    const _errs57 = errors;
                                                                    if (errors === _errs57) {
                                                                      if (typeof data29 === "string") {
                                                                        if (func1(data29) < 1) {
                                                                          validate22.errors = [
                                                                            {
                                                                              instancePath: instancePath + "/skipped/" + i4 + "/alsoIn/" + i6 + "/tags/" + i7,
                                                                              schemaPath: "#/properties/skipped/items/properties/alsoIn/items/properties/tags/items/minLength",
                                                                              keyword: "minLength",
                                                                              params: { limit: 1 },
                                                                              message: "must NOT have fewer than 1 characters",
                                                                              schema: 1,
                                                                              parentSchema: schema33.properties.skipped.items.properties.alsoIn.items.properties.tags.items,
                                                                              data: data29
                                                                            }
                                                                          ];
                                                                          return false;
                                                                        }
                                                                      } else {
                                                                        validate22.errors = [
                                                                          {
                                                                            instancePath: instancePath + "/skipped/" + i4 + "/alsoIn/" + i6 + "/tags/" + i7,
                                                                            schemaPath: "#/properties/skipped/items/properties/alsoIn/items/properties/tags/items/type",
                                                                            keyword: "type",
                                                                            params: { type: "string" },
                                                                            message: "must be string",
                                                                            schema: schema33.properties.skipped.items.properties.alsoIn.items.properties.tags.items.type,
                                                                            parentSchema: schema33.properties.skipped.items.properties.alsoIn.items.properties.tags.items,
                                                                            data: data29
                                                                          }
                                                                        ];
                                                                        return false;
                                                                      }
                                                                    }
                                                                    var valid12 = _errs57 === errors;
                                                                    if (!valid12) {
                                                                      break;
                                                                    }
                                                                  }
                                                                } else {
                                                                  validate22.errors = [
                                                                    {
                                                                      instancePath: instancePath + "/skipped/" + i4 + "/alsoIn/" + i6 + "/tags",
                                                                      schemaPath: "#/properties/skipped/items/properties/alsoIn/items/properties/tags/type",
                                                                      keyword: "type",
                                                                      params: { type: "array" },
                                                                      message: "must be array",
                                                                      schema: schema33.properties.skipped.items.properties.alsoIn.items.properties.tags.type,
                                                                      parentSchema: schema33.properties.skipped.items.properties.alsoIn.items.properties.tags,
                                                                      data: data28
                                                                    }
                                                                  ];
                                                                  return false;
                                                                }
                                                              }
                                                              var valid11 = _errs55 === errors;
                                                            } else {
                                                              var valid11 = true;
                                                            }
                                                          }
                                                        }
                                                      } else {
                                                        validate22.errors = [
                                                          {
                                                            instancePath: instancePath + "/skipped/" + i4 + "/alsoIn/" + i6,
                                                            schemaPath: "#/properties/skipped/items/properties/alsoIn/items/type",
                                                            keyword: "type",
                                                            params: { type: "object" },
                                                            message: "must be object",
                                                            schema: schema33.properties.skipped.items.properties.alsoIn.items.type,
                                                            parentSchema: schema33.properties.skipped.items.properties.alsoIn.items,
                                                            data: data26
                                                          }
                                                        ];
                                                        return false;
                                                      }
                                                    }
                                                    var valid10 = _errs51 === errors;
                                                    if (!valid10) {
                                                      break;
                                                    }
                                                  }
                                                } else {
                                                  validate22.errors = [
                                                    {
                                                      instancePath: instancePath + "/skipped/" + i4 + "/alsoIn",
                                                      schemaPath: "#/properties/skipped/items/properties/alsoIn/type",
                                                      keyword: "type",
                                                      params: { type: "array" },
                                                      message: "must be array",
                                                      schema: schema33.properties.skipped.items.properties.alsoIn.type,
                                                      parentSchema: schema33.properties.skipped.items.properties.alsoIn,
                                                      data: data25
                                                    }
                                                  ];
                                                  return false;
                                                }
                                              }
                                              var valid8 = _errs49 === errors;
                                            } else {
                                              var valid8 = true;
                                            }
                                          }
                                        }
                                      }
                                    }
                                  }
                                }
                              } else {
                                validate22.errors = [
                                  {
                                    instancePath: instancePath + "/skipped/" + i4,
                                    schemaPath: "#/properties/skipped/items/type",
                                    keyword: "type",
                                    params: { type: "object" },
                                    message: "must be object",
                                    schema: schema33.properties.skipped.items.type,
                                    parentSchema: schema33.properties.skipped.items,
                                    data: data18
                                  }
                                ];
                                return false;
                              }
                            }
                            var valid7 = _errs36 === errors;
                            if (!valid7) {
                              break;
                            }
                          }
                        } else {
                          validate22.errors = [
                            {
                              instancePath: instancePath + "/skipped",
                              schemaPath: "#/properties/skipped/type",
                              keyword: "type",
                              params: { type: "array" },
                              message: "must be array",
                              schema: schema33.properties.skipped.type,
                              parentSchema: schema33.properties.skipped,
                              data: data17
                            }
                          ];
                          return false;
                        }
                      }
                      var valid0 = _errs34 === errors;
                    } else {
                      var valid0 = true;
                    }
                    if (valid0) {
                      if (data.counts !== void 0) {
                        let data30 = data.counts;
                        const _errs59 = errors;
                        if (errors === _errs59) {
                          if (data30 && typeof data30 == "object" && !Array.isArray(data30)) {
                            let missing5;
                            if (data30.repositories === void 0 && (missing5 = "repositories") || data30.tags === void 0 && (missing5 = "tags") || data30.digests === void 0 && (missing5 = "digests") || data30.toScan === void 0 && (missing5 = "toScan") || data30.skipped === void 0 && (missing5 = "skipped")) {
                              validate22.errors = [
                                {
                                  instancePath: instancePath + "/counts",
                                  schemaPath: "#/properties/counts/required",
                                  keyword: "required",
                                  params: { missingProperty: missing5 },
                                  message: "must have required property '" + missing5 + "'",
                                  schema: schema33.properties.counts.required,
                                  parentSchema: schema33.properties.counts,
                                  data: data30
                                }
                              ];
                              return false;
                            } else {
                              if (data30.repositories !== void 0) {
                                let data31 = data30.repositories;
                                const _errs61 = errors;
                                if (!(typeof data31 == "number" && !(data31 % 1) && !isNaN(data31) && isFinite(data31))) {
                                  validate22.errors = [
                                    {
                                      instancePath: instancePath + "/counts/repositories",
                                      schemaPath: "#/properties/counts/properties/repositories/type",
                                      keyword: "type",
                                      params: { type: "integer" },
                                      message: "must be integer",
                                      schema: schema33.properties.counts.properties.repositories.type,
                                      parentSchema: schema33.properties.counts.properties.repositories,
                                      data: data31
                                    }
                                  ];
                                  return false;
                                }
                                if (errors === _errs61) {
                                  if (typeof data31 == "number" && isFinite(data31)) {
                                    if (data31 < 0 || isNaN(data31)) {
                                      validate22.errors = [
                                        {
                                          instancePath: instancePath + "/counts/repositories",
                                          schemaPath: "#/properties/counts/properties/repositories/minimum",
                                          keyword: "minimum",
                                          params: { comparison: ">=", limit: 0 },
                                          message: "must be >= 0",
                                          schema: 0,
                                          parentSchema: schema33.properties.counts.properties.repositories,
                                          data: data31
                                        }
                                      ];
                                      return false;
                                    }
                                  }
                                }
                                var valid13 = _errs61 === errors;
                              } else {
                                var valid13 = true;
                              }
                              if (valid13) {
                                if (data30.tags !== void 0) {
                                  let data32 = data30.tags;
                                  const _errs63 = errors;
                                  if (!(typeof data32 == "number" && !(data32 % 1) && !isNaN(data32) && isFinite(data32))) {
                                    validate22.errors = [
                                      {
                                        instancePath: instancePath + "/counts/tags",
                                        schemaPath: "#/properties/counts/properties/tags/type",
                                        keyword: "type",
                                        params: { type: "integer" },
                                        message: "must be integer",
                                        schema: schema33.properties.counts.properties.tags.type,
                                        parentSchema: schema33.properties.counts.properties.tags,
                                        data: data32
                                      }
                                    ];
                                    return false;
                                  }
                                  if (errors === _errs63) {
                                    if (typeof data32 == "number" && isFinite(data32)) {
                                      if (data32 < 0 || isNaN(data32)) {
                                        validate22.errors = [
                                          {
                                            instancePath: instancePath + "/counts/tags",
                                            schemaPath: "#/properties/counts/properties/tags/minimum",
                                            keyword: "minimum",
                                            params: { comparison: ">=", limit: 0 },
                                            message: "must be >= 0",
                                            schema: 0,
                                            parentSchema: schema33.properties.counts.properties.tags,
                                            data: data32
                                          }
                                        ];
                                        return false;
                                      }
                                    }
                                  }
                                  var valid13 = _errs63 === errors;
                                } else {
                                  var valid13 = true;
                                }
                                if (valid13) {
                                  if (data30.digests !== void 0) {
                                    let data33 = data30.digests;
                                    const _errs65 = errors;
                                    if (!(typeof data33 == "number" && !(data33 % 1) && !isNaN(data33) && isFinite(data33))) {
                                      validate22.errors = [
                                        {
                                          instancePath: instancePath + "/counts/digests",
                                          schemaPath: "#/properties/counts/properties/digests/type",
                                          keyword: "type",
                                          params: { type: "integer" },
                                          message: "must be integer",
                                          schema: schema33.properties.counts.properties.digests.type,
                                          parentSchema: schema33.properties.counts.properties.digests,
                                          data: data33
                                        }
                                      ];
                                      return false;
                                    }
                                    if (errors === _errs65) {
                                      if (typeof data33 == "number" && isFinite(data33)) {
                                        if (data33 < 0 || isNaN(data33)) {
                                          validate22.errors = [
                                            {
                                              instancePath: instancePath + "/counts/digests",
                                              schemaPath: "#/properties/counts/properties/digests/minimum",
                                              keyword: "minimum",
                                              params: { comparison: ">=", limit: 0 },
                                              message: "must be >= 0",
                                              schema: 0,
                                              parentSchema: schema33.properties.counts.properties.digests,
                                              data: data33
                                            }
                                          ];
                                          return false;
                                        }
                                      }
                                    }
                                    var valid13 = _errs65 === errors;
                                  } else {
                                    var valid13 = true;
                                  }
                                  if (valid13) {
                                    if (data30.toScan !== void 0) {
                                      let data34 = data30.toScan;
                                      const _errs67 = errors;
                                      if (!(typeof data34 == "number" && !(data34 % 1) && !isNaN(data34) && isFinite(data34))) {
                                        validate22.errors = [
                                          {
                                            instancePath: instancePath + "/counts/toScan",
                                            schemaPath: "#/properties/counts/properties/toScan/type",
                                            keyword: "type",
                                            params: { type: "integer" },
                                            message: "must be integer",
                                            schema: schema33.properties.counts.properties.toScan.type,
                                            parentSchema: schema33.properties.counts.properties.toScan,
                                            data: data34
                                          }
                                        ];
                                        return false;
                                      }
                                      if (errors === _errs67) {
                                        if (typeof data34 == "number" && isFinite(data34)) {
                                          if (data34 < 0 || isNaN(data34)) {
                                            validate22.errors = [
                                              {
                                                instancePath: instancePath + "/counts/toScan",
                                                schemaPath: "#/properties/counts/properties/toScan/minimum",
                                                keyword: "minimum",
                                                params: { comparison: ">=", limit: 0 },
                                                message: "must be >= 0",
                                                schema: 0,
                                                parentSchema: schema33.properties.counts.properties.toScan,
                                                data: data34
                                              }
                                            ];
                                            return false;
                                          }
                                        }
                                      }
                                      var valid13 = _errs67 === errors;
                                    } else {
                                      var valid13 = true;
                                    }
                                    if (valid13) {
                                      if (data30.skipped !== void 0) {
                                        let data35 = data30.skipped;
                                        const _errs69 = errors;
                                        if (!(typeof data35 == "number" && !(data35 % 1) && !isNaN(data35) && isFinite(data35))) {
                                          validate22.errors = [
                                            {
                                              instancePath: instancePath + "/counts/skipped",
                                              schemaPath: "#/properties/counts/properties/skipped/type",
                                              keyword: "type",
                                              params: { type: "integer" },
                                              message: "must be integer",
                                              schema: schema33.properties.counts.properties.skipped.type,
                                              parentSchema: schema33.properties.counts.properties.skipped,
                                              data: data35
                                            }
                                          ];
                                          return false;
                                        }
                                        if (errors === _errs69) {
                                          if (typeof data35 == "number" && isFinite(data35)) {
                                            if (data35 < 0 || isNaN(data35)) {
                                              validate22.errors = [
                                                {
                                                  instancePath: instancePath + "/counts/skipped",
                                                  schemaPath: "#/properties/counts/properties/skipped/minimum",
                                                  keyword: "minimum",
                                                  params: { comparison: ">=", limit: 0 },
                                                  message: "must be >= 0",
                                                  schema: 0,
                                                  parentSchema: schema33.properties.counts.properties.skipped,
                                                  data: data35
                                                }
                                              ];
                                              return false;
                                            }
                                          }
                                        }
                                        var valid13 = _errs69 === errors;
                                      } else {
                                        var valid13 = true;
                                      }
                                    }
                                  }
                                }
                              }
                            }
                          } else {
                            validate22.errors = [
                              {
                                instancePath: instancePath + "/counts",
                                schemaPath: "#/properties/counts/type",
                                keyword: "type",
                                params: { type: "object" },
                                message: "must be object",
                                schema: schema33.properties.counts.type,
                                parentSchema: schema33.properties.counts,
                                data: data30
                              }
                            ];
                            return false;
                          }
                        }
                        var valid0 = _errs59 === errors;
                      } else {
                        var valid0 = true;
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    } else {
      validate22.errors = [
        {
          instancePath,
          schemaPath: "#/type",
          keyword: "type",
          params: { type: "object" },
          message: "must be object",
          schema: schema33.type,
          parentSchema: schema33,
          data
        }
      ];
      return false;
    }
  }
  validate22.errors = vErrors;
  return errors === 0;
}
validate22.evaluated = {
  props: {
    schemaVersion: true,
    createdAt: true,
    registry: true,
    trivyDbUpdatedAt: true,
    shards: true,
    scans: true,
    skipped: true,
    counts: true
  },
  dynamicProps: false,
  dynamicItems: false
};
var rescanShardResult = validate23;
var schema34 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "imagegate re-scan shard result (rescan-result.json)",
  description: "Written by `imagegate rescan run` (rewritten after every scan), read by `rescan merge`. Keys not named here are allowed and ignored.",
  type: "object",
  required: ["schemaVersion", "planCreatedAt", "shard", "startedAt", "scans", "planned"],
  properties: {
    schemaVersion: { const: 1 },
    planCreatedAt: { type: "string", minLength: 1 },
    shard: { type: "string", pattern: "^\\d+/\\d+$" },
    startedAt: {
      type: "string",
      minLength: 1,
      description: "An ISO 8601 time, as new Date().toISOString() writes it."
    },
    finishedAt: {
      type: "string",
      minLength: 1,
      description: "An ISO 8601 time, as new Date().toISOString() writes it."
    },
    planned: { type: "integer", minimum: 0 },
    scans: {
      type: "array",
      items: {
        type: "object",
        required: ["repository", "digest", "tags", "reference", "status"],
        properties: {
          repository: { type: "string", minLength: 1 },
          digest: {
            type: "string",
            pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
            description: "a manifest digest (algorithm:hex)"
          },
          tags: { type: "array", items: { type: "string", minLength: 1 } },
          reference: { type: "string", minLength: 1 },
          status: { enum: ["scanned", "failed"] },
          error: { type: "string", minLength: 1 },
          exitCode: { type: "integer", minimum: 0 },
          verdict: { enum: ["pass", "fail"] },
          trivyDbUpdatedAt: { type: "string", minLength: 1 },
          fingerprints: { type: "array", items: { type: "string", minLength: 1 } },
          newFindings: { type: "integer", minimum: 0 },
          outDir: { type: "string", minLength: 1 },
          finishedAt: {
            type: "string",
            minLength: 1,
            description: "An ISO 8601 time, as new Date().toISOString() writes it."
          }
        },
        if: { properties: { status: { const: "scanned" } } },
        then: { required: ["verdict", "fingerprints"] },
        else: { required: ["error"] }
      }
    }
  }
};
var pattern8 = new RegExp("^\\d+/\\d+$", "u");
function validate23(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate23.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (errors === 0) {
    if (data && typeof data == "object" && !Array.isArray(data)) {
      let missing0;
      if (data.schemaVersion === void 0 && (missing0 = "schemaVersion") || data.planCreatedAt === void 0 && (missing0 = "planCreatedAt") || data.shard === void 0 && (missing0 = "shard") || data.startedAt === void 0 && (missing0 = "startedAt") || data.scans === void 0 && (missing0 = "scans") || data.planned === void 0 && (missing0 = "planned")) {
        validate23.errors = [
          {
            instancePath,
            schemaPath: "#/required",
            keyword: "required",
            params: { missingProperty: missing0 },
            message: "must have required property '" + missing0 + "'",
            schema: schema34.required,
            parentSchema: schema34,
            data
          }
        ];
        return false;
      } else {
        if (data.schemaVersion !== void 0) {
          let data0 = data.schemaVersion;
          const _errs1 = errors;
          if (1 !== data0) {
            validate23.errors = [
              {
                instancePath: instancePath + "/schemaVersion",
                schemaPath: "#/properties/schemaVersion/const",
                keyword: "const",
                params: { allowedValue: 1 },
                message: "must be equal to constant",
                schema: 1,
                parentSchema: schema34.properties.schemaVersion,
                data: data0
              }
            ];
            return false;
          }
          var valid0 = _errs1 === errors;
        } else {
          var valid0 = true;
        }
        if (valid0) {
          if (data.planCreatedAt !== void 0) {
            let data1 = data.planCreatedAt;
            const _errs2 = errors;
            if (errors === _errs2) {
              if (typeof data1 === "string") {
                if (func1(data1) < 1) {
                  validate23.errors = [
                    {
                      instancePath: instancePath + "/planCreatedAt",
                      schemaPath: "#/properties/planCreatedAt/minLength",
                      keyword: "minLength",
                      params: { limit: 1 },
                      message: "must NOT have fewer than 1 characters",
                      schema: 1,
                      parentSchema: schema34.properties.planCreatedAt,
                      data: data1
                    }
                  ];
                  return false;
                }
              } else {
                validate23.errors = [
                  {
                    instancePath: instancePath + "/planCreatedAt",
                    schemaPath: "#/properties/planCreatedAt/type",
                    keyword: "type",
                    params: { type: "string" },
                    message: "must be string",
                    schema: schema34.properties.planCreatedAt.type,
                    parentSchema: schema34.properties.planCreatedAt,
                    data: data1
                  }
                ];
                return false;
              }
            }
            var valid0 = _errs2 === errors;
          } else {
            var valid0 = true;
          }
          if (valid0) {
            if (data.shard !== void 0) {
              let data2 = data.shard;
              const _errs4 = errors;
              if (errors === _errs4) {
                if (typeof data2 === "string") {
                  if (!pattern8.test(data2)) {
                    validate23.errors = [
                      {
                        instancePath: instancePath + "/shard",
                        schemaPath: "#/properties/shard/pattern",
                        keyword: "pattern",
                        params: { pattern: "^\\d+/\\d+$" },
                        message: 'must match pattern "^\\d+/\\d+$"',
                        schema: "^\\d+/\\d+$",
                        parentSchema: schema34.properties.shard,
                        data: data2
                      }
                    ];
                    return false;
                  }
                } else {
                  validate23.errors = [
                    {
                      instancePath: instancePath + "/shard",
                      schemaPath: "#/properties/shard/type",
                      keyword: "type",
                      params: { type: "string" },
                      message: "must be string",
                      schema: schema34.properties.shard.type,
                      parentSchema: schema34.properties.shard,
                      data: data2
                    }
                  ];
                  return false;
                }
              }
              var valid0 = _errs4 === errors;
            } else {
              var valid0 = true;
            }
            if (valid0) {
              if (data.startedAt !== void 0) {
                let data3 = data.startedAt;
                const _errs6 = errors;
                if (errors === _errs6) {
                  if (typeof data3 === "string") {
                    if (func1(data3) < 1) {
                      validate23.errors = [
                        {
                          instancePath: instancePath + "/startedAt",
                          schemaPath: "#/properties/startedAt/minLength",
                          keyword: "minLength",
                          params: { limit: 1 },
                          message: "must NOT have fewer than 1 characters",
                          schema: 1,
                          parentSchema: schema34.properties.startedAt,
                          data: data3
                        }
                      ];
                      return false;
                    }
                  } else {
                    validate23.errors = [
                      {
                        instancePath: instancePath + "/startedAt",
                        schemaPath: "#/properties/startedAt/type",
                        keyword: "type",
                        params: { type: "string" },
                        message: "must be string",
                        schema: schema34.properties.startedAt.type,
                        parentSchema: schema34.properties.startedAt,
                        data: data3
                      }
                    ];
                    return false;
                  }
                }
                var valid0 = _errs6 === errors;
              } else {
                var valid0 = true;
              }
              if (valid0) {
                if (data.finishedAt !== void 0) {
                  let data4 = data.finishedAt;
                  const _errs8 = errors;
                  if (errors === _errs8) {
                    if (typeof data4 === "string") {
                      if (func1(data4) < 1) {
                        validate23.errors = [
                          {
                            instancePath: instancePath + "/finishedAt",
                            schemaPath: "#/properties/finishedAt/minLength",
                            keyword: "minLength",
                            params: { limit: 1 },
                            message: "must NOT have fewer than 1 characters",
                            schema: 1,
                            parentSchema: schema34.properties.finishedAt,
                            data: data4
                          }
                        ];
                        return false;
                      }
                    } else {
                      validate23.errors = [
                        {
                          instancePath: instancePath + "/finishedAt",
                          schemaPath: "#/properties/finishedAt/type",
                          keyword: "type",
                          params: { type: "string" },
                          message: "must be string",
                          schema: schema34.properties.finishedAt.type,
                          parentSchema: schema34.properties.finishedAt,
                          data: data4
                        }
                      ];
                      return false;
                    }
                  }
                  var valid0 = _errs8 === errors;
                } else {
                  var valid0 = true;
                }
                if (valid0) {
                  if (data.planned !== void 0) {
                    let data5 = data.planned;
                    const _errs10 = errors;
                    if (!(typeof data5 == "number" && !(data5 % 1) && !isNaN(data5) && isFinite(data5))) {
                      validate23.errors = [
                        {
                          instancePath: instancePath + "/planned",
                          schemaPath: "#/properties/planned/type",
                          keyword: "type",
                          params: { type: "integer" },
                          message: "must be integer",
                          schema: schema34.properties.planned.type,
                          parentSchema: schema34.properties.planned,
                          data: data5
                        }
                      ];
                      return false;
                    }
                    if (errors === _errs10) {
                      if (typeof data5 == "number" && isFinite(data5)) {
                        if (data5 < 0 || isNaN(data5)) {
                          validate23.errors = [
                            {
                              instancePath: instancePath + "/planned",
                              schemaPath: "#/properties/planned/minimum",
                              keyword: "minimum",
                              params: { comparison: ">=", limit: 0 },
                              message: "must be >= 0",
                              schema: 0,
                              parentSchema: schema34.properties.planned,
                              data: data5
                            }
                          ];
                          return false;
                        }
                      }
                    }
                    var valid0 = _errs10 === errors;
                  } else {
                    var valid0 = true;
                  }
                  if (valid0) {
                    if (data.scans !== void 0) {
                      let data6 = data.scans;
                      const _errs12 = errors;
                      if (errors === _errs12) {
                        if (Array.isArray(data6)) {
                          var valid1 = true;
                          const len0 = data6.length;
                          for (let i0 = 0; i0 < len0; i0++) {
                            let data7 = data6[i0];
                            const _errs14 = errors;
                            const _errs16 = errors;
                            let valid2 = true;
                            const _errs17 = errors;
                            if (data7 && typeof data7 == "object" && !Array.isArray(data7)) {
                              if (data7.status !== void 0) {
                                if ("scanned" !== data7.status) {
                                  const err0 = {};
                                  if (vErrors === null) {
                                    vErrors = [err0];
                                  } else {
                                    vErrors.push(err0);
                                  }
                                  errors++;
                                }
                              }
                            }
                            var _valid0 = _errs17 === errors;
                            errors = _errs16;
                            if (vErrors !== null) {
                              if (_errs16) {
                                vErrors.length = _errs16;
                              } else {
                                vErrors = null;
                              }
                            }
                            let ifClause0;
                            if (_valid0) {
                              const _errs19 = errors;
                              if (data7 && typeof data7 == "object" && !Array.isArray(data7)) {
                                let missing1;
                                if (data7.verdict === void 0 && (missing1 = "verdict") || data7.fingerprints === void 0 && (missing1 = "fingerprints")) {
                                  validate23.errors = [
                                    {
                                      instancePath: instancePath + "/scans/" + i0,
                                      schemaPath: "#/properties/scans/items/then/required",
                                      keyword: "required",
                                      params: { missingProperty: missing1 },
                                      message: "must have required property '" + missing1 + "'",
                                      schema: schema34.properties.scans.items.then.required,
                                      parentSchema: schema34.properties.scans.items.then,
                                      data: data7
                                    }
                                  ];
                                  return false;
                                }
                              }
                              var _valid0 = _errs19 === errors;
                              valid2 = _valid0;
                              ifClause0 = "then";
                            } else {
                              const _errs20 = errors;
                              if (data7 && typeof data7 == "object" && !Array.isArray(data7)) {
                                let missing2;
                                if (data7.error === void 0 && (missing2 = "error")) {
                                  validate23.errors = [
                                    {
                                      instancePath: instancePath + "/scans/" + i0,
                                      schemaPath: "#/properties/scans/items/else/required",
                                      keyword: "required",
                                      params: { missingProperty: missing2 },
                                      message: "must have required property '" + missing2 + "'",
                                      schema: schema34.properties.scans.items.else.required,
                                      parentSchema: schema34.properties.scans.items.else,
                                      data: data7
                                    }
                                  ];
                                  return false;
                                }
                              }
                              var _valid0 = _errs20 === errors;
                              valid2 = _valid0;
                              ifClause0 = "else";
                            }
                            if (!valid2) {
                              const err1 = {
                                instancePath: instancePath + "/scans/" + i0,
                                schemaPath: "#/properties/scans/items/if",
                                keyword: "if",
                                params: { failingKeyword: ifClause0 },
                                message: 'must match "' + ifClause0 + '" schema',
                                schema: schema34.properties.scans.items.if,
                                parentSchema: schema34.properties.scans.items,
                                data: data7
                              };
                              if (vErrors === null) {
                                vErrors = [err1];
                              } else {
                                vErrors.push(err1);
                              }
                              errors++;
                              validate23.errors = vErrors;
                              return false;
                            }
                            if (errors === _errs14) {
                              if (data7 && typeof data7 == "object" && !Array.isArray(data7)) {
                                let missing3;
                                if (data7.repository === void 0 && (missing3 = "repository") || data7.digest === void 0 && (missing3 = "digest") || data7.tags === void 0 && (missing3 = "tags") || data7.reference === void 0 && (missing3 = "reference") || data7.status === void 0 && (missing3 = "status")) {
                                  validate23.errors = [
                                    {
                                      instancePath: instancePath + "/scans/" + i0,
                                      schemaPath: "#/properties/scans/items/required",
                                      keyword: "required",
                                      params: { missingProperty: missing3 },
                                      message: "must have required property '" + missing3 + "'",
                                      schema: schema34.properties.scans.items.required,
                                      parentSchema: schema34.properties.scans.items,
                                      data: data7
                                    }
                                  ];
                                  return false;
                                } else {
                                  if (data7.repository !== void 0) {
                                    let data9 = data7.repository;
                                    const _errs21 = errors;
                                    if (errors === _errs21) {
                                      if (typeof data9 === "string") {
                                        if (func1(data9) < 1) {
                                          validate23.errors = [
                                            {
                                              instancePath: instancePath + "/scans/" + i0 + "/repository",
                                              schemaPath: "#/properties/scans/items/properties/repository/minLength",
                                              keyword: "minLength",
                                              params: { limit: 1 },
                                              message: "must NOT have fewer than 1 characters",
                                              schema: 1,
                                              parentSchema: schema34.properties.scans.items.properties.repository,
                                              data: data9
                                            }
                                          ];
                                          return false;
                                        }
                                      } else {
                                        validate23.errors = [
                                          {
                                            instancePath: instancePath + "/scans/" + i0 + "/repository",
                                            schemaPath: "#/properties/scans/items/properties/repository/type",
                                            keyword: "type",
                                            params: { type: "string" },
                                            message: "must be string",
                                            schema: schema34.properties.scans.items.properties.repository.type,
                                            parentSchema: schema34.properties.scans.items.properties.repository,
                                            data: data9
                                          }
                                        ];
                                        return false;
                                      }
                                    }
                                    var valid4 = _errs21 === errors;
                                  } else {
                                    var valid4 = true;
                                  }
                                  if (valid4) {
                                    if (data7.digest !== void 0) {
                                      let data10 = data7.digest;
                                      const _errs23 = errors;
                                      if (errors === _errs23) {
                                        if (typeof data10 === "string") {
                                          if (!pattern5.test(data10)) {
                                            validate23.errors = [
                                              {
                                                instancePath: instancePath + "/scans/" + i0 + "/digest",
                                                schemaPath: "#/properties/scans/items/properties/digest/pattern",
                                                keyword: "pattern",
                                                params: { pattern: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$" },
                                                message: 'must match pattern "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$"',
                                                schema: "^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$",
                                                parentSchema: schema34.properties.scans.items.properties.digest,
                                                data: data10
                                              }
                                            ];
                                            return false;
                                          }
                                        } else {
                                          validate23.errors = [
                                            {
                                              instancePath: instancePath + "/scans/" + i0 + "/digest",
                                              schemaPath: "#/properties/scans/items/properties/digest/type",
                                              keyword: "type",
                                              params: { type: "string" },
                                              message: "must be string",
                                              schema: schema34.properties.scans.items.properties.digest.type,
                                              parentSchema: schema34.properties.scans.items.properties.digest,
                                              data: data10
                                            }
                                          ];
                                          return false;
                                        }
                                      }
                                      var valid4 = _errs23 === errors;
                                    } else {
                                      var valid4 = true;
                                    }
                                    if (valid4) {
                                      if (data7.tags !== void 0) {
                                        let data11 = data7.tags;
                                        const _errs25 = errors;
                                        if (errors === _errs25) {
                                          if (Array.isArray(data11)) {
                                            var valid5 = true;
                                            const len1 = data11.length;
                                            for (let i1 = 0; i1 < len1; i1++) {
                                              let data12 = data11[i1];
                                              const _errs27 = errors;
                                              if (errors === _errs27) {
                                                if (typeof data12 === "string") {
                                                  if (func1(data12) < 1) {
                                                    validate23.errors = [
                                                      {
                                                        instancePath: instancePath + "/scans/" + i0 + "/tags/" + i1,
                                                        schemaPath: "#/properties/scans/items/properties/tags/items/minLength",
                                                        keyword: "minLength",
                                                        params: { limit: 1 },
                                                        message: "must NOT have fewer than 1 characters",
                                                        schema: 1,
                                                        parentSchema: schema34.properties.scans.items.properties.tags.items,
                                                        data: data12
                                                      }
                                                    ];
                                                    return false;
                                                  }
                                                } else {
                                                  validate23.errors = [
                                                    {
                                                      instancePath: instancePath + "/scans/" + i0 + "/tags/" + i1,
                                                      schemaPath: "#/properties/scans/items/properties/tags/items/type",
                                                      keyword: "type",
                                                      params: { type: "string" },
                                                      message: "must be string",
                                                      schema: schema34.properties.scans.items.properties.tags.items.type,
                                                      parentSchema: schema34.properties.scans.items.properties.tags.items,
                                                      data: data12
                                                    }
                                                  ];
                                                  return false;
                                                }
                                              }
                                              var valid5 = _errs27 === errors;
                                              if (!valid5) {
                                                break;
                                              }
                                            }
                                          } else {
                                            validate23.errors = [
                                              {
                                                instancePath: instancePath + "/scans/" + i0 + "/tags",
                                                schemaPath: "#/properties/scans/items/properties/tags/type",
                                                keyword: "type",
                                                params: { type: "array" },
                                                message: "must be array",
                                                schema: schema34.properties.scans.items.properties.tags.type,
                                                parentSchema: schema34.properties.scans.items.properties.tags,
                                                data: data11
                                              }
                                            ];
                                            return false;
                                          }
                                        }
                                        var valid4 = _errs25 === errors;
                                      } else {
                                        var valid4 = true;
                                      }
                                      if (valid4) {
                                        if (data7.reference !== void 0) {
                                          let data13 = data7.reference;
                                          const _errs29 = errors;
                                          if (errors === _errs29) {
                                            if (typeof data13 === "string") {
                                              if (func1(data13) < 1) {
                                                validate23.errors = [
                                                  {
                                                    instancePath: instancePath + "/scans/" + i0 + "/reference",
                                                    schemaPath: "#/properties/scans/items/properties/reference/minLength",
                                                    keyword: "minLength",
                                                    params: { limit: 1 },
                                                    message: "must NOT have fewer than 1 characters",
                                                    schema: 1,
                                                    parentSchema: schema34.properties.scans.items.properties.reference,
                                                    data: data13
                                                  }
                                                ];
                                                return false;
                                              }
                                            } else {
                                              validate23.errors = [
                                                {
                                                  instancePath: instancePath + "/scans/" + i0 + "/reference",
                                                  schemaPath: "#/properties/scans/items/properties/reference/type",
                                                  keyword: "type",
                                                  params: { type: "string" },
                                                  message: "must be string",
                                                  schema: schema34.properties.scans.items.properties.reference.type,
                                                  parentSchema: schema34.properties.scans.items.properties.reference,
                                                  data: data13
                                                }
                                              ];
                                              return false;
                                            }
                                          }
                                          var valid4 = _errs29 === errors;
                                        } else {
                                          var valid4 = true;
                                        }
                                        if (valid4) {
                                          if (data7.status !== void 0) {
                                            let data14 = data7.status;
                                            const _errs31 = errors;
                                            if (!(data14 === "scanned" || data14 === "failed")) {
                                              validate23.errors = [
                                                {
                                                  instancePath: instancePath + "/scans/" + i0 + "/status",
                                                  schemaPath: "#/properties/scans/items/properties/status/enum",
                                                  keyword: "enum",
                                                  params: {
                                                    allowedValues: schema34.properties.scans.items.properties.status.enum
                                                  },
                                                  message: "must be equal to one of the allowed values",
                                                  schema: schema34.properties.scans.items.properties.status.enum,
                                                  parentSchema: schema34.properties.scans.items.properties.status,
                                                  data: data14
                                                }
                                              ];
                                              return false;
                                            }
                                            var valid4 = _errs31 === errors;
                                          } else {
                                            var valid4 = true;
                                          }
                                          if (valid4) {
                                            if (data7.error !== void 0) {
                                              let data15 = data7.error;
                                              const _errs32 = errors;
                                              if (errors === _errs32) {
                                                if (typeof data15 === "string") {
                                                  if (func1(data15) < 1) {
                                                    validate23.errors = [
                                                      {
                                                        instancePath: instancePath + "/scans/" + i0 + "/error",
                                                        schemaPath: "#/properties/scans/items/properties/error/minLength",
                                                        keyword: "minLength",
                                                        params: { limit: 1 },
                                                        message: "must NOT have fewer than 1 characters",
                                                        schema: 1,
                                                        parentSchema: schema34.properties.scans.items.properties.error,
                                                        data: data15
                                                      }
                                                    ];
                                                    return false;
                                                  }
                                                } else {
                                                  validate23.errors = [
                                                    {
                                                      instancePath: instancePath + "/scans/" + i0 + "/error",
                                                      schemaPath: "#/properties/scans/items/properties/error/type",
                                                      keyword: "type",
                                                      params: { type: "string" },
                                                      message: "must be string",
                                                      schema: schema34.properties.scans.items.properties.error.type,
                                                      parentSchema: schema34.properties.scans.items.properties.error,
                                                      data: data15
                                                    }
                                                  ];
                                                  return false;
                                                }
                                              }
                                              var valid4 = _errs32 === errors;
                                            } else {
                                              var valid4 = true;
                                            }
                                            if (valid4) {
                                              if (data7.exitCode !== void 0) {
                                                let data16 = data7.exitCode;
                                                const _errs34 = errors;
                                                if (!(typeof data16 == "number" && !(data16 % 1) && !isNaN(data16) && isFinite(data16))) {
                                                  validate23.errors = [
                                                    {
                                                      instancePath: instancePath + "/scans/" + i0 + "/exitCode",
                                                      schemaPath: "#/properties/scans/items/properties/exitCode/type",
                                                      keyword: "type",
                                                      params: { type: "integer" },
                                                      message: "must be integer",
                                                      schema: schema34.properties.scans.items.properties.exitCode.type,
                                                      parentSchema: schema34.properties.scans.items.properties.exitCode,
                                                      data: data16
                                                    }
                                                  ];
                                                  return false;
                                                }
                                                if (errors === _errs34) {
                                                  if (typeof data16 == "number" && isFinite(data16)) {
                                                    if (data16 < 0 || isNaN(data16)) {
                                                      validate23.errors = [
                                                        {
                                                          instancePath: instancePath + "/scans/" + i0 + "/exitCode",
                                                          schemaPath: "#/properties/scans/items/properties/exitCode/minimum",
                                                          keyword: "minimum",
                                                          params: { comparison: ">=", limit: 0 },
                                                          message: "must be >= 0",
                                                          schema: 0,
                                                          parentSchema: schema34.properties.scans.items.properties.exitCode,
                                                          data: data16
                                                        }
                                                      ];
                                                      return false;
                                                    }
                                                  }
                                                }
                                                var valid4 = _errs34 === errors;
                                              } else {
                                                var valid4 = true;
                                              }
                                              if (valid4) {
                                                if (data7.verdict !== void 0) {
                                                  let data17 = data7.verdict;
                                                  const _errs36 = errors;
                                                  if (!(data17 === "pass" || data17 === "fail")) {
                                                    validate23.errors = [
                                                      {
                                                        instancePath: instancePath + "/scans/" + i0 + "/verdict",
                                                        schemaPath: "#/properties/scans/items/properties/verdict/enum",
                                                        keyword: "enum",
                                                        params: {
                                                          allowedValues: schema34.properties.scans.items.properties.verdict.enum
                                                        },
                                                        message: "must be equal to one of the allowed values",
                                                        schema: schema34.properties.scans.items.properties.verdict.enum,
                                                        parentSchema: schema34.properties.scans.items.properties.verdict,
                                                        data: data17
                                                      }
                                                    ];
                                                    return false;
                                                  }
                                                  var valid4 = _errs36 === errors;
                                                } else {
                                                  var valid4 = true;
                                                }
                                                if (valid4) {
                                                  if (data7.trivyDbUpdatedAt !== void 0) {
                                                    let data18 = data7.trivyDbUpdatedAt;
                                                    const _errs37 = errors;
                                                    if (errors === _errs37) {
                                                      if (typeof data18 === "string") {
                                                        if (func1(data18) < 1) {
                                                          validate23.errors = [
                                                            {
                                                              instancePath: instancePath + "/scans/" + i0 + "/trivyDbUpdatedAt",
                                                              schemaPath: "#/properties/scans/items/properties/trivyDbUpdatedAt/minLength",
                                                              keyword: "minLength",
                                                              params: { limit: 1 },
                                                              message: "must NOT have fewer than 1 characters",
                                                              schema: 1,
                                                              parentSchema: schema34.properties.scans.items.properties.trivyDbUpdatedAt,
                                                              data: data18
                                                            }
                                                          ];
                                                          return false;
                                                        }
                                                      } else {
                                                        validate23.errors = [
                                                          {
                                                            instancePath: instancePath + "/scans/" + i0 + "/trivyDbUpdatedAt",
                                                            schemaPath: "#/properties/scans/items/properties/trivyDbUpdatedAt/type",
                                                            keyword: "type",
                                                            params: { type: "string" },
                                                            message: "must be string",
                                                            schema: schema34.properties.scans.items.properties.trivyDbUpdatedAt.type,
                                                            parentSchema: schema34.properties.scans.items.properties.trivyDbUpdatedAt,
                                                            data: data18
                                                          }
                                                        ];
                                                        return false;
                                                      }
                                                    }
                                                    var valid4 = _errs37 === errors;
                                                  } else {
                                                    var valid4 = true;
                                                  }
                                                  if (valid4) {
                                                    if (data7.fingerprints !== void 0) {
                                                      let data19 = data7.fingerprints;
                                                      const _errs39 = errors;
                                                      if (errors === _errs39) {
                                                        if (Array.isArray(data19)) {
                                                          var valid6 = true;
                                                          const len2 = data19.length;
                                                          for (let i2 = 0; i2 < len2; i2++) {
                                                            let data20 = data19[i2];
                                                            const _errs41 = errors;
                                                            if (errors === _errs41) {
                                                              if (typeof data20 === "string") {
                                                                if (func1(data20) < 1) {
                                                                  validate23.errors = [
                                                                    {
                                                                      instancePath: instancePath + "/scans/" + i0 + "/fingerprints/" + i2,
                                                                      schemaPath: "#/properties/scans/items/properties/fingerprints/items/minLength",
                                                                      keyword: "minLength",
                                                                      params: { limit: 1 },
                                                                      message: "must NOT have fewer than 1 characters",
                                                                      schema: 1,
                                                                      parentSchema: schema34.properties.scans.items.properties.fingerprints.items,
                                                                      data: data20
                                                                    }
                                                                  ];
                                                                  return false;
                                                                }
                                                              } else {
                                                                validate23.errors = [
                                                                  {
                                                                    instancePath: instancePath + "/scans/" + i0 + "/fingerprints/" + i2,
                                                                    schemaPath: "#/properties/scans/items/properties/fingerprints/items/type",
                                                                    keyword: "type",
                                                                    params: { type: "string" },
                                                                    message: "must be string",
                                                                    schema: schema34.properties.scans.items.properties.fingerprints.items.type,
                                                                    parentSchema: schema34.properties.scans.items.properties.fingerprints.items,
                                                                    data: data20
                                                                  }
                                                                ];
                                                                return false;
                                                              }
                                                            }
                                                            var valid6 = _errs41 === errors;
                                                            if (!valid6) {
                                                              break;
                                                            }
                                                          }
                                                        } else {
                                                          validate23.errors = [
                                                            {
                                                              instancePath: instancePath + "/scans/" + i0 + "/fingerprints",
                                                              schemaPath: "#/properties/scans/items/properties/fingerprints/type",
                                                              keyword: "type",
                                                              params: { type: "array" },
                                                              message: "must be array",
                                                              schema: schema34.properties.scans.items.properties.fingerprints.type,
                                                              parentSchema: schema34.properties.scans.items.properties.fingerprints,
                                                              data: data19
                                                            }
                                                          ];
                                                          return false;
                                                        }
                                                      }
                                                      var valid4 = _errs39 === errors;
                                                    } else {
                                                      var valid4 = true;
                                                    }
                                                    if (valid4) {
                                                      if (data7.newFindings !== void 0) {
                                                        let data21 = data7.newFindings;
                                                        const _errs43 = errors;
                                                        if (!(typeof data21 == "number" && !(data21 % 1) && !isNaN(data21) && isFinite(data21))) {
                                                          validate23.errors = [
                                                            {
                                                              instancePath: instancePath + "/scans/" + i0 + "/newFindings",
                                                              schemaPath: "#/properties/scans/items/properties/newFindings/type",
                                                              keyword: "type",
                                                              params: { type: "integer" },
                                                              message: "must be integer",
                                                              schema: schema34.properties.scans.items.properties.newFindings.type,
                                                              parentSchema: schema34.properties.scans.items.properties.newFindings,
                                                              data: data21
                                                            }
                                                          ];
                                                          return false;
                                                        }
                                                        if (errors === _errs43) {
                                                          if (typeof data21 == "number" && isFinite(data21)) {
                                                            if (data21 < 0 || isNaN(data21)) {
                                                              validate23.errors = [
                                                                {
                                                                  instancePath: instancePath + "/scans/" + i0 + "/newFindings",
                                                                  schemaPath: "#/properties/scans/items/properties/newFindings/minimum",
                                                                  keyword: "minimum",
                                                                  params: { comparison: ">=", limit: 0 },
                                                                  message: "must be >= 0",
                                                                  schema: 0,
                                                                  parentSchema: schema34.properties.scans.items.properties.newFindings,
                                                                  data: data21
                                                                }
                                                              ];
                                                              return false;
                                                            }
                                                          }
                                                        }
                                                        var valid4 = _errs43 === errors;
                                                      } else {
                                                        var valid4 = true;
                                                      }
                                                      if (valid4) {
                                                        if (data7.outDir !== void 0) {
                                                          let data22 = data7.outDir;
                                                          const _errs45 = errors;
                                                          if (errors === _errs45) {
                                                            if (typeof data22 === "string") {
                                                              if (func1(data22) < 1) {
                                                                validate23.errors = [
                                                                  {
                                                                    instancePath: instancePath + "/scans/" + i0 + "/outDir",
                                                                    schemaPath: "#/properties/scans/items/properties/outDir/minLength",
                                                                    keyword: "minLength",
                                                                    params: { limit: 1 },
                                                                    message: "must NOT have fewer than 1 characters",
                                                                    schema: 1,
                                                                    parentSchema: schema34.properties.scans.items.properties.outDir,
                                                                    data: data22
                                                                  }
                                                                ];
                                                                return false;
                                                              }
                                                            } else {
                                                              validate23.errors = [
                                                                {
                                                                  instancePath: instancePath + "/scans/" + i0 + "/outDir",
                                                                  schemaPath: "#/properties/scans/items/properties/outDir/type",
                                                                  keyword: "type",
                                                                  params: { type: "string" },
                                                                  message: "must be string",
                                                                  schema: schema34.properties.scans.items.properties.outDir.type,
                                                                  parentSchema: schema34.properties.scans.items.properties.outDir,
                                                                  data: data22
                                                                }
                                                              ];
                                                              return false;
                                                            }
                                                          }
                                                          var valid4 = _errs45 === errors;
                                                        } else {
                                                          var valid4 = true;
                                                        }
                                                        if (valid4) {
                                                          if (data7.finishedAt !== void 0) {
                                                            let data23 = data7.finishedAt;
                                                            const _errs47 = errors;
                                                            if (errors === _errs47) {
                                                              if (typeof data23 === "string") {
                                                                if (func1(data23) < 1) {
                                                                  validate23.errors = [
                                                                    {
                                                                      instancePath: instancePath + "/scans/" + i0 + "/finishedAt",
                                                                      schemaPath: "#/properties/scans/items/properties/finishedAt/minLength",
                                                                      keyword: "minLength",
                                                                      params: { limit: 1 },
                                                                      message: "must NOT have fewer than 1 characters",
                                                                      schema: 1,
                                                                      parentSchema: schema34.properties.scans.items.properties.finishedAt,
                                                                      data: data23
                                                                    }
                                                                  ];
                                                                  return false;
                                                                }
                                                              } else {
                                                                validate23.errors = [
                                                                  {
                                                                    instancePath: instancePath + "/scans/" + i0 + "/finishedAt",
                                                                    schemaPath: "#/properties/scans/items/properties/finishedAt/type",
                                                                    keyword: "type",
                                                                    params: { type: "string" },
                                                                    message: "must be string",
                                                                    schema: schema34.properties.scans.items.properties.finishedAt.type,
                                                                    parentSchema: schema34.properties.scans.items.properties.finishedAt,
                                                                    data: data23
                                                                  }
                                                                ];
                                                                return false;
                                                              }
                                                            }
                                                            var valid4 = _errs47 === errors;
                                                          } else {
                                                            var valid4 = true;
                                                          }
                                                        }
                                                      }
                                                    }
                                                  }
                                                }
                                              }
                                            }
                                          }
                                        }
                                      }
                                    }
                                  }
                                }
                              } else {
                                validate23.errors = [
                                  {
                                    instancePath: instancePath + "/scans/" + i0,
                                    schemaPath: "#/properties/scans/items/type",
                                    keyword: "type",
                                    params: { type: "object" },
                                    message: "must be object",
                                    schema: schema34.properties.scans.items.type,
                                    parentSchema: schema34.properties.scans.items,
                                    data: data7
                                  }
                                ];
                                return false;
                              }
                            }
                            var valid1 = _errs14 === errors;
                            if (!valid1) {
                              break;
                            }
                          }
                        } else {
                          validate23.errors = [
                            {
                              instancePath: instancePath + "/scans",
                              schemaPath: "#/properties/scans/type",
                              keyword: "type",
                              params: { type: "array" },
                              message: "must be array",
                              schema: schema34.properties.scans.type,
                              parentSchema: schema34.properties.scans,
                              data: data6
                            }
                          ];
                          return false;
                        }
                      }
                      var valid0 = _errs12 === errors;
                    } else {
                      var valid0 = true;
                    }
                  }
                }
              }
            }
          }
        }
      }
    } else {
      validate23.errors = [
        {
          instancePath,
          schemaPath: "#/type",
          keyword: "type",
          params: { type: "object" },
          message: "must be object",
          schema: schema34.type,
          parentSchema: schema34,
          data
        }
      ];
      return false;
    }
  }
  validate23.errors = vErrors;
  return errors === 0;
}
validate23.evaluated = {
  props: {
    schemaVersion: true,
    planCreatedAt: true,
    shard: true,
    startedAt: true,
    finishedAt: true,
    planned: true,
    scans: true
  },
  dynamicProps: false,
  dynamicItems: false
};

// src/json/document-schema.ts
var VALIDATORS = {
  "rescan-plan": rescanPlan,
  "rescan-ledger": rescanLedger,
  "rescan-shard-result": rescanShardResult,
  "baseline-report": baselineReport
};
function checkSchema(input, kind2) {
  const validate = VALIDATORS[kind2];
  if (validate(input.value)) return;
  const error = validate.errors?.[0];
  if (!error) input.fail([], "does not match its schema");
  const { at, message } = explain(error);
  input.fail(at, message);
}
async function readDocument(file, kind2, expected, parse, options = {}) {
  const input = await readJsonInput(file, expected, options);
  if (!input) return void 0;
  const value = parse(input);
  checkSchema(input, kind2);
  return value;
}
function explain(error) {
  const at = pointerPath(error.instancePath);
  const params = error.params;
  const propertyName = error.propertyName;
  if (propertyName !== void 0) {
    const described = error.parentSchema?.description;
    return { at: [...at, propertyName], message: `"${propertyName}" is not ${described ?? "an allowed key here"}` };
  }
  switch (error.keyword) {
    case "required":
      return { at: [...at, String(params.missingProperty)], message: "missing" };
    case "type":
      return { at, message: `expected ${String(params.type)}, found ${kind(error.data)}` };
    case "const":
      return { at, message: `expected ${JSON.stringify(params.allowedValue)}, found ${kind(error.data)}` };
    case "enum":
      return {
        at,
        message: `expected one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(", ")}, found ${kind(error.data)}`
      };
    case "pattern": {
      const described = error.parentSchema?.description;
      return {
        at,
        message: `expected ${described ?? `a string matching ${String(params.pattern)}`}, found ${kind(error.data)}`
      };
    }
    case "minLength":
      return { at, message: `expected a non-empty string, found ${kind(error.data)}` };
    case "minimum":
      return { at, message: `expected a number ≥ ${String(params.limit)}, found ${kind(error.data)}` };
    default:
      return { at, message: error.message ?? `does not match the schema (${error.keyword})` };
  }
}
function pointerPath(pointer) {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~")).map((segment) => /^(?:0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment);
}
function kind(value) {
  if (value === void 0) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return String(value);
}

export {
  LayerAnalyzer,
  walkTarFile,
  readRegion,
  missingEntry,
  readJson,
  parseJson,
  analyzeFileRegion,
  checkImageConfigType,
  USERNAME_VARIABLE,
  PASSWORD_VARIABLE,
  DIGEST,
  RegistryClient,
  readDocument
};
//# sourceMappingURL=chunk-W2VDYOEE.js.map
