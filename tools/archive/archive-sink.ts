import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tarStream, { type Pack } from 'tar-stream';

type Headers = Parameters<Pack['entry']>[0];

/** Where the archive writer puts named files: a tar being written, or a directory (an OCI layout). */
export interface ArchiveSink {
  directory(name: string): Promise<void>;
  file(name: string, content: Buffer): Promise<void>;
  /** A file whose body is produced as a stream of exactly `size` bytes. */
  stream(name: string, size: number, open: () => AsyncIterable<Buffer>): Promise<void>;
  close(): Promise<void>;
}

/** Deterministic headers: owner root, mtime 0, no user or group names. */
const FIXED = { mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '' } as const;

export function tarSink(target: string): ArchiveSink {
  const pack = tarStream.pack();
  const written = pipeline(pack as unknown as AsyncIterable<Buffer>, createWriteStream(target));
  // Surfaces a write error even if no entry is pending when it happens.
  written.catch(() => undefined);
  const entry = (header: Headers, body?: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (error?: Error | null): void => (error ? reject(error) : resolve());
      if (body) pack.entry(header, body, done);
      else pack.entry(header, done);
    });
  return {
    directory: (name) => entry({ ...FIXED, name: `${name}/`, type: 'directory', mode: 0o755 }),
    file: (name, content) => entry({ ...FIXED, name, type: 'file', mode: 0o644, size: content.length }, content),
    stream: (name, size, open) =>
      new Promise((resolve, reject) => {
        const sink = pack.entry({ ...FIXED, name, type: 'file', mode: 0o644, size }, (error) =>
          error ? reject(error) : resolve(),
        );
        void (async () => {
          for await (const chunk of open()) {
            if (!sink.write(chunk)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
          }
          sink.end(undefined);
        })().catch((error: unknown) => {
          sink.destroy(error as Error);
          reject(error as Error);
        });
      }),
    close: async () => {
      pack.finalize();
      await written;
    },
  };
}

export function directorySink(root: string): ArchiveSink {
  const full = (name: string): string => path.join(root, ...name.split('/'));
  return {
    directory: async (name) => void (await mkdir(full(name), { recursive: true })),
    file: async (name, content) => {
      await mkdir(path.dirname(full(name)), { recursive: true });
      await writeFile(full(name), content);
    },
    stream: async (name, _size, open) => {
      await mkdir(path.dirname(full(name)), { recursive: true });
      await pipeline(open(), createWriteStream(full(name)));
    },
    close: async () => {},
  };
}
