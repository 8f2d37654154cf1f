import { execa } from 'execa';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSharedDir, missingSharedMessage, sharedCandidate } from '../../scripts/shared-dir.js';
import { tempDir } from '../support/temp.js';

/** Tests and `npm run bench` find the shared folder one way: IMAGEGATE_SHARED, else `shared/` beside the clone. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const besideRepo = path.resolve(repoRoot, '..', 'shared');
const work = await tempDir('imagegate-shared-');

test('without IMAGEGATE_SHARED, the folder beside the repository, and only that', () => {
  expect(sharedCandidate({})).toBe(besideRepo);
  expect(sharedCandidate({ IMAGEGATE_SHARED: '' })).toBe(besideRepo);
  expect(missingSharedMessage(['corpus', 'trivy'], {})).toBe(
    `needs the shared folder's corpus/trivy: ${path.join(besideRepo, 'corpus', 'trivy')} is not there; ` +
      'put the shared folder beside the repository or set IMAGEGATE_SHARED to it',
  );
});

test('IMAGEGATE_SHARED alone decides when it is set', async () => {
  const shared = path.join(work, 'shared');
  await mkdir(path.join(shared, 'corpus', 'trivy'), { recursive: true });
  const env = { IMAGEGATE_SHARED: shared };
  expect(findSharedDir(['corpus', 'trivy'], env)).toBe(shared);
  // Set but without schemas: not found, even when a folder beside the repository has them.
  expect(findSharedDir(['schemas'], env)).toBeUndefined();
  expect(missingSharedMessage(['schemas'], env)).toBe(
    `needs the shared folder's schemas: IMAGEGATE_SHARED is set, but ${path.join(shared, 'schemas')} is not there`,
  );
});

test('npm run bench stops at once, naming the variable, when IMAGEGATE_SHARED holds no corpus', async () => {
  const empty = path.join(work, 'empty');
  await mkdir(empty, { recursive: true });
  const run = await execa(
    process.execPath,
    [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/run.ts'],
    {
      cwd: repoRoot,
      env: { IMAGEGATE_SHARED: empty },
      reject: false,
      timeout: 60_000,
    },
  );
  expect(run.exitCode).toBe(2);
  expect(run.stderr.trim()).toBe(
    `bench: trivy-100k needs the shared folder's corpus/trivy: IMAGEGATE_SHARED is set, but ` +
      `${path.join(empty, 'corpus', 'trivy')} is not there`,
  );
  expect(run.stdout).not.toContain('bench:');
});
