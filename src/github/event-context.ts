import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../util/errors.js';

/**
 * What the runner tells a step about the workflow run: the event, the repository, the commit and ref, and for
 * pull requests the PR from the event payload (GITHUB_EVENT_PATH). Read once by the Action's entry point.
 */

export interface PullRequestInfo {
  number: number;
  headSha: string;
  /** `owner/repo` of the head; undefined when the fork was deleted. */
  headRepository?: string;
  baseRepository: string;
  /** `pull_request.base.sha`: the commit whose policy judges the pull request; undefined when the payload lacks it. */
  baseSha?: string;
  /** Head and base are different repositories: on `pull_request` the token is read-only and secrets are absent. */
  fromFork: boolean;
}

export interface GitHubRunContext {
  eventName: string;
  owner: string;
  repo: string;
  /** GITHUB_SHA: for `pull_request`, the merge commit the runner checks out. */
  sha: string;
  /** GITHUB_REF: for `pull_request`, `refs/pull/N/merge`. */
  ref: string;
  apiUrl: string;
  pullRequest?: PullRequestInfo;
}

/** Events whose payload has a `pull_request` and whose GITHUB_TOKEN is read-only when the PR comes from a fork. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

/** The run's context, or undefined when the step does not run on GitHub Actions (no event or repository). */
export async function readGitHubContext(
  env: Record<string, string | undefined>,
): Promise<GitHubRunContext | undefined> {
  const eventName = env.GITHUB_EVENT_NAME?.trim();
  const repository = env.GITHUB_REPOSITORY?.trim();
  if (!eventName || !repository) return undefined;
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new ConfigurationError(`GITHUB_REPOSITORY '${repository}': expected owner/repository`);
  }
  const payload = env.GITHUB_EVENT_PATH ? await readPayload(env.GITHUB_EVENT_PATH) : {};
  const pullRequest = isPullRequestEvent(eventName) ? pullRequestOf(payload, env.GITHUB_EVENT_PATH ?? '') : undefined;
  return {
    eventName,
    owner,
    repo,
    sha: env.GITHUB_SHA?.trim() ?? '',
    ref: env.GITHUB_REF?.trim() ?? '',
    apiUrl: env.GITHUB_API_URL?.trim() || 'https://api.github.com',
    ...(pullRequest ? { pullRequest } : {}),
  };
}

export function isPullRequestEvent(eventName: string): boolean {
  return PULL_REQUEST_EVENTS.has(eventName) || eventName === 'pull_request_target';
}

/**
 * Whether the token may be read-only whatever the workflow asks for: a `pull_request` from a fork (or from
 * Dependabot, which the payload does not tell apart). `pull_request_target` runs with the base's token.
 */
export function tokenMayBeReadOnly(context: GitHubRunContext): boolean {
  return PULL_REQUEST_EVENTS.has(context.eventName);
}

/** Where code scanning files the analysis: a commit and the ref it belongs to. */
export interface AnalysisTarget {
  commitSha: string;
  ref: string;
}

/**
 * The commit and ref of the upload, as github/codeql-action's upload-sarif pairs them: the checked-out commit
 * with the workflow's ref. On `pull_request` the runner checks out the merge commit (GITHUB_SHA) of
 * `refs/pull/N/merge`, and that pair is what code scanning compares against the base branch. On
 * `pull_request_target` GITHUB_SHA/GITHUB_REF are the base branch's, so the PR's analysis goes to its head
 * commit and `refs/pull/N/head` (a workflow that gates a PR there builds the PR's head), never onto the base
 * branch. Every other event: GITHUB_SHA and GITHUB_REF.
 */
export function analysisTarget(context: GitHubRunContext): AnalysisTarget {
  const pr = context.pullRequest;
  const target =
    pr && context.eventName === 'pull_request_target'
      ? { commitSha: pr.headSha, ref: `refs/pull/${pr.number}/head` }
      : pr
        ? { commitSha: context.sha, ref: `refs/pull/${pr.number}/merge` }
        : { commitSha: context.sha, ref: context.ref };
  if (!/^[0-9a-f]{40}$/i.test(target.commitSha)) {
    throw new ConfigurationError(
      `the commit to file the analysis under is '${target.commitSha}' (GITHUB_SHA or the PR head): expected 40 hex digits`,
    );
  }
  if (!/^refs\/(heads|tags|pull)\/.+/.test(target.ref)) {
    throw new ConfigurationError(
      `the ref to file the analysis under is '${target.ref}' (GITHUB_REF): expected refs/heads/…, refs/tags/… or refs/pull/…`,
    );
  }
  return { commitSha: target.commitSha.toLowerCase(), ref: target.ref };
}

async function readPayload(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read the event payload: ${(error as Error).message}`, { path: file });
  }
  try {
    const payload = JSON.parse(text) as unknown;
    if (isObject(payload)) return payload;
  } catch {
    // Reported below.
  }
  throw new ConfigurationError('the event payload (GITHUB_EVENT_PATH) is not a JSON object', { path: file });
}

function pullRequestOf(payload: Record<string, unknown>, file: string): PullRequestInfo {
  const pr = payload.pull_request;
  const head = isObject(pr) && isObject(pr.head) ? pr.head : undefined;
  const base = isObject(pr) && isObject(pr.base) ? pr.base : undefined;
  const number = isObject(pr) && typeof pr.number === 'number' ? pr.number : payload.number;
  const baseRepository = fullName(base?.repo) ?? fullName(payload.repository);
  if (!head || typeof number !== 'number' || typeof head.sha !== 'string' || !baseRepository) {
    throw new ConfigurationError(
      'the pull request event payload has no pull_request.number, head.sha and base.repo: expected the payload ' +
        'GitHub writes for pull_request events',
      { path: file },
    );
  }
  const headRepository = fullName(head.repo);
  const baseSha =
    typeof base?.sha === 'string' && /^[0-9a-f]{40}$/i.test(base.sha) ? base.sha.toLowerCase() : undefined;
  return {
    number,
    headSha: head.sha,
    ...(baseSha ? { baseSha } : {}),
    ...(headRepository ? { headRepository } : {}),
    baseRepository,
    fromFork: headRepository === undefined || headRepository.toLowerCase() !== baseRepository.toLowerCase(),
  };
}

function fullName(repo: unknown): string | undefined {
  return isObject(repo) && typeof repo.full_name === 'string' ? repo.full_name : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
