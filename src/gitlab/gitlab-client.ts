/**
 * The few GitLab REST calls imagegate makes, with one retry policy: server errors (5xx), rate limits (429) and
 * network failures are tried again with exponential backoff, or after the server's `Retry-After` when it names
 * one. A wait longer than `maxDelayMs` is not waited for: a CI job stalled for minutes for an optional note helps
 * nobody. The token goes in `PRIVATE-TOKEN` (personal, project and group access tokens) and never into a message.
 */

export interface RetrySettings {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Wait before retry `n` (1-based) when the server names none. */
  backoffMs: (retry: number) => number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxAttempts: 4,
  backoffMs: (retry) => 1_000 * 2 ** (retry - 1),
  maxDelayMs: 30_000,
};

export interface GitLabClientOptions {
  /** `CI_API_V4_URL`, e.g. `https://gitlab.example.com/api/v4`. */
  apiUrl: string;
  token: string;
  userAgent: string;
  retry?: Partial<RetrySettings>;
  /** Per request. */
  timeoutMs?: number;
  /** Injected by tests to skip real waits. */
  sleep?: (ms: number) => Promise<void>;
}

export interface GitLabResponse {
  status: number;
  headers: Headers;
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

export class GitLabClient {
  private readonly base: string;
  private readonly retry: RetrySettings;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GitLabClientOptions) {
    this.base = options.apiUrl.replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** `path` starts with `/` and is relative to the API base; 2xx gives the parsed JSON body, anything else throws. */
  async request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<GitLabResponse> {
    const what = `${method} ${path.split('?')[0]}`;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            'PRIVATE-TOKEN': this.options.token,
            Accept: 'application/json',
            'User-Agent': this.options.userAgent,
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const reason = networkReason(error);
        if (attempt < this.retry.maxAttempts) {
          await this.sleep(Math.min(this.retry.backoffMs(attempt), this.retry.maxDelayMs));
          continue;
        }
        throw new GitLabApiError(`${what}: ${reason} (after ${attempt} attempts)`, undefined, { cause: error });
      }
      const text = await response.text();
      if (response.ok) return { status: response.status, headers: response.headers, body: parseJson(text) };
      const retryable = response.status === 429 || (response.status >= 500 && response.status <= 599);
      if (retryable && attempt < this.retry.maxAttempts) {
        const serverDelay = retryAfterMs(response.headers.get('retry-after'), Date.now());
        const delay = serverDelay ?? this.retry.backoffMs(attempt);
        if (delay <= this.retry.maxDelayMs) {
          await this.sleep(delay);
          continue;
        }
      }
      const tries = retryable ? ` (after ${attempt} attempt${attempt === 1 ? '' : 's'})` : '';
      throw new GitLabApiError(`${what}: HTTP ${response.status}${gitlabMessage(text)}${tries}`, response.status);
    }
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
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
    cause?: { code?: unknown; message?: unknown };
  };
  if (record.name === 'TimeoutError' || record.name === 'AbortError') return 'timed out';
  const reason = record.cause?.code ?? record.cause?.message ?? record.message;
  return typeof reason === 'string' && reason !== '' ? reason : String(error);
}
