import * as core from '@actions/core';
import { bySeverity, SEVERITIES, type Finding } from '../model/findings.js';
import type { PipelineOutcome } from '../report/run-result.js';
import type { Redactor } from '../util/redact.js';
import { VERSION } from '../version.js';
import type { ActionsLogger } from './actions-logger.js';
import { COMMENT_LIMIT, commentMarker, renderBody, SUMMARY_LIMIT, type BodyInput } from '../github/comment-body.js';
import {
  forkSkipReason,
  makeClient,
  publishPullRequestComment,
  publishSarifToCodeScanning,
  type GitHubPublishing,
} from '../github/publish-github.js';
import { gitHubReportLinks } from '../github/report-links.js';
import { submitDependencySnapshot } from '../github/submit-snapshot.js';

/** GitHub shows 10 error and 10 warning annotations per step; code scanning and the summary carry the rest. */
const ANNOTATIONS_PER_LEVEL = 10;

/** Events whose runs get the sticky PR comment. */
const COMMENT_EVENTS = new Set(['pull_request', 'pull_request_target']);

export interface PublishOptions {
  annotations: boolean;
  jobSummary: boolean;
  upload: boolean;
  comment: boolean;
  /** The GitHub API side; undefined when the step does not run in a GitHub Actions workflow. */
  github?: GitHubPublishing;
  logger: ActionsLogger;
  /** The run's Redactor: outputs, the comment, the summary and annotations go through it. */
  redactor: Redactor;
  /** The runner's environment, for the reports' links (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Submit the image's packages to GitHub's dependency graph (input `dependency-snapshot`; default false). */
  dependencySnapshot?: boolean;
}

export interface PublishReport {
  /** Publishing failures that fail the step (exit 3 unless the gate failed); already logged as errors. */
  failures: string[];
}

/**
 * Everything the Action publishes, in an order that loses nothing when a later part fails: outputs first, then the
 * code-scanning upload and the PR comment, then the job summary (the comment's content, with what publishing had
 * to say), then annotations for the most severe findings within what GitHub shows per step.
 */
export async function publishToActions(outcome: PipelineOutcome, options: PublishOptions): Promise<PublishReport> {
  const { result, reports } = outcome;
  const { logger, github, redactor } = options;
  // Everything below leaves the process (outputs, request bodies, the summary, annotations): redacted on the way.
  const redact = (text: string) => redactor.redact(text);
  const setOutput = (name: string, value: string) => core.setOutput(name, redact(value));
  setOutput('verdict', result.verdict);
  setOutput('sarif-file', reports.sarif);
  setOutput('report-json', reports.json);
  setOutput('summary-file', reports.summary);
  // A compose-only run has no image: its image outputs stay empty rather than describe a placeholder.
  if (!result.composeOnly) {
    setOutput('image-id', result.image.id);
    setOutput('image-digest', result.image.digest ?? result.image.id);
    setOutput('image-size', String(result.image.size));
    setOutput('layer-count', String(result.image.layers.length));
  }
  setOutput('category', outcome.category);
  for (const severity of SEVERITIES) setOutput(`findings-${severity}`, String(result.counts[severity]));
  setOutput('vex-file', outcome.vexFile ?? '');

  const failures: string[] = [];
  const notes: string[] = [];
  const pr = github?.context.pullRequest;
  const wantsComment = options.comment && pr !== undefined && COMMENT_EVENTS.has(github?.context.eventName ?? '');
  const wantsUpload = options.upload;
  const forked = github ? forkSkipReason(github.context) : undefined;
  if (!github && (wantsUpload || options.comment)) {
    logger.warning(
      'code-scanning upload and PR comment skipped: not running in a GitHub Actions workflow (GITHUB_REPOSITORY ' +
        'and GITHUB_EVENT_NAME are not set)',
    );
  } else if (github && forked && (wantsUpload || wantsComment)) {
    const skipped = [wantsUpload ? 'code-scanning upload' : '', wantsComment ? 'PR comment' : '']
      .filter(Boolean)
      .join(' and ');
    logger.warning(`${skipped} skipped: ${forked}; the gate still decides, and the job summary has the report`);
    notes.push(`> ⚠️ ${capitalize(skipped)} skipped: ${forked}. The gate still decided.`);
  } else if (github && !github.token && (wantsUpload || wantsComment)) {
    logger.warning(`code-scanning upload and PR comment skipped: the input github-token is empty`);
  }
  const wantsSnapshot = options.dependencySnapshot === true;
  if (wantsSnapshot && !github) {
    logger.warning('dependency snapshot skipped: not running in a GitHub Actions workflow');
  } else if (wantsSnapshot && forked) {
    // A notice, not a warning: a fork's read-only token is expected, and the base branch's runs submit.
    core.notice(redact(`dependency snapshot skipped: ${forked}`));
    notes.push(`> ℹ️ Dependency snapshot skipped: ${forked}.`);
  } else if (wantsSnapshot && github && !github.token) {
    logger.warning('dependency snapshot skipped: the input github-token is empty');
  }
  const canWrite = github !== undefined && forked === undefined && github.token !== '';
  const client = canWrite ? makeClient(github, logger) : undefined;
  try {
    let sarifIds: string[] = [];
    if (client && github && wantsUpload) {
      const sarif = await publishSarifToCodeScanning(outcome, github, client, logger);
      sarifIds = sarif.ids;
      notes.push(...sarif.notes);
      if (sarif.failure) failures.push(sarif.failure);
    }
    setOutput('sarif-id', sarifIds.join(','));

    if (client && github && wantsSnapshot) {
      const submitted = await submitDependencySnapshot(outcome, github, client, logger, options.env ?? process.env);
      notes.push(...submitted.notes);
      if (submitted.failure) failures.push(submitted.failure);
    }

    // Links from the runner's trusted parts only; the job summary is the run's page, so it does not link to itself.
    const links = gitHubReportLinks(options.env ?? process.env, github?.context);
    const { rule, source, run, artifact } = links;
    const summaryLinks = { rule, source, ...(run ? { run } : {}), ...(artifact ? { artifact } : {}) };
    const body: BodyInput = {
      result,
      category: outcome.category,
      notes,
      toolVersion: VERSION,
      ...(pr ? { commit: pr.headSha } : github ? { commit: github.context.sha } : {}),
      links: summaryLinks,
    };
    let commentUrl = '';
    if (client && github && wantsComment) {
      const rendered = renderBody({ ...body, links }, COMMENT_LIMIT);
      if (rendered.truncated) logger.info('the PR comment was shortened to fit GitHub’s 65,536-character limit');
      const posted = await publishPullRequestComment(
        github,
        client,
        // The marker as the redacted body carries it, so the comment is found again.
        { marker: redact(commentMarker(outcome.category)), body: redact(rendered.body) },
        logger,
      );
      commentUrl = posted.url ?? '';
      notes.push(...posted.notes);
      if (posted.failure) failures.push(posted.failure);
    }
    setOutput('comment-url', commentUrl);

    if (options.jobSummary) {
      await core.summary.addRaw(redact(renderBody({ ...body, notes }, SUMMARY_LIMIT).body), true).write();
    }
  } finally {
    client?.dispose();
  }
  if (options.annotations) {
    const willFail = result.verdict === 'fail' || failures.length > 0;
    annotate(
      result.findings,
      {
        // The step's own failure message is one more error annotation.
        errors: ANNOTATIONS_PER_LEVEL - logger.annotationCounts.error - (willFail ? 1 : 0),
        warnings: ANNOTATIONS_PER_LEVEL - logger.annotationCounts.warning,
      },
      redact,
    );
  }
  return { failures };
}

/** The most severe active findings as annotations, within what GitHub still shows for this step. */
function annotate(
  findings: readonly Finding[],
  budget: { errors: number; warnings: number },
  redact: (text: string) => string,
): void {
  const active = findings.filter((finding) => !finding.suppressedBy).sort(bySeverity);
  const errors = active.filter((f) => f.severity === 'critical' || f.severity === 'high');
  const warnings = active.filter((f) => f.severity === 'medium' || f.severity === 'low');
  for (const finding of errors.slice(0, Math.max(0, budget.errors))) {
    core.error(redact(finding.message), properties(finding, redact));
  }
  for (const finding of warnings.slice(0, Math.max(0, budget.warnings))) {
    core.warning(redact(finding.message), properties(finding, redact));
  }
}

function properties(finding: Finding, redact: (text: string) => string): core.AnnotationProperties {
  const title = `imagegate ${finding.ruleId} (${finding.severity})`;
  if (finding.location.kind !== 'source') return { title };
  return {
    title,
    file: redact(finding.location.path),
    startLine: finding.location.line,
    ...(finding.location.column ? { startColumn: finding.location.column } : {}),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
