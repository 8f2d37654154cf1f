import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import type { TestRegistry } from '../support/registry.js';
import { pushLayout, putManifest, sha256, type Pushed } from '../support/registry-push.js';
import { sampleSpec } from '../image/support/archives.js';

/**
 * A registry laid out like a real one for re-scan tests: REPOSITORIES repositories, each with the same two released
 * images (A, B) and seven images of its own (manifests that differ by an annotation: new digests over the same
 * blobs, as a rebuild of the same layers would give), under 26 tags each (versions, `v`-prefixed versions, floating
 * `1`/`1.0`/`latest`/`stable`, prereleases, dev and PR tags). Tags are manifest PUTs of the same bytes.
 */

export const REPOSITORIES = 12;
export const repositoryName = (index: number) => `imagegate-test/svc-${String(index).padStart(2, '0')}`;

/** Tags per image: `A`/`B` are shared by every repository, numbers are the repository's own variants. */
export const TAGS: Record<string, string[]> = {
  A: ['1.0.0', 'v1.0.0', '1.0', '1'],
  B: ['1.1.0', '1.1', 'dev-a', 'dev-b', 'dev-c', 'dev-d', 'dev-e', 'dev-f'],
  '1': ['1.1.1'],
  '2': ['2.0.0', '2.0', '2', 'latest', 'stable'],
  '3': ['2.0.1'],
  '4': ['2.1.0', '2.1'],
  '5': ['2.1.0-rc.1'],
  '6': ['3.0.0-beta.1'],
  '7': ['pr-1', 'pr-2', 'pr-3'],
};
export const TAGS_PER_REPOSITORY = Object.values(TAGS).flat().length;
export const VARIANTS_PER_REPOSITORY = Object.keys(TAGS).length - 2;

export interface Fixture {
  /** Digests of the shared images. */
  shared: { A: string; B: string };
  /** Digest of variant `k` of repository `i`: variants[i][k]. */
  variants: Array<Record<string, string>>;
  /** Pushes one more manifest (a new digest) under `tag` of `repository`; returns its digest. */
  retag(repository: string, tag: string, note: string): Promise<string>;
  /** `count` distinct manifests in `repository`, tagged `m-0`… */
  many(repository: string, count: number): Promise<string[]>;
}

export async function setUpRegistry(registry: TestRegistry, dir: string): Promise<Fixture> {
  const layouts = await Promise.all(
    ['2024-05-01T10:00:00Z', '2024-06-01T10:00:00Z'].map(async (created, index) => {
      const layout = path.join(dir, `layout-${index}`);
      await writeImageArchive(layout, sampleSpec({ created }), { format: 'oci-dir', compression: 'gzip' });
      return layout;
    }),
  );
  const base = new Map<string, { bytes: Buffer; pushed: Pushed }>();
  const manifestOf = async (repository: string, pushed: Pushed): Promise<Buffer> => {
    const response = await fetch(`${registry.url}/v2/${repository}/manifests/${pushed.digest}`, {
      headers: { authorization: await registry.pushAuthorization(repository), accept: pushed.mediaType },
    });
    return Buffer.from(await response.arrayBuffer());
  };
  const variant = async (repository: string, tags: string[], note: string): Promise<string> => {
    const original = base.get(repository);
    if (!original) throw new Error(`${repository}: not set up`);
    const manifest = JSON.parse(original.bytes.toString('utf8')) as Record<string, unknown>;
    manifest.annotations = { 'org.imagegate.test.variant': note };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const authorization = await registry.pushAuthorization(repository);
    for (const tag of tags.length > 0 ? tags : [sha256(bytes)]) {
      await putManifest(registry.url, repository, tag, bytes, original.pushed.mediaType, authorization);
    }
    return sha256(bytes);
  };
  const shared = { A: '', B: '' };
  const variants: Array<Record<string, string>> = [];
  await Promise.all(
    Array.from({ length: REPOSITORIES }, async (_, index) => {
      const repository = repositoryName(index);
      const [layoutA, layoutB] = layouts as [string, string];
      const a = await pushLayout(layoutA, registry, repository, TAGS.A ?? []);
      const b = await pushLayout(layoutB, registry, repository, TAGS.B ?? []);
      shared.A = a.digest;
      shared.B = b.digest;
      base.set(repository, { bytes: await manifestOf(repository, a), pushed: a });
      const own: Record<string, string> = {};
      for (const [key, tags] of Object.entries(TAGS)) {
        if (key === 'A' || key === 'B') continue;
        own[key] = await variant(repository, tags, `${repository}#${key}`);
      }
      variants[index] = own;
    }),
  );
  return {
    shared,
    variants,
    retag: (repository, tag, note) => variant(repository, [tag], note),
    async many(repository, count) {
      const [layout] = layouts as [string];
      base.set(repository, { bytes: Buffer.alloc(0), pushed: await pushLayout(layout, registry, repository, []) });
      const entry = base.get(repository);
      if (entry) entry.bytes = await manifestOf(repository, entry.pushed);
      const digests: string[] = [];
      for (let start = 0; start < count; start += 16) {
        const batch = Array.from({ length: Math.min(16, count - start) }, (_, offset) => start + offset);
        digests.push(...(await Promise.all(batch.map((i) => variant(repository, [`m-${i}`], `many#${i}`)))));
      }
      return digests;
    },
  };
}
