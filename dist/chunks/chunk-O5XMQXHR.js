import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/util/secret-env.ts
var WITHHELD_PREFIXES = ["IMAGEGATE_", "INPUT_", "ACTIONS_", "CI_JOB_JWT"];
var WITHHELD_NAMES = /* @__PURE__ */ new Set([
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "CI_JOB_TOKEN",
  "CI_REGISTRY_PASSWORD",
  "CI_DEPLOY_PASSWORD",
  "CI_DEPENDENCY_PROXY_PASSWORD"
]);
var SECRET_SUFFIXES = ["_TOKEN", "_PASSWORD", "_SECRET", "_KEY"];
var SECRET_PREFIXES = ["CI_JOB_JWT", "ACTIONS_ID_TOKEN_REQUEST_"];
var VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function isWithheldVariable(name, listed = /* @__PURE__ */ new Set()) {
  if (listed.has(name) || WITHHELD_NAMES.has(name)) return true;
  return WITHHELD_PREFIXES.some((prefix) => name.startsWith(prefix));
}
function isSecretVariable(name, listed = /* @__PURE__ */ new Set()) {
  if (listed.has(name) || WITHHELD_NAMES.has(name)) return true;
  const upper = name.toUpperCase().replaceAll("-", "_");
  return SECRET_SUFFIXES.some((suffix) => upper.endsWith(suffix)) || SECRET_PREFIXES.some((prefix) => upper.startsWith(prefix));
}
var SECRET_PLACEHOLDER = "***";
function interpolationEnvironment(environment, listed = /* @__PURE__ */ new Set()) {
  const result = {};
  for (const [name, value] of Object.entries(environment)) {
    if (isWithheldVariable(name, listed)) continue;
    result[name] = value !== void 0 && isSecretVariable(name, listed) ? SECRET_PLACEHOLDER : value;
  }
  return result;
}
function secretValues(environment, listed = /* @__PURE__ */ new Set()) {
  const values = [];
  for (const [name, value] of Object.entries(environment)) {
    if (value && isSecretVariable(name, listed)) values.push(value);
  }
  return values;
}

export {
  VARIABLE_NAME,
  isWithheldVariable,
  interpolationEnvironment,
  secretValues
};
//# sourceMappingURL=chunk-O5XMQXHR.js.map
