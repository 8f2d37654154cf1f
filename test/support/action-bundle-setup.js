// Jest globalSetup (integration project): bundles the Action and the CLI from the current source once per run, so
// every suite runs the same fresh bundle (never a stale dist/) without paying for esbuild each time. The bundle's
// directory reaches the test workers through IMAGEGATE_TEST_BUNDLE (workers start after globalSetup and inherit
// the environment); test/support/action-bundle.ts reads it. Only this project bundles, so no lock is needed.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function bundleActionOnce() {
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-test-bundle-'));
  const outdir = path.join(dir, 'dist');
  await promisify(execFile)(process.execPath, ['scripts/bundle.mjs', '--outdir', outdir], { cwd: repoRoot });
  process.env.IMAGEGATE_TEST_BUNDLE = outdir;
}
