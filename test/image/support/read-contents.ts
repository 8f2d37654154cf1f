import { readImage } from '../../../src/image/read-image.js';
import { MemoryLogger } from '../../../src/util/logger.js';

/**
 * Reads an OCI layout with its contents and prints `{contents}` or `{error, name}` as JSON: lets a test run the
 * reader under another Node.js (zstd layers need Node ≥ 22.15) — `node <tsx cli> read-contents.ts <layout>`.
 */
const [layout] = process.argv.slice(2);
try {
  const facts = await readImage(
    { kind: 'oci-layout', path: layout as string },
    { logger: new MemoryLogger(), contents: true },
  );
  process.stdout.write(JSON.stringify({ contents: facts.contents, layers: facts.layers }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: (error as Error).message, name: (error as Error).constructor.name }));
}
