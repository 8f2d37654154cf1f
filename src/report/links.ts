import type { SourceLocation } from '../model/findings.js';

/**
 * Where a report may link. Every href is built from trusted parts only (the server URL, repository and commit the
 * CI runner names, imagegate's own docs) plus an escaped path; nothing from a finding, an image or a scanner becomes
 * an href here. Renderers take a ReportLinks and link what it answers; `NO_LINKS` keeps plain text (the local
 * `summary.md`, tests).
 *
 * Built by the publishers from their runner's environment: GitHub (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, the
 * PR head SHA, `GITHUB_RUN_ID`) and GitLab (`CI_PROJECT_URL`, `CI_COMMIT_SHA`, `CI_JOB_URL`).
 */
export interface ReportLinks {
  /** The documentation of a rule (`size/max`, `compose/writable-bind-mount`, `vuln/<id>` → its family's page). */
  rule(ruleId: string): string | undefined;
  /** A file of the repository at the commit under test, at the line. */
  source(location: SourceLocation): string | undefined;
  /** The CI run (GitHub workflow run, GitLab job). */
  run?: string;
  /** Where the run's report files can be downloaded. */
  artifact?: string;
  /** The full report (the job summary) when the text being rendered is shorter than it (a PR comment). */
  summary?: string;
}

export const NO_LINKS: ReportLinks = {
  rule: () => undefined,
  source: () => undefined,
};

/** `[label](href)` when there is an href; the label alone otherwise. The label must already be Markdown. */
export function linked(label: string, href: string | undefined): string {
  return href === undefined ? label : `[${label}](<${href}>)`;
}
