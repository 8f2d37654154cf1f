import type { TarBodySink } from '../../tar/tar-reader.js';

/**
 * The few small files whose bodies the checks need (the account databases), kept while their layer streams past,
 * so nothing reads a layer a second time. Each copy of them in each layer is kept (the replay decides which one is
 * in the final filesystem), up to MAX_CAPTURED_BYTES each: a bigger one is recorded by size only, never buffered.
 */

/** Canonical paths (no leading `/`) whose bodies are captured. */
export const CAPTURED_PATHS: ReadonlySet<string> = new Set(['etc/passwd', 'etc/shadow', 'etc/group']);

/** 1 MiB: a real account database of thousands of accounts fits many times over. */
export const MAX_CAPTURED_BYTES = 1024 * 1024;

/** One captured body: `bytes` is absent when the file was over the cap (then only its size is known). */
export interface CapturedBody {
  size: number;
  bytes?: Buffer;
}

/**
 * A sink that fills `body.bytes` for an entry of `size` bytes, or undefined (the body is skipped) when it is over
 * the cap. The tar parser feeds exactly `size` bytes; anything beyond is ignored rather than trusted.
 */
export function captureBody(size: number, body: CapturedBody): TarBodySink | undefined {
  if (size > MAX_CAPTURED_BYTES) return undefined;
  const bytes = Buffer.alloc(size);
  let filled = 0;
  return {
    data(chunk: Buffer): void {
      const take = Math.min(chunk.length, size - filled);
      chunk.copy(bytes, filled, 0, take);
      filled += take;
    },
    end(): void {
      body.bytes = filled === size ? bytes : bytes.subarray(0, filled);
    },
  };
}
