import { lstatSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from './errors.js';
import { isInside } from './workspace-paths.js';

/**
 * The reports directory must be a real directory of the workspace. The repository is untrusted: a committed
 * symlink named `imagegate-out` (or a parent of a given `--out-dir`) would make imagegate write its reports, and
 * replace files, wherever the link points; a directory inside `.git/` would let reports overwrite hooks or config
 * that later git commands run. Both are refused before anything is built or written. Parents above the workspace
 * are the runner's business (e.g. /tmp being a link on macOS) and are not looked at.
 */
export function checkOutDir(outDir: string, workspace: string, name: string): void {
  const absolute = path.resolve(workspace, outDir);
  const refuse = (reason: string): never => {
    throw new ConfigurationError(`${name} ${absolute} is refused: ${reason}`);
  };
  if (absolute.split(path.sep).includes('.git')) {
    refuse('it is inside a .git directory, where reports could overwrite what git runs; choose another directory');
  }
  const root = path.resolve(workspace);
  if (!isInside(root, absolute) || absolute === root) return;
  let current = root;
  for (const segment of path.relative(root, absolute).split(path.sep)) {
    current = path.join(current, segment);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return; // The rest does not exist yet: it is created as plain directories.
    }
    if (isLink) {
      const shown = path.relative(root, current).split(path.sep).join('/');
      refuse(
        `${shown} is a symbolic link in the workspace; reports are never written through a link the repository ` +
          'controls (remove it, or choose another directory)',
      );
    }
  }
}
