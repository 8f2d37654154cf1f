import { execa } from 'execa';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../support/cli.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { sharedFile } from '../support/shared.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 13 item 7: the Trivy scanners follow the policy. Through the real CLI with the Trivy stand-in (which
 * records the arguments it was called with): `secrets.forbid` and `licenses.forbid` turn their scanners on,
 * `--scanners` overrides, and a policy rule left without its scanner is a warning on stderr and in the summary.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const TAG = 'imagegate-test/scanners-app:1';
const work = await tempDir();
const standin = await installTrivyStandin();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const GATING = [
  'version: 1',
  'defaults:',
  '  vulnerabilities: {failOn: never}',
  '  secrets: {forbid: true, failOn: never}',
  '  licenses: {forbid: [AGPL-3.0-only], failOn: never}',
  '',
].join('\n');

describeWithDocker('imagegate check: the scanners follow the policy', () => {
  let context: string;
  let saved: NodeJS.ProcessEnv;

  beforeAll(async () => {
    context = await makeContext({
      Dockerfile: 'FROM scratch\nCOPY app.txt /srv/app.txt\nUSER 1000\n',
      'app.txt': 'a\n',
    });
    await dockerBuild(context, TAG);
    saved = { ...process.env };
    Object.assign(process.env, standin.env({ report: corpusReport! }), { PATH: standin.path() });
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    await execa('docker', ['image', 'rm', '--force', TAG], { reject: false });
  });

  beforeEach(() => standin.clearLog());

  async function check(name: string, policyYaml: string | undefined, extra: string[] = []) {
    const outDir = path.join(work, name);
    const args = ['check', '--image', TAG, '--out-dir', outDir, '--trivy-cache-dir', path.join(work, 'cache')];
    if (policyYaml !== undefined) {
      const policy = path.join(work, `${name}.yml`);
      await writeFile(policy, policyYaml);
      args.push('--policy', policy);
    }
    const run = await cli([...args, ...extra], context);
    const log = await standin.readLog();
    const invocations = log.flatMap((event) => (event.event === 'invocation' ? [event.argv] : []));
    const summary = run.code <= 1 ? await readFile(path.join(outDir, 'summary.md'), 'utf8') : '';
    const notChecked =
      run.code <= 1
        ? (JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as { notChecked: string[] })
            .notChecked
        : [];
    return { run, invocations, summary, notChecked };
  }

  const scannersArg = (argv: string[] | undefined) => argv?.[argv.indexOf('--scanners') + 1];

  test('a policy that gates secrets and licenses turns those scanners on, and the summary says why', async () => {
    const { run, invocations, summary, notChecked } = await check('policy-on', GATING);
    expect(run.code).toBe(0);
    expect(notChecked).toEqual([]);
    expect(invocations).toHaveLength(1);
    expect(scannersArg(invocations[0])).toBe('vuln,secret,license');
    expect(summary).toContain(
      '**Scanners:** vuln (default), secret (policy: secrets.forbid), license (policy: licenses.forbid)',
    );
    expect(summary).not.toContain('Not checked');
    expect(run.stderr).not.toContain('leaves Trivy');
  });

  test('without such rules only the vulnerability scanner runs', async () => {
    const { run, invocations, summary } = await check(
      'default',
      'version: 1\ndefaults:\n  vulnerabilities: {failOn: never}\n',
    );
    expect(run.code).toBe(0);
    expect(scannersArg(invocations[0])).toBe('vuln');
    expect(summary).toContain('**Scanners:** vuln (default)');
  });

  test('--scanners overrides the policy; each rule it leaves without its scanner is a warning, never silence', async () => {
    const { run, invocations, summary, notChecked } = await check('override', GATING, ['--scanners', 'vuln']);
    expect(run.code).toBe(0);
    expect(scannersArg(invocations[0])).toBe('vuln');
    const secret =
      "the policy sets secrets.forbid, but --scanners vuln leaves Trivy's secret scanner off: no file in the image is " +
      'checked for secrets (add secret to --scanners, or leave it unset to follow the policy)';
    const license =
      "the policy sets licenses.forbid, but --scanners vuln leaves Trivy's license scanner off: no package license " +
      'is checked against it (add license to --scanners, or leave it unset to follow the policy)';
    expect(run.stderr).toContain(secret);
    expect(run.stderr).toContain(license);
    expect(summary).toContain('⚠️ **Not checked:** the policy sets secrets.forbid');
    expect(summary).toContain('⚠️ **Not checked:** the policy sets licenses.forbid');
    expect(summary).toContain('**Scanners:** vuln (--scanners)');
    // The same lines in imagegate.json, for scripts and dashboards that must know the gate's blind spots.
    expect(notChecked).toEqual([secret, license]);

    await standin.clearLog();
    const partial = await check('override-partial', GATING, ['--scanners', 'secret,vuln']);
    expect(scannersArg(partial.invocations[0])).toBe('vuln,secret');
    expect(partial.run.stderr).not.toContain('secrets.forbid, but');
    expect(partial.run.stderr).toContain('the policy sets licenses.forbid, but --scanners secret,vuln leaves');
  });

  test('--skip-scan with such rules: no Trivy, and the summary says what was not checked', async () => {
    const { run, invocations, summary } = await check('skipped', GATING, ['--skip-scan']);
    expect(run.code).toBe(0);
    expect(invocations).toEqual([]);
    expect(run.stderr).toContain('the policy sets secrets.forbid, but the scan is skipped');
    expect(summary).toContain('⚠️ **Not checked:** the policy sets licenses.forbid, but the scan is skipped');
  });

  test('the shipped recommended.yml and strict.yml run the secret and license scanners', async () => {
    for (const file of ['recommended.yml', 'strict.yml']) {
      await standin.clearLog();
      const { invocations } = await check(`shipped-${file}`, undefined, [
        '--policy',
        path.join(root, 'policies', file),
        '--fail-on',
        'never',
      ]);
      expect(scannersArg(invocations[0])).toBe('vuln,secret,license');
    }
  });
});
