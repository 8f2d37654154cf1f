import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { bySeverity, SEVERITIES, type Finding } from '../findings.js';
import type { PipelineOutcome } from '../pipeline.js';

/** GitHub allows 10 error and 10 warning annotations per step; code scanning and the summary carry the rest. */
const ANNOTATIONS_PER_LEVEL = 10;

export interface PublishOptions {
  annotations: boolean;
  jobSummary: boolean;
}

/** Outputs, job summary and annotations for one run. Report files are already on disk when this runs. */
export async function publishToActions(outcome: PipelineOutcome, options: PublishOptions): Promise<void> {
  const { result, reports } = outcome;
  core.setOutput('verdict', result.verdict);
  core.setOutput('sarif-file', reports.sarif);
  core.setOutput('report-json', reports.json);
  core.setOutput('summary-file', reports.summary);
  core.setOutput('image-id', result.image.id);
  core.setOutput('image-digest', result.image.digest ?? result.image.id);
  core.setOutput('image-size', String(result.image.size));
  core.setOutput('layer-count', String(result.image.layers.length));
  core.setOutput('category', outcome.category);
  for (const severity of SEVERITIES) core.setOutput(`findings-${severity}`, String(result.counts[severity]));

  if (options.jobSummary) {
    await core.summary.addRaw(await readFile(reports.summary, 'utf8'), true).write();
  }
  if (options.annotations) annotate(result.findings);
}

function annotate(findings: readonly Finding[]): void {
  const active = findings.filter((finding) => !finding.suppressedBy).sort(bySeverity);
  const errors = active.filter((f) => f.severity === 'critical' || f.severity === 'high');
  const warnings = active.filter((f) => f.severity === 'medium' || f.severity === 'low');
  for (const finding of errors.slice(0, ANNOTATIONS_PER_LEVEL)) core.error(finding.message, properties(finding));
  for (const finding of warnings.slice(0, ANNOTATIONS_PER_LEVEL)) core.warning(finding.message, properties(finding));
}

function properties(finding: Finding): core.AnnotationProperties {
  const title = `imagegate ${finding.ruleId} (${finding.severity})`;
  if (finding.location.kind !== 'source') return { title };
  return {
    title,
    file: finding.location.path,
    startLine: finding.location.line,
    ...(finding.location.column ? { startColumn: finding.location.column } : {}),
  };
}
