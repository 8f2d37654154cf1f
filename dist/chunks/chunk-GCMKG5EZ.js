import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/github/event-context.ts
import { readFile } from "node:fs/promises";
var PULL_REQUEST_EVENTS = /* @__PURE__ */ new Set(["pull_request", "pull_request_review", "pull_request_review_comment"]);
async function readGitHubContext(env) {
  const eventName = env.GITHUB_EVENT_NAME?.trim();
  const repository = env.GITHUB_REPOSITORY?.trim();
  if (!eventName || !repository) return void 0;
  const [owner, repo, ...rest] = repository.split("/");
  if (!owner || !repo || rest.length > 0) {
    throw new ConfigurationError(`GITHUB_REPOSITORY '${repository}': expected owner/repository`);
  }
  const payload = env.GITHUB_EVENT_PATH ? await readPayload(env.GITHUB_EVENT_PATH) : {};
  const pullRequest = isPullRequestEvent(eventName) ? pullRequestOf(payload, env.GITHUB_EVENT_PATH ?? "") : void 0;
  return {
    eventName,
    owner,
    repo,
    sha: env.GITHUB_SHA?.trim() ?? "",
    ref: env.GITHUB_REF?.trim() ?? "",
    apiUrl: env.GITHUB_API_URL?.trim() || "https://api.github.com",
    ...pullRequest ? { pullRequest } : {}
  };
}
function isPullRequestEvent(eventName) {
  return PULL_REQUEST_EVENTS.has(eventName) || eventName === "pull_request_target";
}
function tokenMayBeReadOnly(context) {
  return PULL_REQUEST_EVENTS.has(context.eventName);
}
function analysisTarget(context) {
  const pr = context.pullRequest;
  const target = pr && context.eventName === "pull_request_target" ? { commitSha: pr.headSha, ref: `refs/pull/${pr.number}/head` } : pr ? { commitSha: context.sha, ref: `refs/pull/${pr.number}/merge` } : { commitSha: context.sha, ref: context.ref };
  if (!/^[0-9a-f]{40}$/i.test(target.commitSha)) {
    throw new ConfigurationError(
      `the commit to file the analysis under is '${target.commitSha}' (GITHUB_SHA or the PR head): expected 40 hex digits`
    );
  }
  if (!/^refs\/(heads|tags|pull)\/.+/.test(target.ref)) {
    throw new ConfigurationError(
      `the ref to file the analysis under is '${target.ref}' (GITHUB_REF): expected refs/heads/…, refs/tags/… or refs/pull/…`
    );
  }
  return { commitSha: target.commitSha.toLowerCase(), ref: target.ref };
}
async function readPayload(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigurationError(`cannot read the event payload: ${error.message}`, { path: file });
  }
  try {
    const payload = JSON.parse(text);
    if (isObject(payload)) return payload;
  } catch {
  }
  throw new ConfigurationError("the event payload (GITHUB_EVENT_PATH) is not a JSON object", { path: file });
}
function pullRequestOf(payload, file) {
  const pr = payload.pull_request;
  const head = isObject(pr) && isObject(pr.head) ? pr.head : void 0;
  const base = isObject(pr) && isObject(pr.base) ? pr.base : void 0;
  const number = isObject(pr) && typeof pr.number === "number" ? pr.number : payload.number;
  const baseRepository = fullName(base?.repo) ?? fullName(payload.repository);
  if (!head || typeof number !== "number" || typeof head.sha !== "string" || !baseRepository) {
    throw new ConfigurationError(
      "the pull request event payload has no pull_request.number, head.sha and base.repo: expected the payload GitHub writes for pull_request events",
      { path: file }
    );
  }
  const headRepository = fullName(head.repo);
  const baseSha = typeof base?.sha === "string" && /^[0-9a-f]{40}$/i.test(base.sha) ? base.sha.toLowerCase() : void 0;
  return {
    number,
    headSha: head.sha,
    ...baseSha ? { baseSha } : {},
    ...headRepository ? { headRepository } : {},
    baseRepository,
    fromFork: headRepository === void 0 || headRepository.toLowerCase() !== baseRepository.toLowerCase()
  };
}
function fullName(repo) {
  return isObject(repo) && typeof repo.full_name === "string" ? repo.full_name : void 0;
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export {
  readGitHubContext,
  isPullRequestEvent,
  tokenMayBeReadOnly,
  analysisTarget
};
//# sourceMappingURL=chunk-GCMKG5EZ.js.map
