import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { VERSION } from '../version.js';
import type { AgentPool } from './agents.js';
import { seconds, type Deadline } from './deadline.js';
import { withoutCredentials } from './origin.js';

/**
 * One HTTP exchange for every imagegate client (registries, GitHub, GitLab, downloads), redirects included, under
 * one policy: credentials belong to the origin (scheme, host and port) of the first request. A GET or HEAD that is
 * redirected to another origin goes on without any credential header (a registry's blob redirect to S3-style
 * storage works, unauthenticated); a body-carrying request (POST, PUT, PATCH) is re-sent only on a 307/308 to its
 * own origin, and any other redirect of it is an error: a note or a SARIF upload is never posted to a host the
 * server names. An https → http redirect is refused. The overall deadline guards every hop and the body.
 */

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface SendOptions {
  agents: AgentPool;
  deadline: Deadline;
  /** The connection may be silent this long (connect, headers, each part of the body). */
  idleTimeoutMs: number;
  maxRedirects?: number;
}

export interface HttpAnswer {
  message: IncomingMessage;
  /** Where the answer came from, after redirects. */
  url: string;
  /** A redirect left the first origin: the credential headers were dropped from then on. */
  leftOrigin: boolean;
}

/** A redirect imagegate does not follow; permanent, not worth a retry. */
export class RedirectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedirectError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_REDIRECTS = 10;

export async function sendHttp(request: HttpRequest, options: SendOptions): Promise<HttpAnswer> {
  const first = new URL(request.url);
  let url = first;
  let headers = { ...request.headers };
  let leftOrigin = false;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  for (let hop = 0; ; hop++) {
    const message = await exchange(url, request.method, headers, request.body, options);
    const status = message.statusCode ?? 0;
    const location = message.headers.location;
    if (!REDIRECTS.has(status) || !location) return { message, url: url.href, leftOrigin };
    message.destroy();
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new RedirectError(`HTTP ${status} redirects to an unreadable location`);
    }
    if (hop >= maxRedirects) throw new RedirectError(`more than ${maxRedirects} redirects`);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw new RedirectError(`HTTP ${status} redirects to a ${next.protocol} URL`);
    }
    if (url.protocol === 'https:' && next.protocol === 'http:') {
      throw new RedirectError(`HTTP ${status} redirects from https to plain http (${next.origin}); refused`);
    }
    const crossOrigin = next.origin !== first.origin;
    if (request.method !== 'GET' && request.method !== 'HEAD' && (crossOrigin || (status !== 307 && status !== 308))) {
      throw new RedirectError(
        `HTTP ${status} redirects the ${request.method} to ${crossOrigin ? `another origin (${next.origin})` : next.pathname}; ` +
          `imagegate does not re-send a ${request.method} there`,
      );
    }
    if (crossOrigin && !leftOrigin) {
      // Once the chain has left the origin, credentials stay off even if it comes back: the way back was chosen by
      // the other server.
      headers = withoutCredentials(headers);
      leftOrigin = true;
    }
    url = next;
  }
}

function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  options: SendOptions,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const module = url.protocol === 'https:' ? https : http;
    const request = module.request(
      url,
      {
        method,
        agent: options.agents.agentFor(url),
        headers: {
          'user-agent': `imagegate/${VERSION}`,
          ...headers,
          ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
      },
      (message) => {
        // Errors after this point reach whoever reads the body; without a listener a late one would be uncaught.
        message.on('error', () => undefined);
        const unguardMessage = options.deadline.guard(message);
        // A finished exchange is let go: its kept-alive socket may already serve another request.
        message.once('close', () => {
          unguardMessage();
          unguardRequest();
        });
        resolve(message);
      },
    );
    const unguardRequest = options.deadline.guard(request);
    request.setTimeout(options.idleTimeoutMs, () =>
      request.destroy(new Error(`no data for ${seconds(options.idleTimeoutMs)}`)),
    );
    request.on('error', reject);
    request.end(body);
  });
}
