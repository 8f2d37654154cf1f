import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, open, rm, symlink, link, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError } from '../../src/util/errors.js';
import { walkTarFile } from '../../src/tar/tar-file.js';
import { TarParser, type TarEntry } from '../../src/tar/tar-reader.js';
import { paxBody, rawTar } from '../image/support/raw-tar.js';

const LONG = `${'deep/'.repeat(30)}a-file-with-a-long-name.txt`;

function parse(bytes: Buffer, chunk = bytes.length): { entries: TarEntry[]; bodies: Map<string, string> } {
  const entries: TarEntry[] = [];
  const bodies = new Map<string, string>();
  const parser = new TarParser({ path: 'test.tar' }, (entry) => {
    entries.push(entry);
    const parts: Buffer[] = [];
    return {
      data: (c) => parts.push(Buffer.from(c)),
      end: () => bodies.set(entry.name, Buffer.concat(parts).toString()),
    };
  });
  for (let i = 0; i < bytes.length; i += chunk) parser.write(bytes.subarray(i, i + chunk));
  parser.end();
  return { entries, bodies };
}

function parseError(bytes: Buffer): ConfigurationError {
  try {
    parse(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'imagegate-tar-'));
  const tree = path.join(work, 'tree');
  await mkdir(path.join(tree, path.dirname(LONG)), { recursive: true });
  await writeFile(path.join(tree, LONG), 'long');
  await writeFile(path.join(tree, 'five'), '12345');
  await symlink(`../${'target/'.repeat(25)}x`, path.join(tree, 'long-link'));
  await link(path.join(tree, 'five'), path.join(tree, 'hard'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe.each(['gnu', 'pax', 'ustar'])('archives written by GNU tar --format=%s', (format) => {
  let bytes: Buffer;
  beforeAll(() => {
    const files = format === 'ustar' ? ['five', 'hard'] : ['five', 'hard', 'long-link', 'deep'];
    bytes = execFileSync('tar', [`--format=${format}`, '-C', path.join(work, 'tree'), '-cf', '-', ...files]);
  });

  test('every entry with its type, size and body', () => {
    const { entries, bodies } = parse(bytes);
    const five = entries.find((e) => e.name === 'five');
    expect(five).toMatchObject({ type: 'file', size: 5 });
    expect(bodies.get('five')).toBe('12345');
    expect(entries.find((e) => e.name === 'hard')).toMatchObject({ type: 'hardlink', size: 0, linkname: 'five' });
    if (format !== 'ustar') {
      expect(entries.find((e) => e.name === LONG)).toMatchObject({ type: 'file', size: 4 });
      expect(bodies.get(LONG)).toBe('long');
      expect(entries.find((e) => e.name === 'long-link')).toMatchObject({
        type: 'symlink',
        linkname: `../${'target/'.repeat(25)}x`,
      });
      expect(entries.filter((e) => e.type === 'directory').length).toBe(30);
    }
  });

  test('the same entries and offsets whatever the chunk size', () => {
    const whole = parse(bytes).entries;
    for (const chunk of [1, 7, 511, 513, 4096]) expect(parse(bytes, chunk).entries).toEqual(whole);
  });
});

describe('hand-made headers', () => {
  test('GNU L and K set the next entry name and link; a pax x header overrides path and size', () => {
    const bytes = rawTar([
      { name: '././@LongLink', type: 'L', body: `${LONG}\0`, magic: 'gnu' },
      { name: '././@LongLink', type: 'K', body: 'far/away/target\0', magic: 'gnu' },
      { name: 'short', type: '2', magic: 'gnu' },
      { name: 'PaxHeader', type: 'x', body: paxBody({ path: 'from-pax.txt', size: '3' }) },
      { name: 'ignored', size: 999, body: 'abc' },
      { name: 'after', body: 'ok' },
    ]);
    const { entries, bodies } = parse(bytes);
    expect(entries.map((e) => [e.name, e.type, e.size, e.linkname])).toEqual([
      [LONG, 'symlink', 0, 'far/away/target'],
      ['from-pax.txt', 'file', 3, ''],
      ['after', 'file', 2, ''],
    ]);
    expect(bodies.get('from-pax.txt')).toBe('abc');
    expect(entries[1]?.headerOffset).toBe(512 * 5);
    expect(entries[1]?.dataOffset).toBe(512 * 8);
  });

  test('a global pax header is validated but not applied (as in Go, which Docker uses)', () => {
    const bytes = rawTar([
      { name: 'pax_global_header', type: 'g', body: paxBody({ path: 'global-name' }) },
      { name: 'real', body: 'x' },
    ]);
    expect(parse(bytes).entries.map((e) => e.name)).toEqual(['real']);
  });

  test('ustar prefix, base-256 size and header-only types with a size field', () => {
    const bytes = rawTar([
      { name: 'name.txt', prefix: 'the/prefix', body: 'p' },
      { name: 'b256', base256: true, body: 'x'.repeat(600) },
      { name: 'dir/', type: '5', size: 4096 },
      { name: 'last', body: 'z' },
    ]);
    const { entries } = parse(bytes);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ['the/prefix/name.txt', 1],
      ['b256', 600],
      ['dir/', 0],
      ['last', 1],
    ]);
  });

  test('an archive may end at a header boundary or after one zero block', () => {
    const bare = rawTar([{ name: 'a', body: 'a' }], { end: false });
    expect(parse(bare).entries).toHaveLength(1);
    expect(parse(Buffer.concat([bare, Buffer.alloc(512)])).entries).toHaveLength(1);
  });
});

describe('damaged archives are ConfigurationErrors that say where', () => {
  const good = rawTar([
    { name: 'first', body: 'a'.repeat(1000) },
    { name: 'second', body: 'b' },
  ]);

  test('bad checksum names the byte and the entry', () => {
    const bad = Buffer.from(good);
    bad[1536 + 3] = 0x41;
    expect(parseError(bad).message).toMatch(/test\.tar: bad header checksum at byte 1536 \(entry #2\)/);
  });

  test('truncated in a header', () => {
    expect(parseError(good.subarray(0, 1536 + 100)).message).toMatch(
      /truncated in the header of entry #2 at byte 1536: 100 of 512 header bytes present/,
    );
  });

  test('truncated in a body', () => {
    expect(parseError(good.subarray(0, 700)).message).toMatch(
      /truncated in the body of "first" \(entry #1\): 812 of 1000 bytes missing, the archive ends at byte 700/,
    );
  });

  test('not a tar, and gzip data said to be gzip', () => {
    expect(parseError(Buffer.from('hello world\n'.repeat(100))).message).toMatch(/test\.tar: not a tar archive$/);
    const gzip = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(600, 1)]);
    expect(parseError(gzip).message).toMatch(/not a tar archive: the data is gzip-compressed/);
  });

  test('data after an end-of-archive block', () => {
    const bytes = Buffer.concat([rawTar([{ name: 'a' }], { end: false }), Buffer.alloc(512), rawTar([{ name: 'b' }])]);
    expect(parseError(bytes).message).toMatch(/data after an end-of-archive block: a header at byte 1024/);
  });

  test('malformed and oversized pax headers', () => {
    const malformed = rawTar([{ name: 'p', type: 'x', body: '99 path=x\n' }, { name: 'a' }]);
    expect(parseError(malformed).message).toMatch(/malformed pax header at byte 0/);
    const huge = rawTar([{ name: 'p', type: 'x', size: 5 * 1024 * 1024 }]);
    expect(parseError(huge).message).toMatch(/a x metadata header at byte 0 claims 5242880 bytes/);
  });
});

test('walking a tar file skips bodies by offset instead of reading them', async () => {
  const file = path.join(work, 'sparse.tar');
  const bodySize = 512 * 1024 * 1024;
  const handle = await open(file, 'w');
  await handle.write(rawTar([{ name: 'big', size: bodySize }], { end: false }), 0, 512, 0);
  const tail = rawTar([{ name: 'after', body: 'tail' }]);
  await handle.write(tail, 0, tail.length, 512 + bodySize);
  await handle.close();

  const reader = await open(file, 'r');
  let bytesRead = 0;
  const counting = new Proxy(reader, {
    get(target, property) {
      if (property === 'read') {
        return async (...args: Parameters<typeof reader.read>) => {
          const result = await (target.read as (...a: unknown[]) => Promise<{ bytesRead: number }>)(...args);
          bytesRead += result.bytesRead;
          return result;
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const names: string[] = [];
  try {
    const size = 512 + bodySize + tail.length;
    await walkTarFile(counting, { offset: 0, length: size }, { path: file }, (entry) => {
      names.push(`${entry.name}@${entry.dataOffset}`);
      return undefined;
    });
  } finally {
    await reader.close();
  }
  expect(names).toEqual(['big@512', `after@${512 + bodySize + 512}`]);
  expect(bytesRead).toBeLessThan(4 * 1024 * 1024);
});
