import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A temporary directory of policy files; `display` names them relative to it, as messages should. */
export interface PolicyDir {
  root: string;
  write(files: Record<string, string>): Promise<void>;
  file(name: string): string;
  display: (absolute: string) => string;
  remove(): Promise<void>;
}

export async function makePolicyDir(): Promise<PolicyDir> {
  const root = await mkdtemp(path.join(tmpdir(), 'imagegate-policy-'));
  return {
    root,
    async write(files) {
      for (const [name, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(root, name)), { recursive: true });
        await writeFile(path.join(root, name), text);
      }
    },
    file: (name) => path.join(root, name),
    display: (absolute) => path.relative(root, absolute).split(path.sep).join('/'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
