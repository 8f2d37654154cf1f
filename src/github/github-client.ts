import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { AgentPool } from '../http/agents.js';
import { Deadline, DeadlineError } from '../http/deadline.js';
import { DEFAULT_PAGE_CAPS, PageBudget, PageCapError, type PageCaps } from '../http/page-budget.js';
import { BodyError, readBodyPrefix, readCappedBody } from '../http/read-body.js';
import { RedirectError, sendHttp } from '../http/send.js';
import { appendAll } from '../util/append-all.js';
import { ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { nextLinkUrl } from '../http/link.js';
import { GITHUB_RETRY, networkRetryDelay, nextRetryStep, retryDecision, type RetryPolicy } from '../http/retry.js';

/**
 * A small GitHub REST client over the shared exchange (src/http/send.ts: https_proxy/no_proxy honoured, the token
 * sent to the API's origin only and dropped on a redirect to any other origin, a POST or PATCH never re-sent to
 * another origin). Every call goes through one retry policy (src/http/retry.ts); what is left is a GitHubApiError
 * with the status and GitHub's own message, which the publishers turn into advice (which permission, which
 * setting). Answers are read with a size cap and an overall deadline, and a success must be JSON: a server that
 * breaks either is a ToolError, never a success. The token is registered as a secret first.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export interface GitHubClientOptions {
  /** GITHUB_API_URL: `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** Waits between attempts (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Silence on a connection after which a request fails (default 120 s). */
  socketTimeoutMs?: number;
  /** Longest one request may take in all, redirects and answer included (default 300 s: SARIF uploads are big). */
  deadlineMs?: number;
  /** Largest answer read (default 32 MiB). */
  maxBodyBytes?: number;
}

export interface GitHubResponse<T> {
  status: number;
  data: T;
  headers: IncomingHttpHeaders;
}

/** A GitHub API call that failed with a status (after retries, when the status was worth retrying). */
export class GitHubApiError extends ToolError {
  readonly status: number;
  /** GitHub's `message` (or the body's start when it is not GitHub's JSON). */
  readonly apiMessage: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** 429, or a 403 that GitHub marked as a rate limit. */
  readonly rateLimited: boolean;
  private readonly details: GitHubApiErrorDetails;

  constructor(details: GitHubApiErrorDetails) {
    const retried = details.attempts > 1 ? ` (after ${details.attempts} attempts)` : '';
    super(
      details.message ??
        `GitHub API ${details.method} ${details.path}: HTTP ${details.status}` +
          `${details.apiMessage ? ` ${details.apiMessage}` : ''}${retried}`,
      { command: `${details.method} ${details.url}` },
    );
    this.name = 'GitHubApiError';
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.method = details.method;
    this.path = details.path;
    this.rateLimited = details.rateLimited;
    this.details = details;
  }

  /** The same failure told in the caller's terms (which permission, which setting). */
  explained(message: string): GitHubApiError {
    return new GitHubApiError({ ...this.details, message });
  }
}

interface GitHubApiErrorDetails {
  method: HttpMethod;
  url: string;
  path: string;
  status: number;
  apiMessage: string;
  rateLimited: boolean;
  attempts: number;
  message?: string;
}

const MAX_ERROR_BODY = 2_000;
/** An error answer is only read for its message. */
const ERROR_BODY_BYTES = 64 * 1024;
const DEFAULT_DEADLINE_MS = 300_000;
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export class GitHubClient {
  private readonly apiUrl: string;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly agents = new AgentPool(false);

  constructor(private readonly options: GitHubClientOptions) {
    options.logger.mask(options.token);
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.policy = { ...GITHUB_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** One call: `path` below the API URL (`/repos/o/r/...`) or an absolute URL on the same host (pagination). */
  async request<T>(method: HttpMethod, path: string, body?: unknown): Promise<GitHubResponse<T>> {
    const url = this.urlFor(path);
    const display = this.displayPath(url);
    const payload = body === undefined ? null : JSON.stringify(body);
    const headers = {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${this.options.token}`,
      'x-github-api-version': '2022-11-28',
      ...(payload !== null ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      this.options.logger.debug(`GitHub API: ${method} ${display}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      const deadline = new Deadline(this.options.deadlineMs ?? DEFAULT_DEADLINE_MS);
      let message: IncomingMessage;
      let text: string;
      try {
        try {
          ({ message } = await sendHttp(
            { method, url, headers, ...(payload !== null ? { body: payload } : {}) },
            { agents: this.agents, deadline, idleTimeoutMs: this.options.socketTimeoutMs ?? 120_000 },
          ));
        } catch (error) {
          const reason = deadline.expired ? new DeadlineError(deadline.ms).message : describeNetworkError(error);
          const permanent = error instanceof RedirectError || deadline.expired;
          const delay = permanent ? undefined : networkRetryDelay(attempt, this.policy);
          if (delay !== undefined) {
            this.options.logger.info(`GitHub API ${method} ${display}: ${reason}; retrying in ${seconds(delay)}`);
            await this.sleep(delay);
            continue;
          }
          const what = permanent
            ? `GitHub API ${method} ${display}`
            : `could not reach the GitHub API at ${this.apiUrl} (${method} ${display})`;
          throw new ToolError(
            `${what}: ${reason}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`,
            { command: `${method} ${url}` },
            { cause: error },
          );
        }
        const status = message.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          let bytes: Buffer;
          try {
            bytes = await readCappedBody(message, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
          } catch (error) {
            const reason = deadline.expired
              ? new DeadlineError(deadline.ms).message
              : error instanceof BodyError && error.problem === 'cut'
                ? `the body was cut: ${error.message}`
                : (error as Error).message;
            throw new ToolError(
              `GitHub API ${method} ${display}: HTTP ${status}, but ${reason}`,
              { command: `${method} ${url}` },
              { cause: error },
            );
          }
          return {
            status,
            data: parseBody<T>(bytes, `GitHub API ${method} ${display}`, status, `${method} ${url}`),
            headers: message.headers,
          };
        }
        text = (await readBodyPrefix(message, ERROR_BODY_BYTES)).toString('utf8');
      } finally {
        deadline.end();
      }
      const status = message.statusCode ?? 0;
      const decision = retryDecision(status, message.headers, this.now(), this.policy);
      const apiMessage = errorMessage(text);
      const fail = (message?: string) =>
        new GitHubApiError({
          method,
          url,
          path: display,
          status,
          apiMessage,
          rateLimited: decision.retry && decision.rateLimited,
          attempts: attempt,
          ...(message ? { message } : {}),
        });
      const step = nextRetryStep(attempt, decision, this.policy);
      if (step.kind === 'give-up') throw fail();
      if (step.kind === 'too-long') {
        throw fail(
          `GitHub API ${method} ${display}: HTTP ${status}${apiMessage ? ` ${apiMessage}` : ''}; GitHub asks to ` +
            `wait ${seconds(step.askedMs)} before trying again, longer than imagegate waits (${seconds(this.policy.maxDelayMs)})`,
        );
      }
      const wanted = step.ms;
      this.options.logger.info(
        `GitHub API ${method} ${display}: HTTP ${status}${decision.retry && decision.rateLimited ? ' (rate limited)' : ''}; ` +
          `retrying in ${seconds(wanted)}${step.asked ? ' as the server asked' : ''}`,
      );
      await this.sleep(wanted);
    }
  }

  /**
   * Every item of a list endpoint, following `Link: <…>; rel="next"`: at most `maxPages` pages (the rest is not
   * read, as before), and at most `caps.maxItems` items in all, past which the listing is a ToolError.
   */
  async paginate<T>(path: string, maxPages = 100, caps: Partial<PageCaps> = {}): Promise<T[]> {
    const items: T[] = [];
    const budget = new PageBudget({ ...DEFAULT_PAGE_CAPS, ...caps, maxPages: Number.MAX_SAFE_INTEGER }, 'items');
    let next: string | undefined = `${path}${path.includes('?') ? '&' : '?'}per_page=100`;
    for (let page = 0; next !== undefined && page < maxPages; page++) {
      const response: GitHubResponse<T[]> = await this.request<T[]>('GET', next);
      if (!Array.isArray(response.data)) {
        throw new ToolError(`GitHub API GET ${this.displayPath(this.urlFor(next))}: expected a JSON array`, {
          command: `GET ${this.urlFor(next)}`,
        });
      }
      try {
        budget.take(response.data.length);
      } catch (error) {
        if (!(error instanceof PageCapError)) throw error;
        throw new ToolError(`GitHub API GET ${this.displayPath(this.urlFor(next))}: the list has ${error.message}`, {
          command: `GET ${this.urlFor(next)}`,
        });
      }
      appendAll(items, response.data);
      next = nextLink(response.headers.link);
    }
    return items;
  }

  dispose(): void {
    this.agents.dispose();
  }

  /** The absolute URL for a path; absolute URLs must stay on the API's origin, so the token goes nowhere else. */
  private urlFor(path: string): string {
    if (!/^https?:\/\//i.test(path)) return `${this.apiUrl}${path.startsWith('/') ? '' : '/'}${path}`;
    if (new URL(path).origin !== new URL(this.apiUrl).origin) {
      throw new ToolError(`GitHub API: refusing to follow a link to another host (${new URL(path).origin})`, {
        command: `GET ${path}`,
      });
    }
    return path;
  }

  private displayPath(url: string): string {
    return url.startsWith(this.apiUrl) ? url.slice(this.apiUrl.length) || '/' : url;
  }
}

/** The `rel="next"` URL of a Link header, through the one Link parser (src/http/link.ts). */
export function nextLink(header: string | string[] | undefined): string | undefined {
  return nextLinkUrl(header);
}

/** A 2xx body: empty, or JSON; anything else is not an answer imagegate can take as success. */
function parseBody<T>(bytes: Buffer, what: string, status: number, command: string): T {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ToolError(`${what}: HTTP ${status}, but the answer is not JSON (${bytes.length} bytes)`, { command });
  }
}

/** GitHub's `message` (plus its field errors), else the start of the body. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; errors?: unknown };
    if (body && typeof body.message === 'string') {
      const errors = Array.isArray(body.errors)
        ? body.errors
            .map((entry) =>
              typeof entry === 'string' ? entry : typeof entry?.message === 'string' ? entry.message : '',
            )
            .filter(Boolean)
        : [];
      return [body.message, ...errors].join('; ').slice(0, MAX_ERROR_BODY);
    }
  } catch {
    // Not JSON: a proxy's or load balancer's page.
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function describeNetworkError(error: unknown): string {
  const { message, code } = error as NodeJS.ErrnoException;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
