import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';

/**
 * The Action and CLI bundled from the current source once per Jest run (test/support/action-bundle-setup.js, the
 * integration project's globalSetup): a directory with `action.js` and `cli.js`, shared by every suite.
 */
export function actionBundle(): string {
  const dir = process.env.IMAGEGATE_TEST_BUNDLE;
  if (!dir || !existsSync(path.join(dir, 'action.js'))) {
    throw new Error(
      'IMAGEGATE_TEST_BUNDLE names no bundle: tests that run the bundled Action belong to the integration project ' +
        '(test/integration-files.json), whose globalSetup builds it',
    );
  }
  return dir;
}

/** A copy of the shared bundle at `dest` (e.g. a Docker build context's dist/), for tests that need it in place. */
export async function copyActionBundle(dest: string): Promise<void> {
  await cp(actionBundle(), dest, { recursive: true });
}
