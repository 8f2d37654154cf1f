import { chmod, cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImageArchive } from '../../../tools/archive/archive-writer.js';
import { sampleSpec } from '../../image/support/archives.js';
import type { TestRegistry } from '../../support/registry.js';
import { pushLayout } from '../../support/registry-push.js';

/**
 * What the scheduled re-scan tests run CI files against: images in a real registry (two repositories, one digest
 * shared by both, a dev tag the rules leave out), and an `imagegate` on PATH that is this checkout's CLI (run from
 * source), so the workflow's and the templates' shell lines run as written. `imagegate trivy install` alone answers
 * with the Trivy stand-in's path: the installer needs github.com and has tests of its own.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The policy the jobs gate with (alpine 3.9's criticals fail it) and the re-scan selection the templates read. */
export const POLICY = [
  'version: 1',
  'defaults:',
  '  vulnerabilities: {failOn: high}',
  'rescan:',
  '  repositories: [acme/api, acme/worker]',
  "  tags: ['latest:2/minor', 'semver:>=2.0.0', stable]",
  '',
].join('\n');

export interface RescanImages {
  /** Digest of each image: A is acme/api:1.0.0 and acme/worker:2.0.0, B acme/api:1.1.0, C acme/api:dev-x. */
  digests: Record<'A' | 'B' | 'C', string>;
  /** Pushes a new image under acme/api:`tag` (a release rebuilt); returns its digest. */
  retag(tag: string): Promise<string>;
}

export async function pushRescanImages(registry: TestRegistry, dir: string): Promise<RescanImages> {
  let count = 0;
  const layout = async (name: string): Promise<string> => {
    count += 1;
    const target = path.join(dir, `layout-${count}`);
    const spec = sampleSpec();
    // A label apart: a config, and so a manifest digest, of its own (the layers are shared).
    const config = { ...spec.config, Labels: { 'org.example.image': name } };
    await writeImageArchive(target, { ...spec, config }, { format: 'oci-dir', compression: 'gzip' });
    return target;
  };
  const [a, b, c] = [await layout('A'), await layout('B'), await layout('C')];
  const digests = {
    A: (await pushLayout(a, registry, 'acme/api', ['1.0.0', '1.0'])).digest,
    B: (await pushLayout(b, registry, 'acme/api', ['1.1.0', '1.1', 'latest'])).digest,
    C: (await pushLayout(c, registry, 'acme/api', ['dev-x'])).digest,
  };
  await pushLayout(a, registry, 'acme/worker', ['2.0.0']);
  return {
    digests,
    retag: async (tag) => (await pushLayout(await layout(`rebuild ${tag}`), registry, 'acme/api', [tag])).digest,
  };
}

/** A dir with `imagegate` (this checkout's CLI) to put first on PATH. */
export async function imagegateOnPath(parent: string, trivyStandin: string): Promise<string> {
  const bin = await mkdtemp(path.join(parent, 'bin-'));
  const loader = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  const script = [
    '#!/bin/sh',
    `if [ "$1" = trivy ] && [ "$2" = install ]; then echo '${trivyStandin}'; exit 0; fi`,
    `exec node --import '${loader}' '${path.join(REPO_ROOT, 'src', 'cli.ts')}' "$@"`,
    '',
  ].join('\n');
  await writeFile(path.join(bin, 'imagegate'), script);
  await chmod(path.join(bin, 'imagegate'), 0o755);
  return bin;
}

/** A fresh checkout of the user's repository: just the policy. */
export async function checkout(workspace: string): Promise<void> {
  await mkdir(workspace, { recursive: true });
  await writeFile(path.join(workspace, '.imagegate.yml'), POLICY);
}

/** Copies `from` into `to` (merging directories), as artifact downloads and cache restores do. */
export async function copyInto(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await cp(from, to, { recursive: true, force: true });
}

/** Every file below `dir`, relative to it (sorted). */
export async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}
