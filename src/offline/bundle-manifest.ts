import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { parseJsonInput, type JsonInput } from '../json/read-json.js';
import { ConfigurationError } from '../util/errors.js';

/**
 * The manifest of an offline bundle (issue 18 item 3): `imagegate-bundle.json` at the bundle's root, listing every
 * file with its SHA-256 and size, and what the bundle holds (Trivy version, DB dates, feed dates).
 *
 * A bundle is untrusted input: it crossed an air gap on someone's disk. Reading one checks, before anything in it
 * is used: the manifest's size and shape (a bad one is exit 2 at file:line:column); every path is relative, plain
 * (no `..`, no absolute path, no backslash) and stays inside the bundle after symlinks are resolved; no listed file
 * or directory on its way is a symlink; every file is a regular file of the listed size (capped) and SHA-256 —
 * checked on the private copy made while reading it (src/offline/stage-bundle.ts), never on the bundle's path before
 * a second open. A missing or mismatching file is exit 2 too: like a damaged image archive, the bundle the user named is not what
 * it says it is, and no retry or network can fix that.
 */

export const BUNDLE_MANIFEST = 'imagegate-bundle.json';
export const BUNDLE_FORMAT = 'imagegate-offline-bundle';
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_FILES = 64;
/** The Trivy DB is a few hundred MB, the Java DB about 1 GB today; room to grow, but not unbounded. */
export const MAX_BUNDLE_FILE_BYTES = 8 * 1024 ** 3;

export interface BundleFile {
  /** Relative to the bundle, `/`-separated. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: 1;
  createdAt: string;
  trivy: { version: string; platform: string; arch: string; dir: string };
  db: { updatedAt: string | null; downloadedAt: string | null };
  javaDb: { updatedAt: string | null; downloadedAt: string | null } | null;
  feeds: Array<{ feed: 'kev' | 'epss'; downloadedAt: string; url: string }>;
  files: BundleFile[];
}

// eslint-disable-next-line no-control-regex
const PLAIN_TEXT = /^[^\u0000-\u001f\u007f]*$/;

const EXPECTED = `expected the ${BUNDLE_MANIFEST} that imagegate offline bundle writes`;

/** A manifest read from a bundle, with a way to fail at one of its `files[]` entries (line:column). */
export interface ReadBundleManifest {
  manifest: BundleManifest;
  failAt: (index: number, message: string) => never;
}

/**
 * Reads and checks the manifest (opened without following a symlink); the files it lists are checked as they are
 * copied (src/offline/stage-bundle.ts), so the bytes used are the bytes hashed.
 */
export async function readBundleManifest(dir: string): Promise<ReadBundleManifest> {
  const file = path.join(dir, BUNDLE_MANIFEST);
  const text = await readManifestText(file);
  const input = parseJsonInput(text, file, EXPECTED, 'the bundle manifest');
  const manifest = checkManifest(input);
  return { manifest, failAt: (index, message) => input.fail(['files', index, 'path'], message) };
}

async function readManifestText(file: string): Promise<string> {
  const fail = (why: string): never => {
    throw new ConfigurationError(`${why}; ${EXPECTED}`, { path: file });
  };
  const handle = await open(file, NO_FOLLOW_READ).catch((error: NodeJS.ErrnoException) =>
    fail(
      error.code === 'ELOOP'
        ? `${BUNDLE_MANIFEST} is a symlink; a bundle holds none`
        : `cannot read the bundle manifest: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    ),
  );
  try {
    const info = await handle.stat();
    if (!info.isFile()) fail(`${BUNDLE_MANIFEST} is not a regular file`);
    if (info.size > MAX_MANIFEST_BYTES) {
      fail(`the bundle manifest is ${info.size} bytes, more than ${MAX_MANIFEST_BYTES}`);
    }
    const buffer = Buffer.alloc(MAX_MANIFEST_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_MANIFEST_BYTES) fail(`the bundle manifest is more than ${MAX_MANIFEST_BYTES} bytes`);
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Flags for opening a file of an untrusted bundle: never through a symlink (ELOOP), and never blocking on a FIFO or
 * device put where a file should be (the opened file is then checked to be a regular one).
 */
export const NO_FOLLOW_READ = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function checkManifest(input: JsonInput): BundleManifest {
  const value = input.value;
  const object = (at: Array<string | number>, v: unknown): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) input.fail(at, 'expected an object');
    return v as Record<string, unknown>;
  };
  const string = (at: Array<string | number>, v: unknown, pattern?: RegExp): string => {
    if (typeof v !== 'string' || v.length === 0 || v.length > 1000) input.fail(at, 'expected a non-empty string');
    if (pattern && !pattern.test(v)) input.fail(at, `'${v.slice(0, 80)}' is not of the expected form`);
    return v;
  };
  const top = object([], value);
  if (top.format !== BUNDLE_FORMAT) input.fail(['format'], `expected "${BUNDLE_FORMAT}"`);
  if (top.formatVersion !== 1) input.fail(['formatVersion'], 'expected 1 (this imagegate reads version 1)');
  const trivy = object(['trivy'], top.trivy);
  string(['trivy', 'version'], trivy.version, /^\d+\.\d+\.\d+$/);
  string(['trivy', 'platform'], trivy.platform, /^[a-z0-9]+$/);
  string(['trivy', 'arch'], trivy.arch, /^[a-z0-9_]+$/);
  string(['trivy', 'dir'], trivy.dir);
  // What a run logs of the bundle (its DB and feed dates): shaped here, so a bad manifest is exit 2, not a crash,
  // and no control character (a newline starting a CI workflow command) reaches a log line.
  const db = object(['db'], top.db);
  for (const key of ['updatedAt', 'downloadedAt']) {
    if (db[key] !== null) string(['db', key], db[key], PLAIN_TEXT);
  }
  if (!Array.isArray(top.feeds)) input.fail(['feeds'], 'expected an array');
  for (const [index, item] of top.feeds.entries()) {
    const feed = object(['feeds', index], item);
    string(['feeds', index, 'feed'], feed.feed, /^(kev|epss)$/);
    string(['feeds', index, 'downloadedAt'], feed.downloadedAt, PLAIN_TEXT);
  }
  if (!Array.isArray(top.files)) input.fail(['files'], 'expected an array');
  if (top.files.length > MAX_FILES) input.fail(['files'], `more than ${MAX_FILES} files`);
  const seen = new Set<string>();
  const files = top.files.map((item: unknown, index: number): BundleFile => {
    const entry = object(['files', index], item);
    const at = ['files', index];
    const relative = string([...at, 'path'], entry.path);
    const problem = pathProblem(relative);
    if (problem) input.fail([...at, 'path'], problem);
    if (seen.has(relative)) input.fail([...at, 'path'], `'${relative}' is listed twice`);
    seen.add(relative);
    const sha256 = string([...at, 'sha256'], entry.sha256, /^[0-9a-f]{64}$/);
    const bytes = entry.bytes;
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_BUNDLE_FILE_BYTES) {
      input.fail([...at, 'bytes'], `expected a size from 0 to ${MAX_BUNDLE_FILE_BYTES} bytes`);
    }
    return { path: relative, sha256, bytes };
  });
  const trivyDir = trivy.dir as string;
  const dirProblem = pathProblem(trivyDir);
  if (dirProblem) input.fail(['trivy', 'dir'], dirProblem);
  if (!files.some((f) => f.path === `${trivyDir}/trivy`)) input.fail(['trivy', 'dir'], `no file ${trivyDir}/trivy`);
  return { ...(top as unknown as BundleManifest), files };
}

/** Why a manifest path may not be used: absolute, `..`, `.`, empty parts, backslashes, control characters. */
export function pathProblem(relative: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f]/.test(relative)) return 'a path with a backslash or a control character';
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative)) return `'${relative.slice(0, 80)}' is absolute`;
  if (relative.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    return `'${relative.slice(0, 80)}' leaves the bundle or is not a plain relative path`;
  }
  return undefined;
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
