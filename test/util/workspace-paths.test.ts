import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ConfigurationError } from '../../src/util/errors.js';
import { WorkspacePaths } from '../../src/util/workspace-paths.js';
import { tempDir } from '../support/temp.js';

/** The one resolver every repository-named path goes through: symlinks resolved, roots enforced, only regular files. */

const root = await tempDir();
const workspace = path.join(root, 'ws');
const outside = path.join(root, 'outside');
const extra = path.join(root, 'extra');
await mkdir(path.join(workspace, 'sub'), { recursive: true });
await mkdir(outside);
await mkdir(extra);
await writeFile(path.join(workspace, 'sub', 'ok.yml'), 'a: 1\n');
await writeFile(path.join(outside, 'secret.txt'), 'CANARY-outside\n');
await writeFile(path.join(extra, 'shared.yml'), 'b: 2\n');
await symlink(path.join(outside, 'secret.txt'), path.join(workspace, 'link-out'));
await symlink(path.join(workspace, 'sub', 'ok.yml'), path.join(workspace, 'link-in'));
await symlink('/proc/self/environ', path.join(workspace, 'environ'));
await symlink(path.join(workspace, 'loop-b'), path.join(workspace, 'loop-a'));
await symlink(path.join(workspace, 'loop-a'), path.join(workspace, 'loop-b'));
execFileSync('mkfifo', [path.join(workspace, 'fifo')]);

const paths = WorkspacePaths.within([workspace]);
const reasonOf = async (file: string) => {
  const result = await paths.check(file);
  return result.ok ? 'ok' : `${result.problem}: ${result.reason}`;
};

test('a regular file inside the workspace, directly or through a symlink that stays inside, resolves to its real path', async () => {
  expect(await paths.check(path.join(workspace, 'sub', 'ok.yml'))).toEqual({
    ok: true,
    real: path.join(await realRoot(), 'ws', 'sub', 'ok.yml'),
  });
  expect(await paths.check(path.join(workspace, 'link-in'))).toMatchObject({ ok: true });
});

test('a symlink out of the workspace and a .. path out of it are refused, naming where they lead', async () => {
  expect(await reasonOf(path.join(workspace, 'link-out'))).toMatch(
    /^refused: it resolves to .*outside\/secret\.txt, outside the workspace/,
  );
  expect(await reasonOf(path.join(workspace, 'sub', '..', '..', 'outside', 'secret.txt'))).toMatch(
    /^refused: .*outside the workspace .*--allow-path/,
  );
});

test('/proc, /dev and /sys are refused even when a root contains them', async () => {
  const everything = WorkspacePaths.within(['/']);
  for (const file of ['/proc/self/environ', '/dev/null', '/sys/kernel/uevent_helper']) {
    const result = await everything.check(file);
    if (!result.ok && result.problem === 'missing') continue; // /sys files differ between kernels
    expect(result).toMatchObject({ ok: false, problem: 'refused' });
  }
  expect(await reasonOf(path.join(workspace, 'environ'))).toMatch(
    /^refused: it resolves to \/proc\/\d+\/environ, in \/proc/,
  );
  expect(await everything.check('/dev/null')).toMatchObject({ ok: false, reason: expect.stringMatching(/in \/dev/) });
});

test('FIFOs, sockets and devices are refused; only regular files are read', async () => {
  expect(await reasonOf(path.join(workspace, 'fifo'))).toBe(
    'refused: it is a FIFO (named pipe); only regular files are read',
  );
  const socketPath = path.join(workspace, 'sock');
  const server = net.createServer().listen(socketPath);
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    expect(await reasonOf(socketPath)).toBe('refused: it is a socket; only regular files are read');
  } finally {
    server.close();
  }
  // A device node inside the workspace (mknod needs root; as another user /dev itself is what is refused).
  const device = path.join(workspace, 'null-device');
  try {
    execFileSync('mknod', [device, 'c', '1', '3'], { stdio: 'ignore' });
    expect(await reasonOf(device)).toBe('refused: it is a device; only regular files are read');
  } catch (error) {
    if ((error as { status?: number }).status === undefined) throw error;
    expect(await WorkspacePaths.unrestricted().check('/dev/null')).toMatchObject({ ok: false, problem: 'refused' });
  }
  expect(await reasonOf(path.join(workspace, 'sub'))).toBe('directory: it is a directory; only regular files are read');
});

test('missing files and symlink loops are told apart', async () => {
  expect(await reasonOf(path.join(workspace, 'nope.yml'))).toBe('missing: no such file');
  expect(await reasonOf(path.join(workspace, 'loop-a'))).toBe('refused: too many levels of symbolic links');
});

test('a root the workflow author adds is allowed; the sync check agrees with the async one', async () => {
  const shared = path.join(extra, 'shared.yml');
  expect(await reasonOf(shared)).toMatch(/^refused: .*outside the workspace/);
  const widened = WorkspacePaths.within([workspace, extra]);
  expect(await widened.check(shared)).toMatchObject({ ok: true });
  expect(widened.checkSync(shared)).toMatchObject({ ok: true });
  expect(paths.checkSync(path.join(workspace, 'link-out'))).toMatchObject({ ok: false, problem: 'refused' });
});

test('regularFile throws a ConfigurationError at the referencing line that quotes nothing of the target', async () => {
  const error = await paths
    .regularFile(path.join(workspace, 'link-out'), {
      what: 'compose include',
      display: 'link-out',
      referencedAt: { path: 'compose.yaml', line: 3, column: 5 },
    })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toMatch(/^compose\.yaml:3:5: compose include link-out is refused: it resolves to /);
  expect((error as Error).message).not.toContain('CANARY');
});

async function realRoot(): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  return realpath(root);
}
