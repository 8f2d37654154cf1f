import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { javaDbMissingError } from '../../../src/scan/runner/trivy-db-prefetch.js';
import { checkTrivyDb } from '../../../src/scan/runner/trivy-db-record.js';
import { DEFAULT_TRIVY_DB_REPOSITORIES, resolveDbOptions } from '../../../src/scan/runner/trivy-db.js';
import { runTrivyScan, type TrivyScanRequest } from '../../../src/scan/runner/trivy-runner.js';
import { ToolError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { sharedFile } from '../../support/shared.js';
import { tempDir } from '../../support/temp.js';
import { installTrivyStandin, type StandinEvent, type StandinOptions } from '../../support/trivy-standin/standin.js';

/**
 * Trivy sends its registry credentials to every registry, the DB registries included (issue 18's closing note): a
 * scan whose environment carries credentials gets its DBs from a separate Trivy run without any, then scans with
 * `--skip-db-update`. The stand-in records each invocation's argv and which TRIVY_* variables it saw.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
if (!corpusReport) throw new Error('the Trivy corpus (../shared/corpus/trivy) is needed: set IMAGEGATE_SHARED');
const report: string = corpusReport;
const standin = await installTrivyStandin();
const root = await tempDir('imagegate-trivy-db-prefetch-');

const password = 'pr1vate-Registry-pw!';
const credentials = { username: 'robot$private', password };
/** The job's own Trivy credentials, exported by an earlier CI step (kept by trivyEnv for the image's registry). */
const JOB_TRIVY = {
  TRIVY_USERNAME: 'ci-bot',
  TRIVY_PASSWORD: 'job-trivy-s3cret',
  TRIVY_REGISTRY_TOKEN: 'job-trivy-token-value',
};
const CREDENTIAL_NAMES = Object.keys(JOB_TRIVY);
type Invocation = Extract<StandinEvent, { event: 'invocation' }>;

async function request(
  overrides: Partial<TrivyScanRequest> = {},
  standinOptions: StandinOptions = {},
): Promise<TrivyScanRequest> {
  await mkdir(root, { recursive: true });
  const work = await mkdtemp(path.join(root, 'run-'));
  const cacheDir = overrides.cacheDir ?? path.join(work, 'cache');
  return {
    binary: standin.binary,
    env: process.env,
    target: { kind: 'image', reference: '127.0.0.1:5000/private/app:1.0', remoteOnly: true },
    outputFile: path.join(work, 'out', 'trivy.json'),
    scanners: ['vuln'],
    cacheDir,
    db: await resolveDbOptions({ cacheDir, now: new Date() }),
    ...overrides,
    extraEnv: { ...standin.env({ report, ...standinOptions }), ...overrides.extraEnv },
  };
}

async function scan(scanRequest: TrivyScanRequest) {
  await standin.clearLog();
  const logger = new MemoryLogger();
  const outcome = await runTrivyScan(scanRequest, { logger }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  const events = await standin.readLog();
  const invocations = events.filter((e): e is Invocation => e.event === 'invocation');
  return { error: outcome, logger, events, invocations };
}

/** Which credential variables an invocation saw, by name. */
function credentialNames(call: Invocation): string[] {
  return call.trivyEnv.filter((name) => CREDENTIAL_NAMES.includes(name));
}

function flagValues(argv: string[], flag: string): string[] {
  return argv.flatMap((arg, i) => (arg === flag ? [argv[i + 1] ?? ''] : []));
}

/** The job exports its Trivy credentials for the duration of `fn`. */
async function withJobCredentials<T>(fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(CREDENTIAL_NAMES.map((name) => [name, process.env[name]]));
  Object.assign(process.env, JOB_TRIVY);
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The job exports no Trivy credentials for the duration of `fn`. */
async function withoutJobCredentials<T>(fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(CREDENTIAL_NAMES.map((name) => [name, process.env[name]]));
  for (const name of CREDENTIAL_NAMES) delete process.env[name];
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
  }
}

/** A DB (or Java DB) downloaded yesterday whose NextUpdate passed: Trivy would download a new one. */
async function staleDb(cacheDir: string, dir: 'db' | 'java-db'): Promise<void> {
  const yesterday = new Date(Date.now() - 26 * 3600 * 1000);
  await mkdir(path.join(cacheDir, dir), { recursive: true });
  await writeFile(path.join(cacheDir, dir, dir === 'db' ? 'trivy.db' : 'trivy-java.db'), 'old');
  await writeFile(
    path.join(cacheDir, dir, 'metadata.json'),
    JSON.stringify({
      Version: dir === 'db' ? 2 : 1,
      NextUpdate: new Date(yesterday.getTime() + 20 * 3600 * 1000).toISOString(),
      UpdatedAt: yesterday.toISOString(),
      DownloadedAt: yesterday.toISOString(),
    }),
  );
}

describe('credentials and a DB to download: the DB first, without credentials', () => {
  test('explicit credentials, job credentials exported: --download-db-only sees none, then the scan skips the update', async () => {
    const repositories = ['registry.example.com/mirror/trivy-db:2', ...DEFAULT_TRIVY_DB_REPOSITORIES];
    await withJobCredentials(async () => {
      const base = await request();
      const scanRequest = await request({
        credentials,
        timeout: '7m',
        cacheDir: base.cacheDir,
        db: await resolveDbOptions({ cacheDir: base.cacheDir, repositories, now: new Date() }),
        extraEnv: { TRIVY_INSECURE: 'true' },
      });
      const { error, invocations, events, logger } = await scan(scanRequest);
      expect(error).toBeUndefined();
      expect(invocations).toHaveLength(2);
      const [download, image] = invocations as [Invocation, Invocation];

      expect(download.argv.slice(0, 2)).toEqual(['image', '--download-db-only']);
      expect(flagValues(download.argv, '--cache-dir')).toEqual([path.resolve(scanRequest.cacheDir)]);
      expect(flagValues(download.argv, '--db-repository')).toEqual(repositories);
      expect(flagValues(download.argv, '--timeout')).toEqual(['7m']);
      expect(download.env).toEqual({ TRIVY_USERNAME: false, TRIVY_PASSWORD: false });
      expect(credentialNames(download)).toEqual([]);
      // The scan's insecure setting applies to the DB registries as it did in the single run.
      expect(download.trivyEnv).toContain('TRIVY_INSECURE');
      expect(events).toContainEqual({
        event: 'db-download',
        pid: download.pid,
        database: 'db',
        repository: repositories[0],
      });

      expect(image.argv).toEqual(expect.arrayContaining(['--skip-db-update', '--skip-java-db-update']));
      expect(image.argv).not.toContain('--db-repository');
      expect(image.argv).not.toContain('--java-db-repository');
      expect(image.argv).not.toContain('--download-db-only');
      expect(image.argv.at(-1)).toBe('127.0.0.1:5000/private/app:1.0');
      expect(image.env).toEqual({ TRIVY_USERNAME: true, TRIVY_PASSWORD: true });
      expect(credentialNames(image)).toEqual(['TRIVY_PASSWORD', 'TRIVY_REGISTRY_TOKEN', 'TRIVY_USERNAME']);
      expect(events).toContainEqual({ event: 'db-skip', pid: image.pid, database: 'db' });
      for (const call of invocations) expect(call.argv.join(' ')).not.toContain(password);
      expect(logger.lines).toContainEqual(expect.stringContaining('downloaded first without them'));
    });
  });

  test("only the job's inherited credentials (kept for the image's registry) also split the run", async () => {
    await withJobCredentials(async () => {
      const { invocations } = await scan(await request());
      expect(invocations.map((call) => call.argv[1])).toEqual(['--download-db-only', '--format']);
      expect(credentialNames(invocations[0]!)).toEqual([]);
      expect(credentialNames(invocations[1]!)).toEqual(['TRIVY_PASSWORD', 'TRIVY_REGISTRY_TOKEN', 'TRIVY_USERNAME']);
    });
  });

  test('inherited credentials dropped for another registry: no credentials, one run as before', async () => {
    await withJobCredentials(async () => {
      const { invocations } = await scan(await request({ dropInheritedCredentials: true }));
      expect(invocations).toHaveLength(1);
      expect(credentialNames(invocations[0]!)).toEqual([]);
      expect(invocations[0]!.argv).toContain('--db-repository');
    });
  });
});

describe('when no extra run is needed', () => {
  test("credentials and today's DB: one invocation with --skip-db-update, as today", async () => {
    await withoutJobCredentials(async () => {
      const first = await request();
      await scan(first); // no credentials: downloads today's DB in the one run
      const again = await request({
        credentials,
        cacheDir: first.cacheDir,
        db: await resolveDbOptions({ cacheDir: first.cacheDir, now: new Date() }),
      });
      expect(again.db.skipUpdate).toBe(true);
      const { error, invocations } = await scan(again);
      expect(error).toBeUndefined();
      expect(invocations).toHaveLength(1);
      expect(invocations[0]!.argv).toContain('--skip-db-update');
      expect(invocations[0]!.env).toEqual({ TRIVY_USERNAME: true, TRIVY_PASSWORD: true });
    });
  });

  test('no credentials: one invocation, the arguments unchanged (repositories, no skip, no DB-only run)', async () => {
    await withoutJobCredentials(async () => {
      const scanRequest = await request({ timeout: '7m' });
      const { error, invocations } = await scan(scanRequest);
      expect(error).toBeUndefined();
      expect(invocations).toHaveLength(1);
      const cacheDir = path.resolve(scanRequest.cacheDir);
      const output = path.resolve(scanRequest.outputFile);
      expect(invocations[0]!.argv).toEqual([
        'image',
        '--format',
        'json',
        '--output',
        output,
        '--cache-dir',
        cacheDir,
        '--no-progress',
        '--skip-version-check',
        '--disable-telemetry',
        '--scanners',
        'vuln',
        '--timeout',
        '7m',
        ...scanRequest.db.repositories.flatMap((repository) => ['--db-repository', repository]),
        ...scanRequest.db.javaRepositories.flatMap((repository) => ['--java-db-repository', repository]),
        '--image-src',
        'remote',
        '127.0.0.1:5000/private/app:1.0',
      ]);
    });
  });

  test('no vuln scanner: Trivy loads no DB, so credentials need no separate run', async () => {
    await withoutJobCredentials(async () => {
      const { invocations } = await scan(await request({ credentials, scanners: ['secret'] }));
      expect(invocations).toHaveLength(1);
    });
  });
});

describe('failures and the record of the download', () => {
  test('the DB-only run fails: exit 3 naming its command, no credential in the error or the log', async () => {
    await withJobCredentials(async () => {
      // echoSecret: a run that had TRIVY_PASSWORD would print it; the DB-only run has none to print.
      const { error, invocations, logger } = await scan(
        await request({ credentials }, { mode: 'rate-limit', echoSecret: true }),
      );
      expect(error).toBeInstanceOf(ToolError);
      const failure = error as ToolError;
      expect(failure.exitCode).toBe(3);
      expect(failure.message).toContain('trivy image --download-db-only');
      expect(failure.message).toContain('TOOMANYREQUESTS');
      expect(failure.stderrTail).toContain('failed to download artifact from any source');
      // The scan never ran.
      expect(invocations.map((call) => call.argv[1])).toEqual(['--download-db-only']);
      const everything = [failure.message, failure.stderrTail ?? '', ...logger.lines].join('\n');
      for (const secret of [password, ...Object.values(JOB_TRIVY)]) expect(everything).not.toContain(secret);
    });
  });

  test('a DB mirror that wants a login: exit 3 saying the download went without the job credentials, and how to log in', async () => {
    await withJobCredentials(async () => {
      const { error, invocations } = await scan(await request({ credentials }, { mode: 'login-db' }));
      expect(error).toBeInstanceOf(ToolError);
      const failure = error as ToolError;
      expect(failure.exitCode).toBe(3);
      expect(failure.message).toContain('UNAUTHORIZED');
      expect(failure.message).toContain('The DB registry refused an anonymous download');
      expect(failure.message).toContain('docker login <mirror host>');
      expect(invocations.map((call) => call.argv[1])).toEqual(['--download-db-only']);
      for (const secret of [password, ...Object.values(JOB_TRIVY)]) expect(failure.message).not.toContain(secret);
    });
  });

  test('the separate download is recorded: a failed scan after it still leaves a fresh, verified DB', async () => {
    await withoutJobCredentials(async () => {
      const first = await request({ credentials }, { mode: 'crash' });
      await staleDb(first.cacheDir, 'db');
      const { error, invocations } = await scan(
        await request(
          {
            credentials,
            cacheDir: first.cacheDir,
            db: await resolveDbOptions({ cacheDir: first.cacheDir, now: new Date() }),
          },
          { mode: 'crash' },
        ),
      );
      expect((error as ToolError).message).toMatch(/^Trivy exited with code 1 \(command: .*trivy image --format json/);
      expect(invocations.map((call) => call.argv[1])).toEqual(['--download-db-only', '--format']);
      expect(await checkTrivyDb(first.cacheDir, 'db')).toEqual({ status: 'verified' });

      const db = await resolveDbOptions({ cacheDir: first.cacheDir, now: new Date() });
      expect(db.skipUpdate).toBe(true);
      const next = await scan(await request({ credentials, cacheDir: first.cacheDir, db }));
      expect(next.error).toBeUndefined();
      expect(next.invocations).toHaveLength(1);
      expect(next.invocations[0]!.argv).toContain('--skip-db-update');
      expect(next.events.some((e) => e.event === 'db-download')).toBe(false);
    });
  });
});

describe('the Java DB never gets the credentials either', () => {
  test('no Java DB and an image with JARs: the scan stops, the Java DB comes without credentials, then one rescan', async () => {
    await withJobCredentials(async () => {
      const scanRequest = await request({ credentials }, { java: true });
      const { error, invocations, events } = await scan(scanRequest);
      expect(error).toBeUndefined();
      expect(invocations.map((call) => call.argv[1])).toEqual([
        '--download-db-only',
        '--format',
        '--download-java-db-only',
        '--format',
      ]);
      const [, firstScan, javaDownload, rescan] = invocations as [Invocation, Invocation, Invocation, Invocation];
      expect(firstScan.argv).toContain('--skip-java-db-update');
      expect(events).toContainEqual({ event: 'exit', pid: firstScan.pid, code: 1 });
      expect(credentialNames(javaDownload)).toEqual([]);
      expect(javaDownload.env).toEqual({ TRIVY_USERNAME: false, TRIVY_PASSWORD: false });
      expect(events).toContainEqual(
        expect.objectContaining({ pid: javaDownload.pid, event: 'db-download', database: 'java-db' }),
      );
      expect(rescan.argv).toEqual(expect.arrayContaining(['--skip-db-update', '--skip-java-db-update']));
      expect(existsSync(scanRequest.outputFile)).toBe(true);
      expect(await checkTrivyDb(scanRequest.cacheDir, 'javaDb')).toEqual({ status: 'verified' });
      // Every process that talked to a DB registry had no credential.
      const downloaders = new Set(events.filter((e) => e.event === 'db-download').map((e) => e.pid));
      for (const call of invocations.filter((c) => downloaders.has(c.pid))) expect(credentialNames(call)).toEqual([]);
    });
  });

  test('an outdated cached Java DB is refreshed without credentials; if that fails, the cached one is used', async () => {
    await withJobCredentials(async () => {
      const scanRequest = await request({ credentials }, { java: true, mode: 'rate-limit-java' });
      await staleDb(scanRequest.cacheDir, 'java-db');
      const db = await resolveDbOptions({ cacheDir: scanRequest.cacheDir, now: new Date() });
      const { error, invocations, logger } = await scan({ ...scanRequest, db });
      expect(error).toBeUndefined();
      expect(invocations.map((call) => call.argv[1])).toEqual([
        '--download-db-only',
        '--download-java-db-only',
        '--format',
      ]);
      expect(credentialNames(invocations[1]!)).toEqual([]);
      expect(invocations[2]!.argv).toContain('--skip-java-db-update');
      expect(logger.lines).toContainEqual(
        expect.stringMatching(/^warning: Trivy Java DB: refreshing it without registry credentials failed/),
      );
    });
  });
});

test("Trivy's first-run Java DB error is recognised quoted (as Trivy words it) or not (the stand-in), nothing else", () => {
  const failed = (stderrTail: string) => new ToolError('Trivy exited with code 1', { command: 'trivy', stderrTail });
  const quoted = "FATAL\tFatal error\trun error: '--skip-java-db-update' cannot be specified on the first run";
  expect(javaDbMissingError(failed(quoted))).toBe(true);
  expect(javaDbMissingError(failed(quoted.replace(/'/g, '')))).toBe(true);
  expect(javaDbMissingError(failed("'--skip-db-update' cannot be specified on the first run"))).toBe(false);
  expect(javaDbMissingError(new Error(quoted))).toBe(false);
});
