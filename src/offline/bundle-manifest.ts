import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { parseJsonInput, readJsonInput, type JsonInput } from '../json/read-json.js';
import { ConfigurationError } from '../util/errors.js';

/**
 * The manifest of an offline bundle (issue 18 item 3): `imagegate-bundle.json` at the bundle's root, listing every
 * file with its SHA-256 and size, and what the bundle holds (Trivy version, DB dates, feed dates).
 *
 * A bundle is untrusted input: it crossed an air gap on someone's disk. Reading one checks, before anything in it
 * is used: the manifest's size and shape (a bad one is exit 2 at file:line:column); every path is relative, plain
 * (no `..`, no absolute path, no backslash) and stays inside the bundle after symlinks are resolved; no listed file
 * or directory on its way is a symlink; every file is a regular file of the listed size (capped) and SHA-256. A
 * missing or mismatching file is exit 2 too: like a damaged image archive, the bundle the user named is not what
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

const EXPECTED = `expected the ${BUNDLE_MANIFEST} that imagegate offline bundle writes`;

/** Reads and checks the manifest and every file it lists; returns it only when all of them match. */
export async function readVerifiedBundle(dir: string): Promise<BundleManifest> {
  const file = path.join(dir, BUNDLE_MANIFEST);
  await refuseSymlink(file, BUNDLE_MANIFEST, dir);
  const input = await readJsonInput(file, EXPECTED, { maxBytes: MAX_MANIFEST_BYTES, what: 'the bundle manifest' });
  const manifest = checkManifest(input!);
  const root = await realpath(dir);
  for (const [index, entry] of manifest.files.entries()) {
    await verifyFile(root, entry, (message) => input!.fail(['files', index, 'path'], message));
  }
  return manifest;
}

/** Parses manifest text already read (tests; `readVerifiedBundle` for a bundle on disk). */
export function parseBundleManifest(text: string, display: string): BundleManifest {
  return checkManifest(parseJsonInput(text, display, EXPECTED, 'the bundle manifest'));
}

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
function pathProblem(relative: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f]/.test(relative)) return 'a path with a backslash or a control character';
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative)) return `'${relative.slice(0, 80)}' is absolute`;
  if (relative.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    return `'${relative.slice(0, 80)}' leaves the bundle or is not a plain relative path`;
  }
  return undefined;
}

/** Every part of the path a plain directory or (last) a regular file inside the bundle, of the listed size and hash. */
async function verifyFile(root: string, entry: BundleFile, fail: (message: string) => never): Promise<void> {
  const parts = entry.path.split('/');
  let at = root;
  for (const [index, part] of parts.entries()) {
    at = path.join(at, part);
    const info = await lstat(at).catch(() => undefined);
    if (!info) fail(`${entry.path} is missing from the bundle`);
    if (info.isSymbolicLink()) fail(`${parts.slice(0, index + 1).join('/')} is a symlink; a bundle holds none`);
    const last = index === parts.length - 1;
    if (last ? !info.isFile() : !info.isDirectory()) {
      fail(`${parts.slice(0, index + 1).join('/')} is not a ${last ? 'regular file' : 'directory'}`);
    }
    if (last && info.size !== entry.bytes)
      fail(`${entry.path} is ${info.size} bytes, the manifest says ${entry.bytes}`);
  }
  const actual = await sha256Of(at);
  if (actual !== entry.sha256) fail(`${entry.path} has SHA-256 ${actual}, the manifest says ${entry.sha256}`);
}

async function refuseSymlink(file: string, name: string, dir: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (info?.isSymbolicLink()) {
    throw new ConfigurationError(`${name} is a symlink; a bundle holds none`, { path: path.join(dir, name) });
  }
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
