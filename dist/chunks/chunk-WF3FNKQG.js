import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  VERSION
} from "./chunk-DRWF5HZX.js";
import {
  RULE_FAMILIES,
  isRuleId
} from "./chunk-YHFRDE34.js";

// src/report/link-parts.ts
function trustedBaseUrl(text) {
  const value = text?.trim();
  if (!value) return void 0;
  let url;
  try {
    url = new URL(value);
  } catch {
    return void 0;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return void 0;
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") return void 0;
  const href = url.href.replace(/\/+$/, "");
  return /[\s<>|`\\]/.test(href) ? void 0 : href;
}
function repositorySlug(text) {
  const value = text?.trim() ?? "";
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(value);
  if (!match || match[2] === "." || match[2] === "..") return void 0;
  return value;
}
function commitSha(text) {
  const value = text?.trim() ?? "";
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value) ? value.toLowerCase() : void 0;
}
function decimalId(text) {
  const value = text?.trim() ?? "";
  return /^[1-9][0-9]{0,19}$/.test(value) ? value : void 0;
}
function encodedRepositoryPath(path) {
  if (path === "" || path.startsWith("/") || path.includes("\\") || /^[A-Za-z]:/.test(path)) return void 0;
  const segments = path.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.length === 0 || segments.includes("..")) return void 0;
  try {
    return segments.map((segment) => encodeURIComponent(segment)).join("/");
  } catch {
    return void 0;
  }
}
function lineFragment(line) {
  return Number.isSafeInteger(line) && line > 0 ? `#L${line}` : "";
}

// src/report/rule-docs.ts
var PROJECT_URL = "https://github.com/imagegate/imagegate";
var RULES_PAGE = "docs/rules.md";
var DEFAULT_DOCS_BASE = `${PROJECT_URL}/blob/v${VERSION}`;
function familyAnchor(pattern) {
  return pattern.slice(0, pattern.indexOf("/"));
}
function ruleAnchor(ruleId) {
  if (isRuleId(ruleId)) return ruleId.replaceAll("/", "-");
  const family = RULE_FAMILIES.find((each) => ruleId.startsWith(`${familyAnchor(each.pattern)}/`));
  return family ? familyAnchor(family.pattern) : void 0;
}
function ruleDocsHref(ruleId, docsBase = DEFAULT_DOCS_BASE) {
  const anchor = ruleAnchor(ruleId);
  return anchor === void 0 ? void 0 : `${docsBase}/${RULES_PAGE}#${anchor}`;
}
function actionDocsBase(env) {
  const server = trustedBaseUrl(env.GITHUB_SERVER_URL);
  const repository = repositorySlug(env.GITHUB_ACTION_REPOSITORY);
  const refText = env.GITHUB_ACTION_REF?.trim() ?? "";
  const ref = /^[A-Za-z0-9._/-]{1,200}$/.test(refText) ? encodedRepositoryPath(refText) : void 0;
  if (!server || !repository || !ref) return DEFAULT_DOCS_BASE;
  return `${server}/${repository}/blob/${ref}`;
}
var RULE_DOCS_LINKS = {
  rule: (ruleId) => ruleDocsHref(ruleId),
  source: () => void 0
};

export {
  trustedBaseUrl,
  repositorySlug,
  commitSha,
  decimalId,
  encodedRepositoryPath,
  lineFragment,
  ruleDocsHref,
  actionDocsBase,
  RULE_DOCS_LINKS
};
//# sourceMappingURL=chunk-WF3FNKQG.js.map
