import { execa } from 'execa';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MR_IID, PROJECT_ID, startFakeGitLab, TOKEN as GITLAB_TOKEN, type FakeGitLab } from '../gitlab/fake-gitlab.js';
import { makeActionRunner, type ActionRunner } from '../github/support/action-runner.js';
import { useFakeGitHub } from '../support/fake-github.js';
import { pullRequestPayload } from '../github/support/payloads.js';
import { busyboxPath, describeWithDocker } from '../support/docker.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { describeWhen } from '../support/gate.js';
import { filesUnder, leaksIn, outDirLeaksOf, secretForms } from '../support/leaks.js';

/**
 * The canary (issue 10, items 5–7): one secret value placed in every channel the repository or the image controls
 * — compose interpolation, an include target and an extends target, a policy's `extends` file, Dockerfile ARG
 * defaults and LABELs, the image's config labels, ENV and history, Trivy advisory titles and descriptions, a
 * registry's 401 body and the GitLab and GitHub APIs' error bodies — and in every credential variable. The value
 * is secret only because it equals the credentials: a control run without them shows that the channels do carry
 * it to the outputs. With them, after `imagegate check --gitlab` and the bundled Action against the local GitHub
 * and GitLab stand-ins, it occurs in no file under the out dir, no request body the stand-ins received, and no
 * byte of stdout or stderr: not raw, not URL-encoded, not base64 (at any offset), not Markdown-escaped.
 *
 * Headers are not searched: the Authorization and PRIVATE-TOKEN headers legitimately carry a credential, to the
 * API it belongs to. Neither are `::add-mask::` lines of the Action's stdout: they are the runner's masking
 * command, consumed by the runner and never shown.
 */

const CANARY = 'cAnArY+7Qz9_x8kW';
const corpusReport = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');

const FORMS = secretForms(CANARY);
/**
 * Text each repository, image and scanner channel puts in the reports when nothing redacts it. The image's ENV, ARG
 * and LABEL names say nothing about secrets: under a secret-looking name config/secret (issue 13) would find the
 * value itself and mask it in every output, credentials or not (test/e2e/config-secret-canary.test.ts).
 */
const CHANNELS = [
  `include-${CANARY}`,
  `extends-${CANARY}`,
  `accepted for ${CANARY}`,
  `org.example.note`,
  `SERVICE_NAME=${CANARY}`,
  `API_NAME=${CANARY}`,
  `built with ${CANARY}`,
  `leaks ${CANARY} in a title`,
  `Reported by ${CANARY}`,
  `/srv/${CANARY}/note.txt`,
];

/** Where the canary occurs in `text`, as `where: form`, for a readable failure. */
function leaks(where: string, text: string): string[] {
  return leaksIn(FORMS, where, text);
}

/** A request body as JSON text and as its string values (a comment's Markdown is escaped again in JSON). */
function bodyText(body: unknown): string {
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (value && typeof value === 'object') for (const item of Object.values(value)) walk(item);
  };
  walk(body);
  return [JSON.stringify(body) ?? '', ...strings].join('\n');
}

async function outDirLeaks(dir: string): Promise<string[]> {
  return outDirLeaksOf(FORMS, dir);
}

/** The credentials of both CI systems and imagegate's own, all set to the canary. */
const CREDENTIALS = {
  IMAGEGATE_REGISTRY_USERNAME: 'ci-robot',
  IMAGEGATE_REGISTRY_PASSWORD: CANARY,
  GITHUB_TOKEN: CANARY,
  GH_TOKEN: CANARY,
  ACTIONS_RUNTIME_TOKEN: CANARY,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: CANARY,
  CI_JOB_TOKEN: CANARY,
  CI_REGISTRY_PASSWORD: CANARY,
  CI_JOB_JWT_V2: CANARY,
  DEPLOY_SECRET: CANARY,
};

const work = await tempDir('imagegate-canary-');
const workspace = path.join(work, 'repo');

/** The repository of a hostile pull request: the canary in every file the gate reads. */
async function writeRepository(): Promise<void> {
  const files: Record<string, string> = {
    Dockerfile: [
      'FROM scratch',
      `ARG API_NAME=${CANARY}`,
      `LABEL org.example.note="${CANARY}" org.opencontainers.image.description="built with ${CANARY}"`,
      `ENV SERVICE_NAME=${CANARY}`,
      'COPY busybox /bin/busybox',
      `COPY note.txt /srv/${CANARY}/note.txt`,
      'USER 0',
      '',
    ].join('\n'),
    'note.txt': 'hello\n',
    'compose.yaml': [
      'include:',
      '  - sub/compose.yaml',
      'services:',
      '  web:',
      '    extends:',
      '      file: base.yaml',
      '      service: base',
      '    image: app',
      '    volumes:',
      '      - /etc/${IMAGEGATE_REGISTRY_PASSWORD}:/from-env',
      '      - /srv/${GITHUB_TOKEN:-none}:/token',
      '      - /opt/${DEPLOY_SECRET}:/deploy',
      '    environment:',
      '      JOB: ${CI_JOB_TOKEN}',
      '',
    ].join('\n'),
    'base.yaml': `services:\n  base:\n    volumes:\n      - /srv/extends-${CANARY}:/extended\n`,
    'sub/compose.yaml': `services:\n  sub:\n    image: sub\n    privileged: true\n    volumes:\n      - /srv/include-${CANARY}:/included\n`,
    '.imagegate.yml': 'version: 1\nextends: [./org-policy.yml]\ngate:\n  failOn: critical\n',
    'org-policy.yml': [
      'version: 1',
      'allow:',
      '  mounts:',
      `    - { service: web, target: /extended, reason: "accepted for ${CANARY}", expires: 2099-01-01 }`,
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(workspace, name)), { recursive: true });
    await writeFile(path.join(workspace, name), text);
  }
  await copyFile(busyboxPath(), path.join(workspace, 'busybox'));
  // The scanner's text: an advisory whose title and description carry the canary.
  const report = JSON.parse(await readFile(corpusReport!, 'utf8')) as {
    Results: Array<{ Vulnerabilities?: Array<Record<string, unknown>> }>;
  };
  for (const vulnerability of report.Results[0]?.Vulnerabilities ?? []) {
    vulnerability.Title = `leaks ${CANARY} in a title`;
    vulnerability.Description = `Reported by ${CANARY}.`;
    vulnerability.Severity = 'HIGH';
  }
  await writeFile(path.join(workspace, 'trivy.json'), JSON.stringify(report));
}

/** A registry that refuses every credential with a 401 whose body echoes them, as some do. */
async function startEchoingRegistry(): Promise<{ host: string; server: Server; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('latin1'));
      const sent = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      response.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': 'Basic realm="canary"',
        'docker-distribution-api-version': 'registry/2.0',
      });
      response.end(
        JSON.stringify({
          errors: [{ code: 'UNAUTHORIZED', message: `invalid credentials ${sent} (${CANARY})`, detail: CANARY }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, server, bodies };
}

const describeCanary = corpusReport
  ? describeWithDocker
  : describeWhen(false, 'the shared corpus has no trivy/alpine-310.json.golden');

describeCanary('the secret canary: no credential leaves through an output', () => {
  let runner: ActionRunner;
  let gitlab: FakeGitLab;
  const github = useFakeGitHub({ resetEach: false });
  let cliScript: string;

  beforeAll(async () => {
    await writeRepository();
    runner = await makeActionRunner(work);
    cliScript = path.join(runner.bundleDir, 'cli.js');
    gitlab = await startFakeGitLab();
  }, 600_000);
  afterAll(async () => {
    await gitlab?.close();
  });

  /** `imagegate check` from the bundle, as a CI job runs it, with the job's environment only. */
  async function check(args: string[], env: Record<string, string>) {
    const run = await execa(process.execPath, [cliScript, 'check', ...args], {
      cwd: workspace,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work, DOCKER_BUILDKIT: '1', ...env },
      extendEnv: false,
      reject: false,
      timeout: 300_000,
    });
    return { code: run.exitCode ?? -1, stdout: run.stdout, stderr: run.stderr };
  }

  const gitlabEnv = () => ({
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: PROJECT_ID,
    CI_MERGE_REQUEST_IID: MR_IID,
    IMAGEGATE_GITLAB_TOKEN: GITLAB_TOKEN,
  });
  const checkArgs = (out: string) => ['--context', '.', '--trivy-report', 'trivy.json', '--out-dir', out, '--gitlab'];

  test('control: without the credentials set, the canary reaches the reports, the note and the terminal', async () => {
    const out = path.join(work, 'control-out');
    gitlab.requests.length = 0;
    const run = await check([...checkArgs(out), '--json'], gitlabEnv());
    expect([run.code, run.stderr]).toEqual([1, expect.stringContaining('MR note created')]);
    const files = (await outDirLeaks(out)).map((leak) => leak.split(':')[0]);
    for (const file of [
      'imagegate.json',
      'imagegate.sarif',
      'summary.md',
      'gl-code-quality-report.json',
      'gl-container-scanning-report.json',
      'imagegate-junit.xml',
    ]) {
      expect(files).toContain(file);
    }
    expect(leaks('stdout', run.stdout)).not.toEqual([]);
    const everything = (await Promise.all((await filesUnder(out)).map((file) => readFile(file, 'utf8')))).join('\n');
    // Each channel carries the value through to a report on its own.
    expect(CHANNELS.filter((channel) => !everything.includes(channel))).toEqual([]);
    expect(gitlab.requests.flatMap((request) => leaks('note', bodyText(request.body)))).not.toEqual([]);
  }, 600_000);

  test('imagegate check --gitlab: no file, request body, stdout or stderr byte holds the canary', async () => {
    const out = path.join(work, 'cli-out');
    gitlab.requests.length = 0;
    gitlab.notes.length = 0;
    // GitLab answers the note with an error that quotes the canary back.
    gitlab.failures.push({ match: 'POST /projects', status: 400, body: { message: { note: [`bad ${CANARY}`] } } });
    const run = await check([...checkArgs(out), '--secret-env', 'DEPLOY_SECRET'], { ...gitlabEnv(), ...CREDENTIALS });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('could not write the MR note');
    expect(gitlab.requests.some((request) => request.method === 'POST')).toBe(true);
    expect([
      ...(await outDirLeaks(out)),
      ...leaks('stdout', run.stdout),
      ...leaks('stderr', run.stderr),
      ...gitlab.requests.flatMap((request) => leaks(`${request.method} ${request.path}`, bodyText(request.body))),
    ]).toEqual([]);
    // The compose file asked for credentials: read as unset, and said so at the lines.
    const result = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as {
      findings: Array<{ ruleId: string; location: { path?: string; line?: number } }>;
    };
    expect(
      result.findings
        .filter((finding) => finding.ruleId === 'compose/secret-variable')
        .map((finding) => `${finding.location.path}:${finding.location.line}`)
        .sort(),
    ).toEqual(['compose.yaml:10', 'compose.yaml:11', 'compose.yaml:12', 'compose.yaml:14']);
    expect(await readFile(path.join(out, 'summary.md'), 'utf8')).toContain('***');
  }, 600_000);

  test('a registry 401 body that echoes the credentials: the last error line is redacted', async () => {
    const registry = await startEchoingRegistry();
    try {
      const out = path.join(work, 'registry-out');
      const run = await check(
        ['--image', `${registry.host}/acme/app:1`, '--pull', 'never', '--skip-scan', '--out-dir', out],
        { ...CREDENTIALS },
      );
      // Refused credentials are the job's configuration to fix: exit 2, naming the variables, not their values.
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/imagegate: .*did not accept the credentials from IMAGEGATE_REGISTRY_USERNAME/);
      expect(run.stderr).toContain('***');
      expect([...(await outDirLeaks(out)), ...leaks('stdout', run.stdout), ...leaks('stderr', run.stderr)]).toEqual([]);
    } finally {
      await new Promise((resolve) => registry.server.close(resolve));
    }
  }, 600_000);

  test('the bundled Action on a pull request: outputs, summary, comment, upload, annotations and logs', async () => {
    github.reset();
    // GitHub refuses the comment with a message that quotes the canary back.
    github.script('create-comment', { status: 422, body: { message: `Validation Failed for ${CANARY}` } });
    const node = runner.runtimes[0]![1];
    const run = await runner.run(node, 'canary-action', {
      workspace,
      inputs: {
        context: '.',
        'trivy-report': 'trivy.json',
        'github-token': CANARY,
        'registry-username': 'ci-robot',
        'registry-password': CANARY,
        'secret-env': 'DEPLOY_SECRET',
        'wait-for-processing': 'false',
      },
      event: {
        name: 'pull_request',
        payload: pullRequestPayload('opened'),
        sha: '1'.repeat(40),
        ref: 'refs/pull/2/merge',
      },
      env: { ...CREDENTIALS, ...github.env(), DOCKER_BUILDKIT: '1' },
    });
    expect(run.code).toBe(1);
    expect(github.byRoute('upload')).toHaveLength(1);
    expect(github.byRoute('create-comment')).toHaveLength(1);
    // What the runner would show: stdout without its add-mask commands, stderr, the files it reads back.
    const shown = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const bodies = github.requests.flatMap((request) => {
      const body = request.body as { sarif?: string } | undefined;
      const sarif = body?.sarif ? gunzipSync(Buffer.from(body.sarif, 'base64')).toString('utf8') : '';
      return [
        ...leaks(`${request.method} ${request.path}`, bodyText(body)),
        ...leaks(`${request.method} ${request.path} (SARIF)`, sarif),
      ];
    });
    expect([
      ...(await outDirLeaks(run.outDir)),
      ...leaks('stdout', shown),
      ...leaks('stderr', run.stderr),
      ...leaks('outputs', JSON.stringify(run.outputs)),
      ...leaks('job summary', run.summary),
      ...bodies,
    ]).toEqual([]);
    expect(run.summary).toContain('Pull request comment failed');
    expect(run.errors.length + run.warnings.length).toBeGreaterThan(0);
  }, 600_000);
});
