import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fchmodSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { TarParser, type TarBodySink, type TarEntry } from '../../tar/tar-reader.js';
import { ToolError } from '../../util/errors.js';
import { formatCap } from './caps.js';

/**
 * Takes the one file imagegate needs, `trivy` at the root of a release tarball, out of it without a `tar`
 * process: our own tar reader behind zlib. Nothing else is written. An archive with an absolute or `..` path
 * anywhere is refused whole (a release never has one), as is a `trivy` that is a link, a directory or repeated.
 */

export interface ExtractLimits {
  /** Largest `trivy` accepted. */
  maxBinaryBytes: number;
  /** Largest decompressed archive read (a gzip bomb stops here). */
  maxArchiveBytes: number;
}

export interface ExtractedBinary {
  sha256: string;
  bytes: number;
}

const MEMBER = 'trivy';

/**
 * Writes the tarball's `trivy` to `destination` (which must not exist) with mode 0755. `url` names the source.
 * With `destination` null nothing is written: only the member's SHA-256 is computed (re-checking an install
 * against the archive it came from).
 */
export async function extractTrivyBinary(
  tarball: string,
  destination: string | null,
  url: string,
  limits: ExtractLimits,
): Promise<ExtractedBinary> {
  const command = `extract ${MEMBER} from ${url}`;
  const fail = (message: string) => new ToolError(`release tarball ${url}: ${message}`, { command });
  const hash = createHash('sha256');
  const seen: string[] = [];
  let fd: number | undefined;
  let found = false;
  let written = 0;
  let complete = false;

  const onEntry = (entry: TarEntry): TarBodySink | undefined => {
    const name = entry.name.replace(/^(\.\/)+/, '');
    if (seen.length < 20) seen.push(entry.name);
    if (entry.name.startsWith('/') || entry.name.split('/').includes('..')) {
      throw fail(`refusing an archive with a path outside its root: ${JSON.stringify(entry.name)}`);
    }
    if (name !== MEMBER && name !== `${MEMBER}/`) return undefined;
    if (found || complete) throw fail(`refusing an archive with more than one ${MEMBER}`);
    if (entry.type !== 'file') {
      const target = entry.linkname ? ` to ${JSON.stringify(entry.linkname)}` : '';
      throw fail(`refusing ${JSON.stringify(entry.name)}: it is a ${entry.type}${target}, not a regular file`);
    }
    if (entry.size > limits.maxBinaryBytes) {
      throw fail(`${MEMBER} is ${entry.size} bytes, more than the ${formatCap(limits.maxBinaryBytes)} accepted`);
    }
    found = true;
    if (destination !== null) fd = openSync(destination, 'wx', 0o700);
    const out = fd;
    return {
      data(chunk) {
        hash.update(chunk);
        let offset = 0;
        if (out !== undefined)
          while (offset < chunk.length) offset += writeSync(out, chunk, offset, chunk.length - offset);
        written += chunk.length;
      },
      end() {
        complete = true;
      },
    };
  };

  const parser = new TarParser({ path: url }, onEntry);
  let read = 0;
  const feed = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      try {
        read += chunk.length;
        if (read > limits.maxArchiveBytes) {
          throw fail(`it unpacks to more than ${formatCap(limits.maxArchiveBytes)}; refusing it`);
        }
        if (!parser.done) parser.write(chunk);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  try {
    await pipeline(createReadStream(tarball), createGunzip(), feed);
    parser.end();
    if (!complete || !found) {
      const names = seen.length > 0 ? seen.map((name) => JSON.stringify(name)).join(', ') : 'no entries';
      throw fail(`no regular file named ${MEMBER} at its root (it holds ${names})`);
    }
    // The mode given to open() is filtered by the umask; the binary must be executable whatever it is.
    if (fd !== undefined) fchmodSync(fd, 0o755);
    return { sha256: hash.digest('hex'), bytes: written };
  } catch (error) {
    if (error instanceof ToolError) throw error;
    const { message, code } = error as NodeJS.ErrnoException;
    throw fail(code?.startsWith('Z_') ? `is not valid gzip data (${message})` : `cannot be read: ${message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
