import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_DOCKERFILE_BYTES, readDockerfile } from '../../src/dockerfile/parse.js';
import { ConfigurationError } from '../../src/util/errors.js';

describe('readDockerfile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'imagegate-df-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function readError(file: string): Promise<ConfigurationError> {
    const error: unknown = await readDockerfile(file, { displayPath: 'docker/Dockerfile' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }

  test('reads and parses with the display path and build args', async () => {
    const file = path.join(dir, 'Dockerfile');
    await writeFile(file, 'ARG TAG=1\nFROM app:$TAG\n');
    const df = await readDockerfile(file, { displayPath: 'docker/Dockerfile', buildArgs: { TAG: '2' } });
    expect(df.path).toBe('docker/Dockerfile');
    expect(df.stages[0]?.from.image).toBe('app:2');
  });

  test('a missing file is a configuration error naming it', async () => {
    const error = await readError(path.join(dir, 'missing'));
    expect(error.message).toBe('docker/Dockerfile: cannot read the Dockerfile: no such file');
    expect(error.exitCode).toBe(2);
  });

  test('a directory is not a Dockerfile', async () => {
    await mkdir(path.join(dir, 'sub'));
    expect((await readError(path.join(dir, 'sub'))).message).toBe(
      'docker/Dockerfile: cannot read the Dockerfile: not a regular file',
    );
  });

  // Permission errors cannot be provoked as root (CI runs as root); a path through a regular file is the
  // error every user meets.
  test('a path that runs through a regular file', async () => {
    const file = path.join(dir, 'plain');
    await writeFile(file, 'FROM scratch\n');
    expect((await readError(path.join(file, 'Dockerfile'))).message).toBe(
      'docker/Dockerfile: cannot read the Dockerfile: no such file',
    );
  });

  test('a file over the size cap is rejected before it is read', async () => {
    const file = path.join(dir, 'huge');
    await writeFile(file, `FROM scratch\n${'#'.repeat(MAX_DOCKERFILE_BYTES)}\n`);
    expect((await readError(file)).message).toMatch(
      /^docker\/Dockerfile: the Dockerfile is \d+ bytes; expected at most 4194304 bytes \(4 MiB\)$/,
    );
  });

  test('a binary file is not a Dockerfile', async () => {
    const file = path.join(dir, 'binary');
    await writeFile(file, Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01]));
    expect((await readError(file)).message).toBe(
      'docker/Dockerfile: the Dockerfile is not a text file (it contains NUL bytes)',
    );
  });

  test('parse errors carry the display path', async () => {
    const file = path.join(dir, 'bad');
    await writeFile(file, 'FROM scratch\nRUNN x\n');
    expect((await readError(file)).message).toMatch(/^docker\/Dockerfile:2:1: unknown instruction "RUNN"/);
  });
});
