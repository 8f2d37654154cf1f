import { fingerprintOf, type Finding } from '../model/findings.js';
import { decideVerdict } from '../policy/gate.js';
import { checkedLabel, type RunResult } from './run-result.js';
import { codeSpan, truncate } from '../util/markdown-escape.js';
import { escapeGitLabInline, gitlabInlineFromMarkdown } from './gitlab-markdown.js';
import { policyChangesSection } from './markdown-policy-changes.js';
import { platformsSection } from './markdown-platforms.js';
import { byRelevance } from './scan-findings.js';
import { linked, NO_LINKS, type ReportLinks } from './links.js';
import { budgetsTable } from './markdown-budgets.js';
import { blockingFindings } from './blocking.js';
import { findingsTable, nextStepsPart } from './markdown-blocking.js';
import { nextSteps } from './next-steps.js';
import { severityCountsLine } from './severity-counts.js';

/**
 * The body of imagegate's merge-request note on GitLab: verdict, thresholds, counts and the findings that matter
 * most, with a hidden marker per image so the next pipeline finds the note and edits it instead of adding one.
 * Untrusted text (messages, rule ids, paths, references) goes through escapeGitLabInline or a code span, and
 * never starts a line, so it can neither render HTML, link, mention, reference, nor run a quick action.
 */

export interface GitLabNoteOptions {
  /** What tells this image's note from other images' notes on the same MR: the run's SARIF category. */
  noteKey: string;
  toolVersion: string;
  /** Rows of the findings table (default 10). */
  maxRows?: number;
  /** The job's page (CI_JOB_URL), linked when it is an http(s) URL. */
  jobUrl?: string;
  /** The commit the pipeline ran for (CI_COMMIT_SHORT_SHA). */
  commit?: string;
  /** Where rule ids, locations, the run and its artifact link to (default: nowhere, plain text). */
  links?: ReportLinks;
}

/** The hidden line that identifies imagegate's note for one image; a hash, so no text of the key can break it. */
export function gitlabNoteMarker(noteKey: string): string {
  return `<!-- imagegate:mr-note ${fingerprintOf('gitlab-mr-note', noteKey)} -->`;
}

const MAX_CELL = 200;
/** GitLab refuses notes over 1,000,000 characters; imagegate's stays far below, this is the last guard. */
const MAX_NOTE = 60_000;

export function toGitLabNote(result: RunResult, options: GitLabNoteOptions): string {
  const maxRows = options.maxRows ?? 10;
  // GitLab turns more into references than GitHub: every untrusted value through escapeGitLabInline, and an `md`
  // message's Markdown with GitLab's references broken outside code spans.
  const gitlabBlocking = {
    links: options.links ?? NO_LINKS,
    escape: escapeGitLabInline,
    message: (finding: Finding, maxLength: number) => messageCellForGitLab(finding, maxLength),
    cell: MAX_CELL,
    rest: 'the job artifacts have all of them in `imagegate.json`',
  };
  const active = result.findings.filter((finding) => !finding.suppressedBy);
  const blocking = (finding: Finding) => decideVerdict([finding], result.failOn, result.familyFailOn) === 'fail';
  // Blocking findings first, then by severity, suppression and CVSS; a stable sort keeps the checks' order.
  const ordered = [...active].sort((a, b) => Number(blocking(b)) - Number(blocking(a)) || byRelevance(a, b));
  const image = checkedLabel(result);
  const icon = result.verdict === 'pass' ? '✅' : '❌';
  const lines = [
    gitlabNoteMarker(options.noteKey),
    `### ${icon} imagegate ${result.verdict === 'pass' ? 'passed' : 'failed'}: ${codeSpan(image, { maxLength: 200 }) || 'image'}`,
    '',
    `**Gate:** ${thresholds(result)} · **Findings:** ${counts(result)}`,
    '',
  ];
  const policyChanges = policyChangesSection(result, { escape: escapeGitLabInline, maxRelaxations: 25 });
  if (policyChanges) lines.push(policyChanges, '');
  if (ordered.length === 0) {
    lines.push('No findings.');
  } else {
    lines.push(findingsTable(ordered.slice(0, maxRows), gitlabBlocking, blocking));
    const more = ordered.length - Math.min(ordered.length, maxRows);
    if (more > 0) {
      lines.push(
        '',
        `… and ${more} more: the pipeline's test report, Code Quality and security widgets list them all, and ` +
          '`imagegate.json` in the job artifacts has every detail.',
      );
    }
    lines.push('', '🚫 blocks the gate; other findings are below its threshold.');
    const blockers = blockingFindings(result);
    if (blockers.length > 0) lines.push('', nextStepsPart(nextSteps(result, blockers), gitlabBlocking));
  }
  // Several platforms gated: a column each (platform names are code spans, which GitLab turns into no reference).
  const platforms = platformsSection(result.platforms, '####');
  if (platforms) lines.push('', platforms);
  const budgets = budgetsTable(result.budgets ?? []);
  if (budgets) lines.push('', budgets);
  lines.push('', footer(options));
  const note = lines.join('\n');
  return note.length > MAX_NOTE ? `${truncate(note, MAX_NOTE - 2)}\n` : `${note}\n`;
}

/** imagegate's own Markdown when the check wrote it with md, whole; else the text escaped and cut. */
function messageCellForGitLab(finding: Finding, maxLength: number): string {
  return finding.messageMarkdown !== undefined
    ? gitlabInlineFromMarkdown(finding.messageMarkdown)
    : escapeGitLabInline(finding.message, { maxLength });
}

function thresholds(result: RunResult): string {
  const families = Object.entries(result.familyFailOn)
    .filter(([, threshold]) => threshold !== undefined)
    .map(([family, threshold]) => `${family}: ${codeSpan(String(threshold))}`);
  return `fail-on ${codeSpan(result.failOn)}${families.length > 0 ? ` (${families.join(', ')})` : ''}`;
}

function counts(result: RunResult): string {
  const parts = [severityCountsLine(result.findings, result.counts)];
  const byVex = result.findings.filter((finding) => finding.suppressedBy?.by === 'vex').length;
  const byAllowlist = result.suppressedCount - byVex;
  if (byAllowlist > 0) parts.push(`${byAllowlist} accepted by the allowlist`);
  if (byVex > 0) parts.push(`${byVex} suppressed by VEX`);
  return parts.join(' · ');
}

function footer(options: GitLabNoteOptions): string {
  const parts = [`imagegate ${codeSpan(options.toolVersion, { maxLength: 40 })}`];
  const commit = options.commit?.trim();
  if (commit) parts.push(`commit ${codeSpan(commit, { maxLength: 40 })}`);
  const url = jobUrl(options.jobUrl);
  if (url) parts.push(`[job log](${url})`);
  else if (options.links?.run) parts.push(linked('job log', options.links.run));
  if (options.links?.artifact) parts.push(linked('artifacts', options.links.artifact));
  return `_${parts.join(' · ')}_`;
}

/** Only a plain http(s) URL is linked; it comes from the runner's environment, but costs nothing to check. */
function jobUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return /[\s()<>]/.test(url.href) ? undefined : url.href;
  } catch {
    return undefined;
  }
}
