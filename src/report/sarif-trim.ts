import { gzipSync } from 'node:zlib';
import type { Log, Notification, Result, Run } from 'sarif';

/**
 * Fitting one upload under GitHub's gzipped-size limit (10 MB): the lowest-severity results go first, and with
 * them the rules left without results, until the gzipped JSON fits. The smallest number of results to drop is
 * found by bisection over the results ordered least important first, so a file just over the limit loses only
 * what it must. Each trimmed run says so in its properties and a tool notification.
 */

export interface TrimOutcome {
  json: Buffer;
  gzipped: Buffer;
  resultsDropped: number;
  rulesDropped: number;
}

/** Our own severities, which imagegate writes into every result's properties; GitHub's buckets otherwise. */
const SEVERITY_SCORE: Record<string, number> = { critical: 9.5, high: 8, medium: 5.5, low: 2, info: 0 };
const LEVEL_SCORE: Record<string, number> = { error: 8, warning: 5.5, note: 2, none: 0 };

/** Serialized and gzipped: what an upload weighs. */
export function packSarif(log: Log): { json: Buffer; gzipped: Buffer } {
  const json = Buffer.from(JSON.stringify(log), 'utf8');
  return { json, gzipped: gzipSync(json) };
}

/**
 * The log with as few results dropped as make it fit `maxGzipBytes` gzipped; undefined when even no results at
 * all would not fit.
 */
export function trimToFit(log: Log, maxGzipBytes: number): TrimOutcome | undefined {
  const order = leastImportantFirst(log.runs);
  const attempt = (drop: number) => {
    const dropped = new Set(order.slice(0, drop).map((entry) => entry.result));
    const { runs, rulesDropped } = withoutResults(log.runs, dropped, "to fit GitHub's size limit");
    return { ...packSarif({ ...log, runs }), resultsDropped: drop, rulesDropped };
  };
  let best = attempt(order.length);
  if (best.gzipped.length > maxGzipBytes) return undefined;
  let low = 0; // known not to fit (the caller checked the whole log)
  let high = order.length; // known to fit
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

/**
 * The log with each run cut to its `maxResultsPerRun` most important results (GitHub rejects a run with more), by
 * the same ranking and with the same notes as trimToFit; the log itself when no run is over.
 */
export function trimRunsToResults(log: Log, maxResultsPerRun: number): { log: Log; resultsDropped: number } {
  const dropped = new Set<Result>();
  for (const run of log.runs) {
    const order = leastImportantFirst([run]);
    for (const entry of order.slice(0, Math.max(0, order.length - maxResultsPerRun))) dropped.add(entry.result);
  }
  if (dropped.size === 0) return { log, resultsDropped: 0 };
  const { runs } = withoutResults(log.runs, dropped, `to stay within GitHub's ${maxResultsPerRun} results per run`);
  return { log: { ...log, runs }, resultsDropped: dropped.size };
}

interface RankedResult {
  result: Result;
  score: number;
  suppressed: boolean;
  /** Position in its run: runs list the most relevant first, so later ones go first among equals. */
  position: number;
}

function leastImportantFirst(runs: readonly Run[]): RankedResult[] {
  const ranked: RankedResult[] = [];
  for (const run of runs) {
    const rules = run.tool.driver.rules ?? [];
    (run.results ?? []).forEach((result, position) => {
      ranked.push({
        result,
        score: scoreOf(result, rules[ruleIndexOf(result, rules) ?? -1]?.properties?.['security-severity']),
        suppressed: (result.suppressions ?? []).length > 0,
        position,
      });
    });
  }
  return ranked.sort(
    (a, b) => a.score - b.score || Number(b.suppressed) - Number(a.suppressed) || b.position - a.position,
  );
}

function scoreOf(result: Result, securitySeverity: unknown): number {
  const own = result.properties?.severity;
  if (typeof own === 'string' && own in SEVERITY_SCORE) return SEVERITY_SCORE[own]!;
  const cvss = typeof securitySeverity === 'string' ? Number.parseFloat(securitySeverity) : Number.NaN;
  if (!Number.isNaN(cvss)) return cvss;
  return LEVEL_SCORE[result.level ?? 'warning'] ?? LEVEL_SCORE.warning!;
}

/** Runs without the `dropped` results, each rule table pruned to the rules still referenced and re-indexed. */
function withoutResults(
  runs: readonly Run[],
  dropped: ReadonlySet<Result>,
  why: string,
): { runs: Run[]; rulesDropped: number } {
  let rulesDropped = 0;
  const trimmed = runs.map((run) => {
    const kept = (run.results ?? []).filter((result) => !dropped.has(result));
    const resultsDropped = (run.results ?? []).length - kept.length;
    if (resultsDropped === 0) return run;
    const pruned = pruneRules(run, kept);
    rulesDropped += pruned.rulesDropped;
    const note: Notification = {
      level: 'warning',
      message: {
        text:
          `${resultsDropped} of ${(run.results ?? []).length} results (the lowest severities) and ` +
          `${pruned.rulesDropped} rules left without results were left out of this upload ${why}.`,
      },
    };
    const [invocation, ...otherInvocations] = pruned.invocations ?? [{ executionSuccessful: true }];
    return {
      ...run,
      tool: { ...run.tool, driver: { ...run.tool.driver, rules: pruned.rules } },
      results: pruned.results,
      invocations: [
        {
          ...invocation!,
          toolExecutionNotifications: [note, ...(invocation?.toolExecutionNotifications ?? [])],
        },
        ...otherInvocations,
      ],
      properties: {
        ...run.properties,
        uploadTrimmed: { resultsDropped, rulesDropped: pruned.rulesDropped },
      },
    };
  });
  return { runs: trimmed, rulesDropped };
}

interface PrunedRun {
  rules: Run['tool']['driver']['rules'];
  results: Result[];
  invocations: Run['invocations'];
  rulesDropped: number;
}

/**
 * Keeps the driver rules that kept results (or notifications) reference, rewriting their indexes in copies (the
 * log is tried again with other cuts). A run whose results point into other tool components keeps its rules as
 * they are: re-indexing those is not worth the risk.
 */
function pruneRules(run: Run, results: Result[]): PrunedRun {
  const rules = run.tool.driver.rules;
  const unchanged = { rules, results, invocations: run.invocations, rulesDropped: 0 };
  if (!rules || results.some((result) => result.rule?.toolComponent !== undefined)) return unchanged;
  const notificationRule = (notification: Notification) => {
    const rule = notification.associatedRule;
    const index = rule?.index ?? (rule?.id !== undefined ? rules.findIndex((r) => r.id === rule.id) : -1);
    return index >= 0 && index < rules.length ? index : undefined;
  };
  const used = new Set<number>();
  for (const result of results) {
    const index = ruleIndexOf(result, rules);
    if (index !== undefined) used.add(index);
  }
  for (const invocation of run.invocations ?? []) {
    for (const notification of [
      ...(invocation.toolExecutionNotifications ?? []),
      ...(invocation.toolConfigurationNotifications ?? []),
    ]) {
      const index = notificationRule(notification);
      if (index !== undefined) used.add(index);
    }
  }
  if (used.size === rules.length) return unchanged;
  const newIndex = new Map<number, number>();
  const keptRules = rules.filter((_, index) => {
    if (!used.has(index)) return false;
    newIndex.set(index, newIndex.size);
    return true;
  });
  const rewritten = results.map((result) => {
    const index = ruleIndexOf(result, rules);
    if (index === undefined) return result;
    const moved = newIndex.get(index)!;
    return {
      ...result,
      ...(result.ruleIndex !== undefined ? { ruleIndex: moved } : {}),
      ...(result.rule ? { rule: { ...result.rule, index: moved } } : {}),
    };
  });
  const renumber = (notifications: Notification[] | undefined) =>
    notifications?.map((notification) => {
      const index = notificationRule(notification);
      if (index === undefined || notification.associatedRule?.index === undefined) return notification;
      return { ...notification, associatedRule: { ...notification.associatedRule, index: newIndex.get(index)! } };
    });
  const invocations = run.invocations?.map((invocation) => ({
    ...invocation,
    ...(invocation.toolExecutionNotifications
      ? { toolExecutionNotifications: renumber(invocation.toolExecutionNotifications)! }
      : {}),
    ...(invocation.toolConfigurationNotifications
      ? { toolConfigurationNotifications: renumber(invocation.toolConfigurationNotifications)! }
      : {}),
  }));
  return { rules: keptRules, results: rewritten, invocations, rulesDropped: rules.length - keptRules.length };
}

/** The driver rule a result names, by index or id. */
function ruleIndexOf(result: Result, rules: NonNullable<Run['tool']['driver']['rules']>): number | undefined {
  const index = result.ruleIndex ?? result.rule?.index;
  if (index !== undefined && index >= 0 && index < rules.length) return index;
  const id = result.ruleId ?? result.rule?.id;
  if (id === undefined) return undefined;
  const found = rules.findIndex((rule) => rule.id === id);
  return found === -1 ? undefined : found;
}
