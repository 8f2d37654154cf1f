import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage } from 'node:http';
import { AgentPool } from '../../http/agents.js';
import { Deadline, DeadlineError, transferDeadlineMs } from '../../http/deadline.js';
import { DOWNLOAD_RETRY, networkRetryDelay, nextRetryStep, retryDecision } from '../../http/retry.js';
import { RedirectError, sendHttp } from '../../http/send.js';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { formatCap } from './caps.js';

/**
 * Release downloads over the shared exchange (src/http/send.ts), which honours https_proxy/no_proxy, follows
 * GitHub's redirect to its download host and refuses an https→http downgrade; no credential is ever sent (and one
 * would not survive a redirect to another origin). Bodies are streamed (never held whole) with their SHA-256 and
 * length computed on the way, capped so a wrong or hostile server cannot fill the disk, and bounded in time by an
 * overall deadline that allows the cap's bytes at a slow but honest pace, so a server trickling bytes cannot hold
 * the job.
 */

export interface DownloadResult {
  sha256: string;
  bytes: number;
}

export interface DownloadOptions {
  logger: Logger;
  /** Largest body accepted; more is a ToolError. */
  maxBytes: number;
  /** The whole download's deadline; by default 60 s plus `maxBytes` at 256 KiB/s. Tests shorten it. */
  deadlineMs?: number;
}

/** Streams `url` into `file` (created exclusively: it must not exist yet). */
export async function downloadToFile(url: string, file: string, options: DownloadOptions): Promise<DownloadResult> {
  return download(url, () => createWriteStream(file, { flags: 'wx', mode: 0o600 }), options);
}

/** A small text file (a checksums list), kept in memory. */
export async function downloadText(url: string, options: DownloadOptions): Promise<string> {
  const chunks: Buffer[] = [];
  const collect = () =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
  await download(url, collect, options);
  return Buffer.concat(chunks).toString('utf8');
}

const SOCKET_TIMEOUT_MS = 60_000;
const BASE_DEADLINE_MS = 60_000;
const MIN_BYTES_PER_SECOND = 256 * 1024;

/** The sink is made only once the response is a 200, so a failed request creates no file. */
async function download(url: string, makeSink: () => Writable, options: DownloadOptions): Promise<DownloadResult> {
  const command = `GET ${url}`;
  const agents = new AgentPool(false);
  const deadline = new Deadline(
    options.deadlineMs ?? transferDeadlineMs(BASE_DEADLINE_MS, options.maxBytes, MIN_BYTES_PER_SECOND),
  );
  let bytes = 0;
  let sink: Writable | undefined;
  try {
    options.logger.debug(`download: ${url}`);
    let body: IncomingMessage | undefined;
    for (let attempt = 1; body === undefined; attempt++) {
      let answer: IncomingMessage;
      try {
        ({ message: answer } = await sendHttp(
          { method: 'GET', url },
          { agents, deadline, idleTimeoutMs: SOCKET_TIMEOUT_MS },
        ));
      } catch (error) {
        const permanent = error instanceof RedirectError || deadline.expired;
        const delay = permanent ? undefined : networkRetryDelay(attempt, DOWNLOAD_RETRY);
        if (delay !== undefined) {
          await sleep(delay);
          continue;
        }
        const reason = deadline.expired ? new DeadlineError(deadline.ms).message : (error as Error).message;
        throw new ToolError(`could not download ${url}: ${reason}`, { command }, { cause: error });
      }
      // Tries for a connection failure or a 502/503/504 before the body: the one policy with the download numbers.
      const step = nextRetryStep(
        attempt,
        retryDecision(answer.statusCode ?? 0, answer.headers, Date.now(), DOWNLOAD_RETRY),
        DOWNLOAD_RETRY,
      );
      if (step.kind === 'wait') {
        answer.destroy();
        await sleep(step.ms);
        continue;
      }
      body = answer;
    }
    const status = body.statusCode ?? 0;
    if (status !== 200) {
      body.destroy();
      throw new ToolError(`could not download ${url}: HTTP ${status} ${body.statusMessage ?? ''}`.trimEnd(), {
        command,
      });
    }
    const declared = declaredLength(body.headers['content-length']);
    if (declared !== undefined && declared > options.maxBytes) {
      body.destroy();
      throw new ToolError(
        `could not download ${url}: it is ${declared} bytes, more than the ${formatCap(options.maxBytes)} ` +
          'imagegate accepts for this file',
        { command },
      );
    }
    const hash = createHash('sha256');
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) {
          callback(new Error(`the body exceeds the ${formatCap(options.maxBytes)} imagegate accepts for this file`));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    sink = makeSink();
    try {
      await pipeline(body, meter, sink);
    } catch (error) {
      const of = declared !== undefined ? ` of ${declared}` : '';
      const reason = deadline.expired ? new DeadlineError(deadline.ms).message : describeStreamError(error);
      throw new ToolError(
        `could not download ${url}: ${reason} after ${bytes}${of} bytes`,
        { command },
        { cause: error },
      );
    }
    if (declared !== undefined && bytes !== declared) {
      throw new ToolError(`could not download ${url}: truncated, ${bytes} of ${declared} bytes arrived`, { command });
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    deadline.end();
    agents.dispose();
    sink?.destroy();
  }
}

function describeStreamError(error: unknown): string {
  const { message, code } = error as NodeJS.ErrnoException;
  if (message === 'aborted' || code === 'ECONNRESET') return `the connection closed early (${message})`;
  return message;
}

function declaredLength(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}
