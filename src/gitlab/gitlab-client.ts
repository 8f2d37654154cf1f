import type { IncomingHttpHeaders } from 'node:http';
import { AgentPool } from '../http/agents.js';
import { Deadline, DeadlineError } from '../http/deadline.js';
import { BodyError, readBodyPrefix, readCappedBody } from '../http/read-body.js';
import { GITLAB_RETRY, networkRetryDelay, nextRetryStep, retryDecision, type RetryPolicy } from '../http/retry.js';
import { RedirectError, sendHttp } from '../http/send.js';
import { ToolError } from '../util/errors.js';

/**
 * The few GitLab REST calls imagegate makes, with one retry policy: server errors (5xx), rate limits (429) and
 * network failures are tried again with exponential backoff, or after the server's `Retry-After` when it names
 * one. A wait longer than `maxDelayMs` is not waited for: a CI job stalled for minutes for an optional note helps
 * nobody. The token goes in `PRIVATE-TOKEN` (personal, project and group access tokens) and never into a message.
 */

/** GitLab's numbers of the one retry policy (src/http/retry.ts). */
export type RetrySettings = RetryPolicy;

export const DEFAULT_RETRY: RetrySettings = GITLAB_RETRY;

export interface GitLabClientOptions {
  /** `CI_API_V4_URL`, e.g. `https://gitlab.example.com/api/v4`. */
  apiUrl: string;
  token: string;
  userAgent: string;
  retry?: Partial<RetrySettings>;
  /** Overall deadline per request, redirects and body included (default 30 s). */
  timeoutMs?: number;
  /** Largest answer read (default 16 MiB); a bigger one is a ToolError. */
  maxBodyBytes?: number;
  /** Injected by tests to skip real waits. */
  sleep?: (ms: number) => Promise<void>;
}

export interface GitLabResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A call that failed for good: an HTTP status GitLab answered with, or a network failure (no status). */
export class GitLabApiError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GitLabApiError';
    this.status = status;
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
/** An error answer is only read for its message. */
const ERROR_BODY_BYTES = 64 * 1024;

/**
 * Over the shared exchange (src/http/send.ts): the token goes to the API's origin only, a GET redirected elsewhere
 * goes on without it, and a POST or PUT (the note) is never re-sent to another origin. What an ordinary API failure
 * looks like (a status, a network error after retries) is a GitLabApiError, which the publisher turns into a
 * warning; what only a broken or hostile server does (a refused redirect, a body past the cap or cut short, an
 * answer past the deadline, a success that is not JSON) is a ToolError (exit 3), never a note reported as written.
 */
export class GitLabClient {
  private readonly base: string;
  private readonly retry: RetrySettings;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly agents = new AgentPool(false);

  constructor(private readonly options: GitLabClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** `path` starts with `/` and is relative to the API base; 2xx gives the parsed JSON body, anything else throws. */
  async request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<GitLabResponse> {
    const what = `${method} ${path.split('?')[0]}`;
    const url = `${this.base}${path}`;
    const command = `${method} ${url.split('?')[0]}`;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const payload = body !== undefined ? JSON.stringify(body) : undefined;
    for (let attempt = 1; ; attempt += 1) {
      const deadline = new Deadline(timeoutMs);
      try {
        let answer;
        try {
          answer = await sendHttp(
            {
              method,
              url,
              headers: {
                'private-token': this.options.token,
                accept: 'application/json',
                'user-agent': this.options.userAgent,
                ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
              },
              ...(payload !== undefined ? { body: payload } : {}),
            },
            { agents: this.agents, deadline, idleTimeoutMs: timeoutMs },
          );
        } catch (error) {
          if (error instanceof RedirectError || error instanceof DeadlineError || deadline.expired) {
            throw new ToolError(`GitLab API ${what}: ${reasonOf(error, deadline)}`, { command }, { cause: error });
          }
          const reason = networkReason(error);
          const delay = networkRetryDelay(attempt, this.retry);
          if (delay !== undefined) {
            await this.sleep(delay);
            continue;
          }
          throw new GitLabApiError(`${what}: ${reason} (after ${attempt} attempts)`, undefined, { cause: error });
        }
        const { message } = answer;
        const status = message.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          let bytes: Buffer;
          try {
            bytes = await readCappedBody(message, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
          } catch (error) {
            throw new ToolError(
              `GitLab API ${what}: HTTP ${status}, but ${reasonOf(error, deadline)}`,
              { command },
              { cause: error },
            );
          }
          return { status, headers: message.headers, body: parseSuccess(bytes, `GitLab API ${what}`, status, command) };
        }
        const text = (await readBodyPrefix(message, ERROR_BODY_BYTES)).toString('utf8');
        const decision = retryDecision(status, message.headers, Date.now(), this.retry);
        const retryable = decision.retry;
        const step = nextRetryStep(attempt, decision, this.retry);
        if (step.kind === 'wait') {
          await this.sleep(step.ms);
          continue;
        }
        const tries = retryable ? ` (after ${attempt} attempt${attempt === 1 ? '' : 's'})` : '';
        throw new GitLabApiError(`${what}: HTTP ${status}${gitlabMessage(text)}${tries}`, status);
      } finally {
        deadline.end();
      }
    }
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A 2xx body: empty, or JSON; anything else means the server is not the GitLab API we think it is. */
function parseSuccess(bytes: Buffer, what: string, status: number, command: string): unknown {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ToolError(`${what}: HTTP ${status}, but the answer is not JSON (${bytes.length} bytes)`, { command });
  }
}

function reasonOf(error: unknown, deadline: Deadline): string {
  if (deadline.expired) return new DeadlineError(deadline.ms).message;
  if (error instanceof BodyError)
    return error.problem === 'too-large' ? error.message : `the body was cut: ${error.message}`;
  return (error as Error).message;
}

/** GitLab's `{"message": …}` or `{"error": …}`, one line and short: it ends up in a CI log. */
function gitlabMessage(text: string): string {
  const body = parseJson(text);
  let message: unknown;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    message = record.message ?? record.error;
  }
  if (message === undefined) return '';
  const flat = (typeof message === 'string' ? message : JSON.stringify(message)).replace(/\s+/g, ' ').trim();
  return flat ? `: ${flat.slice(0, 200)}` : '';
}

function networkReason(error: unknown): string {
  // Duck-typed: fetch's errors may come from another realm than this module's Error (test sandboxes do that).
  const record = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  if (record.name === 'TimeoutError' || record.name === 'AbortError') return 'timed out';
  const reason = record.code ?? record.cause?.code ?? record.cause?.message ?? record.message;
  return typeof reason === 'string' && reason !== '' ? reason : String(error);
}
