import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sharedFile } from '../support/shared.js';
import { behave, startHostileServer, type HostileServer } from '../support/hostile-server.js';
import { tempDir } from '../support/temp.js';
import { makeActionRunner, TOKEN } from '../github/support/action-runner.js';
import { pushPayload } from '../github/support/payloads.js';

/**
 * The bundled Action against a GitHub API that cuts its answer to the SARIF upload short of its Content-Length
 * (the connection closed mid-body): before, the step ended with exit 13, no message and an empty job summary; it
 * must end with exit 3, a message naming the request, and the summary and reports written.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const work = await tempDir('imagegate-action-hostile-');
const workspace = path.join(work, 'workspace');
await mkdir(workspace, { recursive: true });
await writeFile(path.join(workspace, 'Dockerfile'), 'FROM debian:10\nRUN /tmp/install.sh\nCMD ["/run.sh"]\n');
const runner = await makeActionRunner(work);
const [, node] = runner.runtimes[0]!;

let api: HostileServer;
let other: HostileServer;
beforeEach(async () => {
  api = await startHostileServer(behave.truncate('{"id": "sarif-1", "url"', 4_096));
  other = await startHostileServer(behave.json({ id: 'sarif-2' }, 202));
});
afterEach(async () => {
  await api.close();
  await other.close();
});

test('an upload answer cut mid-body: exit 3 with a message, the job summary and reports still written', async () => {
  const push = pushPayload('refs/heads/main');
  const run = await runner.run(node, 'cut-upload', {
    workspace,
    inputs: { 'trivy-report': corpusReport, dockerfile: 'Dockerfile', 'fail-on': 'never' },
    event: { name: 'push', payload: push, sha: push.after, ref: push.ref },
    env: { GITHUB_API_URL: api.origin, IMAGEGATE_SARIF_POLL_DELAYS_MS: '10', IMAGEGATE_GITHUB_RETRY_BASE_MS: '20' },
  });
  expect(run.code).toBe(3);
  expect(run.errors.join('\n')).toMatch(
    /GitHub API POST \/repos\/Codertocat\/Hello-World\/code-scanning\/sarifs: HTTP 200, but the body was cut: .* after 23 of 4096 bytes/,
  );
  expect(run.summary).toContain('Code scanning upload failed');
  expect(run.outputs['report-json']).toBeTruthy();
  expect(run.stdout).not.toMatch(new RegExp(`(?<!add-mask::)${TOKEN}`));
  expect(api.requests).toHaveLength(1);
});

test('an upload redirected to the same host on another port: nothing (no token, no SARIF) reaches it, exit 3', async () => {
  api.handle = behave.redirect(`${other.origin}/repos/Codertocat/Hello-World/code-scanning/sarifs`, 307);
  const push = pushPayload('refs/heads/main');
  const run = await runner.run(node, 'redirected-upload', {
    workspace,
    inputs: { 'trivy-report': corpusReport, dockerfile: 'Dockerfile', 'fail-on': 'never' },
    event: { name: 'push', payload: push, sha: push.after, ref: push.ref },
    env: { GITHUB_API_URL: api.origin, IMAGEGATE_SARIF_POLL_DELAYS_MS: '10', IMAGEGATE_GITHUB_RETRY_BASE_MS: '20' },
  });
  expect(run.code).toBe(3);
  expect(other.requests).toEqual([]);
  expect(run.errors.join('\n')).toContain(`HTTP 307 redirects the POST to another origin (${other.origin})`);
  expect(run.summary).toContain('Code scanning upload failed');
});
