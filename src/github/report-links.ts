import type { SourceLocation } from '../model/findings.js';
import {
  commitSha,
  decimalId,
  encodedRepositoryPath,
  lineFragment,
  repositorySlug,
  trustedBaseUrl,
} from '../report/link-parts.js';
import type { ReportLinks } from '../report/links.js';
import { actionDocsBase, ruleDocsHref } from '../report/rule-docs.js';
import type { GitHubRunContext } from './event-context.js';

/**
 * The links of the Action's reports (job summary, PR comment), from what the runner tells the step only:
 * GITHUB_SERVER_URL, GITHUB_REPOSITORY, the commit under test (the pull request's head, else GITHUB_SHA),
 * GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, and the Action's own repository and ref for the rule docs. Each part is
 * validated (link-parts.ts); a missing or odd one drops the links that need it, never the report.
 */
export function gitHubReportLinks(
  env: Record<string, string | undefined>,
  context: Pick<GitHubRunContext, 'sha' | 'pullRequest'> | undefined,
): ReportLinks {
  const server = trustedBaseUrl(env.GITHUB_SERVER_URL);
  const repository = repositorySlug(env.GITHUB_REPOSITORY);
  const repositoryUrl = server && repository ? `${server}/${repository}` : undefined;
  // The PR head is the commit a reviewer reads; GITHUB_SHA on pull_request is a merge commit nobody browses.
  const sha = commitSha(context?.pullRequest?.headSha) ?? commitSha(context?.sha ?? env.GITHUB_SHA);
  const runId = decimalId(env.GITHUB_RUN_ID);
  const attempt = decimalId(env.GITHUB_RUN_ATTEMPT);
  const run =
    repositoryUrl && runId
      ? `${repositoryUrl}/actions/runs/${runId}${attempt && attempt !== '1' ? `/attempts/${attempt}` : ''}`
      : undefined;
  const docsBase = actionDocsBase(env);
  return {
    rule: (ruleId) => ruleDocsHref(ruleId, docsBase),
    source: (location: SourceLocation) => {
      if (!repositoryUrl || !sha) return undefined;
      const path = encodedRepositoryPath(location.path);
      return path === undefined ? undefined : `${repositoryUrl}/blob/${sha}/${path}${lineFragment(location.line)}`;
    },
    ...(run ? { run, summary: run, artifact: `${run}#artifacts` } : {}),
  };
}
