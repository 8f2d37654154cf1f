import { existsSync } from 'node:fs';
import path from 'node:path';
import { publishToGitLab, type GitLabPublishContext } from '../../src/gitlab/publish-gitlab.js';
import { gitlabNoteMarker } from '../../src/report/gitlab-note.js';
import type { RunResult } from '../../src/report/run-result.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { scannedResult } from '../report/scan-fixtures.js';
import { tempDir } from '../support/temp.js';
import { addNote, MR_IID, PROJECT_ID, startFakeGitLab, TOKEN, type FakeGitLab } from './fake-gitlab.js';
import { noRedaction } from '../../src/util/redact.js';

const root = await tempDir('imagegate-gitlab-note-');
const CATEGORY = 'imagegate/image/docker.io/acme/api';
let fake: FakeGitLab;
let delays: number[];
let run = 0;

beforeEach(async () => {
  fake = await startFakeGitLab();
  delays = [];
});
afterEach(async () => {
  await fake.close();
});

function environment(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GITLAB_CI: 'true',
    CI_API_V4_URL: fake.apiUrl,
    CI_PROJECT_ID: PROJECT_ID,
    CI_MERGE_REQUEST_IID: MR_IID,
    CI_JOB_TOKEN: 'job-token-cannot-write-notes',
    CI_JOB_URL: 'https://gitlab.example.com/acme/api/-/jobs/99',
    CI_COMMIT_SHORT_SHA: 'abc1234',
    IMAGEGATE_GITLAB_TOKEN: TOKEN,
    ...overrides,
  };
}

async function publish(
  env: Record<string, string | undefined>,
  options: { result?: RunResult; category?: string; logger?: MemoryLogger } = {},
) {
  const logger = options.logger ?? new MemoryLogger();
  const context: GitLabPublishContext = {
    env,
    logger,
    redactor: noRedaction(),
    toolVersion: '0.1.0',
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
  run += 1;
  const outDir = path.join(root, `run-${run}`);
  const outcome = await publishToGitLab(
    { result: options.result ?? scannedResult(), category: options.category ?? CATEGORY },
    outDir,
    context,
  );
  return { ...outcome, logger, outDir };
}

const noteRequests = () => fake.requests.filter((request) => request.path.includes('/notes'));

describe('sticky MR note', () => {
  test('created on the first pipeline, edited in place on the next; one note per image', async () => {
    const first = await publish(environment());
    expect(first.note).toEqual({ action: 'created', noteId: expect.any(Number) });
    const failing = scannedResult({ verdict: 'pass' });
    const second = await publish(environment(), { result: failing });
    expect(second.note).toEqual({ action: 'updated', noteId: (first.note as { noteId: number }).noteId });
    expect(fake.notes).toHaveLength(1);
    expect(fake.notes[0]?.body).toContain(gitlabNoteMarker(CATEGORY));
    expect(fake.notes[0]?.body).toMatch(/^### ✅ imagegate passed/m);

    const other = await publish(environment(), { category: 'imagegate/image/docker.io/acme/worker' });
    expect(other.note).toMatchObject({ action: 'created' });
    expect(fake.notes).toHaveLength(2);

    const methods = noteRequests().map((request) => `${request.method} ${request.path}`);
    const notesPath = `/projects/${PROJECT_ID}/merge_requests/${MR_IID}/notes`;
    expect(methods).toEqual([
      `GET ${notesPath}`,
      `POST ${notesPath}`,
      `GET ${notesPath}`,
      `PUT ${notesPath}/${(first.note as { noteId: number }).noteId}`,
      `GET ${notesPath}`,
      `POST ${notesPath}`,
    ]);
    for (const request of fake.requests) {
      expect(request.headers['private-token']).toBe(TOKEN);
      expect(request.headers['user-agent']).toBe('imagegate/0.1.0');
    }
    const post = noteRequests().find((request) => request.method === 'POST');
    expect(post?.headers['content-type']).toBe('application/json');
    expect((post?.body as { body: string }).body).toMatch(
      /^<!-- imagegate:mr-note [0-9a-f]{32} -->\n### ❌ imagegate failed/,
    );
  });

  test('the reports are written before the note, and the token never reaches the log', async () => {
    const seen: boolean[] = [];
    fake.onRequest = () => seen.push(existsSync(path.join(root, `run-${run}`, 'imagegate-junit.xml')));
    const { reports, logger } = await publish(environment());
    expect(existsSync(reports.junit) && existsSync(reports.codeQuality)).toBe(true);
    expect(reports.containerScanning && existsSync(reports.containerScanning)).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(Boolean)).toBe(true);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
    expect(logger.lines).toContainEqual(expect.stringMatching(/^MR note created on !17 \(note \d+\)$/));
  });

  test('finds its note on a later page among many others', async () => {
    const ours = addNote(fake, {
      body: `${gitlabNoteMarker(CATEGORY)}\nold content`,
      author: { id: 7, username: 'project_4242_bot' },
      updated_at: '2026-01-01T00:00:00.000Z',
    });
    for (let index = 0; index < 150; index += 1) {
      addNote(fake, {
        body: `review comment ${index}`,
        updated_at: `2026-11-02T00:00:${String(index % 60).padStart(2, '0')}.${index}Z`,
      });
    }
    const { note } = await publish(environment());
    expect(note).toEqual({ action: 'updated', noteId: ours.id });
    const pages = noteRequests()
      .filter((request) => request.method === 'GET')
      .map((request) => request.query.page);
    expect(pages).toEqual(['1', '2']);
    expect(fake.notes).toHaveLength(151);
  });

  test("someone else's note that copies the marker is left alone", async () => {
    const copied = addNote(fake, { body: `${gitlabNoteMarker(CATEGORY)} copied by a reviewer` });
    const { note } = await publish(environment());
    expect(note).toMatchObject({ action: 'created' });
    expect(copied.body).toContain('copied by a reviewer');
    expect(fake.requests.some((request) => request.method === 'PUT')).toBe(false);
  });

  test('when GitLab will not name the token user, an uneditable marked note is replaced by a new one', async () => {
    fake.user = undefined;
    const copied = addNote(fake, { body: `${gitlabNoteMarker(CATEGORY)} copied by a reviewer` });
    const { note } = await publish(environment());
    expect(note).toMatchObject({ action: 'created' });
    expect(fake.requests.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual([
      expect.stringMatching(new RegExp(`/notes/${copied.id}$`)),
    ]);
    expect(copied.body).toContain('copied by a reviewer');
  });

  test('429 and 5xx are retried with backoff, honouring Retry-After; a dropped connection too', async () => {
    fake.failures.push(
      { match: 'GET /projects', status: 429, headers: { 'retry-after': '3' } },
      { match: 'GET /projects', status: 502 },
      { match: 'POST /projects', status: 'drop' },
      { match: 'POST /projects', status: 503 },
    );
    const { note } = await publish(environment());
    expect(note).toMatchObject({ action: 'created' });
    expect(delays).toEqual([3000, 2000, 1000, 2000]);
    expect(fake.notes).toHaveLength(1);
  });

  test('a server that keeps failing gives a warning after four attempts; the reports stay', async () => {
    for (let index = 0; index < 10; index += 1) fake.failures.push({ match: 'GET /projects', status: 500 });
    const { note, logger, reports } = await publish(environment());
    expect(note).toEqual({ action: 'failed', reason: expect.stringContaining('HTTP 500') });
    expect(noteRequests()).toHaveLength(4);
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(
        /^warning: could not write the MR note: GET .*notes: HTTP 500: 500 injected \(after 4 attempts\)/,
      ),
    );
    expect(existsSync(reports.junit)).toBe(true);
  });

  test('a Retry-After longer than the cap is not waited for', async () => {
    fake.failures.push({ match: 'GET /projects', status: 429, headers: { 'retry-after': '3600' } });
    const { note } = await publish(environment());
    expect(note).toMatchObject({ action: 'failed', reason: expect.stringContaining('HTTP 429') });
    expect(delays).toEqual([]);
  });

  test('401 and 403 are warnings that say what the token needs, without retries', async () => {
    const rejected = await publish(environment({ IMAGEGATE_GITLAB_TOKEN: 'glpat-wrong' }));
    expect(rejected.note).toMatchObject({ action: 'failed', reason: expect.stringContaining('HTTP 401') });
    expect(rejected.logger.lines.join('\n')).toContain('IMAGEGATE_GITLAB_TOKEN was rejected');
    expect(rejected.logger.lines.join('\n')).not.toContain('glpat-wrong');
    fake.failures.push({ match: 'POST /projects', status: 403, body: { message: '403 Forbidden' } });
    const forbidden = await publish(environment());
    expect(forbidden.note).toMatchObject({ action: 'failed' });
    expect(forbidden.logger.lines.join('\n')).toContain('needs the api scope');
    expect(delays).toEqual([]);
  });

  test('only CI_JOB_TOKEN: skipped, saying it cannot write notes; no request is made', async () => {
    const { note, logger } = await publish(environment({ IMAGEGATE_GITLAB_TOKEN: undefined }));
    expect(note).toEqual({
      action: 'skipped',
      reason: expect.stringContaining('CI_JOB_TOKEN cannot write merge request notes'),
    });
    expect(logger.lines).toContainEqual(
      expect.stringContaining('set IMAGEGATE_GITLAB_TOKEN to a project or group access token with the api scope'),
    );
    expect(fake.requests).toEqual([]);
  });

  test('not a merge request pipeline: skipped quietly', async () => {
    const { note, logger } = await publish(environment({ CI_MERGE_REQUEST_IID: undefined }));
    expect(note).toMatchObject({ action: 'skipped' });
    expect(logger.lines.filter((line) => !line.startsWith('debug:') && line.includes('MR note'))).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});

describe('report files', () => {
  test('no scan: no container-scanning report, and a stale one from an earlier run is removed', async () => {
    const withScan = await publish(environment({ CI_MERGE_REQUEST_IID: undefined }));
    expect(withScan.reports.containerScanning).toBeDefined();
    const { scan: _scan, ...withoutScan } = scannedResult();
    const logger = new MemoryLogger();
    const second = await publishToGitLab({ result: withoutScan, category: CATEGORY }, withScan.outDir, {
      env: {},
      logger,
      redactor: noRedaction(),
      toolVersion: '0.1.0',
    });
    expect(second.reports.containerScanning).toBeUndefined();
    expect(existsSync(path.join(withScan.outDir, 'gl-container-scanning-report.json'))).toBe(false);
    expect(logger.lines).toContain('no container-scanning report: no vulnerability scan ran');
  });
});
