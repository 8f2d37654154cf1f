import type { SourceLocation } from '../model/findings.js';
import { commitSha, encodedRepositoryPath, lineFragment, trustedBaseUrl } from '../report/link-parts.js';
import type { ReportLinks } from '../report/links.js';
import { ruleDocsHref } from '../report/rule-docs.js';

/**
 * The links of the GitLab MR note, from GitLab's predefined variables only: CI_PROJECT_URL and CI_COMMIT_SHA for
 * files (`<project>/-/blob/<sha>/<path>#L12`), CI_JOB_URL for the job and its artifacts
 * (`<job>/artifacts/browse`). Each is validated (link-parts.ts); a missing or odd one drops the links that need it.
 */
export function gitLabReportLinks(env: Record<string, string | undefined>): ReportLinks {
  const project = trustedBaseUrl(env.CI_PROJECT_URL);
  const sha = commitSha(env.CI_COMMIT_SHA);
  const job = trustedBaseUrl(env.CI_JOB_URL);
  return {
    rule: (ruleId) => ruleDocsHref(ruleId),
    source: (location: SourceLocation) => {
      if (!project || !sha) return undefined;
      const path = encodedRepositoryPath(location.path);
      return path === undefined ? undefined : `${project}/-/blob/${sha}/${path}${lineFragment(location.line)}`;
    },
    ...(job ? { run: job, artifact: `${job}/artifacts/browse` } : {}),
  };
}
