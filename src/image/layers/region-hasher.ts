import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileRegion } from '../../tar/tar-file.js';

/**
 * sha256 of file regions (layer blobs stored in an archive or a layout) on worker threads, so that verifying the
 * digests of a multi-GB image runs beside the header walk and the file-tree analysis instead of after them, and
 * several layers hash at once. The worker's code is inline (not a file), so it works the same from the sources, the
 * tests and the bundled dist/.
 *
 * `stream` is how an uncompressed layer is both hashed and walked with every byte read once: the worker reads the
 * region in large chunks into slots of a SharedArrayBuffer, hashes each chunk and then passes its slot number to the
 * main thread, which walks the tar headers in it (no copy) and hands the slot back for the next read. Hashing and the
 * walk overlap across the cores, and the bytes in flight are bounded by the slots, whatever the layer's size.
 */
export interface RegionHasher {
  /** `sha256:<hex>` of the region's bytes; rejects when the file is shorter than the region. */
  hash(file: string, region: FileRegion): Promise<string>;
  /** The region's bytes, in order, each chunk valid until the next is asked for, and their `sha256:<hex>`. */
  stream(file: string, region: FileRegion): RegionStream;
  /** How many regions can be hashed at once. */
  readonly parallelism: number;
  close(): Promise<void>;
}

export interface RegionStream {
  /** Iterate once, to the end: the digest settles only after the last chunk. Leaving early cancels the read. */
  chunks: AsyncIterable<Buffer>;
  digest: Promise<string>;
}

/** One read: large enough that a syscall and a message per chunk cost nothing next to hashing its bytes (1 MiB). */
export const STREAM_CHUNK = 1024 * 1024;
/** Slots per worker: one being read and hashed, one being walked, two spare so a busy main thread stalls no read. */
const STREAM_BUFFERS = 4;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const CHUNK = ${STREAM_CHUNK};
// Slots of the buffer shared with the main thread: a chunk changes hands by its slot number, never by copy.
const shared = workerData;
const free = [];
for (let i = 0; i < ${STREAM_BUFFERS}; i += 1) free.push(i);
let job;
const fail = (error) => {
  const { id, fd } = job;
  job = undefined;
  if (fd !== undefined) closeSync(fd);
  parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
};
const finish = () => {
  const { id, fd, hash } = job;
  job = undefined;
  closeSync(fd);
  parentPort.postMessage({ id, digest: 'sha256:' + hash.digest('hex') });
};
// Reads, hashes and hands over chunks while a buffer is free; resumes when the main thread gives one back.
const pump = () => {
  try {
    while (job && job.position < job.end) {
      if (job.cancelled) throw new Error('cancelled');
      const slot = job.stream ? free.pop() : -1;
      if (slot === undefined) return;
      const length = Math.min(CHUNK, job.end - job.position);
      const view = slot >= 0 ? Buffer.from(shared, slot * CHUNK, length) : job.buffer.subarray(0, length);
      const read = readSync(job.fd, view, 0, view.length, job.position);
      if (read === 0) {
        if (slot >= 0) free.push(slot);
        throw new Error('the file ends at byte ' + job.position + ', inside the layer');
      }
      job.hash.update(view.subarray(0, read));
      job.position += read;
      if (slot >= 0) parentPort.postMessage({ id: job.id, slot, length: read });
    }
    if (job) finish();
  } catch (error) {
    if (job) fail(error);
  }
};
parentPort.on('message', (message) => {
  if (message.type === 'give') {
    free.push(message.slot);
    pump();
  } else if (message.type === 'cancel') {
    if (job && job.id === message.id) job.cancelled = true;
    pump();
  } else {
    const { id, file, offset, length, stream } = message;
    job = { id, stream, position: offset, end: offset + length, hash: createHash('sha256') };
    if (!stream) job.buffer = Buffer.allocUnsafe(CHUNK);
    try {
      job.fd = openSync(file, 'r');
    } catch (error) {
      fail(error);
      return;
    }
    pump();
  }
});
`;

interface Job {
  id: number;
  file: string;
  region: FileRegion;
  resolve: (digest: string) => void;
  reject: (error: Error) => void;
  /** Streamed jobs: receives each chunk, a view of the worker's shared buffer; `give` hands its slot back. */
  onChunk?: (chunk: Buffer, give: () => void) => void;
}

/** A pool of `workers` hashing threads (default: the machine's parallelism, at most 4). */
export function createRegionHasher(workers = Math.min(4, Math.max(1, availableParallelism()))): RegionHasher {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const queue: Job[] = [];
  const running = new Map<number, { job: Job; worker: Worker }>();
  let nextId = 0;
  let closed = false;

  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as Job;
      running.set(job.id, { job, worker });
      worker.postMessage({
        id: job.id,
        file: job.file,
        offset: job.region.offset,
        length: job.region.length,
        stream: job.onChunk !== undefined,
      });
    }
  };
  for (let i = 0; i < workers; i += 1) {
    const shared = new SharedArrayBuffer(STREAM_BUFFERS * STREAM_CHUNK);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: shared });
    worker.on('message', (message: { id: number; digest?: string; error?: string; slot?: number; length?: number }) => {
      const entry = running.get(message.id);
      if (message.slot !== undefined) {
        const slot = message.slot;
        const give = (): void => worker.postMessage({ type: 'give', slot });
        if (entry?.job.onChunk) {
          entry.job.onChunk(Buffer.from(shared, slot * STREAM_CHUNK, message.length as number), give);
        } else give();
        return;
      }
      if (!entry) return;
      running.delete(message.id);
      idle.push(worker);
      if (message.digest !== undefined) entry.job.resolve(message.digest);
      else entry.job.reject(new Error(`hashing ${entry.job.file}: ${message.error ?? 'failed'}`));
      dispatch();
    });
    worker.on('error', (error) => {
      for (const [id, entry] of running) {
        if (entry.worker !== worker) continue;
        running.delete(id);
        entry.job.reject(error);
      }
    });
    idle.push(worker);
    all.push(worker);
  }
  const submit = (
    file: string,
    region: FileRegion,
    onChunk?: Job['onChunk'],
  ): { id: number; digest: Promise<string> } => {
    const id = nextId++;
    if (closed) return { id, digest: Promise.reject(new Error('the region hasher is closed')) };
    const digest = new Promise<string>((resolve, reject) => {
      queue.push({ id, file, region, resolve, reject, ...(onChunk ? { onChunk } : {}) });
      dispatch();
    });
    return { id, digest };
  };
  return {
    parallelism: workers,
    hash(file, region) {
      return submit(file, region).digest;
    },
    stream(file, region) {
      const chunks = new ChunkQueue();
      const { id, digest } = submit(file, region, (chunk, give) => chunks.push(chunk, give));
      digest.then(
        () => chunks.finish(undefined),
        (error: unknown) => chunks.finish(error),
      );
      chunks.onCancel = () => {
        const queued = queue.findIndex((job) => job.id === id);
        if (queued >= 0) queue.splice(queued, 1)[0]?.reject(new Error('cancelled'));
        running.get(id)?.worker.postMessage({ type: 'cancel', id });
      };
      return { chunks, digest };
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the region hasher was closed'));
      await Promise.all(all.map((worker) => worker.terminate()));
    },
  };
}

interface Delivered {
  chunk: Buffer;
  give: () => void;
}

/**
 * The chunks of one streamed region as an async iterable. A chunk handed out is given back to its worker when the
 * next one is asked for (or the loop ends), which is what lets the worker read on: the walk holds one chunk at a time.
 */
class ChunkQueue implements AsyncIterable<Buffer> {
  onCancel: (() => void) | undefined;
  private readonly ready: Delivered[] = [];
  private waiting: (() => void) | undefined;
  private current: Delivered | undefined;
  private ended = false;
  private failure: unknown;
  private cancelled = false;

  push(chunk: Buffer, give: () => void): void {
    if (this.cancelled) {
      give();
      return;
    }
    this.ready.push({ chunk, give });
    this.wake();
  }

  finish(error: unknown): void {
    this.ended = true;
    this.failure = error;
    this.wake();
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return {
      next: async () => {
        this.giveBack();
        while (this.ready.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.waiting = resolve));
        const next = this.ready.shift();
        if (next) {
          this.current = next;
          return { done: false, value: next.chunk };
        }
        if (this.failure !== undefined) throw this.failure;
        return { done: true, value: undefined };
      },
      return: async () => {
        // Cancel first: the slots given back after it must not let the worker read on.
        if (!this.ended) {
          this.cancelled = true;
          this.onCancel?.();
          for (const left of this.ready.splice(0)) left.give();
        }
        this.giveBack();
        return { done: true, value: undefined };
      },
    };
  }

  private giveBack(): void {
    const done = this.current;
    this.current = undefined;
    done?.give();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
