import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shipped examples follow their own advice: every `imagegate/imagegate@…` in the README, docs/ and templates/
 * is pinned to a full commit SHA with the release in a comment, never a movable tag or branch (issue 10, item 15).
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(repoRoot, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ya?ml|md)$/.test(entry.name))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)));
}

const files = ['README.md', ...(await filesUnder('docs')), ...(await filesUnder('templates'))];
const references = (
  await Promise.all(
    files.map(async (file) =>
      (await readFile(path.join(repoRoot, file), 'utf8')).split('\n').flatMap((line, index) =>
        // `uses: imagegate/imagegate@…`, also in a YAML list item or a Markdown code block.
        /\buses:\s*imagegate\/imagegate@/.test(line) ? [{ where: `${file}:${index + 1}`, line: line.trim() }] : [],
      ),
    ),
  )
).flat();

test('the examples use imagegate/imagegate, so this check has something to check', () => {
  expect(references.length).toBeGreaterThanOrEqual(4);
  expect(references.map(({ where }) => where.split(':')[0])).toEqual(
    expect.arrayContaining(['README.md', 'docs/workflows/pr-check.yml', 'docs/workflows/release-gate.yml']),
  );
});

test('every `uses: imagegate/imagegate@` is a 40-hex commit SHA with a `# v…` release comment', () => {
  const unpinned = references.filter(
    ({ line }) => !/uses:\s*imagegate\/imagegate@[0-9a-f]{40}\s+# v\d+\.(?:\d+|x)\.(?:\d+|y)\b/.test(line),
  );
  expect(unpinned.map(({ where, line }) => `${where} ${line}`)).toEqual([]);
});

test('the check can fail: a tag, a short SHA and a missing comment are caught', () => {
  const pinned = /uses:\s*imagegate\/imagegate@[0-9a-f]{40}\s+# v\d+\.(?:\d+|x)\.(?:\d+|y)\b/;
  expect(pinned.test('uses: imagegate/imagegate@v0 # pin to a release commit SHA')).toBe(false);
  expect(pinned.test('uses: imagegate/imagegate@0123456 # v0.1.0')).toBe(false);
  expect(pinned.test(`uses: imagegate/imagegate@${'a'.repeat(40)}`)).toBe(false);
  expect(pinned.test(`uses: imagegate/imagegate@${'a'.repeat(40)} # v0.1.0`)).toBe(true);
});
