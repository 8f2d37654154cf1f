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
 * region in large chunks into slots of a SharedArrayBuffer, hashes each chunk and then hands the slot to the main
 * thread (through shared cells, see WRITTEN below), which walks the tar headers in it (no copy) and gives the slot
 * back for the next read. Hashing and the walk overlap across the cores, and the bytes in flight are bounded by the
 * slots, whatever the layer's size.
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

/** Below this many bytes of layers, starting hashing threads costs more than it saves. */
export const HASH_WORKERS_FROM_BYTES = 64 * 1024 * 1024;

/** One read: large enough that a syscall per chunk costs nothing next to hashing its bytes (1 MiB). */
export const STREAM_CHUNK = 1024 * 1024;
/** Slots per worker: one being read and hashed, one being walked, two spare so a busy main thread stalls no read. */
const STREAM_BUFFERS = 4;

/**
 * The Int32 cells each worker shares with the main thread. Chunks change hands through them, not through messages
 * (a message per chunk each way cost more than the reads): the worker fills slots in ring order, chunk `n` in slot
 * `n % STREAM_BUFFERS`, marks the slot BUSY and counts the chunk in WRITTEN; the main thread clears a slot's BUSY
 * cell when the walk is done with its chunk. The worker writes a slot only while it is not busy, waiting with
 * Atomics.wait (it is a thread of its own); the main thread waits for WRITTEN with Atomics.waitAsync. A busy cell per
 * slot, not a count, because chunks are given back out of order across jobs: the walk of one layer may still hold
 * its last chunk while the same worker's next job is walked, and a walk that leaves early gives back whatever was
 * written for it, whenever that turns out to be. WRITTEN runs on across jobs.
 */
const WRITTEN = 0;
/** Set by the main thread to stop a streamed read (the walk left early). */
const STOP = 1;
/** Set by the worker when a streamed read failed; its message says why. */
const FAILED = 2;
/** Bytes in each slot, from LENGTHS on. */
const LENGTHS = 3;
/** 1 while a slot holds a chunk the walk has not given back, from BUSY on. */
const BUSY = LENGTHS + STREAM_BUFFERS;
const CONTROL_CELLS = BUSY + STREAM_BUFFERS;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const CHUNK = ${STREAM_CHUNK};
const SLOTS = ${STREAM_BUFFERS};
const state = new Int32Array(workerData.control);
// Views made once: the slots of the buffer shared with the main thread.
const slots = [];
for (let i = 0; i < SLOTS; i += 1) slots.push(Buffer.from(workerData.shared, i * CHUNK, CHUNK));
// Plain hashing reads into a buffer of its own: the walk may still hold a slot of the last streamed job.
let own;
const short = (position) => new Error('the file ends at byte ' + position + ', inside the layer');
const streamed = (fd, hash, position, end) => {
  for (let seq = Atomics.load(state, ${WRITTEN}); position < end; seq += 1) {
    const slot = seq % SLOTS;
    for (;;) {
      if (Atomics.load(state, ${STOP}) !== 0) throw new Error('cancelled');
      if (Atomics.load(state, ${BUSY} + slot) === 0) break;
      // Bounded: a cancel that sets STOP between the checks above and this wait is still seen within 100 ms.
      Atomics.wait(state, ${BUSY} + slot, 1, 100);
    }
    const view = slots[slot];
    const read = readSync(fd, view, 0, Math.min(CHUNK, end - position), position);
    if (read === 0) throw short(position);
    hash.update(read === CHUNK ? view : view.subarray(0, read));
    position += read;
    Atomics.store(state, ${LENGTHS} + slot, read);
    Atomics.store(state, ${BUSY} + slot, 1);
    Atomics.store(state, ${WRITTEN}, seq + 1);
    Atomics.notify(state, ${WRITTEN});
  }
};
const plain = (fd, hash, position, end) => {
  own ??= Buffer.allocUnsafe(CHUNK * SLOTS);
  while (position < end) {
    const read = readSync(fd, own, 0, Math.min(own.length, end - position), position);
    if (read === 0) throw short(position);
    hash.update(read === own.length ? own : own.subarray(0, read));
    position += read;
  }
};
parentPort.on('message', ({ id, file, offset, length, stream }) => {
  let fd;
  try {
    fd = openSync(file, 'r');
    const hash = createHash('sha256');
    (stream ? streamed : plain)(fd, hash, offset, offset + length);
    closeSync(fd);
    fd = undefined;
    parentPort.postMessage({ id, digest: 'sha256:' + hash.digest('hex') });
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (stream) {
      Atomics.store(state, ${FAILED}, 1);
      Atomics.notify(state, ${WRITTEN});
    }
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
});
`;

/** Atomics.waitAsync (Node ≥ 16), typed here: TypeScript declares it in the ES2024 lib, which this project does not use. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
  }
).waitAsync.bind(Atomics);

/** A worker thread and the memory it shares with the main thread. */
interface PoolWorker {
  worker: Worker;
  state: Int32Array;
  slots: Buffer[];
}

interface Job {
  id: number;
  file: string;
  region: FileRegion;
  resolve: (digest: string) => void;
  reject: (error: Error) => void;
  /** Streamed jobs: told the worker (and the first chunk's sequence number) once one takes the job. */
  onStart?: (worker: PoolWorker, first: number) => void;
  /** Streamed jobs: told the count of chunks the worker had written (WRITTEN) when the job ended. */
  onEnd?: (written: number) => void;
}

/** A pool of `workers` hashing threads (default: the machine's parallelism, at most 4). */
export function createRegionHasher(workers = Math.min(4, Math.max(1, availableParallelism()))): RegionHasher {
  const idle: PoolWorker[] = [];
  const all: PoolWorker[] = [];
  const queue: Job[] = [];
  const running = new Map<number, { job: Job; pool: PoolWorker }>();
  let nextId = 0;
  let closed = false;

  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const pool = idle.pop() as PoolWorker;
      const job = queue.shift() as Job;
      running.set(job.id, { job, pool });
      const stream = job.onStart !== undefined;
      if (stream) {
        // The worker is idle, so WRITTEN is still: the job's first chunk is the next one it writes.
        Atomics.store(pool.state, STOP, 0);
        Atomics.store(pool.state, FAILED, 0);
        job.onStart?.(pool, Atomics.load(pool.state, WRITTEN));
      }
      pool.worker.postMessage({
        id: job.id,
        file: job.file,
        offset: job.region.offset,
        length: job.region.length,
        stream,
      });
    }
  };
  for (let i = 0; i < workers; i += 1) {
    const shared = new SharedArrayBuffer(STREAM_BUFFERS * STREAM_CHUNK);
    const control = new SharedArrayBuffer(CONTROL_CELLS * Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared, control } });
    const pool: PoolWorker = {
      worker,
      state: new Int32Array(control),
      slots: Array.from({ length: STREAM_BUFFERS }, (_, slot) =>
        Buffer.from(shared, slot * STREAM_CHUNK, STREAM_CHUNK),
      ),
    };
    worker.on('message', (message: { id: number; digest?: string; error?: string }) => {
      const entry = running.get(message.id);
      if (!entry) return;
      running.delete(message.id);
      // The worker has stopped writing for this job: a walk that left early can give back what was written for it.
      entry.job.onEnd?.(Atomics.load(pool.state, WRITTEN));
      idle.push(pool);
      if (message.digest !== undefined) entry.job.resolve(message.digest);
      else entry.job.reject(new Error(`hashing ${entry.job.file}: ${message.error ?? 'failed'}`));
      dispatch();
    });
    worker.on('error', (error) => {
      for (const [id, entry] of running) {
        if (entry.pool !== pool) continue;
        running.delete(id);
        entry.job.reject(error);
      }
    });
    idle.push(pool);
    all.push(pool);
  }
  const submit = (job: Omit<Job, 'resolve' | 'reject'>): Promise<string> => {
    if (closed) return Promise.reject(new Error('the region hasher is closed'));
    return new Promise<string>((resolve, reject) => {
      queue.push({ ...job, resolve, reject });
      dispatch();
    });
  };
  return {
    parallelism: workers,
    hash(file, region) {
      return submit({ id: nextId++, file, region });
    },
    stream(file, region) {
      const id = nextId++;
      const chunks = new SharedChunks(region.length, () => {
        const queued = queue.findIndex((job) => job.id === id);
        if (queued >= 0) queue.splice(queued, 1)[0]?.reject(new Error('cancelled'));
        const entry = running.get(id);
        if (entry) {
          Atomics.store(entry.pool.state, STOP, 1);
          for (let slot = 0; slot < STREAM_BUFFERS; slot += 1) Atomics.notify(entry.pool.state, BUSY + slot);
        }
      });
      const digest = submit({
        id,
        file,
        region,
        onStart: (pool, first) => chunks.begin(pool, first),
        onEnd: (written) => chunks.ended(written),
      });
      chunks.watch(digest);
      return { chunks, digest };
    },
    async close() {
      closed = true;
      // Running jobs too: a terminated worker never answers, and a walk waiting on its stream would wait forever.
      const jobs = [...queue.splice(0), ...[...running.values()].map((entry) => entry.job)];
      running.clear();
      for (const job of jobs) job.reject(new Error('the region hasher was closed'));
      await Promise.all(all.map((pool) => pool.worker.terminate()));
    },
  };
}

/**
 * The chunks of one streamed region as an async iterable, read from the worker's shared slots. A chunk handed out
 * is given back (its BUSY cell cleared) when the next one is asked for or the loop ends, which is what lets the
 * worker read on: the walk holds one chunk at a time. Leaving the loop early stops the worker's read and gives back
 * every chunk written for this walk, now or, while the worker is still writing, once it has stopped.
 */
class SharedChunks implements AsyncIterable<Buffer> {
  private pool: PoolWorker | undefined;
  /** Sequence number of the next chunk to hand out. */
  private next = 0;
  private holding = false;
  private received = 0;
  private digest: Promise<string> = Promise.resolve('');
  private settled = false;
  private settledSignal: Promise<void> = Promise.resolve();
  private startedSignal: Promise<void>;
  private onStarted: (() => void) | undefined;
  /** WRITTEN when the job ended (undefined while the worker may still write for it). */
  private endedAt: number | undefined;
  private left = false;

  constructor(
    private readonly length: number,
    private readonly cancel: () => void,
  ) {
    this.startedSignal = new Promise<void>((resolve) => (this.onStarted = resolve));
  }

  /** The job's digest: its end, and the walk's failure when it fails. */
  watch(digest: Promise<string>): void {
    this.digest = digest;
    const settle = (): void => {
      this.settled = true;
    };
    this.settledSignal = digest.then(settle, settle);
  }

  /** A worker took the job; its first chunk is chunk `first` of that worker. */
  begin(pool: PoolWorker, first: number): void {
    this.pool = pool;
    this.next = first;
    this.onStarted?.();
  }

  /** The worker stopped writing for this walk, `written` chunks in all. */
  ended(written: number): void {
    this.endedAt = written;
    if (this.left) this.giveBackUnread();
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return {
      next: () => this.take(),
      return: async () => {
        this.left = true;
        // Stop first: no slot given back after it may let the worker read on for this walk.
        if (this.endedAt === undefined) this.cancel();
        this.giveBack();
        if (this.endedAt !== undefined) this.giveBackUnread();
        return { done: true, value: undefined };
      },
    };
  }

  private async take(): Promise<IteratorResult<Buffer>> {
    this.giveBack();
    if (this.received >= this.length) {
      await this.digest; // a failure is the walk's too
      return { done: true, value: undefined };
    }
    // Waits for a worker, or for the job's end (cancelled or the pool closed before one took it).
    if (!this.pool) await Promise.race([this.startedSignal, this.settledSignal]);
    if (!this.pool) {
      await this.digest;
      throw new Error('the region hasher ended the read before it started');
    }
    const state = this.pool.state;
    for (;;) {
      const written = Atomics.load(state, WRITTEN);
      if (written > this.next) break;
      if (Atomics.load(state, FAILED) !== 0 || this.settled) {
        await this.digest;
        throw new Error('the region hasher ended the read early');
      }
      const wait = waitAsync(state, WRITTEN, written);
      // Raced with the job's end, so a worker that dies mid-read does not leave the walk waiting.
      if (wait.async) await Promise.race([wait.value, this.settledSignal]);
    }
    const slot = this.next % STREAM_BUFFERS;
    const length = Atomics.load(state, LENGTHS + slot);
    this.next += 1;
    this.holding = true;
    this.received += length;
    const view = this.pool.slots[slot] as Buffer;
    return { done: false, value: length === STREAM_CHUNK ? view : view.subarray(0, length) };
  }

  private giveBack(): void {
    if (!this.holding || !this.pool) return;
    this.holding = false;
    release(this.pool.state, this.next - 1);
  }

  /** Gives back the chunks written for this walk that it never took (it left early). */
  private giveBackUnread(): void {
    const end = this.endedAt;
    if (!this.pool || end === undefined) return;
    for (; this.next < end; this.next += 1) release(this.pool.state, this.next);
  }
}

function release(state: Int32Array, seq: number): void {
  const cell = BUSY + (seq % STREAM_BUFFERS);
  Atomics.store(state, cell, 0);
  Atomics.notify(state, cell);
}
