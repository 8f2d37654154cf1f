import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, ToolError } from '../util/errors.js';
import { exec } from '../util/exec.js';
import type { Logger } from '../util/logger.js';
import { MAX_POLICY_FILE_BYTES, type PolicyTextSource } from './load.js';

/**
 * Policy files as they are in one commit, read through git without checking anything out: the base branch's
 * policy judges a pull request even though the working tree holds the head's. Files are named by their absolute
 * path in the working tree (so `compose.files` still resolve against the checkout) and shown as `REF:path`.
 */
export interface GitPolicySource extends PolicyTextSource {
  ref: string;
  /** The commit the ref names (40 hex). */
  commit: string;
  /** Whether the commit has a file (or symlink) at this working-tree path. */
  has(file: string): Promise<boolean>;
  /** `REF:path/in/repo` for a working-tree path. */
  display(file: string): string;
  /** The repository-relative path (`/` separators), or undefined outside the repository. */
  relative(file: string): string | undefined;
}

const GIT_TIMEOUT_MS = 60_000;

/**
 * Before every git command: paths are literal (an `extends` entry such as `:(glob)**` is a path, not a pathspec),
 * and the checkout is trusted although another user owns it (GitLab's docker executor clones as root, imagegate's
 * image runs as uid 1000: git would refuse with "dubious ownership"). Only read commands run (rev-parse, ls-tree,
 * cat-file, fetch), none of which runs hooks or filters, and the repository's .git/config is the runner's, not the
 * pull request's.
 */
export const GIT_READ_OPTIONS: readonly string[] = ['-c', 'safe.directory=*', '--literal-pathspecs'];

/** Opens `ref` in the repository holding `workspace`. A ref the repository does not have is exit 2, naming it. */
export async function openGitPolicySource(
  workspace: string,
  ref: string,
  options: { logger: Logger; optionName?: string },
): Promise<GitPolicySource> {
  const option = options.optionName ?? '--policy-ref';
  // A ref is passed as an argument: one that starts with `-` would be read as an option.
  if (ref === '' || ref.startsWith('-') || /[\s\0]/.test(ref)) {
    throw new ConfigurationError(`${option} ${JSON.stringify(ref)}: expected a commit SHA, branch or tag name`);
  }
  const git = (args: string[], okExitCodes: number[] = [0]) =>
    exec('git', [...GIT_READ_OPTIONS, ...args], {
      logger: options.logger,
      cwd: workspace,
      timeoutMs: GIT_TIMEOUT_MS,
      okExitCodes,
      maxStdoutBytes: MAX_POLICY_FILE_BYTES + 4096,
    });
  const top = await git(['rev-parse', '--show-toplevel'], [0, 128]).catch((error: unknown) => {
    if (error instanceof ToolError && /was not found on PATH/.test(error.message)) {
      throw new ToolError(
        `${option} ${ref} reads the policy through git, and git was not found on PATH: install git in the job's ` +
          'image, or let the checked-out policy decide (policy-source: head, or no --policy-ref)',
        { command: error.command },
      );
    }
    throw error;
  });
  if (top.exitCode !== 0) {
    throw new ConfigurationError(`${option} ${ref}: ${workspace} is not in a git repository, so no ref can be read`);
  }
  const root = await realpath(top.stdout.trim());
  const realWorkspace = await realpath(workspace);
  const verified = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], [0, 1, 128]);
  const commit = verified.stdout.trim();
  if (verified.exitCode !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) {
    throw new ConfigurationError(
      `${option} ${ref}: the repository has no such commit (a shallow clone may lack it: fetch it, e.g. ` +
        `\`git fetch --depth=1 origin ${ref}\`, or clone with full history)`,
    );
  }

  const relative = (file: string): string | undefined => {
    const inWorkspace = path.relative(workspace, path.resolve(workspace, file));
    const rel = path.relative(root, path.resolve(realWorkspace, inWorkspace));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  };
  const display = (file: string) => `${ref}:${relative(file) ?? file}`;

  /** `<mode> <type> <object>` of the entry at `rel`, or undefined when the commit has none. */
  const entryOf = async (rel: string) => {
    const listed = await git(['ls-tree', '-z', '--full-tree', commit, '--', rel]);
    const record = listed.stdout.split('\0').find((line) => line.endsWith(`\t${rel}`));
    if (!record) return undefined;
    const [mode = '', type = '', object = ''] = record.slice(0, record.indexOf('\t')).split(' ');
    return { mode, type, object };
  };

  return {
    ref,
    commit,
    display,
    relative,
    async has(file) {
      const rel = relative(file);
      return rel !== undefined && (await entryOf(rel)) !== undefined;
    },
    async read(file) {
      const rel = relative(file);
      if (rel === undefined) return { problem: `it is outside the repository, so ${ref} cannot hold it` };
      const entry = await entryOf(rel);
      if (!entry) return { problem: `no such file at ${ref}` };
      if (entry.mode === '120000') return { problem: `it is a symbolic link at ${ref}; expected a regular file` };
      if (entry.type !== 'blob')
        return {
          problem: `it is a ${entry.type === 'tree' ? 'directory' : entry.type} at ${ref}, expected a YAML or JSON file`,
        };
      const size = Number((await git(['cat-file', '-s', entry.object])).stdout.trim());
      if (!(size <= MAX_POLICY_FILE_BYTES)) {
        return { problem: `it is ${size} bytes; a policy file may have at most ${MAX_POLICY_FILE_BYTES} (1 MiB)` };
      }
      return { text: (await git(['cat-file', 'blob', entry.object])).stdout };
    },
    resolve(from, entry) {
      if (path.isAbsolute(entry) || entry.startsWith('~')) {
        return {
          problem: `\`extends\` at ${ref} takes paths relative to the policy file; ${JSON.stringify(entry)} is not one`,
        };
      }
      const file = path.resolve(path.dirname(from), entry);
      if (relative(file) === undefined) {
        return { problem: `\`extends\` ${JSON.stringify(entry)} points outside the repository` };
      }
      return { file };
    },
  };
}
