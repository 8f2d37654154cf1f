import { ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { GitHubApiError, type GitHubClient } from './github-client.js';

/**
 * One comment per image on a pull request, kept current: found by the hidden marker it starts with (listing
 * every page of the PR's comments), edited in place when it exists, created otherwise. Editing instead of
 * re-posting keeps the PR's timeline readable and notifies nobody.
 */

export interface StickyCommentRequest {
  owner: string;
  repo: string;
  pullNumber: number;
  /** The first line of the body, e.g. `<!-- imagegate:imagegate/image/docker.io/acme/api -->`. */
  marker: string;
  body: string;
}

export interface StickyCommentResult {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

interface IssueComment {
  id: number;
  html_url?: string;
  body?: string | null;
}

export async function upsertStickyComment(
  client: GitHubClient,
  request: StickyCommentRequest,
  context: { logger: Logger },
): Promise<StickyCommentResult> {
  const repository = `/repos/${encodeURIComponent(request.owner)}/${encodeURIComponent(request.repo)}`;
  try {
    const comments = await client.paginate<IssueComment>(`${repository}/issues/${request.pullNumber}/comments`);
    // The oldest marked comment is the one people have seen; a marker elsewhere in a body is someone quoting it.
    const existing = comments.find((comment) => (comment.body ?? '').trimStart().startsWith(request.marker));
    if (existing) {
      const { data } = await client.request<IssueComment>('PATCH', `${repository}/issues/comments/${existing.id}`, {
        body: request.body,
      });
      commentId(data, `PATCH ${repository}/issues/comments/${existing.id}`);
      context.logger.info(`pull request comment updated: ${data?.html_url ?? existing.html_url ?? existing.id}`);
      return { id: existing.id, url: data?.html_url ?? existing.html_url ?? '', action: 'updated' };
    }
    const { data } = await client.request<IssueComment>('POST', `${repository}/issues/${request.pullNumber}/comments`, {
      body: request.body,
    });
    const id = commentId(data, `POST ${repository}/issues/${request.pullNumber}/comments`);
    context.logger.info(`pull request comment created: ${data.html_url ?? id}`);
    return { id, url: data.html_url ?? '', action: 'created' };
  } catch (error) {
    throw explainCommentError(error, request);
  }
}

/** The comment GitHub says it wrote; an answer without one is not taken as success. */
function commentId(data: IssueComment | undefined, command: string): number {
  if (data && typeof data === 'object' && typeof data.id === 'number') return data.id;
  throw new ToolError(`GitHub API ${command}: the answer names no comment`, { command });
}

function explainCommentError(error: unknown, request: StickyCommentRequest): unknown {
  if (!(error instanceof GitHubApiError)) return error;
  const where = `pull request #${request.pullNumber} of ${request.owner}/${request.repo}`;
  const said = error.apiMessage ? ` (GitHub: "${error.apiMessage}")` : '';
  if (error.status === 403 && !error.rateLimited) {
    return error.explained(
      `commenting on ${where} refused with HTTP 403${said}: give the job \`permissions: pull-requests: write\` ` +
        '(pull requests from forks and Dependabot only ever get a read-only token), or set the input comment: false',
    );
  }
  if (error.status === 404) {
    return error.explained(
      `commenting on ${where} got HTTP 404${said}: the pull request is not visible to this token; check the ` +
        'token, or set the input comment: false',
    );
  }
  return error;
}
