import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tarStream from 'tar-stream';
import type { ImageSpec } from '../../../tools/archive/archive-writer.js';

/** Fixtures for archive tests: a sample image spec, temp dirs, and tar editing with tar-stream (not our reader). */

export const LONG_PATH = `usr/share/${'very-long-directory-name/'.repeat(6)}file-with-a-long-name.txt`;

/** A small image with every kind of step the readers must tell apart. */
export function sampleSpec(overrides: Partial<ImageSpec> = {}): ImageSpec {
  return {
    repoTags: ['imagegate-test/sample:1'],
    created: '2024-05-01T10:00:00Z',
    config: {
      User: '1000:1000',
      Env: ['PATH=/bin', 'APP=demo'],
      Cmd: ['sh'],
      WorkingDir: '/app',
      Labels: { 'org.example.team': 'gate' },
      ExposedPorts: ['8080/tcp'],
    },
    steps: [
      {
        createdBy: 'COPY busybox /bin/busybox # buildkit',
        comment: 'buildkit.dockerfile.v0',
        entries: [
          { path: 'bin/', type: 'dir' },
          { path: 'bin/busybox', type: 'file', size: 300_000, mode: 0o755 },
        ],
      },
      { createdBy: 'ENV APP=demo', emptyLayer: true },
      {
        createdBy: 'RUN busybox --install -s /bin # buildkit',
        entries: [
          { path: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
          { path: 'bin/ls', type: 'symlink', linkname: '/bin/busybox' },
          { path: 'bin/busybox-again', type: 'hardlink', linkname: 'bin/busybox' },
          { path: 'tmp/', type: 'dir' },
        ],
      },
      {
        createdBy: 'COPY docs /usr/share # buildkit',
        entries: [
          { path: LONG_PATH, type: 'file', content: 'long name\n' },
          { path: 'usr/share/empty', type: 'file', content: '' },
          { path: 'app/config.json', type: 'file', content: '{"a":1}' },
        ],
      },
      { createdBy: 'WORKDIR /app', emptyLayer: true },
      { createdBy: 'USER 1000:1000', emptyLayer: true },
    ],
    ...overrides,
  };
}

/** Regular-file bytes per layer of a spec, computed from the spec alone. */
export function specLayerSizes(spec: ImageSpec): number[] {
  return spec.steps
    .filter((step) => !step.emptyLayer)
    .map((step) =>
      (step.entries ?? [])
        .filter((entry) => entry.type === 'file')
        .reduce(
          (sum, entry) => sum + (entry.content !== undefined ? Buffer.byteLength(entry.content) : (entry.size ?? 0)),
          0,
        ),
    );
}

export async function makeTempDir(
  prefix = 'imagegate-archive-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TarItem {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
  body?: Buffer;
}

/** All entries of a tar, read with tar-stream. */
export async function readTarItems(file: string): Promise<TarItem[]> {
  const extract = tarStream.extract();
  const items: TarItem[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const chunk of entry) parts.push(chunk as Buffer);
      const { name, type, linkname } = entry.header;
      items.push({
        name,
        type: type as TarItem['type'],
        ...(linkname ? { linkname } : {}),
        body: Buffer.concat(parts),
      });
    }
  })();
  extract.end(await readFile(file));
  await done;
  return items;
}

/** Writes entries (any names, including hostile ones) as a tar with tar-stream. */
export async function writeTarItems(file: string, items: TarItem[]): Promise<void> {
  const pack = tarStream.pack();
  for (const item of items) {
    const type = item.type ?? 'file';
    const header = { name: item.name, type, mtime: new Date(0), ...(item.linkname ? { linkname: item.linkname } : {}) };
    if (type === 'file') pack.entry(header, item.body ?? Buffer.alloc(0));
    else pack.entry(header);
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack) parts.push(chunk as Buffer);
  await writeFile(file, Buffer.concat(parts));
}

/** Copies a tar, letting `edit` change, drop or add entries. */
export async function rewriteTar(source: string, target: string, edit: (items: TarItem[]) => TarItem[]): Promise<void> {
  await writeTarItems(target, edit(await readTarItems(source)));
}

export function item(items: TarItem[], name: string | RegExp): TarItem {
  const found = items.find((i) => (typeof name === 'string' ? i.name === name : name.test(i.name)));
  if (!found) throw new Error(`no entry ${String(name)} in ${items.map((i) => i.name).join(', ')}`);
  return found;
}
