import type { Invocation, Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import { packSarif, trimRunsToResults, trimToFit } from '../report/sarif-trim.js';
import { GITHUB_UPLOAD_LIMITS } from '../report/sarif-batches.js';
import { GITHUB_SARIF_LIMITS } from '../report/sarif-limits.js';
import { automationDetailsId, scanRunCategory } from '../report/sarif-location.js';
import { SARIF_SCHEMA_URI } from '../report/sarif.js';

/**
 * One repository's SARIF for code scanning, made of the latest SARIF of each of its current digests. Code scanning
 * keeps one analysis per category and each upload replaces it: an upload per digest under `rescan/<repository>`
 * would close the alerts of every other digest of the repository, including digests skipped as unchanged whose
 * vulnerabilities are still there. So each category gets exactly one run holding the results of all the digests.
 */

/** The latest SARIF of one digest, as `rescan run` wrote it (its runs may carry another repository's category). */
export interface DigestSarif {
  digest: string;
  /** The repository's tags that point at the digest. */
  tags: string[];
  log: Log;
}

export interface CombinedSarif {
  log: Log;
  /** Results left out to stay within GitHub's limits (results per run, then the upload's gzipped size). */
  resultsDropped: number;
}

type Role = 'policy' | 'scan';

/** `rescan/<repository>`: the category of a repository's image-policy run (its scanner run's is derived). */
export function rescanCategory(repository: string): string {
  return `rescan/${repository}`;
}

/**
 * The image-policy run and the scanner run of `repository`, each combining the matching runs of every digest;
 * undefined when no digest has a run.
 */
export function combineRepositorySarif(
  repository: string,
  images: readonly DigestSarif[],
  limits = { maxResultsPerRun: GITHUB_SARIF_LIMITS.maxResultsPerRun, maxGzipBytes: GITHUB_UPLOAD_LIMITS.maxGzipBytes },
): CombinedSarif | undefined {
  const category = rescanCategory(repository);
  const byRole: Record<Role, Array<{ image: DigestSarif; run: Run }>> = { policy: [], scan: [] };
  for (const image of images) {
    for (const run of image.log.runs) byRole[roleOf(run)].push({ image, run });
  }
  const runs: Run[] = [];
  if (byRole.policy.length > 0) runs.push(combineRuns(byRole.policy, category, 'policy'));
  if (byRole.scan.length > 0) runs.push(combineRuns(byRole.scan, scanRunCategory(category), 'scan'));
  if (runs.length === 0) return undefined;
  const log: Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
  const cut = trimRunsToResults(log, limits.maxResultsPerRun);
  if (packSarif(cut.log).gzipped.length <= limits.maxGzipBytes) {
    return { log: cut.log, resultsDropped: cut.resultsDropped };
  }
  const fitted = trimToFit(cut.log, limits.maxGzipBytes);
  if (!fitted) return { log: cut.log, resultsDropped: cut.resultsDropped };
  return {
    log: JSON.parse(fitted.json.toString('utf8')) as Log,
    resultsDropped: cut.resultsDropped + fitted.resultsDropped,
  };
}

/**
 * imagegate's own run (driver imagegate, nothing converted) is the image-policy run; the other is the scanner's,
 * whose driver is the scanner and whose `conversion` names imagegate (sarif-scan-run.ts). The category cannot tell
 * them apart reliably: a repository may itself be called `…/vulnerabilities`.
 */
function roleOf(run: Run): Role {
  return run.tool.driver.name === 'imagegate' && run.conversion === undefined ? 'policy' : 'scan';
}

/** When the run's analysis ended (its latest invocation), for "the newest run". */
function endOf(run: Run): string {
  return (run.invocations ?? []).reduce((latest, invocation) => {
    const end = invocation.endTimeUtc ?? invocation.startTimeUtc ?? '';
    return end > latest ? end : latest;
  }, '');
}

function combineRuns(parts: Array<{ image: DigestSarif; run: Run }>, category: string, role: Role): Run {
  // Newest first: its driver (version, rule texts) wins, and its results rank first among equals when trimming.
  const ordered = [...parts].sort((a, b) => endOf(b.run).localeCompare(endOf(a.run)) || compare(a, b));
  const newest = ordered[0]!.run;
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const { run } of ordered) {
    for (const rule of run.tool.driver.rules ?? []) {
      if (ruleIndex.has(rule.id)) continue;
      ruleIndex.set(rule.id, rules.length);
      rules.push(rule);
    }
  }
  const results: Result[] = [];
  const seen = new Map<string, Result>();
  const invocations: Invocation[] = [];
  const images: Array<Record<string, unknown>> = [];
  for (const { image, run } of ordered) {
    const own = run.tool.driver.rules ?? [];
    const label = { digest: image.digest, tags: image.tags };
    for (const result of run.results ?? []) {
      const ruleId = result.ruleId ?? result.rule?.id ?? own[result.ruleIndex ?? result.rule?.index ?? -1]?.id;
      const key = JSON.stringify([ruleId, result.partialFingerprints, result.fingerprints, result.locations]);
      const known = seen.get(key);
      if (known) {
        // One finding in several digests at one place: one alert that lists them all.
        (known.properties!.images as unknown[]).push(label);
        continue;
      }
      const index = ruleId !== undefined ? ruleIndex.get(ruleId) : undefined;
      const combined: Result = {
        ...result,
        ...(ruleId !== undefined ? { ruleId } : {}),
        ...(index !== undefined ? { ruleIndex: index } : {}),
        ...(result.rule && index !== undefined ? { rule: { ...result.rule, index } } : {}),
        properties: { ...result.properties, images: [label] },
      };
      if (index === undefined) delete combined.ruleIndex;
      seen.set(key, combined);
      results.push(combined);
    }
    for (const invocation of run.invocations ?? []) {
      invocations.push({
        ...invocation,
        ...(invocation.toolExecutionNotifications
          ? { toolExecutionNotifications: reindex(invocation.toolExecutionNotifications, ruleIndex) }
          : {}),
        properties: { ...invocation.properties, imageDigest: image.digest, tags: image.tags },
      });
    }
    images.push({ ...label, ...pick(run.properties, ['image', 'verdict', 'dbUpdatedAt', 'truncated']) });
  }
  const verdicts = images.map((image) => image.verdict).filter((verdict) => verdict !== undefined);
  const uriBaseIds = Object.assign(
    {},
    ...ordered.map(({ run }) => run.originalUriBaseIds ?? {}),
  ) as Run['originalUriBaseIds'];
  return {
    tool: { ...newest.tool, driver: { ...newest.tool.driver, rules } },
    ...(newest.conversion ? { conversion: newest.conversion } : {}),
    automationDetails: { id: automationDetailsId(category) },
    ...(uriBaseIds && Object.keys(uriBaseIds).length > 0 ? { originalUriBaseIds: uriBaseIds } : {}),
    invocations,
    ...(newest.columnKind ? { columnKind: newest.columnKind } : {}),
    results,
    properties: {
      images,
      ...(role === 'policy' && verdicts.length > 0 ? { verdict: verdicts.includes('fail') ? 'fail' : 'pass' } : {}),
    },
  };
}

function compare(a: { image: DigestSarif }, b: { image: DigestSarif }): number {
  return a.image.digest.localeCompare(b.image.digest);
}

/** Notifications naming a rule by index point into the combined rule table instead. */
function reindex(notifications: Notification[], ruleIndex: ReadonlyMap<string, number>): Notification[] {
  return notifications.map((notification) => {
    const rule = notification.associatedRule;
    if (rule?.index === undefined) return notification;
    const index = rule.id !== undefined ? ruleIndex.get(rule.id) : undefined;
    const { index: _stale, ...rest } = rule;
    return { ...notification, associatedRule: index !== undefined ? { ...rest, index } : rest };
  });
}

function pick(record: Record<string, unknown> | undefined, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (record?.[key] !== undefined) picked[key] = record[key];
  return picked;
}
