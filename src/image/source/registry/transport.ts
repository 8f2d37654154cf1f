import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentPool } from '../../../http/agents.js';
import { Deadline, DeadlineError, transferDeadlineMs } from '../../../http/deadline.js';
import { BodyError, readCappedBody } from '../../../http/read-body.js';
import { RedirectError, sendHttp } from '../../../http/send.js';
import { ToolError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logger.js';
import type { ConcurrencyLimit } from './concurrency.js';
import {
  networkRetryDelay,
  nextRetryStep,
  registryRetryPolicy,
  retryDecision,
  type RegistryRetrySettings,
} from '../../../http/retry.js';

/**
 * HTTP for one registry over the shared exchange (src/http/send.ts: proxies from https_proxy/no_proxy, redirects
 * followed with the Authorization header dropped when they leave the registry's origin, so blob redirects to
 * storage work unauthenticated; no https→http downgrade). Adds what registries need: a concurrency limit (adaptive
 * when the client asks: it halves on 429/503), retries of
 * 429/5xx and dropped connections honouring Retry-After, an idle timeout that also covers reading the body, and an
 * overall deadline per request (stretched for blobs by their size at a slow but honest pace). Never logs headers:
 * they carry credentials.
 */

export interface TransportOptions {
  logger: Logger;
  registry: string;
  limit: ConcurrencyLimit;
  retry: RegistryRetrySettings;
  /** A request fails when the connection is silent this long (before or during the body). */
  timeoutMs: number;
  /** A request (its redirects and its whole body) fails when it takes longer than this. */
  deadlineMs: number;
  /** Injected by tests; real waits otherwise. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  /** A form body (token requests), or the bytes of a push with their `contentType`. */
  body?: string | Buffer;
  /** The body's type; a string body without one is a form. */
  contentType?: string;
  /** Bytes the body is expected to carry (blobs): the deadline grows by their transfer at MIN_BYTES_PER_SECOND. */
  expectedBytes?: number;
}

/** The slowest transfer a large blob may take before the deadline cuts it: 256 KiB/s. */
export const MIN_BYTES_PER_SECOND = 256 * 1024;

/** Bodies up to this size are read to their end rather than cutting the connection. */
const DRAIN_BYTES = 64 * 1024;

/** Network errors that a later try may not hit; a host that does not resolve or a bad certificate will. */
const PERMANENT_NETWORK = /ENOTFOUND|CERT|certificate|self.signed|EPROTO|Redirect from HTTPS to HTTP/i;

export class RegistryTransport {
  private readonly agents = new AgentPool(true);
  private readonly wait: (ms: number) => Promise<void>;

  constructor(private readonly options: TransportOptions) {
    this.wait = options.sleep ?? ((ms) => sleep(ms).then(() => undefined));
  }

  /**
   * Sends the request, retrying what can be retried. The response returned may still be an error status (the
   * caller knows what a 404 means); `attempts` says how many tries it took.
   */
  async send(request: RegistryRequest): Promise<RegistryResponse> {
    const { logger } = this.options;
    const policy = registryRetryPolicy(this.options.retry);
    for (let attempt = 1; ; attempt++) {
      const release = await this.options.limit.acquire();
      const generation = this.options.limit.generation;
      const started = Date.now();
      const deadline = new Deadline(
        request.expectedBytes !== undefined
          ? transferDeadlineMs(this.options.deadlineMs, request.expectedBytes, MIN_BYTES_PER_SECOND)
          : this.options.deadlineMs,
      );
      let message: IncomingMessage;
      try {
        const answer = await sendHttp(
          {
            method: request.method,
            url: request.url,
            headers: {
              ...request.headers,
              ...(request.body !== undefined
                ? { 'content-type': request.contentType ?? 'application/x-www-form-urlencoded' }
                : {}),
            },
            ...(request.body !== undefined ? { body: request.body } : {}),
          },
          { agents: this.agents, deadline, idleTimeoutMs: this.options.timeoutMs },
        );
        message = answer.message;
      } catch (error) {
        release();
        deadline.end();
        const reason = (error as Error).message;
        const permanent =
          error instanceof RedirectError || error instanceof DeadlineError || PERMANENT_NETWORK.test(reason);
        const delay = permanent ? undefined : networkRetryDelay(attempt, policy);
        if (delay !== undefined) {
          logger.debug(`registry: ${request.method} ${request.url} failed (${reason}); retrying in ${delay} ms`);
          await this.wait(delay);
          continue;
        }
        throw new ToolError(
          `could not reach registry ${this.options.registry}: ${reason}` +
            (attempt > 1 ? ` (after ${attempt} attempts)` : ''),
          { command: `${request.method} ${request.url}` },
          { cause: error },
        );
      }
      const status = message.statusCode ?? 0;
      const shrunk = this.options.limit.answer(status, generation);
      if (shrunk !== undefined) {
        logger.info(
          `registry ${this.options.registry} answered ${status}: at most ${shrunk} requests in flight from now`,
        );
      }
      logger.debug(`registry: ${request.method} ${request.url} → ${status} (${Date.now() - started} ms)`);
      const response = new RegistryResponse(message, release, request, attempt, this.options.timeoutMs, deadline);
      const step = nextRetryStep(attempt, retryDecision(status, message.headers, Date.now(), policy), policy);
      if (step.kind === 'give-up') return response;
      if (step.kind === 'too-long') {
        response.retryAfterMs = step.askedMs;
        return response;
      }
      response.discard();
      logger.info(
        `registry ${this.options.registry} answered ${status} to ${request.method} ${pathOf(request.url)}; ` +
          `retrying in ${Math.round(step.ms / 100) / 10} s${step.asked ? ' as Retry-After asks' : ''}`,
      );
      await this.wait(step.ms);
    }
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.agents.dispose();
  }
}

/** The connection failed while a body was arriving (a download may resume from where it stopped). */
export class TransferError extends ToolError {}

/** A response whose body is read at most once; its concurrency slot is given back when the body is done with. */
export class RegistryResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Set when the registry asked to wait longer than imagegate does. */
  retryAfterMs?: number;

  constructor(
    private readonly message: IncomingMessage,
    private readonly release: () => void,
    readonly request: RegistryRequest,
    readonly attempts: number,
    private readonly timeoutMs: number,
    private readonly deadline: Deadline,
  ) {
    this.status = message.statusCode ?? 0;
    this.headers = message.headers;
    message.once('close', release);
  }

  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  /** The whole body, refused when it is larger than `maxBytes`. */
  async bytes(maxBytes: number, what: string): Promise<Buffer> {
    try {
      return await readCappedBody(this.message, maxBytes);
    } catch (error) {
      if (error instanceof BodyError && error.problem === 'too-large') throw this.tooLarge(what, maxBytes);
      const reason = error instanceof BodyError ? error.message : (error as Error).message;
      throw new (error instanceof BodyError && !this.deadline.expired ? TransferError : ToolError)(
        `reading ${what} from ${pathOf(this.request.url)} failed: ${reason}` +
          (this.deadline.expired ? ` (${new DeadlineError(this.deadline.ms).message})` : ''),
        { command: `${this.request.method} ${this.request.url}` },
        { cause: error },
      );
    } finally {
      this.discard();
    }
  }

  /** The body as it arrives; a stalled or dropped connection is a ToolError naming `what`. */
  async *stream(what: string): AsyncGenerator<Buffer> {
    const message = this.message;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => message.destroy(new Error(`no data for ${this.timeoutMs / 1000} s`)), this.timeoutMs);
    };
    let received = 0;
    try {
      arm();
      for await (const chunk of message as AsyncIterable<Buffer>) {
        received += chunk.length;
        arm();
        yield chunk;
      }
      if (!message.complete) throw new Error('the connection closed before the end of the body');
    } catch (error) {
      if (error instanceof ToolError) throw error;
      // A deadline that passed is not resumed: a server that trickles would only be given the same time again.
      throw new (this.deadline.expired ? ToolError : TransferError)(
        `reading ${what} from ${pathOf(this.request.url)} failed after ${received} bytes: ${(error as Error).message}`,
        { command: `${this.request.method} ${this.request.url}` },
        { cause: error },
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
  discard(): void {
    const message = this.message;
    if (!message.destroyed && !message.readableEnded) {
      const declared = Number(this.header('content-length'));
      if (message.complete || (Number.isFinite(declared) && declared <= DRAIN_BYTES)) message.resume();
      else message.destroy();
    }
    this.deadline.end();
    this.release();
  }

  private tooLarge(what: string, maxBytes: number): ToolError {
    return new ToolError(`${what} is larger than the ${maxBytes} bytes imagegate reads`, {
      command: `${this.request.method} ${this.request.url}`,
    });
  }
}

function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
