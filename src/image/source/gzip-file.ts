import { open } from 'node:fs/promises';

/** Whether the file starts with gzip's magic bytes (a `docker save | gzip` archive, read as one stream). */
export async function isGzipFile(location: string): Promise<boolean> {
  const file = await open(location, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}
