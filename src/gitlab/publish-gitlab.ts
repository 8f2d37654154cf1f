import { gitlabNoteMarker, toGitLabNote } from '../report/gitlab-note.js';
import type { RunResult } from '../report/run-result.js';
import { ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';
import { GitLabApiError, GitLabClient, type RetrySettings } from './gitlab-client.js';
import { upsertMergeRequestNote, type NoteResult } from './mr-note.js';
import { writeGitLabReports, type GitLabReportPaths } from './write-gitlab-reports.js';
import { gitLabReportLinks } from './report-links.js';

/**
 * The GitLab publisher (`imagegate check --gitlab`): the report files GitLab's widgets read, then, in a merge
 * request pipeline with a token, the sticky MR note. The files come first and a failing note is a warning: the
 * gate's verdict and the reports never depend on GitLab's API. A server that answers as no GitLab would (a refused
 * redirect, a body past the cap or cut, past the deadline, not JSON) is a ToolError (exit 3), after the reports.
 */

/** The variable that holds a project or group access token (scope `api`) for the MR note. */
export const GITLAB_TOKEN_VARIABLE = 'IMAGEGATE_GITLAB_TOKEN';

export interface GitLabPublishContext {
  /** The job's environment (GitLab's predefined variables and the token). */
  env: Record<string, string | undefined>;
  logger: Logger;
  /** The run's Redactor: the report files and the note's body go through it. */
  redactor: Redactor;
  toolVersion: string;
  /** Tests shorten the API retries. */
  retry?: Partial<RetrySettings>;
  sleep?: (ms: number) => Promise<void>;
  /** Tests shorten the per-request deadline. */
  timeoutMs?: number;
}

export type NoteOutcome = NoteResult | { action: 'skipped' | 'failed'; reason: string };

export interface GitLabPublishOutcome {
  reports: GitLabReportPaths;
  note: NoteOutcome;
}

export async function publishToGitLab(
  run: { result: RunResult; category: string },
  outDir: string,
  context: GitLabPublishContext,
): Promise<GitLabPublishOutcome> {
  const reports = await writeGitLabReports(run.result, outDir, {
    toolVersion: context.toolVersion,
    redactor: context.redactor,
  });
  const written = [reports.containerScanning, reports.codeQuality, reports.junit].filter(Boolean).join(', ');
  context.logger.info(`GitLab reports: ${written}`);
  if (!reports.containerScanning) {
    context.logger.info('no container-scanning report: no vulnerability scan ran');
  }
  const note = await publishNote(run, context);
  return { reports, note };
}

async function publishNote(
  run: { result: RunResult; category: string },
  context: GitLabPublishContext,
): Promise<NoteOutcome> {
  const { env, logger } = context;
  const settings = noteSettings(env);
  if (settings.kind === 'skip') {
    if (settings.level === 'info') logger.info(`MR note skipped: ${settings.reason}`);
    else logger.debug(`MR note skipped: ${settings.reason}`);
    return { action: 'skipped', reason: settings.reason } as const;
  }
  logger.mask(settings.token);
  const client = new GitLabClient({
    apiUrl: settings.apiUrl,
    token: settings.token,
    userAgent: `imagegate/${context.toolVersion}`,
    ...(context.retry ? { retry: context.retry } : {}),
    ...(context.sleep ? { sleep: context.sleep } : {}),
    ...(context.timeoutMs !== undefined ? { timeoutMs: context.timeoutMs } : {}),
  });
  const { redactor } = context;
  // Redacted here, before the client sees it: the note is read by everyone on the merge request.
  const body = redactor.redact(
    toGitLabNote(run.result, {
      noteKey: run.category,
      toolVersion: context.toolVersion,
      ...(env.CI_JOB_URL ? { jobUrl: env.CI_JOB_URL } : {}),
      ...(env.CI_COMMIT_SHORT_SHA ? { commit: env.CI_COMMIT_SHORT_SHA } : {}),
      links: gitLabReportLinks(env),
    }),
  );
  try {
    const outcome = await upsertMergeRequestNote(
      client,
      { projectId: settings.projectId, mergeRequestIid: settings.mergeRequestIid },
      body,
      // As written into the body, so the note is found again.
      redactor.redact(gitlabNoteMarker(run.category)),
    );
    logger.info(`MR note ${outcome.action} on !${settings.mergeRequestIid} (note ${outcome.noteId})`);
    return outcome;
  } catch (error) {
    if (error instanceof ToolError) throw error;
    const reason = explain(error);
    logger.warning(`could not write the MR note: ${reason}. The reports are written; the gate's verdict stands.`);
    return { action: 'failed', reason } as const;
  }
}

type NoteSettings =
  | { kind: 'skip'; reason: string; level: 'info' | 'debug' }
  | { kind: 'post'; apiUrl: string; projectId: string; mergeRequestIid: string; token: string };

/** Whether this job can write an MR note, from GitLab's predefined variables and the token. */
export function noteSettings(env: Record<string, string | undefined>): NoteSettings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const iid = value('CI_MERGE_REQUEST_IID');
  if (!iid) return { kind: 'skip', level: 'debug', reason: 'not a merge request pipeline (no CI_MERGE_REQUEST_IID)' };
  const token = value(GITLAB_TOKEN_VARIABLE);
  if (!token) {
    const reason = value('CI_JOB_TOKEN')
      ? `CI_JOB_TOKEN cannot write merge request notes; set ${GITLAB_TOKEN_VARIABLE} to a project or group access token with the api scope (a masked CI/CD variable)`
      : `${GITLAB_TOKEN_VARIABLE} is not set (a project or group access token with the api scope)`;
    return { kind: 'skip', level: 'info', reason };
  }
  const apiUrl = value('CI_API_V4_URL');
  const projectId = value('CI_PROJECT_ID');
  if (!apiUrl || !projectId) {
    return { kind: 'skip', level: 'info', reason: 'CI_API_V4_URL or CI_PROJECT_ID is not set' };
  }
  return { kind: 'post', apiUrl, projectId, mergeRequestIid: iid, token };
}

function explain(error: unknown): string {
  if (error instanceof GitLabApiError) {
    if (error.status === 401) return `${error.message} (${GITLAB_TOKEN_VARIABLE} was rejected: expired or revoked?)`;
    if (error.status === 403) {
      return `${error.message} (${GITLAB_TOKEN_VARIABLE} needs the api scope and a role that may comment, Reporter or higher)`;
    }
    if (error.status === 404) {
      return `${error.message} (the token cannot see this project or merge request)`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
