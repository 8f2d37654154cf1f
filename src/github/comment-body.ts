import { policyChangesSection } from '../report/markdown-policy-changes.js';
import { baselineSection } from '../report/markdown-baseline.js';
import { codeSpan, elideMiddle, escapeInline } from '../util/markdown-escape.js';
import { toMarkdownSummary } from '../report/markdown.js';
import { checkedLabel, type RuleFamily, type RunResult } from '../report/run-result.js';
import { formatBytes } from '../util/units.js';
import { layerChart } from './layer-chart.js';
import { budgetsTable } from '../report/markdown-budgets.js';
import { nounFor } from '../util/plural.js';
import { linked, type ReportLinks } from '../report/links.js';
import { blockingSection } from '../report/markdown-blocking.js';
import { severityCountsLine } from '../report/severity-counts.js';
import { platformsSection } from '../report/markdown-platforms.js';

/**
 * The PR comment and the job summary (one body, so both say the same): the verdict, what changed since the
 * baseline, the size and layer deltas with a chart of layer sizes, what publishing had to say, and the full
 * summary collapsed in <details>. A hidden marker names the image's category, so the comment for an image is
 * found again and edited instead of piling up. All text from images, scanners and findings goes through
 * markdown-escape (no mentions, raw HTML or links from advisory text). GitHub refuses comments over 65,536
 * characters: the body is rendered with fewer table rows until it fits, then without the full summary, and at
 * last cut, always saying what was left out.
 */

/** GitHub's limit for an issue or PR comment body, in characters. */
export const COMMENT_MAX_CHARACTERS = 65_536;
/** GitHub shows a job summary up to 1 MiB; kept a little under it, in UTF-8 bytes. */
export const SUMMARY_MAX_BYTES = 1_000_000;

export interface BodyInput {
  result: RunResult;
  category: string;
  /** Publishing notes (upload trimmed or skipped, …): already Markdown, escaped by whoever made them. */
  notes: readonly string[];
  /** The commit the body speaks for (the PR head), shown in the footer. */
  commit?: string;
  toolVersion: string;
  /** Where rule ids, locations, the run and its artifact link to (default: nowhere, plain text). */
  links?: ReportLinks;
}

export interface BodyLimit {
  max: number;
  /** How the limit counts: UTF-16 units (≥ characters) for comments, UTF-8 bytes for summaries. */
  measure: (text: string) => number;
}

export const COMMENT_LIMIT: BodyLimit = { max: COMMENT_MAX_CHARACTERS, measure: (text) => text.length };
export const SUMMARY_LIMIT: BodyLimit = { max: SUMMARY_MAX_BYTES, measure: (text) => Buffer.byteLength(text) };

/** The hidden first line that finds an image's comment again. */
export function commentMarker(category: string): string {
  // Nothing that could end the HTML comment or differ between runs of the same category.
  const safe = category.replace(/[^A-Za-z0-9._/:@+-]+/g, '_').replace(/-{2,}/g, '-');
  return `<!-- imagegate:${safe} -->`;
}

interface Detail {
  rows: number;
  summaryRows: { findings: number; layers: number; vulnerabilities: number; baseline: number };
  fullSummary: boolean;
}

/** From everything to little: each step is tried until the body fits. */
const DETAIL_LEVELS: Detail[] = [
  // Every vulnerability, collapsed per package: what the job summary (1 MiB) shows, the full report being exactly
  // summary.md; a comment seldom has room.
  {
    rows: 25,
    summaryRows: { findings: 100, layers: 100, vulnerabilities: Number.POSITIVE_INFINITY, baseline: 25 },
    fullSummary: true,
  },
  { rows: 25, summaryRows: { findings: 100, layers: 100, vulnerabilities: 25, baseline: 25 }, fullSummary: true },
  { rows: 25, summaryRows: { findings: 50, layers: 50, vulnerabilities: 25, baseline: 15 }, fullSummary: true },
  { rows: 15, summaryRows: { findings: 20, layers: 25, vulnerabilities: 15, baseline: 10 }, fullSummary: true },
  { rows: 10, summaryRows: { findings: 10, layers: 10, vulnerabilities: 10, baseline: 5 }, fullSummary: true },
  { rows: 10, summaryRows: { findings: 0, layers: 0, vulnerabilities: 0, baseline: 0 }, fullSummary: false },
  { rows: 5, summaryRows: { findings: 0, layers: 0, vulnerabilities: 0, baseline: 0 }, fullSummary: false },
];

const SHORTENED =
  '> ℹ️ Shortened to fit GitHub’s size limit: some tables list fewer rows. `imagegate.json` (and the job summary) have everything.';
const NO_DETAILS =
  '> ℹ️ The full report did not fit GitHub’s size limit and is left out here: see the job summary and `imagegate.json`.';
const CUT = '> ℹ️ Cut here to fit GitHub’s size limit: see the job summary and `imagegate.json` for the rest.';

export interface RenderedBody {
  body: string;
  /** Whether anything was shortened or left out to fit. */
  truncated: boolean;
}

export function renderBody(input: BodyInput, limit: BodyLimit): RenderedBody {
  const summary = input.links?.summary;
  // Where the rest is: a link to the job summary when the publisher knows its address.
  const pointer = (text: string) =>
    summary ? `${text} [Open the job summary](<${summary}>) for every finding.` : text;
  for (const [index, detail] of DETAIL_LEVELS.entries()) {
    const note = index === 0 ? [] : [pointer(detail.fullSummary ? SHORTENED : NO_DETAILS)];
    const body = compose(input, detail, note);
    if (limit.measure(body) <= limit.max) return { body, truncated: index > 0 };
  }
  return { body: cut(compose(input, DETAIL_LEVELS.at(-1)!, [NO_DETAILS]), limit), truncated: true };
}

function compose(input: BodyInput, detail: Detail, notes: readonly string[]): string {
  const { result } = input;
  const parts = [
    commentMarker(input.category),
    heading(result),
    gateLine(result),
    blockingSection(result, {
      ...(input.links ? { links: input.links } : {}),
      maxRows: Math.min(10, detail.rows),
      rest: input.links?.summary
        ? `the [job summary](<${input.links.summary}>) lists all of them`
        : 'the job summary and `imagegate.json` list all of them',
    }),
    policyChangesSection(result),
    // Several platforms gated: which one failed is the first question, before sizes that are the first platform's.
    platformsSection(result.platforms, '####'),
    ...notes,
    baselinePart(result, detail.rows, input.links),
    sizePart(result, detail.rows),
    ...input.notes,
    detail.fullSummary ? fullSummary(input, detail) : '',
    footer(input),
  ];
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

function heading(result: RunResult): string {
  const verdict = result.verdict === 'pass' ? '✅ imagegate passed' : '❌ imagegate failed';
  // A long reference loses its middle, so the title stays on one line of the comment column (imagegate.json has it).
  return `### ${verdict}: ${codeSpan(elideMiddle(checkedLabel(result), 72))}`;
}

function gateLine(result: RunResult): string {
  const gate =
    result.failOn === 'never'
      ? 'never fails'
      : `fails on \`${result.failOn}\`${result.failOn === 'critical' ? '' : ' or more severe'}`;
  const families = Object.keys(result.familyFailOn).length > 0 ? ' (per-family thresholds in the report)' : '';
  const suppressed = result.suppressedCount > 0 ? ` · ${result.suppressedCount} suppressed` : '';
  return `**Gate:** ${gate}${families} · **Findings:** ${severityCountsLine(result.findings, result.counts)}${suppressed}`;
}

const FAMILY_LABELS: Partial<Record<RuleFamily, string>> = {
  size: 'size',
  layers: 'layers',
  base: 'base image',
  user: 'user',
  vuln: 'vulnerabilities',
  secret: 'secrets',
  license: 'licenses',
  allow: 'allowlist',
  compose: 'compose',
};

function baselinePart(result: RunResult, rows: number, links: ReportLinks | undefined): string {
  if (!result.baseline) return '';
  const section = baselineSection(result.baseline, {
    cell: 200,
    maxRows: rows,
    heading: '####',
    ...(links ? { links } : {}),
  });
  const families = result.baseline.families;
  if (!families) return section;
  const compared = families.map((family) => FAMILY_LABELS[family] ?? family).join(', ');
  const scanned = families.includes('vuln')
    ? ''
    : ' Vulnerabilities are compared only when imagegate runs Trivy on both.';
  return (
    `${section}\n\n_Compared with the baseline image: ${compared} findings. Base-image, compose and allowlist ` +
    `findings depend on the baseline’s own Dockerfile, files and dates, so they are not compared.${scanned}_`
  );
}

function sizePart(result: RunResult, rows: number): string {
  if (result.composeOnly) return '';
  const { image } = result;
  const base = result.baselineImage;
  const parts = ['#### Size and layers'];
  const maxLayerSize = result.budgets?.find((budget) => budget.key === 'layers.maxLayerSize')?.limit;
  if (base) {
    parts.push(
      [
        `Compared with ${codeSpan(base.name, { maxLength: 200 }) || '_the baseline_'}:`,
        '',
        '| | Baseline | This image | Change |',
        '| --- | ---: | ---: | ---: |',
        `| Size | ${formatBytes(base.size)} | ${formatBytes(image.size)} | ${byteDelta(base.size, image.size)} |`,
        ...(base.compressedSize !== undefined && image.compressedSize !== undefined
          ? [
              `| Compressed | ${formatBytes(base.compressedSize)} | ${formatBytes(image.compressedSize)} | ` +
                `${byteDelta(base.compressedSize, image.compressedSize)} |`,
            ]
          : []),
        `| Layers | ${base.layers.length} | ${image.layers.length} | ${countDelta(base.layers.length, image.layers.length)} |`,
      ].join('\n'),
    );
  } else {
    const count = image.layers.length;
    parts.push(
      `**${formatBytes(image.size)}** in **${count}** ${nounFor(count, 'layer')} (no baseline to compare with).`,
    );
  }
  const budgets = budgetsTable(result.budgets ?? []);
  if (budgets) parts.push(budgets);
  const chart = layerChart(image, base, {
    maxRows: Math.max(rows, 10) * 2,
    ...(maxLayerSize ? { maxLayerSize } : {}),
  });
  if (chart) parts.push(chart);
  return parts.join('\n\n');
}

function fullSummary(input: BodyInput, detail: Detail): string {
  const summary = toMarkdownSummary(input.result, {
    sarifCategory: input.category,
    maxFindingRows: detail.summaryRows.findings,
    maxLayerRows: detail.summaryRows.layers,
    maxVulnerabilityRows: detail.summaryRows.vulnerabilities,
    maxBaselineRows: detail.summaryRows.baseline,
    // Under the comment's `###` title: the summary's own title becomes `####`, its sections `#####`.
    headingLevel: 4,
    ...(input.links ? { links: input.links } : {}),
  });
  return `<details><summary>Full report</summary>\n\n${summary.trimEnd()}\n\n</details>`;
}

function footer(input: BodyInput): string {
  const commit = input.commit ? ` · commit ${codeSpan(input.commit.slice(0, 12))}` : '';
  // The run, its artifact and the job summary: hrefs the publisher built from the runner's trusted parts.
  const links = input.links;
  const where = [
    links?.summary ? ` · ${linked('full report', links.summary)}` : '',
    links?.run ? ` · ${linked('workflow run', links.run)}` : '',
    links?.artifact ? ` · ${linked('artifacts', links.artifact)}` : '',
  ].join('');
  return `<sub>imagegate ${escapeInline(input.toolVersion, { maxLength: 40 })}${commit} · category ${codeSpan(input.category, { maxLength: 200 })}${where}</sub>`;
}

/** The body cut at a line boundary so that it fits with the note, any open <details> closed. */
function cut(body: string, limit: BodyLimit): string {
  const lines = body.split('\n');
  const tail = `\n\n${CUT}\n`;
  let kept = '';
  for (const line of lines) {
    const next = kept === '' ? line : `${kept}\n${line}`;
    if (limit.measure(`${next}${closing(next)}${tail}`) > limit.max) break;
    kept = next;
  }
  return `${kept}${closing(kept)}${tail}`;
}

/** Closes a code fence or <details> left open by a cut, so the rest of the page renders as intended. */
function closing(text: string): string {
  const fences = text.match(/^`{3,}/gm) ?? [];
  const open = fences.length % 2 === 1 ? `\n${fences.at(-1)}` : '';
  const details = (text.match(/<details>/g) ?? []).length - (text.match(/<\/details>/g) ?? []).length;
  return open + '\n\n</details>'.repeat(Math.max(0, details));
}

function byteDelta(before: number, after: number): string {
  const difference = after - before;
  if (difference === 0) return '±0';
  const percent =
    before > 0 ? ` (${difference > 0 ? '+' : '−'}${Math.abs((difference / before) * 100).toFixed(1)}%)` : '';
  return `${difference > 0 ? '+' : '−'}${formatBytes(Math.abs(difference))}${percent}`;
}

function countDelta(before: number, after: number): string {
  const difference = after - before;
  return difference === 0 ? '±0' : `${difference > 0 ? '+' : '−'}${Math.abs(difference)}`;
}
