import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileRegion } from '../../tar/tar-file.js';

/**
 * sha256 of file regions (layer blobs stored in an archive or a layout) on worker threads, so that verifying the
 * digests of a multi-GB image runs beside the header walk and the file-tree analysis instead of after them, and
 * several layers hash at once. Each worker reads the file itself: no bytes cross threads. The worker's code is
 * inline (not a file), so it works the same from the sources, the tests and the bundled dist/.
 */
export interface RegionHasher {
  /** `sha256:<hex>` of the region's bytes; rejects when the file is shorter than the region. */
  hash(file: string, region: FileRegion): Promise<string>;
  /** How many regions can be hashed at once. */
  readonly parallelism: number;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
parentPort.on('message', ({ id, file, offset, length }) => {
  let fd;
  try {
    fd = openSync(file, 'r');
    const hash = createHash('sha256');
    let position = offset;
    const end = offset + length;
    while (position < end) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, end - position), position);
      if (read === 0) throw new Error('the file ends at byte ' + position + ', inside the layer');
      hash.update(buffer.subarray(0, read));
      position += read;
    }
    parentPort.postMessage({ id, digest: 'sha256:' + hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
`;

interface Job {
  id: number;
  file: string;
  region: FileRegion;
  resolve: (digest: string) => void;
  reject: (error: Error) => void;
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
      worker.postMessage({ id: job.id, file: job.file, offset: job.region.offset, length: job.region.length });
    }
  };
  for (let i = 0; i < workers; i += 1) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (message: { id: number; digest?: string; error?: string }) => {
      const entry = running.get(message.id);
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
  return {
    parallelism: workers,
    hash(file, region) {
      if (closed) return Promise.reject(new Error('the region hasher is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, file, region, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the region hasher was closed'));
      await Promise.all(all.map((worker) => worker.terminate()));
    },
  };
}
