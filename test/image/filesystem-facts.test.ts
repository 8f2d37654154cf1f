import path from 'node:path';
import { writeImageArchive, type ImageSpec, type LayerEntrySpec } from '../../tools/archive/archive-writer.js';
import type { FilesystemFacts } from '../../src/image/layers/filesystem-facts.js';
import { readDockerArchive } from '../../src/image/source/docker-archive.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { makeTempDir } from './support/archives.js';

/**
 * The hardening facts (modes, sudo/sshd, account files) of the final filesystem, from archives our writer makes and
 * read through the real reader in its one pass: uncompressed layers (walked header to header, bodies skipped
 * except the account files) and gzip layers (inflated), which must agree.
 */

let dir: string;
let cleanup: () => Promise<void>;
let count = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('imagegate-fs-facts-'));
});
afterAll(async () => cleanup());

const file = (filePath: string, mode: number, content = 'x'): LayerEntrySpec => ({
  path: filePath,
  type: 'file',
  mode,
  content,
});
const directory = (dirPath: string, mode = 0o755): LayerEntrySpec => ({ path: dirPath, type: 'dir', mode });

async function read(layers: LayerEntrySpec[][]): Promise<FilesystemFacts> {
  const spec: ImageSpec = {
    repoTags: ['imagegate-test/fs:1'],
    created: '2024-01-01T00:00:00Z',
    steps: layers.map((entries, index) => ({ createdBy: `RUN step ${index} # buildkit`, entries })),
  };
  const results: FilesystemFacts[] = [];
  for (const compression of ['none', 'gzip'] as const) {
    const archive = path.join(dir, `case-${(count += 1)}.tar`);
    await writeImageArchive(archive, spec, { format: 'docker-legacy', compression });
    const facts = await readDockerArchive(archive, { logger: new MemoryLogger(), contents: true });
    results.push(facts.contents?.filesystem as FilesystemFacts);
  }
  expect(results[1]).toEqual(results[0]);
  return results[0] as FilesystemFacts;
}

test('setuid, setgid and world-writable paths of the final filesystem, with the layer that set them', async () => {
  const facts = await read([
    [
      directory('usr/bin'),
      file('usr/bin/passwd', 0o4755),
      file('usr/bin/chage', 0o2755),
      file('usr/bin/gone', 0o4755),
      file('usr/bin/fixed', 0o4755),
      directory('tmp', 0o1777),
      directory('shared', 0o2775),
      directory('dev'),
      file('dev/null-ish', 0o666),
      directory('proc'),
      file('proc/x', 0o666),
    ],
    [{ path: 'usr/bin/.wh.gone', type: 'file', content: '' }, file('usr/bin/fixed', 0o755)],
    [directory('data', 0o777), file('data/open', 0o666), file('app', 0o4775)],
  ]);
  expect(facts.setuid.map((f) => [f.path, f.mode.toString(8), f.layer])).toEqual([
    ['/app', '4775', 2],
    ['/usr/bin/passwd', '4755', 0],
  ]);
  expect(facts.setgid.map((f) => [f.path, f.layer])).toEqual([['/usr/bin/chage', 0]]);
  // /tmp is sticky, /shared is setgid (not writable by others), /dev and /proc are the runtime's.
  expect(facts.worldWritable.map((f) => [f.path, f.type, f.layer])).toEqual([
    ['/data', 'directory', 2],
    ['/data/open', 'file', 2],
  ]);
  expect(facts.setuidCount).toBe(2);
  expect(facts.worldWritableCount).toBe(2);
});

test('sudo and sshd are real files at the usual places; a busybox hardlink or a symlink is not', async () => {
  const facts = await read([
    [directory('bin'), file('bin/busybox', 0o755, 'busybox'), directory('usr/sbin'), directory('usr/bin')],
    [
      { path: 'usr/sbin/sshd', type: 'hardlink', linkname: 'bin/busybox' },
      { path: 'usr/bin/sudo', type: 'symlink', linkname: '/bin/busybox' },
    ],
  ]);
  expect(facts.programs).toEqual([]);
  const real = await read([
    [directory('usr/bin'), file('usr/bin/sudo', 0o4755), directory('usr/sbin')],
    [file('usr/sbin/sshd', 0o755)],
  ]);
  expect(real.programs).toEqual([
    { program: 'sudo', path: '/usr/bin/sudo', layer: 0 },
    { program: 'sshd', path: '/usr/sbin/sshd', layer: 1 },
  ]);
});

test('the account files in the final filesystem: the last copy wins, whiteouts remove, the cap holds', async () => {
  const facts = await read([
    [
      directory('etc'),
      file('etc/passwd', 0o644, 'root:x:0:0::/root:/bin/sh\nold:x:5:5::/:/bin/sh\n'),
      file('etc/shadow', 0o640, 'root:*:1::::::\n'),
      file('etc/group', 0o644, 'root:x:0:\n'),
    ],
    [
      file('etc/passwd', 0o644, 'root:x:0:0::/root:/bin/sh\nnew:x:6:6::/:/bin/sh\n'),
      { path: 'etc/.wh.shadow', type: 'file', content: '' },
      file('etc/group', 0o644, `${'g:x:1:\n'.repeat(200_000)}`),
    ],
  ]);
  expect(facts.accounts.passwd).toMatchObject({ state: 'read', path: '/etc/passwd', layer: 1, invalidLines: 0 });
  expect(facts.accounts.passwd.entries.map((entry) => entry.name)).toEqual(['root', 'new']);
  expect(facts.accounts.shadow).toMatchObject({ state: 'absent', entries: [], layer: -1 });
  expect(facts.accounts.group).toMatchObject({ state: 'too-large', entries: [], size: 1_400_000, layer: 1 });
});

test('an account file that is a symlink or a hardlink to another name is unreadable, not followed', async () => {
  const facts = await read([
    [
      directory('etc'),
      file('etc/passwd.real', 0o644, 'root:x:0:0::/root:/bin/sh\n'),
      { path: 'etc/passwd', type: 'symlink', linkname: '/etc/passwd.real' },
      { path: 'etc/group', type: 'hardlink', linkname: 'etc/passwd.real' },
    ],
  ]);
  expect(facts.accounts.passwd).toMatchObject({ state: 'unreadable', entries: [] });
  expect(facts.accounts.group).toMatchObject({ state: 'unreadable', entries: [] });
});

test('a list is cut at 500 paths in path order, whatever order the layer wrote them in; the count is exact', async () => {
  const names = Array.from({ length: 600 }, (_, index) => `data/f${String(599 - index).padStart(3, '0')}`);
  const facts = await read([[directory('data'), ...names.map((name) => file(name, 0o666))]]);
  expect(facts.worldWritableCount).toBe(600);
  expect(facts.worldWritable).toHaveLength(500);
  expect(facts.worldWritable[0]?.path).toBe('/data/f000');
  expect(facts.worldWritable[499]?.path).toBe('/data/f499');
});
