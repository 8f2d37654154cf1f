import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  GIT_READ_OPTIONS
} from "./chunk-HA35GMAF.js";
import {
  exec,
  tail
} from "./chunk-IESNBTYB.js";
import {
  isPullRequestEvent,
  readGitHubContext
} from "./chunk-GCMKG5EZ.js";
import "./chunk-EJWCARX5.js";
import "./chunk-YHFRDE34.js";
import "./chunk-2SIDVBE2.js";
import "./chunk-LUOQMPLI.js";
import "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-RHYLLRJI.js";
import "./chunk-OOOZQBDA.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-ST7SR4PU.js";
import "./chunk-FRITBTAO.js";
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/action/policy-source.ts
async function actionPolicyRef(input, workspace, env, logger) {
  const context = await readGitHubContext(env);
  const pullRequest = context && isPullRequestEvent(context.eventName);
  const source = input?.trim().toLowerCase() || (pullRequest ? "base" : "head");
  if (source !== "base" && source !== "head") {
    throw new ConfigurationError(`input 'policy-source' '${input}': expected base or head`);
  }
  if (source === "head") {
    if (pullRequest) logger.info("policy-source: head — this pull request's own policy file decides its gate");
    return void 0;
  }
  if (!pullRequest) {
    throw new ConfigurationError(
      `input 'policy-source' base: the ${context?.eventName ?? "local"} event has no pull request base; use it on pull_request or pull_request_target events, or set policy-source: head`
    );
  }
  const sha = context.pullRequest?.baseSha;
  if (!sha) {
    throw new ConfigurationError(
      "input 'policy-source' base: the event payload has no pull_request.base.sha (40 hex digits)",
      { path: env.GITHUB_EVENT_PATH ?? "GITHUB_EVENT_PATH" }
    );
  }
  await ensureCommit(sha, workspace, logger);
  logger.info(`policy: read at the pull request's base commit ${sha}`);
  return sha;
}
async function ensureCommit(sha, workspace, logger) {
  const present = await exec("git", [...GIT_READ_OPTIONS, "cat-file", "-e", `${sha}^{commit}`], {
    logger,
    cwd: workspace,
    okExitCodes: [0, 1, 128],
    timeoutMs: 3e4
  });
  if (present.exitCode === 0) return;
  const args = ["fetch", "--no-tags", "--depth=1", "origin", sha];
  logger.info(`the base commit ${sha} is not in the checkout (shallow clone): git ${args.join(" ")}`);
  const fetched = await exec("git", [...GIT_READ_OPTIONS, ...args], {
    logger,
    cwd: workspace,
    okExitCodes: [0, 1, 128],
    timeoutMs: 12e4
  });
  if (fetched.exitCode === 0) return;
  throw new ToolError(
    `the pull request's base commit ${sha} is not in the checkout and \`git ${args.join(" ")}\` failed (exit ${fetched.exitCode}): its policy file decides the gate, so imagegate stops rather than use the pull request's own. Check out with \`fetch-depth: 0\` (actions/checkout), or set \`policy-source: head\`.`,
    { command: `git ${args.join(" ")}`, exitCode: fetched.exitCode, stderrTail: tail(fetched.stderr) }
  );
}
export {
  actionPolicyRef
};
//# sourceMappingURL=policy-source-AM3CNGMI.js.map
