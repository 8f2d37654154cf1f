import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 10, item 12: `ARG BASE` + `FROM ${BASE}` with no value is a configuration error at the FROM line, said
 * before docker runs (it used to reach docker and end as exit 3 with docker's message). The cases end before any
 * build, so no daemon is needed.
 */

const root = await tempDir();
let count = 0;
async function build(dockerfile: string, ...args: string[]) {
  const dir = path.join(root, `case${count++}`);
  await mkdir(path.join(dir, 'ctx'), { recursive: true });
  await writeFile(path.join(dir, 'ctx', 'Dockerfile'), dockerfile);
  return cli(['check', '--context', 'ctx', '--skip-scan', '--skip-compose', ...args], dir);
}

test('ARG BASE without a default and without --build-arg: exit 2 at the FROM line', async () => {
  const run = await build('ARG BASE\nFROM ${BASE}\nUSER 1000\n');
  expect(run.code).toBe(2);
  expect(run.stderr).toBe(
    'imagegate: ctx/Dockerfile:2:1: the image "${BASE}" uses ${BASE}, which has no value: ARG BASE on line 1 has ' +
      'no default and no --build-arg BASE=… is given; the build would get an empty image name\n',
  );
});

test('a variable never declared as a global ARG, in a stage the target is built on', async () => {
  const run = await build('FROM alpine:${TAG} AS base\nFROM base\n');
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    'ctx/Dockerfile:1:1: the image "alpine:${TAG}" uses ${TAG}, which has no value: no ARG TAG',
  );
});

test('values from --build-arg, defaults and builder platform args are not refused', async () => {
  // These get past the check and reach the build; without a daemon or base image that fails later, never with exit 2
  // for the FROM line.
  for (const [dockerfile, args] of [
    ['ARG BASE\nFROM ${BASE}\n', ['--build-arg', 'BASE=scratch']],
    ['ARG BASE=scratch\nFROM ${BASE}\n', []],
    ['FROM --platform=$BUILDPLATFORM scratch AS b\nFROM scratch\n', []],
    ['ARG UNUSED\nFROM ${UNUSED} AS never-built\nFROM scratch\n', []],
  ] as const) {
    const run = await build(dockerfile, ...args);
    expect(run.stderr).not.toContain('which has no value');
  }
});
