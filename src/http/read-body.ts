import type { IncomingMessage } from 'node:http';

/**
 * Response bodies read with a size cap, linearly (chunks kept and joined once, never a string grown by `+=`), and
 * checked for completeness: a body that ends before its Content-Length, or a connection closed mid-way, is an error,
 * never a short answer taken as whole. The overall deadline (deadline.ts) destroys the message when it passes; the
 * error that causes is reported here like any other cut.
 */

export type BodyProblem = 'too-large' | 'cut';

export class BodyError extends Error {
  constructor(
    readonly problem: BodyProblem,
    message: string,
    readonly received: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'BodyError';
  }
}

/** The Content-Length header as a number, when it is one. */
export function declaredLength(message: IncomingMessage): number | undefined {
  const header = message.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
}

/** The whole body, or a BodyError: larger than `maxBytes` (declared or counted), or cut before its end. */
export async function readCappedBody(message: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = declaredLength(message);
  if (declared !== undefined && declared > maxBytes) {
    message.destroy();
    throw new BodyError('too-large', `the body is ${declared} bytes, more than the ${maxBytes} imagegate reads`, 0);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of message as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        message.destroy();
        throw new BodyError('too-large', `the body is more than the ${maxBytes} bytes imagegate reads`, total);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw cut(total, declared, (error as Error).message, error);
  }
  if (!message.complete || (declared !== undefined && total !== declared)) {
    throw cut(total, declared, 'the connection closed before the end of the body');
  }
  return Buffer.concat(chunks, total);
}

/**
 * At most `maxBytes` of a body that only serves an error message: the rest is dropped, and a failure while reading
 * keeps what arrived (the status already says what went wrong).
 */
export async function readBodyPrefix(message: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of message as AsyncIterable<Buffer>) {
      const room = maxBytes - total;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      total += Math.min(chunk.length, room);
      if (total >= maxBytes) break;
    }
  } catch {
    // What arrived is enough for a message.
  } finally {
    if (!message.readableEnded) message.destroy();
  }
  return Buffer.concat(chunks, total);
}

function cut(received: number, declared: number | undefined, reason: string, cause?: unknown): BodyError {
  const of = declared !== undefined ? ` of ${declared}` : '';
  return new BodyError('cut', `${reason} after ${received}${of} bytes`, received, cause ? { cause } : undefined);
}
