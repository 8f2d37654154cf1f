import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { readDockerArchive } from '../../src/image/source/docker-archive.js';
import { TarParser } from '../../src/tar/tar-reader.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { readTarItems, sampleSpec, writeTarItems, type TarItem } from '../image/support/archives.js';
import { paxBody, rawTar } from '../image/support/raw-tar.js';
import { tempDir } from '../support/temp.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedBytes, mutatedText } from './support/harness.js';

/**
 * Tar headers through the tar parser (raw bytes, mutated), and whole image archives (docker save, legacy and
 * Docker 25's OCI form, and OCI image tars) through the archive reader with their JSON documents mutated:
 * manifest.json, index.json, image configs and manifests.
 */

const dir = await tempDir('imagegate-fuzz-archives-');
const LONG = `${'deep/'.repeat(30)}name.txt`;
const TAR_SEEDS = [
  rawTar([
    { name: 'a.txt', body: 'hello' },
    { name: 'dir/', type: '5' },
    { name: 'link', type: '2', linkname: 'a.txt' },
  ]),
  rawTar([
    { name: 'PaxHeader', type: 'x', body: paxBody({ path: LONG, size: '3' }) },
    { name: 'x', body: 'abc' },
  ]),
  rawTar(
    [
      { name: '././@LongLink', type: 'L', body: `${LONG}\0` },
      { name: 'short', body: 'x' },
    ],
    { end: false },
  ),
  rawTar([{ name: 'big', body: 'y'.repeat(1000), base256: true, magic: 'gnu' }]),
];

test(
  'TarParser: entries or a ConfigurationError naming the archive and the byte',
  async () => {
    await fuzz(
      'tar-headers',
      fc.tuple(mutatedBytes(TAR_SEEDS), fc.integer({ min: 1, max: 700 })),
      ([bytes, chunk]) => {
        const parser = new TarParser({ path: 'fuzz.tar', what: 'layer' }, () => ({ data: () => {}, end: () => {} }), {
          maxMetaBytes: 64 * 1024,
        });
        for (let i = 0; i < bytes.length; i += chunk) parser.write(bytes.subarray(i, i + chunk));
        parser.end();
      },
      500,
    );
  },
  FUZZ_TIMEOUT_MS,
);

interface ArchiveSeed {
  items: TarItem[];
  /** Indexes of the entries that are JSON documents (the ones mutated). */
  json: number[];
}

async function archiveSeed(format: 'docker-legacy' | 'docker-oci' | 'oci-tar'): Promise<ArchiveSeed> {
  const file = path.join(dir, `seed-${format}.tar`);
  await writeImageArchive(file, sampleSpec(), { format });
  const items = await readTarItems(file);
  const json = items.flatMap((entry, index) => {
    const head = entry.body?.subarray(0, 1).toString() ?? '';
    return entry.type === 'file' && head === '{' ? [index] : entry.name.endsWith('.json') ? [index] : [];
  });
  return { items, json };
}

const JSON_TOKENS = [
  '"manifests":',
  '"layers":',
  '"Layers":',
  '"RepoTags":',
  '"diff_ids":',
  '"rootfs":',
  '"../',
  '"/etc/passwd"',
  '-1',
  '1e400',
];

let count = 0;
test(
  'readDockerArchive: facts or a ConfigurationError naming the archive and the entry',
  async () => {
    const seeds = await Promise.all((['docker-legacy', 'docker-oci', 'oci-tar'] as const).map(archiveSeed));
    const documents = seeds.flatMap((seed) =>
      seed.json.map((index) => seed.items[index]?.body?.toString('utf8') ?? '{}'),
    );
    await fuzz(
      'image-archive',
      fc.tuple(fc.nat(seeds.length - 1), fc.nat(), mutatedText(documents, JSON_TOKENS)),
      async ([which, pick, text]) => {
        const seed = seeds[which] as ArchiveSeed;
        const target = seed.json[pick % seed.json.length] as number;
        const items = seed.items.map((entry, index) =>
          index === target ? { ...entry, body: Buffer.from(text) } : entry,
        );
        const file = path.join(dir, `case-${(count += 1) % 4}.tar`);
        await writeTarItems(file, items);
        return readDockerArchive(file, { logger: new MemoryLogger(), contents: true });
      },
      120,
    );
  },
  FUZZ_TIMEOUT_MS,
);

test(
  'readDockerArchive on a whole archive with bytes changed: facts or a ConfigurationError',
  async () => {
    const seed = path.join(dir, 'bytes-seed.tar');
    await writeImageArchive(seed, sampleSpec(), { format: 'docker-legacy' });
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(seed);
    await fuzz(
      'image-archive-bytes',
      mutatedBytes([bytes]),
      async (mutated) => {
        const file = path.join(dir, `bytes-${(count += 1) % 4}.tar`);
        await writeFile(file, mutated);
        return readDockerArchive(file, { logger: new MemoryLogger(), contents: true });
      },
      120,
    );
  },
  FUZZ_TIMEOUT_MS,
);
