import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  VERSION
} from "./chunk-DRWF5HZX.js";
import {
  HttpClient,
  getProxyUrl
} from "./chunk-MYVX7FUX.js";

// src/http/agents.ts
import http from "node:http";
import https from "node:https";
var AgentPool = class {
  constructor(keepAlive = true) {
    this.keepAlive = keepAlive;
    this.direct = { "http:": new http.Agent({ keepAlive }), "https:": new https.Agent({ keepAlive }) };
  }
  keepAlive;
  direct;
  proxied = /* @__PURE__ */ new Map();
  agentFor(url) {
    if (getProxyUrl(url.href) === "") return url.protocol === "https:" ? this.direct["https:"] : this.direct["http:"];
    let client = this.proxied.get(url.protocol);
    if (!client) {
      client = new HttpClient(`imagegate/${VERSION}`, [], { keepAlive: this.keepAlive });
      this.proxied.set(url.protocol, client);
    }
    return client.getAgent(url.href);
  }
  /** Closes kept-alive connections. */
  dispose() {
    this.direct["http:"].destroy();
    this.direct["https:"].destroy();
    for (const client of this.proxied.values()) client.dispose();
    this.proxied.clear();
  }
};

// src/http/deadline.ts
var DeadlineError = class extends Error {
  constructor(ms) {
    super(`no complete answer within the ${seconds(ms)} deadline`);
    this.ms = ms;
    this.name = "DeadlineError";
  }
  ms;
};
var Deadline = class {
  constructor(ms) {
    this.ms = ms;
    this.timer = setTimeout(() => this.expire(), ms);
    this.timer.unref();
  }
  ms;
  timer;
  guarded = /* @__PURE__ */ new Set();
  error;
  get expired() {
    return this.error !== void 0;
  }
  /** Destroys `target` when the deadline passes (at once when it has); the returned function stops guarding it. */
  guard(target) {
    if (this.error) {
      target.destroy(this.error);
      return () => void 0;
    }
    this.guarded.add(target);
    return () => this.guarded.delete(target);
  }
  /** The request is done (or abandoned): nothing is destroyed any more. */
  end() {
    clearTimeout(this.timer);
    this.guarded.clear();
  }
  expire() {
    this.error = new DeadlineError(this.ms);
    for (const target of this.guarded) target.destroy(this.error);
    this.guarded.clear();
  }
};
function transferDeadlineMs(baseMs, bytes, minBytesPerSecond) {
  return Math.round(baseMs + Math.max(0, bytes) / minBytesPerSecond * 1e3);
}
function seconds(ms) {
  return ms < 1e3 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

// src/http/retry-after.ts
function parseRetryAfter(value, nowMs) {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return void 0;
  if (/^\d+$/.test(text)) return Number(text) * 1e3;
  const date = Date.parse(text);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - nowMs);
}

// src/http/retry.ts
function exponentialBackoff(retry, baseMs, capMs, random) {
  const exponential = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return random ? Math.round(exponential * (0.5 + random() / 2)) : exponential;
}
var GITHUB_RETRY = {
  maxAttempts: 4,
  backoffMs: (retry) => 2e3 * 2 ** (retry - 1),
  maxDelayMs: 6e4,
  rateLimit403: true
};
var GITLAB_RETRY = {
  maxAttempts: 4,
  backoffMs: (retry) => 1e3 * 2 ** (retry - 1),
  maxDelayMs: 3e4
};
var DOWNLOAD_RETRY = {
  maxAttempts: 3,
  backoffMs: (retry) => 1e3 * retry,
  maxDelayMs: 6e4,
  retryStatuses: [502, 503, 504],
  honourServerDelay: false
};
var REGISTRY_RETRY = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 2e4,
  maxRetryAfterMs: 12e4
};
function backoffDelay(retry, settings, random = Math.random) {
  return exponentialBackoff(retry, settings.baseDelayMs, settings.maxDelayMs, random);
}
function registryRetryPolicy(settings) {
  return {
    maxAttempts: settings.attempts,
    backoffMs: (retry) => backoffDelay(retry, settings),
    maxDelayMs: settings.maxDelayMs,
    maxServerDelayMs: settings.maxRetryAfterMs,
    retryStatuses: [408, 429, 500, 502, 503, 504]
  };
}
function retryDecision(status, headers, nowMs, policy = GITHUB_RETRY) {
  const asked = policy.honourServerDelay === false ? void 0 : retryAfterMs(headers, nowMs);
  const withDelay = asked !== void 0 ? { serverDelayMs: asked } : {};
  const rateLimited = status === 429 || policy.rateLimit403 === true && status === 403 && isRateLimit(headers);
  if (policy.retryStatuses !== void 0) {
    return policy.retryStatuses.includes(status) || rateLimited && status === 403 ? { retry: true, rateLimited, ...withDelay } : { retry: false };
  }
  if (rateLimited) return { retry: true, rateLimited, ...withDelay };
  if (status >= 500 && status <= 599) return { retry: true, rateLimited: false, ...withDelay };
  return { retry: false };
}
function nextRetryStep(attempt, decision, policy) {
  if (!decision.retry || attempt >= policy.maxAttempts) return { kind: "give-up" };
  if (decision.serverDelayMs !== void 0) {
    return decision.serverDelayMs > (policy.maxServerDelayMs ?? policy.maxDelayMs) ? { kind: "too-long", askedMs: decision.serverDelayMs } : { kind: "wait", ms: decision.serverDelayMs, asked: true };
  }
  const backoff = policy.backoffMs(attempt);
  return backoff > policy.maxDelayMs ? { kind: "too-long", askedMs: backoff } : { kind: "wait", ms: backoff, asked: false };
}
function networkRetryDelay(attempt, policy) {
  return attempt < policy.maxAttempts ? Math.min(policy.backoffMs(attempt), policy.maxDelayMs) : void 0;
}
function isRateLimit(headers) {
  return first(headers["x-ratelimit-remaining"]) === "0" || first(headers["retry-after"]) !== void 0;
}
function retryAfterMs(headers, nowMs) {
  const asked = parseRetryAfter(headers["retry-after"], nowMs);
  if (asked !== void 0) return asked;
  const reset = first(headers["x-ratelimit-reset"])?.trim();
  if (first(headers["x-ratelimit-remaining"]) === "0" && reset !== void 0 && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1e3 - nowMs);
  }
  return void 0;
}
function first(value) {
  return Array.isArray(value) ? value[0] : value;
}

// src/http/send.ts
import http2 from "node:http";
import https2 from "node:https";

// src/http/origin.ts
var CREDENTIAL_HEADERS = /* @__PURE__ */ new Set([
  "authorization",
  "proxy-authorization",
  "private-token",
  "job-token",
  "cookie"
]);
function withoutCredentials(headers) {
  const kept = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}
function isLoopbackHostname(hostname) {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

// src/http/send.ts
var RedirectError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "RedirectError";
  }
};
var REDIRECTS = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
var DEFAULT_MAX_REDIRECTS = 10;
async function sendHttp(request, options) {
  const first2 = new URL(request.url);
  let url = first2;
  let headers = { ...request.headers };
  let leftOrigin = false;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  for (let hop = 0; ; hop++) {
    const message = await exchange(url, request.method, headers, request.body, options);
    const status = message.statusCode ?? 0;
    const location = message.headers.location;
    if (!REDIRECTS.has(status) || !location) return { message, url: url.href, leftOrigin };
    message.destroy();
    let next;
    try {
      next = new URL(location, url);
    } catch {
      throw new RedirectError(`HTTP ${status} redirects to an unreadable location`);
    }
    if (hop >= maxRedirects) throw new RedirectError(`more than ${maxRedirects} redirects`);
    if (next.protocol !== "https:" && next.protocol !== "http:") {
      throw new RedirectError(`HTTP ${status} redirects to a ${next.protocol} URL`);
    }
    if (url.protocol === "https:" && next.protocol === "http:") {
      throw new RedirectError(`HTTP ${status} redirects from https to plain http (${next.origin}); refused`);
    }
    const crossOrigin = next.origin !== first2.origin;
    if (request.method !== "GET" && request.method !== "HEAD" && (crossOrigin || status !== 307 && status !== 308)) {
      throw new RedirectError(
        `HTTP ${status} redirects the ${request.method} to ${crossOrigin ? `another origin (${next.origin})` : next.pathname}; imagegate does not re-send a ${request.method} there`
      );
    }
    if (crossOrigin && !leftOrigin) {
      headers = withoutCredentials(headers);
      leftOrigin = true;
    }
    url = next;
  }
}
function exchange(url, method, headers, body, options) {
  return new Promise((resolve, reject) => {
    const module = url.protocol === "https:" ? https2 : http2;
    const request = module.request(
      url,
      {
        method,
        agent: options.agents.agentFor(url),
        headers: {
          "user-agent": `imagegate/${VERSION}`,
          ...headers,
          ...body !== void 0 ? { "content-length": String(Buffer.byteLength(body)) } : {}
        }
      },
      (message) => {
        message.on("error", () => void 0);
        const unguardMessage = options.deadline.guard(message);
        message.once("close", () => {
          unguardMessage();
          unguardRequest();
        });
        resolve(message);
      }
    );
    const unguardRequest = options.deadline.guard(request);
    request.setTimeout(
      options.idleTimeoutMs,
      () => request.destroy(new Error(`no data for ${seconds(options.idleTimeoutMs)}`))
    );
    request.on("error", reject);
    request.end(body);
  });
}

export {
  AgentPool,
  DeadlineError,
  Deadline,
  transferDeadlineMs,
  GITHUB_RETRY,
  GITLAB_RETRY,
  DOWNLOAD_RETRY,
  REGISTRY_RETRY,
  registryRetryPolicy,
  retryDecision,
  nextRetryStep,
  networkRetryDelay,
  isLoopbackHostname,
  RedirectError,
  sendHttp
};
//# sourceMappingURL=chunk-7DMJUEWI.js.map
