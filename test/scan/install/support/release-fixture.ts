import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

/**
 * Trivy release files built by the tests: a gzipped tar whose `trivy` is a small shell script printing
 * `Version: <ver>` (what the real binary prints first), written with tar-stream, not with our tar reader.
 */

export interface FixtureEntry {
  name: string;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  body?: Buffer | string;
  linkname?: string;
  mode?: number;
}

export function fakeTrivyScript(version: string): string {
  return `#!/bin/sh\necho "Version: ${version}"\n`;
}

/** The entries of a real release: `trivy` at the root, plus the files that ship beside it. */
export function releaseEntries(version: string): FixtureEntry[] {
  return [
    { name: 'LICENSE', body: 'Apache License 2.0\n' },
    { name: 'README.md', body: '# trivy\n' },
    { name: 'contrib/', type: 'directory' },
    { name: 'contrib/html.tpl', body: '<html></html>\n' },
    { name: 'trivy', body: fakeTrivyScript(version), mode: 0o755 },
  ];
}

export async function tarGz(entries: FixtureEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const header = {
      name: entry.name,
      type,
      mode: entry.mode ?? (type === 'directory' ? 0o755 : 0o644),
      mtime: new Date(0),
      ...(entry.linkname ? { linkname: entry.linkname } : {}),
    };
    if (type === 'file') pack.entry(header, Buffer.from(entry.body ?? ''));
    else pack.entry(header);
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack) parts.push(chunk as Buffer);
  return gzipSync(Buffer.concat(parts));
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `trivy_<ver>_checksums.txt` as goreleaser writes it: `<hex>  <file>` per line. */
export function checksumsFile(lines: Record<string, string>): string {
  return Object.entries(lines)
    .map(([file, hex]) => `${hex}  ${file}\n`)
    .join('');
}

export const tarballName = (version: string, platform = 'Linux-64bit') => `trivy_${version}_${platform}.tar.gz`;
export const checksumsName = (version: string) => `trivy_${version}_checksums.txt`;
