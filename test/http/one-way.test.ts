import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Issue 11, items 4 and 5 stay true: one reader of `Retry-After` and of `Link` (src/http/), one retry policy, one
 * stage-then-rename writer (src/util/atomic-write.ts). A new copy in another module fails here, naming it.
 */

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

async function sources(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sources(full)));
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files;
}

async function filesMatching(pattern: RegExp): Promise<string[]> {
  const found: string[] = [];
  for (const file of await sources(src)) {
    const code = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
      .join('\n');
    if (pattern.test(code)) found.push(path.relative(src, file));
  }
  return found.sort();
}

test('Retry-After is parsed in src/http/ only', async () => {
  // The header read by its name; the parser itself (http/retry-after.ts) takes the value.
  expect(await filesMatching(/['"`]retry-after['"`]/i)).toEqual(['http/retry.ts']);
});

test('Link headers are parsed in src/http/link.ts only', async () => {
  expect(await filesMatching(/rel\\s\*=|\brel="\?next/)).toEqual(['http/link.ts']);
});

test('one retry policy: no other module decides which statuses are retried', async () => {
  expect(await filesMatching(/isRetryableStatus|RETRY_STATUSES|retryStatuses|backoffMs\(/)).toEqual(['http/retry.ts']);
});

test('one atomic writer: stage-then-rename only in src/util/atomic-write.ts (the Trivy installer renames directories)', async () => {
  expect(await filesMatching(/\brename\(/)).toEqual([
    'scan/install/directory-store.ts',
    'scan/install/install-release.ts',
    'util/atomic-write.ts',
  ]);
});
