import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * The hashing bound of the layers benchmark: SHA-256 of every layer's bytes, as they lie in the archive, spread over
 * one worker thread per core (a layer is one hash, so the largest layer bounds it from below). Each worker reads
 * its layer with large positioned reads into one reused buffer. Timed from before the workers start until the last
 * digest is in, as imagegate pays for its own threads. `ARCHIVE REGIONS_JSON` (`[{offset, length}]`); prints `{ms}`.
 */
const [archive, regionsJson] = process.argv.slice(2) as [string, string];
const regions = JSON.parse(regionsJson) as Array<{ offset: number; length: number }>;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
parentPort.on('message', ({ file, offset, length }) => {
  const fd = openSync(file, 'r');
  const hash = createHash('sha256');
  for (let position = offset; position < offset + length; ) {
    const read = readSync(fd, buffer, 0, Math.min(buffer.length, offset + length - position), position);
    if (read === 0) throw new Error('short file');
    hash.update(buffer.subarray(0, read));
    position += read;
  }
  closeSync(fd);
  parentPort.postMessage(hash.digest('hex'));
});
`;

const start = process.hrtime.bigint();
const queue = [...regions];
const workers = Array.from(
  { length: Math.max(1, Math.min(availableParallelism(), regions.length)) },
  () => new Worker(WORKER_SOURCE, { eval: true }),
);
await Promise.all(
  workers.map(
    (worker) =>
      new Promise<void>((resolve, reject) => {
        const next = (): void => {
          const region = queue.shift();
          if (!region) {
            resolve();
            return;
          }
          worker.postMessage({ file: archive, ...region });
        };
        worker.on('message', next);
        worker.on('error', reject);
        next();
      }),
  ),
);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
await Promise.all(workers.map((worker) => worker.terminate()));
process.stdout.write(JSON.stringify({ ms }));
