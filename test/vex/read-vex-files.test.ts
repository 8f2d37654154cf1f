import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../src/util/errors.js';
import { WorkspacePaths } from '../../src/util/workspace-paths.js';
import { readVexFiles } from '../../src/vex/read-vex-files.js';
import { tempDir } from '../support/temp.js';

/** VEX files are repository input: confined, size-capped, never a FIFO; `--vex` files are the author's. */

const root = await tempDir('imagegate-vex-files-');
const workspace = path.join(root, 'ws');
const outside = path.join(root, 'outside');
await mkdir(workspace);
await mkdir(outside);
const paths = WorkspacePaths.within([workspace]);
const displayPath = (file: string) => path.relative(workspace, file).split(path.sep).join('/');
const source = { kind: 'source' as const, path: '.imagegate.yml', line: 5, column: 11 };
const good = JSON.stringify({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://example.com/v',
  author: 'a',
  statements: [{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:apk/alpine/x' }], status: 'fixed' }],
});

async function failure(request: Parameters<typeof readVexFiles>[0]): Promise<ConfigurationError> {
  const error = await readVexFiles(request).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

test('a policy VEX file larger than 4 MiB is refused before it is parsed', async () => {
  const file = path.join(workspace, 'big.json');
  await writeFile(file, `${good.slice(0, -1)}, "pad": "${'x'.repeat(4 * 1024 * 1024)}"}`);
  const error = await failure({
    policyFiles: [{ file, written: 'big.json', source }],
    cliFiles: [],
    paths,
    displayPath,
  });
  expect(error.message).toMatch(/^big\.json: the VEX document is \d+ bytes, more than 4194304 \(4 MiB\)/);
});

test('a FIFO is refused (it would never end), at the policy line that names it', async () => {
  const file = path.join(workspace, 'fifo.json');
  execFileSync('mkfifo', [file]);
  const error = await failure({
    policyFiles: [{ file, written: 'fifo.json', source }],
    cliFiles: [],
    paths,
    displayPath,
  });
  expect(error.message).toBe(
    '.imagegate.yml:5:11: the VEX document fifo.json is refused: it is a FIFO (named pipe); only regular files are read',
  );
});

test('a policy VEX file outside the workspace is refused; the same file given with --vex is read', async () => {
  const file = path.join(outside, 'vex.json');
  await writeFile(file, good);
  const error = await failure({
    policyFiles: [{ file, written: '../outside/vex.json', source }],
    cliFiles: [],
    paths,
    displayPath,
  });
  expect(error.message).toMatch(
    /^\.imagegate\.yml:5:11: the VEX document \.\.\/outside\/vex\.json is refused: .*outside the workspace/,
  );
  const documents = await readVexFiles({ policyFiles: [], cliFiles: [file], paths, displayPath });
  expect(documents.map((document) => document.statements.length)).toEqual([1]);
});

test('more than 100 VEX files in one run is a mistake', async () => {
  const cliFiles = Array.from({ length: 101 }, (_, index) => path.join(workspace, `${index}.json`));
  expect((await failure({ policyFiles: [], cliFiles, paths, displayPath })).message).toBe(
    '101 VEX documents named; at most 100 are read in one run',
  );
});
