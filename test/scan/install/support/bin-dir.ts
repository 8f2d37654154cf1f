import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from './release-fixture.js';

/** A directory holding a stand-in `trivy` (a shell script) to put on a test's search path. */
export async function binDirWithTrivy(parent: string, script: string, mode = 0o755): Promise<string> {
  const dir = await mkdtemp(path.join(parent, 'bin-'));
  await writeFile(path.join(dir, 'trivy'), script, { mode });
  return dir;
}

/** A stand-in trivy whose `--version` prints `output` and exits with `code`. */
export function versionScript(output: string, code = 0): string {
  return `#!/bin/sh\ncat <<'OUT'\n${output}\nOUT\nexit ${code}\n`;
}

/** Puts an install of `version` into a directory cache the way locateTrivy lays it out. */
export async function seedDirectoryCache(root: string, version: string, script: string): Promise<string> {
  const dir = path.join(root, version, 'linux-x64');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'trivy'), script, { mode: 0o755 });
  await writeFile(path.join(dir, 'trivy.sha256'), `${sha256(script)}  trivy\n`);
  return path.join(dir, 'trivy');
}
