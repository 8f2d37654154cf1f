import { SEVERITIES, type Finding, type SeverityCounts } from '../model/findings.js';
import { formatBytes } from '../util/units.js';
import { codeSpan } from '../util/markdown-escape.js';
import { header, row, shortDigest } from './markdown-table.js';
import type { PlatformRun } from './platform-merge.js';

/**
 * The summary's per-platform table of a `--platform all` run: one column per platform with its verdict, image,
 * sizes, layers and vulnerability counts; the joined findings below list each finding once with its platforms.
 */
export function platformsSection(platforms: readonly PlatformRun[] | undefined, heading: string): string {
  if (!platforms || platforms.length === 0) return '';
  const cells = (pick: (platform: PlatformRun) => string) => platforms.map(pick);
  return [
    `${heading} Platforms`,
    '',
    `${platforms.length} platforms gated in this run; the verdict is the worst of theirs. A finding that is the same ` +
      'on several platforms is listed once, with its platforms; each platform’s own reports are in its directory.',
    '',
    ...header(['', ...cells((platform) => codeSpan(platform.platform))]),
    row(['Verdict', ...cells((platform) => (platform.verdict === 'pass' ? '✅ pass' : '❌ fail'))]),
    row(['Image ID', ...cells((platform) => codeSpan(shortDigest(platform.imageId)))]),
    row(['Size', ...cells((platform) => formatBytes(platform.size))]),
    row([
      'Compressed',
      ...cells((platform) => (platform.compressedSize === undefined ? '–' : formatBytes(platform.compressedSize))),
    ]),
    row(['Layers', ...cells((platform) => String(platform.layers))]),
    row(['Vulnerabilities', ...cells((platform) => countsText(platform.vulnerabilities))]),
    row(['All findings', ...cells((platform) => countsText(platform.counts))]),
    row(['Reports', ...cells((platform) => codeSpan(`${platform.reportDir}/`))]),
  ].join('\n');
}

/** `2 critical, 4 medium`, or `none`. */
export function countsText(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map(
    (severity) => `${counts[severity]} ${severity}`,
  );
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** ` · on linux/arm64` after a finding's location, when the run gated several platforms. */
export function platformsSuffix(finding: Pick<Finding, 'platforms'>): string {
  if (!finding.platforms || finding.platforms.length === 0) return '';
  return ` · on ${finding.platforms.map((platform) => codeSpan(platform)).join(', ')}`;
}
