import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { loadPolicy } from '../../src/policy/load.js';
import { matchImagePattern } from '../../src/policy/image-match.js';

/**
 * The Dockerfile as shipped, without building it (its bases cannot be pulled here; dockerfile.test.ts builds it
 * from stand-ins): every base it names by default is pinned by digest and allowed by the image's own policy, and
 * the build context holds only what the Dockerfile copies.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const text = await readFile(path.join(repoRoot, 'Dockerfile'), 'utf8');
const dockerfile = parseDockerfile(text, { path: 'Dockerfile', buildArgs: {} });
const externalFroms = dockerfile.stages.filter((stage) => stage.from.stageRef === undefined).map((stage) => stage.from);

test('every base is a Docker Hub official image pinned by a sha256 digest, through a build argument', () => {
  expect(externalFroms.map((from) => from.rawImage)).toEqual([
    '${DOCKER_CLI_IMAGE}',
    '${NODE_IMAGE}',
    '${NODE_IMAGE}',
    '${NODE_IMAGE}',
  ]);
  for (const from of externalFroms) {
    expect(from.unresolved).toEqual([]);
    const reference = parseImageReference(from.image);
    expect(reference.registry).toBe('docker.io');
    expect(reference.tag).toMatch(/^\d+-/);
    expect(reference.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  }
  const node = parseImageReference(externalFroms[1]?.image ?? '');
  expect(`${node.repository}:${node.tag}`).toBe('library/node:24-bookworm-slim');
});

test('policies/imagegate-image.yml allows exactly those bases and requires the digests', async () => {
  const policy = await loadPolicy(path.join(repoRoot, 'policies/imagegate-image.yml'));
  const base = policy.defaults.base;
  expect(base).toMatchObject({ requireDigest: true, scope: 'all-stages' });
  for (const from of externalFroms) {
    const reference = parseImageReference(from.image);
    expect(base.allow?.filter((pattern) => matchImagePattern(pattern, reference))).toHaveLength(1);
  }
  expect(policy.defaults.user.forbidRoot).toBe(true);
  const unpinned = parseImageReference(externalFroms[0]?.image.replace(/:29-cli@.*$/, ':30-cli') ?? '');
  expect(base.allow?.some((pattern) => matchImagePattern(pattern, unpinned))).toBe(false);
});

test('the final stage runs as a non-root uid with the CLI as entrypoint', () => {
  const final = dockerfile.stages[dockerfile.stages.length - 1];
  const keywords = (keyword: string) => final?.instructions.filter((instruction) => instruction.keyword === keyword);
  expect(keywords('USER')?.map((instruction) => instruction.body)).toEqual(['1000:1000']);
  expect(keywords('ENTRYPOINT')?.map((instruction) => instruction.execForm)).toEqual([
    ['node', '/opt/imagegate/cli.mjs'],
  ]);
});

test('.dockerignore lets in only what the Dockerfile copies from the context', async () => {
  const ignore = (await readFile(path.join(repoRoot, '.dockerignore'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  expect(ignore).toEqual(['*', '!dist/cli.js', '!dist/chunks/*.js']);
  const copied = dockerfile.instructions
    .filter((instruction) => instruction.keyword === 'COPY' && instruction.flags.from === undefined)
    .map((instruction) => instruction.body.split(/\s+/)[0]);
  expect([...new Set(copied)]).toEqual(['dist/cli.js', 'dist/chunks/']);
});
