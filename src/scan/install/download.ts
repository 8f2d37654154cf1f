import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpClient, type HttpClientResponse } from '@actions/http-client';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { VERSION } from '../../version.js';
import { formatCap } from './caps.js';

/**
 * Release downloads over @actions/http-client, which honours https_proxy/no_proxy, follows GitHub's redirect
 * to its download host and refuses an https→http downgrade. Bodies are streamed (never held whole) with their
 * SHA-256 and length computed on the way, and capped so a wrong or hostile server cannot fill the disk.
 */

export interface DownloadResult {
  sha256: string;
  bytes: number;
}

export interface DownloadOptions {
  logger: Logger;
  /** Largest body accepted; more is a ToolError. */
  maxBytes: number;
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

/** The sink is made only once the response is a 200, so a failed request creates no file. */
async function download(url: string, makeSink: () => Writable, options: DownloadOptions): Promise<DownloadResult> {
  const command = `GET ${url}`;
  const client = new HttpClient(`imagegate/${VERSION}`, [], {
    allowRetries: true,
    maxRetries: 2,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  let bytes = 0;
  let sink: Writable | undefined;
  try {
    options.logger.debug(`download: ${url}`);
    let response: HttpClientResponse;
    try {
      response = await client.get(url);
    } catch (error) {
      throw new ToolError(`could not download ${url}: ${(error as Error).message}`, { command }, { cause: error });
    }
    const body = response.message;
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
      throw new ToolError(
        `could not download ${url}: ${describeStreamError(error)} after ${bytes}${of} bytes`,
        { command },
        { cause: error },
      );
    }
    if (declared !== undefined && bytes !== declared) {
      throw new ToolError(`could not download ${url}: truncated, ${bytes} of ${declared} bytes arrived`, { command });
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    client.dispose();
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
