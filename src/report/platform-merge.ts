import { bySeverity, countBySeverity, type Finding, type SeverityCounts } from '../model/findings.js';
import type { Verdict } from '../model/verdict.js';
import type { RunResult } from './run-result.js';
import { mergePlatformScans } from './platform-scan-merge.js';
import { isVulnerabilityFinding } from './scan-findings.js';

/**
 * One run over several platforms of a multi-platform image (`--platform all`, issue 18 item 4): each platform was
 * gated on its own (its facts, scan and checks); this joins them into the one result the reports render. A finding
 * that is the same on several platforms (same rule, fingerprint, location, message and suppression — so the same
 * CVE in the same package version at the same line) is listed once with every platform it was found on.
 */

/** One gated platform, as the run's summary and `imagegate.json` `platforms[]` show it. */
export interface PlatformRun {
  /** `os/arch[/variant]` as the index names it. */
  platform: string;
  /** The image ID (config digest) of this platform's image. */
  imageId: string;
  /** The digest the source names for it: the manifest's (a layout), the index's (a registry reference). */
  digest?: string;
  size: number;
  compressedSize?: number;
  layers: number;
  /** Active findings of this platform per severity, all rules. */
  counts: SeverityCounts;
  /** Active vulnerability findings (vuln/) of this platform per severity. */
  vulnerabilities: SeverityCounts;
  verdict: Verdict;
  /** Where this platform's own report files are, relative to the run's out dir (`platforms/linux-arm64`). */
  reportDir: string;
}

export interface GatedPlatform {
  platform: string;
  result: RunResult;
  reportDir: string;
  /** The SARIF category the platform's own run used (the run's default when `--category` is not given). */
  category?: string;
}

/**
 * The run's result over all gated platforms: every platform's findings and scan records (vulnerabilities, packages,
 * secrets, licenses; see platform-scan-merge.ts), the worst verdict and head-policy verdict. The image facts, layer
 * instructions, budgets and baseline comparison stay the first platform's: each platform's own are in its report
 * folder (`platforms[].reportDir`), and the platforms table shows every platform's size, layers and verdict.
 */
export function mergePlatformResults(gated: readonly GatedPlatform[]): RunResult & { platforms: PlatformRun[] } {
  const first = gated[0];
  if (!first) throw new Error('mergePlatformResults: no platform was gated');
  const findings = mergePlatformFindings(
    gated.map(({ platform, result }) => ({ platform, findings: result.findings })),
  );
  const warnings = [
    ...new Set(gated.flatMap(({ platform, result }) => (result.warnings ?? []).map((w) => `${platform}: ${w}`))),
  ];
  const { warnings: _firstWarnings, scan: _firstScan, headPolicy: _firstHead, ...base } = first.result;
  const scan = mergePlatformScans(gated.map(({ platform, result }) => ({ platform, scan: result.scan })));
  const headPolicy = worstHeadPolicy(gated.map(({ result }) => result.headPolicy));
  return {
    ...base,
    ...(scan ? { scan } : {}),
    ...(headPolicy ? { headPolicy } : {}),
    startedAt: first.result.startedAt,
    finishedAt: gated.at(-1)?.result.finishedAt ?? first.result.finishedAt,
    verdict: worstVerdict(gated.map(({ result }) => result.verdict)),
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding) => finding.suppressedBy).length,
    ...(warnings.length > 0 ? { warnings } : {}),
    platforms: gated.map(platformRun),
  };
}

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.includes('fail') ? 'fail' : 'pass';
}

/**
 * `--evaluate-head-policy` over several platforms: the head policy fails the run if it fails any platform. The
 * record is that of the first platform it fails (else the first platform's), so its verdict and counts agree; the
 * counts are that platform's, not a sum (one problem found on two platforms is one problem).
 */
export function worstHeadPolicy(
  perPlatform: ReadonlyArray<RunResult['headPolicy']>,
): RunResult['headPolicy'] | undefined {
  const evaluated = perPlatform.filter((head): head is NonNullable<RunResult['headPolicy']> => head !== undefined);
  return evaluated.find((head) => head.verdict === 'fail') ?? evaluated[0];
}

/** Every platform's findings, each labelled with its platforms; identical ones across platforms become one. */
export function mergePlatformFindings(
  perPlatform: ReadonlyArray<{ platform: string; findings: readonly Finding[] }>,
): Finding[] {
  const merged = new Map<string, Finding & { platforms: string[] }>();
  for (const { platform, findings } of perPlatform) {
    for (const finding of findings) {
      const key = sameProblemKey(finding);
      const known = merged.get(key);
      if (known) {
        if (!known.platforms.includes(platform)) known.platforms.push(platform);
      } else {
        merged.set(key, { ...finding, platforms: [platform] });
      }
    }
  }
  return [...merged.values()].sort(bySeverity);
}

function sameProblemKey(finding: Finding): string {
  return JSON.stringify([
    finding.ruleId,
    finding.severity,
    finding.fingerprint,
    finding.location,
    finding.message,
    finding.suppressedBy?.by ?? null,
    finding.suppressedBy?.reason ?? null,
    finding.gate?.decision ?? null,
  ]);
}

function platformRun({ platform, result, reportDir }: GatedPlatform): PlatformRun {
  const active = result.findings.filter((finding) => !finding.suppressedBy);
  const image = result.image;
  return {
    platform,
    imageId: image.id,
    ...(image.digest ? { digest: image.digest } : {}),
    size: image.size,
    ...(image.compressedSize !== undefined ? { compressedSize: image.compressedSize } : {}),
    layers: image.layers.length,
    counts: countBySeverity(active),
    vulnerabilities: countBySeverity(active.filter(isVulnerabilityFinding)),
    verdict: result.verdict,
    reportDir,
  };
}
