import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  resolveDbOptions,
  DEFAULT_TRIVY_DB_REPOSITORIES,
  DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
} from '../../../src/scan/runner/trivy-db.js';
import { runTrivyScan, type TrivyScanRequest } from '../../../src/scan/runner/trivy-runner.js';
import { ConfigurationError, ToolError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { sharedFile } from '../../support/shared.js';
import { tempDir } from '../../support/temp.js';
import { installTrivyStandin, type StandinEvent, type StandinOptions } from '../../support/trivy-standin/standin.js';

const corpusReport = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
if (!corpusReport) throw new Error('the Trivy corpus (../shared/corpus/trivy) is needed: set IMAGEGATE_SHARED');
const report: string = corpusReport;
const standin = await installTrivyStandin();
const root = await tempDir('imagegate-trivy-runner-');

async function freshDir(name: string): Promise<string> {
  await mkdir(root, { recursive: true });
  return mkdtemp(path.join(root, `${name}-`));
}

interface Run {
  request: TrivyScanRequest;
  logger: MemoryLogger;
  events: StandinEvent[];
}

/** A request for the stand-in with a fresh output and cache dir unless given. */
async function makeRequest(
  overrides: Partial<TrivyScanRequest> = {},
  standinOptions: StandinOptions = {},
): Promise<TrivyScanRequest> {
  const work = await freshDir('run');
  const cacheDir = overrides.cacheDir ?? path.join(work, 'cache');
  return {
    binary: standin.binary,
    env: process.env,
    target: { kind: 'image', reference: 'ghcr.io/acme/app:1.0' },
    outputFile: path.join(work, 'out', 'trivy.json'),
    scanners: ['vuln'],
    cacheDir,
    db: await resolveDbOptions({ cacheDir, now: new Date() }),
    ...overrides,
    extraEnv: { ...standin.env({ report, ...standinOptions }), ...overrides.extraEnv },
  };
}

async function run(request: TrivyScanRequest): Promise<Run> {
  await standin.clearLog();
  const logger = new MemoryLogger();
  await runTrivyScan(request, { logger });
  return { request, logger, events: await standin.readLog() };
}

async function failure(
  request: TrivyScanRequest,
): Promise<{ error: ToolError; logger: MemoryLogger; events: StandinEvent[] }> {
  await standin.clearLog();
  const logger = new MemoryLogger();
  const error = await runTrivyScan(request, { logger }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ToolError)) throw new Error(`expected a ToolError, got ${String(error)}`);
  return { error, logger, events: await standin.readLog() };
}

/** The scan's invocation (a run with credentials downloads the DB first in one of its own: trivy-db-prefetch.test.ts). */
function invocation(events: StandinEvent[]): Extract<StandinEvent, { event: 'invocation' }> {
  const found = events.find(
    (e): e is Extract<StandinEvent, { event: 'invocation' }> =>
      e.event === 'invocation' && !e.argv.includes('--download-db-only'),
  );
  if (!found) throw new Error(`the stand-in was not invoked: ${JSON.stringify(events)}`);
  return found;
}

function repositoryFlags(argv: string[], flag: string): string[] {
  return argv.flatMap((arg, i) => (arg === flag ? [argv[i + 1] ?? ''] : []));
}

describe('trivy image command line', () => {
  test('an image reference: the full argv, and the replayed report written to --output', async () => {
    const request = await makeRequest();
    const logger = new MemoryLogger();
    await standin.clearLog();
    const result = await runTrivyScan(request, { logger });
    const events = await standin.readLog();
    const { argv, cwd } = invocation(events);
    expect(argv).toEqual([
      'image',
      '--format',
      'json',
      '--output',
      request.outputFile,
      '--cache-dir',
      request.cacheDir,
      '--no-progress',
      '--skip-version-check',
      '--disable-telemetry',
      '--scanners',
      'vuln',
      ...DEFAULT_TRIVY_DB_REPOSITORIES.flatMap((r) => ['--db-repository', r]),
      ...DEFAULT_TRIVY_JAVA_DB_REPOSITORIES.flatMap((r) => ['--java-db-repository', r]),
      'ghcr.io/acme/app:1.0',
    ]);
    expect(result.reportFile).toBe(request.outputFile);
    expect(await readFile(result.reportFile, 'utf8')).toBe(await readFile(report, 'utf8'));
    // Trivy's log lines reach the logger as they come, and are returned.
    expect(logger.lines).toContainEqual(expect.stringMatching(/\tINFO\t\[vuln\] Vulnerability scanning is enabled$/));
    expect(result.stderr).toMatch(/Detected OS/);
    // An empty working dir, so no trivy.yaml or .trivyignore of the checkout applies; removed afterwards.
    expect(cwd).not.toBe(process.cwd());
    expect(existsSync(cwd)).toBe(false);
  });

  test('an archive: --input with the absolute path and no image argument', async () => {
    const dir = await freshDir('archive');
    const archive = path.join(dir, 'image.tar');
    await writeFile(archive, 'not read by the stand-in');
    const relative = path.relative(process.cwd(), archive);
    const { events } = await run(await makeRequest({ target: { kind: 'archive', path: relative } }));
    const { argv, input } = invocation(events);
    expect(argv.slice(-2)).toEqual(['--input', archive]);
    expect(argv).not.toContain('ghcr.io/acme/app:1.0');
    expect(input?.realPath).toBe(archive);
  });

  test('an OCI layout: --input with the layout directory', async () => {
    const layout = path.join(await freshDir('layout'), 'oci');
    await mkdir(layout);
    const { events } = await run(await makeRequest({ target: { kind: 'oci-layout', path: layout } }));
    expect(invocation(events).argv.slice(-2)).toEqual(['--input', layout]);
  });

  test('a path with ":" or "@" (which Trivy would cut as PATH:TAG) reaches Trivy through a symlink', async () => {
    const layout = path.join(await freshDir('odd'), 'app:1.0@build');
    await mkdir(layout);
    const { events } = await run(await makeRequest({ target: { kind: 'oci-layout', path: layout } }));
    const { input } = invocation(events);
    expect(input?.path).not.toMatch(/[:@]/);
    expect(input?.realPath).toBe(layout);

    const archive = path.join(await freshDir('odd'), 'app:2.tar');
    await writeFile(archive, 'x');
    const second = await run(await makeRequest({ target: { kind: 'archive', path: archive } }));
    const { input: archiveInput } = invocation(second.events);
    expect(archiveInput?.path).toMatch(/\/input\.tar$/);
    expect(archiveInput?.realPath).toBe(archive);
  });

  test('scanners in a stable order, --timeout and --platform; no severity or exit-code filter ever', async () => {
    const request = await makeRequest({
      scanners: ['license', 'vuln', 'secret'],
      timeout: '10m',
      platform: 'linux/arm64',
    });
    const { argv } = invocation((await run(request)).events);
    expect(argv).toEqual(expect.arrayContaining(['--scanners', 'vuln,secret,license']));
    expect(argv[argv.indexOf('--timeout') + 1]).toBe('10m');
    expect(argv[argv.indexOf('--platform') + 1]).toBe('linux/arm64');
    for (const flag of ['--severity', '--ignore-unfixed', '--exit-code', '--quiet', '--ignorefile']) {
      expect(argv).not.toContain(flag);
    }
    const none = invocation((await run(await makeRequest({ scanners: [] }))).events).argv;
    expect(none[none.indexOf('--scanners') + 1]).toBe('vuln');
  });
});

describe('DB freshness, end to end through the stand-in', () => {
  test('first run downloads; a run the same day passes --skip-db-update and no repository', async () => {
    const cacheDir = path.join(await freshDir('db'), 'cache');
    const first = await run(await makeRequest({ cacheDir, db: await resolveDbOptions({ cacheDir, now: new Date() }) }));
    expect(first.events).toContainEqual(
      expect.objectContaining({ event: 'db-download', repository: DEFAULT_TRIVY_DB_REPOSITORIES[0] }),
    );

    const db = await resolveDbOptions({ cacheDir, now: new Date() });
    expect(db.skipUpdate).toBe(true);
    const second = await run(await makeRequest({ cacheDir, db }));
    const { argv } = invocation(second.events);
    expect(argv).toContain('--skip-db-update');
    expect(argv).not.toContain('--db-repository');
    expect(second.events).toContainEqual(expect.objectContaining({ event: 'db-skip', database: 'db' }));
    expect(second.events.some((e) => e.event === 'db-download')).toBe(false);
  });

  test("yesterday's DB is stale: the user's repositories are passed in order and the first one is used", async () => {
    const cacheDir = path.join(await freshDir('stale'), 'cache');
    await mkdir(path.join(cacheDir, 'db'), { recursive: true });
    await writeFile(path.join(cacheDir, 'db', 'trivy.db'), 'old');
    const yesterday = new Date(Date.now() - 26 * 3600 * 1000);
    await writeFile(
      path.join(cacheDir, 'db', 'metadata.json'),
      JSON.stringify({
        Version: 2,
        NextUpdate: new Date(yesterday.getTime() + 20 * 3600 * 1000).toISOString(),
        UpdatedAt: yesterday.toISOString(),
        DownloadedAt: yesterday.toISOString(),
      }),
    );
    const repositories = ['registry.example.com/mirror/trivy-db:2', 'public.ecr.aws/aquasecurity/trivy-db:2'];
    const db = await resolveDbOptions({ cacheDir, repositories, now: new Date() });
    expect(db.skipUpdate).toBe(false);
    const { events } = await run(await makeRequest({ cacheDir, db }));
    expect(repositoryFlags(invocation(events).argv, '--db-repository')).toEqual(repositories);
    expect(events).toContainEqual(expect.objectContaining({ event: 'db-download', repository: repositories[0] }));
  });

  test('the Java DB: repositories until one was downloaded today, then --skip-java-db-update', async () => {
    const cacheDir = path.join(await freshDir('java'), 'cache');
    const first = await run(await makeRequest({ cacheDir }, { java: true }));
    expect(repositoryFlags(invocation(first.events).argv, '--java-db-repository')).toEqual([
      ...DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
    ]);
    expect(first.events).toContainEqual(expect.objectContaining({ event: 'db-download', database: 'java-db' }));
    const db = await resolveDbOptions({ cacheDir, now: new Date() });
    expect(db).toMatchObject({ skipUpdate: true, skipJavaUpdate: true });
    const second = await run(await makeRequest({ cacheDir, db }, { java: true }));
    const { argv } = invocation(second.events);
    expect(argv).toEqual(expect.arrayContaining(['--skip-db-update', '--skip-java-db-update']));
    expect(argv).not.toContain('--java-db-repository');
  });
});

describe('credentials and environment', () => {
  const password = 'pa55-w0rd-Zq9!';

  test('registry credentials go only through the environment, and the password is masked', async () => {
    const request = await makeRequest({ credentials: { username: 'robot$ci', password } }, { echoSecret: true });
    const { events, logger } = await run(request);
    const call = invocation(events);
    expect(call.env).toEqual({ TRIVY_USERNAME: true, TRIVY_PASSWORD: true });
    expect(call.argv.join(' ')).not.toContain(password);
    expect(call.argv.join(' ')).not.toContain('robot$ci');
    // The stand-in printed the password (echoSecret); the logger shows the line, masked.
    expect(logger.lines.join('\n')).not.toContain(password);
    expect(logger.lines).toContainEqual(expect.stringContaining('password="***"'));
  });

  test('a failing run with credentials: the password is not in the ToolError either', async () => {
    const request = await makeRequest(
      { credentials: { username: 'robot', password } },
      { echoSecret: true, mode: 'crash' },
    );
    const { error, logger } = await failure(request);
    expect(error.message).not.toContain(password);
    expect(error.stderrTail).not.toContain(password);
    expect(error.stderrTail).toContain('***');
    expect(logger.lines.join('\n')).not.toContain(password);
  });

  test('no credentials: none are set for Trivy', async () => {
    const saved = { user: process.env.TRIVY_USERNAME, pass: process.env.TRIVY_PASSWORD };
    delete process.env.TRIVY_USERNAME;
    delete process.env.TRIVY_PASSWORD;
    try {
      const { events } = await run(await makeRequest());
      expect(invocation(events).env).toEqual({ TRIVY_USERNAME: false, TRIVY_PASSWORD: false });
    } finally {
      if (saved.user !== undefined) process.env.TRIVY_USERNAME = saved.user;
      if (saved.pass !== undefined) process.env.TRIVY_PASSWORD = saved.pass;
    }
  });

  test('TRIVY_* settings leaked by earlier steps are dropped, registry settings kept', async () => {
    const leaked = {
      TRIVY_SEVERITY: 'CRITICAL',
      TRIVY_EXIT_CODE: '1',
      TRIVY_IGNOREFILE: '.trivyignore',
      TRIVY_INSECURE: 'true',
    };
    Object.assign(process.env, leaked);
    try {
      const { events, logger } = await run(await makeRequest());
      const { trivyEnv } = invocation(events);
      expect(trivyEnv).toContain('TRIVY_INSECURE');
      for (const name of ['TRIVY_SEVERITY', 'TRIVY_EXIT_CODE', 'TRIVY_IGNOREFILE'])
        expect(trivyEnv).not.toContain(name);
      expect(logger.lines).toContain(
        'ignoring inherited Trivy settings (imagegate decides these): TRIVY_EXIT_CODE, TRIVY_IGNOREFILE, TRIVY_SEVERITY',
      );
    } finally {
      for (const name of Object.keys(leaked)) delete process.env[name];
    }
  });
});

describe('failures are ToolErrors (exit 3) with the stderr tail', () => {
  test('crash: Trivy exits 1, its FATAL line is in the tail', async () => {
    const { error } = await failure(await makeRequest({}, { mode: 'crash' }));
    expect(error.exitCode).toBe(3);
    expect(error.toolExitCode).toBe(1);
    expect(error.message).toMatch(/^Trivy exited with code 1 \(command: .*trivy image --format json/);
    expect(error.stderrTail).toMatch(/FATAL\tFatal error\trun error: image scan error.*unexpected EOF/);
    expect(error.message).toContain('unexpected EOF');
  });

  test('hang: stopped shortly after its own --timeout, and the process is gone', async () => {
    const started = Date.now();
    const { error, events } = await failure(await makeRequest({ timeout: '1s' }, { mode: 'hang' }));
    const elapsed = Date.now() - started;
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/^Trivy did not finish within its timeout \(1s\) and was stopped after \d+ s/);
    expect(error.stderrTail).toContain('Vulnerability scanning is enabled');
    expect(elapsed).toBeGreaterThanOrEqual(3000);
    expect(elapsed).toBeLessThan(15000);
    const { pid } = invocation(events);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  test("Trivy's own deadline: the message says to raise the timeout", async () => {
    const { error } = await failure(await makeRequest({ timeout: '2m' }, { mode: 'deadline' }));
    expect(error.message).toMatch(/^Trivy stopped at its timeout \(2m\): raise it/);
    expect(error.stderrTail).toContain('context deadline exceeded');
  });

  test.each([
    [
      'garbage',
      /Trivy exited 0 but wrote something that is not a JSON report at .* \(it starts with "panic: runtime error/,
    ],
    ['truncated', /Trivy exited 0 but wrote something that is not a JSON report/],
    ['no-output', /Trivy exited 0 but wrote no report at /],
    ['empty-output', /Trivy exited 0 but wrote an empty report at /],
  ] as const)('%s', async (mode, message) => {
    const { error } = await failure(await makeRequest({}, { mode }));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(message);
    expect(error.stderrTail).toContain('Vulnerability scanning is enabled');
  });

  test("an earlier run's report is removed first, never taken for this run's", async () => {
    const request = await makeRequest({}, { mode: 'no-output' });
    await mkdir(path.dirname(request.outputFile), { recursive: true });
    await writeFile(request.outputFile, await readFile(report));
    const { error } = await failure(request);
    expect(error.message).toMatch(/wrote no report/);
    expect(existsSync(request.outputFile)).toBe(false);
  });

  test('TOOMANYREQUESTS on every DB repository: the message names them in order and how to add a mirror', async () => {
    const { error, events } = await failure(await makeRequest({}, { mode: 'rate-limit' }));
    expect(events).toContainEqual(
      expect.objectContaining({ event: 'db-rate-limited', repositories: [...DEFAULT_TRIVY_DB_REPOSITORIES] }),
    );
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(
      `Trivy could not download its vulnerability DB: the registries answered TOOMANYREQUESTS (rate limit). ` +
        `Repositories tried, in order: ${DEFAULT_TRIVY_DB_REPOSITORIES.join(', ')}.`,
    );
    expect(error.message).toContain('--trivy-db-repository');
    expect(error.message).toContain('trivy-db-repositories');
    expect(error.stderrTail).toContain('TOOMANYREQUESTS');
  });

  test('TOOMANYREQUESTS on the Java DB names the Java repositories', async () => {
    const { error } = await failure(await makeRequest({}, { mode: 'rate-limit-java', java: true }));
    expect(error.message).toContain(`could not download its Java DB`);
    expect(error.message).toContain(DEFAULT_TRIVY_JAVA_DB_REPOSITORIES.join(', '));
    expect(error.message).toContain('--trivy-java-db-repository');
  });

  test('a Trivy older than 0.63 rejects --disable-telemetry: why MIN_TRIVY_VERSION is 0.63.0', async () => {
    const { error } = await failure(await makeRequest({}, { version: '0.62.1' }));
    expect(error.stderrTail).toContain('unknown flag: --skip-version-check');
    const { events } = await run(await makeRequest({}, { version: '0.63.0' }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'exit', code: 0 }));
  });

  test('a binary that does not exist', async () => {
    const { error } = await failure(await makeRequest({ binary: path.join(root, 'no-such-trivy') }));
    expect(error.message).toMatch(/no-such-trivy was not found/);
  });

  test('a timeout that is not a Go duration is a configuration error (exit 2)', async () => {
    const request = await makeRequest({ timeout: 'ten minutes' });
    await expect(runTrivyScan(request, { logger: new MemoryLogger() })).rejects.toThrow(ConfigurationError);
    await expect(runTrivyScan(request, { logger: new MemoryLogger() })).rejects.toMatchObject({ exitCode: 2 });
  });
});
