import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/report/sarif-batches.ts
import { gzipSync as gzipSync2 } from "node:zlib";

// src/report/sarif-trim.ts
import { gzipSync } from "node:zlib";
var SEVERITY_SCORE = { critical: 9.5, high: 8, medium: 5.5, low: 2, info: 0 };
var LEVEL_SCORE = { error: 8, warning: 5.5, note: 2, none: 0 };
function packSarif(log) {
  const json = Buffer.from(JSON.stringify(log), "utf8");
  return { json, gzipped: gzipSync(json) };
}
function trimToFit(log, maxGzipBytes) {
  const order = leastImportantFirst(log.runs);
  const attempt = (drop) => {
    const dropped = new Set(order.slice(0, drop).map((entry) => entry.result));
    const { runs, rulesDropped } = withoutResults(log.runs, dropped, "to fit GitHub's size limit");
    return { ...packSarif({ ...log, runs }), resultsDropped: drop, rulesDropped };
  };
  let best = attempt(order.length);
  if (best.gzipped.length > maxGzipBytes) return void 0;
  let low = 0;
  let high = order.length;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const candidate = attempt(middle);
    if (candidate.gzipped.length <= maxGzipBytes) {
      high = middle;
      best = candidate;
    } else {
      low = middle;
    }
  }
  return best;
}
function trimRunsToResults(log, maxResultsPerRun) {
  const dropped = /* @__PURE__ */ new Set();
  for (const run of log.runs) {
    const order = leastImportantFirst([run]);
    for (const entry of order.slice(0, Math.max(0, order.length - maxResultsPerRun))) dropped.add(entry.result);
  }
  if (dropped.size === 0) return { log, resultsDropped: 0 };
  const { runs } = withoutResults(log.runs, dropped, `to stay within GitHub's ${maxResultsPerRun} results per run`);
  return { log: { ...log, runs }, resultsDropped: dropped.size };
}
function leastImportantFirst(runs) {
  const ranked = [];
  for (const run of runs) {
    const rules = run.tool.driver.rules ?? [];
    (run.results ?? []).forEach((result, position) => {
      ranked.push({
        result,
        score: scoreOf(result, rules[ruleIndexOf(result, rules) ?? -1]?.properties?.["security-severity"]),
        suppressed: (result.suppressions ?? []).length > 0,
        position
      });
    });
  }
  return ranked.sort(
    (a, b) => a.score - b.score || Number(b.suppressed) - Number(a.suppressed) || b.position - a.position
  );
}
function scoreOf(result, securitySeverity) {
  const own = result.properties?.severity;
  if (typeof own === "string" && own in SEVERITY_SCORE) return SEVERITY_SCORE[own];
  const cvss = typeof securitySeverity === "string" ? Number.parseFloat(securitySeverity) : Number.NaN;
  if (!Number.isNaN(cvss)) return cvss;
  return LEVEL_SCORE[result.level ?? "warning"] ?? LEVEL_SCORE.warning;
}
function withoutResults(runs, dropped, why) {
  let rulesDropped = 0;
  const trimmed = runs.map((run) => {
    const kept = (run.results ?? []).filter((result) => !dropped.has(result));
    const resultsDropped = (run.results ?? []).length - kept.length;
    if (resultsDropped === 0) return run;
    const pruned = pruneRules(run, kept);
    rulesDropped += pruned.rulesDropped;
    const note = {
      level: "warning",
      message: {
        text: `${resultsDropped} of ${(run.results ?? []).length} results (the lowest severities) and ${pruned.rulesDropped} rules left without results were left out of this upload ${why}.`
      }
    };
    const [invocation, ...otherInvocations] = pruned.invocations ?? [{ executionSuccessful: true }];
    return {
      ...run,
      tool: { ...run.tool, driver: { ...run.tool.driver, rules: pruned.rules } },
      results: pruned.results,
      invocations: [
        {
          ...invocation,
          toolExecutionNotifications: [note, ...invocation?.toolExecutionNotifications ?? []]
        },
        ...otherInvocations
      ],
      properties: {
        ...run.properties,
        uploadTrimmed: { resultsDropped, rulesDropped: pruned.rulesDropped }
      }
    };
  });
  return { runs: trimmed, rulesDropped };
}
function pruneRules(run, results) {
  const rules = run.tool.driver.rules;
  const unchanged = { rules, results, invocations: run.invocations, rulesDropped: 0 };
  if (!rules || results.some((result) => result.rule?.toolComponent !== void 0)) return unchanged;
  const notificationRule = (notification) => {
    const rule = notification.associatedRule;
    const index = rule?.index ?? (rule?.id !== void 0 ? rules.findIndex((r) => r.id === rule.id) : -1);
    return index >= 0 && index < rules.length ? index : void 0;
  };
  const used = /* @__PURE__ */ new Set();
  for (const result of results) {
    const index = ruleIndexOf(result, rules);
    if (index !== void 0) used.add(index);
  }
  for (const invocation of run.invocations ?? []) {
    for (const notification of [
      ...invocation.toolExecutionNotifications ?? [],
      ...invocation.toolConfigurationNotifications ?? []
    ]) {
      const index = notificationRule(notification);
      if (index !== void 0) used.add(index);
    }
  }
  if (used.size === rules.length) return unchanged;
  const newIndex = /* @__PURE__ */ new Map();
  const keptRules = rules.filter((_, index) => {
    if (!used.has(index)) return false;
    newIndex.set(index, newIndex.size);
    return true;
  });
  const rewritten = results.map((result) => {
    const index = ruleIndexOf(result, rules);
    if (index === void 0) return result;
    const moved = newIndex.get(index);
    return {
      ...result,
      ...result.ruleIndex !== void 0 ? { ruleIndex: moved } : {},
      ...result.rule ? { rule: { ...result.rule, index: moved } } : {}
    };
  });
  const renumber = (notifications) => notifications?.map((notification) => {
    const index = notificationRule(notification);
    if (index === void 0 || notification.associatedRule?.index === void 0) return notification;
    return { ...notification, associatedRule: { ...notification.associatedRule, index: newIndex.get(index) } };
  });
  const invocations = run.invocations?.map((invocation) => ({
    ...invocation,
    ...invocation.toolExecutionNotifications ? { toolExecutionNotifications: renumber(invocation.toolExecutionNotifications) } : {},
    ...invocation.toolConfigurationNotifications ? { toolConfigurationNotifications: renumber(invocation.toolConfigurationNotifications) } : {}
  }));
  return { rules: keptRules, results: rewritten, invocations, rulesDropped: rules.length - keptRules.length };
}
function ruleIndexOf(result, rules) {
  const index = result.ruleIndex ?? result.rule?.index;
  if (index !== void 0 && index >= 0 && index < rules.length) return index;
  const id = result.ruleId ?? result.rule?.id;
  if (id === void 0) return void 0;
  const found = rules.findIndex((rule) => rule.id === id);
  return found === -1 ? void 0 : found;
}

// src/report/sarif-batches.ts
var GITHUB_UPLOAD_LIMITS = { maxRunsPerUpload: 20, maxGzipBytes: 1e7 };
function prepareSarif(bytes, file, limits) {
  const log = parseLog(bytes, file);
  const renamed = distinctCategories(log.runs);
  if (renamed.length === 0 && log.runs.length <= limits.maxRunsPerUpload) {
    const gzipped = gzipSync2(bytes);
    if (gzipped.length <= limits.maxGzipBytes) {
      return { batches: [{ json: bytes, gzipped, categories: log.runs.map(categoryOf) }], renamed };
    }
  }
  const batches = [];
  for (let start = 0; start < Math.max(1, log.runs.length); start += limits.maxRunsPerUpload) {
    const runs = log.runs.slice(start, start + limits.maxRunsPerUpload);
    batches.push(fit({ ...log, runs }, file, limits));
  }
  return { batches, renamed };
}
function fit(log, file, limits) {
  const categories = log.runs.map(categoryOf);
  const packed = packSarif(log);
  if (packed.gzipped.length <= limits.maxGzipBytes) return { ...packed, categories };
  const trimmed = trimToFit(log, limits.maxGzipBytes);
  if (!trimmed) {
    throw new ToolError(
      `${file}: the SARIF upload of ${log.runs.length} runs is over GitHub's limit of ${limits.maxGzipBytes} gzipped bytes even without any results`,
      { command: `upload ${file}` }
    );
  }
  return {
    json: trimmed.json,
    gzipped: trimmed.gzipped,
    categories,
    trimmed: {
      resultsDropped: trimmed.resultsDropped,
      rulesDropped: trimmed.rulesDropped,
      gzipBytesBefore: packed.gzipped.length
    }
  };
}
function categoryOf(run) {
  const id = run.automationDetails?.id ?? "";
  const slash = id.lastIndexOf("/");
  return slash === -1 ? "" : id.slice(0, slash);
}
function distinctCategories(runs) {
  const taken = new Set(runs.map(categoryOf));
  const seen = /* @__PURE__ */ new Set();
  const renamed = [];
  for (const run of runs) {
    const category = categoryOf(run);
    if (!seen.has(category)) {
      seen.add(category);
      continue;
    }
    const id = run.automationDetails?.id ?? "";
    const runId = id.includes("/") ? id.slice(id.lastIndexOf("/") + 1) : id;
    const stem = category === "" ? "run" : category;
    let n = 2;
    while (taken.has(`${stem}-${n}`)) n++;
    const replacement = `${stem}-${n}`;
    taken.add(replacement);
    seen.add(replacement);
    run.automationDetails = { ...run.automationDetails, id: `${replacement}/${runId}` };
    renamed.push({ from: category, to: replacement });
  }
  return renamed;
}
function parseLog(bytes, file) {
  let log;
  try {
    log = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new ToolError(`${file} is not JSON: ${error.message}`, { command: `upload ${file}` });
  }
  const runs = log?.runs;
  if (typeof log !== "object" || log === null || !Array.isArray(runs)) {
    throw new ToolError(`${file} is not a SARIF log: it has no runs array`, { command: `upload ${file}` });
  }
  return log;
}

export {
  packSarif,
  trimToFit,
  trimRunsToResults,
  GITHUB_UPLOAD_LIMITS,
  prepareSarif,
  categoryOf
};
//# sourceMappingURL=chunk-XLD254YW.js.map
