import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeWhen } from './gate.js';

/**
 * Integration tests use the real Docker daemon. Without one they skip locally, but fail in CI (CI=true), where a
 * missing daemon means a broken set-up rather than a reason to pass (test/support/gate.ts).
 */

async function probe(): Promise<boolean> {
  const result = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 20000 });
  return result.exitCode === 0;
}

export const dockerAvailable: boolean = await probe();

/** `describe` for tests that need the daemon: skipped without one locally, a failing test in CI. */
export const describeWithDocker = describeWhen(dockerAvailable, 'no Docker daemon answers `docker info`');

/** The static busybox from Debian's busybox-static, copied into test images built FROM scratch. */
export function busyboxPath(): string {
  for (const candidate of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(candidate)) return candidate;
  throw new Error('busybox-static is not installed (apt-get install busybox-static)');
}

/** A fresh build context with the given files; `busybox` is copied in when `withBusybox` is set. */
export async function makeContext(
  files: Record<string, string | Buffer>,
  options: { withBusybox?: boolean } = {},
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-ctx-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  if (options.withBusybox) await copyFile(busyboxPath(), path.join(dir, 'busybox'));
  return dir;
}

/** Builds with the daemon directly (test set-up only; the code under test uses src/image/source/docker-build.ts). */
export async function dockerBuild(context: string, tag: string, extraArgs: string[] = []): Promise<void> {
  const result = await execa('docker', ['build', '-q', '-t', tag, ...extraArgs, context], {
    reject: false,
    env: { DOCKER_BUILDKIT: '1' },
  });
  if (result.exitCode !== 0 && /buildx component is missing/.test(result.stderr)) {
    await execa('docker', ['build', '-q', '-t', tag, ...extraArgs, context], { env: { DOCKER_BUILDKIT: '0' } });
  } else if (result.exitCode !== 0) {
    throw new Error(`docker build failed: ${result.stderr}`);
  }
}
