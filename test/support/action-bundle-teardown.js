// Jest globalTeardown (integration project): removes the run's bundle (see action-bundle-setup.js).
import { rm } from 'node:fs/promises';
import path from 'node:path';

export default async function removeActionBundle() {
  const outdir = process.env.IMAGEGATE_TEST_BUNDLE;
  if (outdir && path.basename(path.dirname(outdir)).startsWith('imagegate-test-bundle-')) {
    await rm(path.dirname(outdir), { recursive: true, force: true });
  }
  delete process.env.IMAGEGATE_TEST_BUNDLE;
}
