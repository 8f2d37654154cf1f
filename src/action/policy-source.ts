import { ConfigurationError, ToolError } from '../util/errors.js';
import { exec, tail } from '../util/exec.js';
import type { Logger } from '../util/logger.js';
import { GIT_READ_OPTIONS } from '../policy/git-policy-source.js';
import { isPullRequestEvent, readGitHubContext } from '../github/event-context.js';

/**
 * The Action's `policy-source` input → the ref whose policy decides (see src/policy/deciding-policy.ts). On
 * pull-request events the default is the base commit (`pull_request.base.sha`): the checked-out tree is the pull
 * request's, and its `.imagegate.yml` must not judge it. actions/checkout fetches one commit by default, so the
 * base commit is fetched on demand; a checkout that cannot (no credentials persisted on a private repository, a
 * network policy) is a tool error with the fix, never a silent fall back to the head's policy.
 */
export async function actionPolicyRef(
  input: string | undefined,
  workspace: string,
  env: Record<string, string | undefined>,
  logger: Logger,
): Promise<string | undefined> {
  const context = await readGitHubContext(env);
  const pullRequest = context && isPullRequestEvent(context.eventName);
  const source = input?.trim().toLowerCase() || (pullRequest ? 'base' : 'head');
  if (source !== 'base' && source !== 'head') {
    throw new ConfigurationError(`input 'policy-source' '${input}': expected base or head`);
  }
  if (source === 'head') {
    if (pullRequest) logger.info("policy-source: head — this pull request's own policy file decides its gate");
    return undefined;
  }
  if (!pullRequest) {
    throw new ConfigurationError(
      `input 'policy-source' base: the ${context?.eventName ?? 'local'} event has no pull request base; ` +
        'use it on pull_request or pull_request_target events, or set policy-source: head',
    );
  }
  const sha = context.pullRequest?.baseSha;
  if (!sha) {
    throw new ConfigurationError(
      "input 'policy-source' base: the event payload has no pull_request.base.sha (40 hex digits)",
      { path: env.GITHUB_EVENT_PATH ?? 'GITHUB_EVENT_PATH' },
    );
  }
  await ensureCommit(sha, workspace, logger);
  logger.info(`policy: read at the pull request's base commit ${sha}`);
  return sha;
}

async function ensureCommit(sha: string, workspace: string, logger: Logger): Promise<void> {
  const present = await exec('git', [...GIT_READ_OPTIONS, 'cat-file', '-e', `${sha}^{commit}`], {
    logger,
    cwd: workspace,
    okExitCodes: [0, 1, 128],
    timeoutMs: 30_000,
  });
  if (present.exitCode === 0) return;
  const args = ['fetch', '--no-tags', '--depth=1', 'origin', sha];
  logger.info(`the base commit ${sha} is not in the checkout (shallow clone): git ${args.join(' ')}`);
  const fetched = await exec('git', [...GIT_READ_OPTIONS, ...args], {
    logger,
    cwd: workspace,
    okExitCodes: [0, 1, 128],
    timeoutMs: 120_000,
  });
  if (fetched.exitCode === 0) return;
  throw new ToolError(
    `the pull request's base commit ${sha} is not in the checkout and \`git ${args.join(' ')}\` failed ` +
      `(exit ${fetched.exitCode}): its policy file decides the gate, so imagegate stops rather than use the pull ` +
      "request's own. Check out with `fetch-depth: 0` (actions/checkout), or set `policy-source: head`.",
    { command: `git ${args.join(' ')}`, exitCode: fetched.exitCode, stderrTail: tail(fetched.stderr) },
  );
}
