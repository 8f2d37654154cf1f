import { activeShards } from './plan.js';
import type { RescanPlan } from './types.js';

/** Past this many rows the table stops: plan.json has every scan, the summary is for people. */
const MAX_ROWS = 100;

/**
 * `DIR/plan-summary.md`: the plan for people (a job summary, an MR comment): the counts, the shards, what is scanned
 * and what was skipped and why, and the rules that selected nothing.
 */
export function planSummary(plan: RescanPlan, warnings: readonly string[]): string {
  const { counts } = plan;
  const shards = activeShards(plan);
  const lines = [
    `## imagegate rescan plan for ${plan.registry}`,
    '',
    `toScan=${counts.toScan} shards=${shards}`,
    '',
    '| repositories | selected tags | distinct digests | to scan | unchanged | shards |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${counts.repositories} | ${counts.tags} | ${counts.digests} | ${counts.toScan} | ${counts.skipped} | ${shards} |`,
    '',
    plan.trivyDbUpdatedAt !== undefined
      ? `Compared against the Trivy DB of ${plan.trivyDbUpdatedAt}: a digest the ledger scanned with that DB is skipped.`
      : 'The current Trivy DB is unknown: a digest the ledger scanned less than 24 h ago is skipped.',
    '',
  ];
  if (shards === 0) {
    lines.push('Nothing to scan: a workflow must not start the matrix job (GitHub rejects an empty matrix).', '');
  }
  if (plan.scans.length > 0) {
    lines.push('### To scan', '', '| shard | reference | tags | also in |', '| --- | --- | --- | --- |');
    plan.scans.slice(0, MAX_ROWS).forEach((scan, index) => {
      const also = (scan.alsoIn ?? []).map((other) => `${other.repository} (${other.tags.join(', ')})`).join('; ');
      lines.push(
        `| ${(index % plan.shards) + 1}/${shards} | \`${scan.reference}\` | ${cell(scan.tags.join(', '))} | ${cell(also)} |`,
      );
    });
    if (plan.scans.length > MAX_ROWS) lines.push('', `… and ${plan.scans.length - MAX_ROWS} more in plan.json.`);
    lines.push('');
  }
  if (plan.skipped.length > 0) {
    lines.push(
      '### Unchanged since the ledger',
      '',
      '| repository | digest | tags | why |',
      '| --- | --- | --- | --- |',
    );
    for (const skipped of plan.skipped.slice(0, MAX_ROWS)) {
      lines.push(
        `| ${skipped.repository} | \`${skipped.digest.slice(0, 19)}…\` | ${cell(skipped.tags.join(', '))} | ${cell(skipped.detail ?? skipped.reason)} |`,
      );
    }
    if (plan.skipped.length > MAX_ROWS) lines.push('', `… and ${plan.skipped.length - MAX_ROWS} more in plan.json.`);
    lines.push('');
  }
  if (warnings.length > 0) {
    lines.push('### Rules that selected nothing', '', ...warnings.map((warning) => `- ${warning}`), '');
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|') || ' ';
}
