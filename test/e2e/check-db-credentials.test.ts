import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout } from '../support/registry-push.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin, type StandinEvent } from '../support/trivy-standin/standin.js';
import { sampleSpec } from '../image/support/archives.js';

/**
 * `imagegate check` of an image in a private registry (real docker-registry, htpasswd) while the job also exports
 * its own Trivy credentials: the vulnerability DB is downloaded by a Trivy run that has none of them, and when that
 * download fails the run is exit 3 naming the command, with no credential in stdout, stderr or the out dir.
 */

const work = await tempDir('imagegate-check-db-credentials-');
const standin = await installTrivyStandin();
const corpusReport = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
let registry: TestRegistry;
let image: string;
const savedEnv: Record<string, string | undefined> = {};
const JOB_TRIVY = {
  TRIVY_USERNAME: 'ci-bot',
  TRIVY_PASSWORD: 'job-trivy-s3cret-value',
  TRIVY_REGISTRY_TOKEN: 'job-trivy-token-value',
};
const CREDENTIAL_NAMES = Object.keys(JOB_TRIVY);
type Invocation = Extract<StandinEvent, { event: 'invocation' }>;

async function filesUnder(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const files: string[] = [];
  for (const name of names) if ((await stat(path.join(dir, name))).isFile()) files.push(path.join(dir, name));
  return files;
}

async function check(name: string, standinEnv: Record<string, string>) {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'policy.yml'), 'version: 1\ndefaults:\n  vulnerabilities: {failOn: never}\n');
  const out = path.join(dir, 'out');
  Object.assign(process.env, standinEnv);
  await standin.clearLog();
  try {
    const run = await cli(
      [
        'check',
        '--pull',
        'never',
        '--policy',
        'policy.yml',
        '--out-dir',
        out,
        '--trivy-cache-dir',
        path.join(dir, 'trivy-cache'),
        '--no-scan-cache',
        '--image',
        image,
      ],
      dir,
    );
    const invocations = (await standin.readLog()).filter((e): e is Invocation => e.event === 'invocation');
    let outputs = `${run.stdout}\n${run.stderr}`;
    for (const file of await filesUnder(out)) outputs += `\n${await readFile(file, 'utf8')}`;
    return { run, invocations, outputs };
  } finally {
    for (const key of Object.keys(standinEnv)) delete process.env[key];
  }
}

describeWithRegistry('the vulnerability DB is downloaded without registry credentials', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    for (const key of [
      'IMAGEGATE_REGISTRY_USERNAME',
      'IMAGEGATE_REGISTRY_PASSWORD',
      'DOCKER_CONFIG',
      'PATH',
      ...CREDENTIAL_NAMES,
    ])
      savedEnv[key] = process.env[key];
    process.env.IMAGEGATE_REGISTRY_USERNAME = registry.username;
    process.env.IMAGEGATE_REGISTRY_PASSWORD = registry.password;
    process.env.DOCKER_CONFIG = path.join(work, 'no-docker-config');
    process.env.PATH = standin.path();
    Object.assign(process.env, JOB_TRIVY);
    const layout = path.join(work, 'layout');
    await writeImageArchive(layout, [sampleSpec()], { format: 'oci-dir', compression: 'gzip' });
    await pushLayout(layout, registry, 'private/app', ['1.0']);
    image = `${registry.host}/private/app:1.0`;
  }, 60_000);

  afterAll(async () => {
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await registry?.stop();
  });

  test('first the DB without any credential variable, then the scan with them and --skip-db-update', async () => {
    if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
    const { run, invocations, outputs } = await check('ok', standin.env({ report: corpusReport }));
    expect(run.code).toBe(0);
    expect(invocations.map((call) => call.argv[1])).toEqual(['--download-db-only', '--format']);
    const [download, scan] = invocations as [Invocation, Invocation];
    expect(download.env).toEqual({ TRIVY_USERNAME: false, TRIVY_PASSWORD: false });
    expect(download.trivyEnv.filter((n) => CREDENTIAL_NAMES.includes(n))).toEqual([]);
    expect(scan.env).toEqual({ TRIVY_USERNAME: true, TRIVY_PASSWORD: true });
    expect(scan.argv).toContain('--skip-db-update');
    expect(scan.argv).not.toContain('--db-repository');
    for (const secret of [registry.password, ...Object.values(JOB_TRIVY)]) expect(outputs).not.toContain(secret);
  }, 60_000);

  test('the DB-only run fails: exit 3 naming the command; no credential in stdout, stderr or the out dir', async () => {
    if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
    const { run, invocations, outputs } = await check(
      'fails',
      standin.env({ report: corpusReport, mode: 'rate-limit', echoSecret: true }),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('trivy image --download-db-only');
    expect(run.stderr).toContain('TOOMANYREQUESTS');
    expect(invocations.map((call) => call.argv[1])).toEqual(['--download-db-only']);
    for (const secret of [registry.password, ...Object.values(JOB_TRIVY)]) expect(outputs).not.toContain(secret);
  }, 60_000);
});
