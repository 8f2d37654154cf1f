import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  commitSha,
  encodedRepositoryPath,
  lineFragment,
  ruleDocsHref,
  trustedBaseUrl
} from "./chunk-WF3FNKQG.js";

// src/gitlab/report-links.ts
function gitLabReportLinks(env) {
  const project = trustedBaseUrl(env.CI_PROJECT_URL);
  const sha = commitSha(env.CI_COMMIT_SHA);
  const job = trustedBaseUrl(env.CI_JOB_URL);
  return {
    rule: (ruleId) => ruleDocsHref(ruleId),
    source: (location) => {
      if (!project || !sha) return void 0;
      const path = encodedRepositoryPath(location.path);
      return path === void 0 ? void 0 : `${project}/-/blob/${sha}/${path}${lineFragment(location.line)}`;
    },
    ...job ? { run: job, artifact: `${job}/artifacts/browse` } : {}
  };
}

export {
  gitLabReportLinks
};
//# sourceMappingURL=chunk-X42ZBESX.js.map
