import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli, type CliRun } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

/**
 * Attack list item 1 of issue 10: a file of the repository under test names a file outside the workspace (the
 * job's environment, a credentials file, a FIFO). The real CLI ends with exit 2 at the line that names it, and
 * nothing of the target reaches stdout or stderr. Each case runs in its own workspace (cwd) so cases stay apart.
 */

const root = await tempDir();
const CANARY = 'CANARY-7f3d9a1c-outside-the-workspace';
const outside = path.join(root, 'outside');
await mkdir(outside);
await writeFile(path.join(outside, 'secret.yml'), `services:\n  base:\n    image: ${CANARY}\n`);
await writeFile(path.join(outside, 'secret.env'), `TOKEN=${CANARY}\n`);
await writeFile(path.join(outside, 'policy.yml'), `version: 1\n# ${CANARY}\n`);
await writeFile(path.join(outside, 'Dockerfile'), `FROM ${CANARY}\n`);

/** What /proc/self/environ of this very process holds: a long, distinctive value must never be printed. */
const environ = readFileSync('/proc/self/environ', 'utf8');
const environValue = (/(?:^|\0)PATH=([^\0]+)/.exec(environ)?.[1] ?? environ.slice(0, 60)).trim();

let count = 0;
async function workspace(files: Record<string, string>): Promise<string> {
  const dir = path.join(root, `ws${count++}`);
  await mkdir(dir);
  // Any file will do as the "report": the run stops at the compose or policy stage, before the scan stage reads it.
  await writeFile(path.join(dir, 'report.json'), '{}');
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

function expectNoLeak(run: CliRun): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(environValue);
    expect(text).not.toContain('PATH=');
  }
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
}

/** `check` on the report alone; compose is skipped unless the case names compose files. */
const check = (dir: string, ...args: string[]) =>
  cli(
    ['check', '--trivy-report', 'report.json', ...(args.includes('--compose') ? [] : ['--skip-compose']), ...args],
    dir,
  );

test('compose include of /proc/self/environ: exit 2 at the include line, no byte of the environment printed', async () => {
  const dir = await workspace({ 'compose.yaml': 'include:\n  - /proc/self/environ\nservices: {}\n' });
  const run = await check(dir, '--compose', 'compose.yaml');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /compose\.yaml:2:5: compose file \/proc\/self\/environ is refused: it resolves to \/proc\/\S+, in \/proc/,
  );
  expectNoLeak(run);
});

test('compose include through a symlink committed to the repository that points outside: refused, nothing quoted', async () => {
  const dir = await workspace({ 'compose.yaml': 'include:\n  - path: deploy/base.yml\nservices: {}\n' });
  await mkdir(path.join(dir, 'deploy'));
  await symlink(path.join(outside, 'secret.yml'), path.join(dir, 'deploy', 'base.yml'));
  const run = await check(dir, '--compose', 'compose.yaml');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /compose\.yaml:2:5: compose file deploy\/base\.yml is refused: it resolves to \S+outside\/secret\.yml, outside the workspace/,
  );
  expectNoLeak(run);
});

test('extends.file with ../ out of the workspace: exit 2 at the extends line', async () => {
  const dir = await workspace({
    'compose.yaml': 'services:\n  web:\n    extends:\n      file: ../outside/secret.yml\n      service: base\n',
  });
  const run = await check(dir, '--compose', 'compose.yaml');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /compose\.yaml:4:7: compose file \S*outside\/secret\.yml is refused: .*outside the workspace/,
  );
  expectNoLeak(run);
});

test('env_file of an include, and a .env symlink, out of the workspace: refused', async () => {
  const dir = await workspace({
    'compose.yaml': 'include:\n  - path: sub/compose.yaml\n    env_file: ../outside/secret.env\nservices: {}\n',
    'sub/compose.yaml': 'services:\n  a:\n    image: alpine\n',
  });
  const run = await check(dir, '--compose', 'compose.yaml');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/compose\.yaml:2:5: env file \S*outside\/secret\.env is refused: .*outside the workspace/);
  expectNoLeak(run);

  const dotenv = await workspace({ 'compose.yaml': 'services:\n  a:\n    image: alpine:${TOKEN}\n' });
  await symlink('/proc/self/environ', path.join(dotenv, '.env'));
  const second = await check(dotenv, '--compose', 'compose.yaml');
  expect(second.code).toBe(2);
  expect(second.stderr).toMatch(/\.env: env file \.env is refused: .* in \/proc/);
  expectNoLeak(second);
});

test('a FIFO named as env file is refused at once instead of blocking the run', async () => {
  const dir = await workspace({ 'compose.yaml': 'services:\n  a:\n    image: alpine\n' });
  execFileSync('mkfifo', [path.join(dir, 'pipe.env')]);
  const run = await check(dir, '--compose', 'compose.yaml', '--compose-env-file', 'pipe.env');
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('is refused: it is a FIFO (named pipe); only regular files are read');
});

test('policy extends of /proc/self/environ and of a file outside: exit 2 at the extends entry, nothing quoted', async () => {
  const dir = await workspace({
    '.imagegate.yml': 'version: 1\nextends:\n  - /proc/self/environ\n  - ../outside/policy.yml\n',
  });
  const run = await check(dir);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /\.imagegate\.yml:3:5: the extended policy \/proc\/self\/environ is refused: .* in \/proc/,
  );
  expect(run.stderr).toMatch(
    /\.imagegate\.yml:4:5: the extended policy \S*outside\/policy\.yml is refused: .*outside the workspace/,
  );
  expectNoLeak(run);
});

test('a Dockerfile that is a symlink out of the workspace is refused; --allow-path lets the workflow author allow it', async () => {
  const dir = await workspace({});
  await symlink(path.join(outside, 'Dockerfile'), path.join(dir, 'Dockerfile'));
  const run = await check(dir, '--dockerfile', 'Dockerfile');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /--dockerfile: \S+\/Dockerfile is refused: it resolves to \S+outside\/Dockerfile, outside the workspace/,
  );
  expectNoLeak(run);

  const allowed = await check(dir, '--dockerfile', 'Dockerfile', '--allow-path', outside);
  expect(allowed.stderr).not.toContain('refused');
  expect(allowed.stderr).toContain('report.json'); // it went on, to the (empty) Trivy report

  // A flag that names a path outside the workspace directly is the workflow author's explicit choice.
  const named = await check(dir, '--dockerfile', path.join(outside, 'Dockerfile'));
  expect(named.stderr).not.toContain('refused');
  expect(named.stderr).toContain('report.json');
});

test('the policy, --trivy-report and --baseline-report as symlinks out of the workspace are refused', async () => {
  const dir = await workspace({});
  await symlink(path.join(outside, 'policy.yml'), path.join(dir, '.imagegate.yml'));
  const policy = await check(dir);
  expect(policy.code).toBe(2);
  expect(policy.stderr).toMatch(
    /--policy: \S+\.imagegate\.yml is refused: it resolves to \S+outside\/policy\.yml, outside/,
  );
  expectNoLeak(policy);

  const reports = await workspace({});
  await symlink('/proc/self/environ', path.join(reports, 'trivy.json'));
  await symlink(path.join(outside, 'secret.env'), path.join(reports, 'baseline.json'));
  const trivy = await cli(['check', '--trivy-report', 'trivy.json', '--skip-compose'], reports);
  expect(trivy.code).toBe(2);
  expect(trivy.stderr).toMatch(/--trivy-report: \S+trivy\.json is refused: .* in \/proc/);
  expectNoLeak(trivy);
  const baseline = await check(reports, '--baseline-report', 'baseline.json');
  expect(baseline.code).toBe(2);
  expect(baseline.stderr).toMatch(/--baseline-report: \S+baseline\.json is refused: .*outside the workspace/);
  expectNoLeak(baseline);
});

test('a .dockerignore that is a symlink out of the context is refused before docker runs', async () => {
  const dir = await workspace({ 'ctx/Dockerfile': 'FROM scratch\n' });
  await symlink(path.join(outside, 'secret.env'), path.join(dir, 'ctx', '.dockerignore'));
  const run = await cli(['check', '--context', 'ctx', '--skip-scan', '--skip-compose'], dir);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /ctx\/\.dockerignore: the ignore file ctx\/\.dockerignore is refused: .*outside the workspace/,
  );
  expect(run.stderr).not.toContain('docker build');
  expectNoLeak(run);
});

test('--archive and --oci-layout committed as symlinks out of the workspace are refused', async () => {
  const dir = await workspace({});
  await symlink('/proc/self/environ', path.join(dir, 'image.tar'));
  await symlink(outside, path.join(dir, 'layout'));
  const archive = await cli(['check', '--archive', 'image.tar', '--skip-scan', '--skip-compose'], dir);
  expect(archive.code).toBe(2);
  expect(archive.stderr).toMatch(/--archive: \S+image\.tar is refused: .* in \/proc/);
  expectNoLeak(archive);
  const layout = await cli(['check', '--oci-layout', 'layout', '--skip-scan', '--skip-compose'], dir);
  expect(layout.code).toBe(2);
  expect(layout.stderr).toMatch(/--oci-layout: \S+layout is refused: it resolves to \S+outside, outside the workspace/);
});

test('--allow-path names an existing directory', async () => {
  const dir = await workspace({});
  const run = await check(dir, '--allow-path', path.join(root, 'nowhere'));
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--allow-path: no such directory');
});

test('a compose file that is not a compose map is reported without quoting any of it', async () => {
  const dir = await workspace({ 'compose.yaml': `TOKEN=${CANARY}\0HOME=/root\0` });
  const run = await check(dir, '--compose', 'compose.yaml');
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('compose.yaml:1:1: the top level of a compose file must be a map');
  expectNoLeak(run);
});

test('a policy that is not YAML or JSON is reported without quoting any of it', async () => {
  const dir = await workspace({
    'a.json': `{"version": 1, "x": TOKEN=${CANARY}}`,
    'b.yml': `version: 1\nkey: "${CANARY}\n`,
    'c.yml': `${CANARY}\n`,
  });
  for (const policy of ['a.json', 'b.yml', 'c.yml']) {
    const run = await check(dir, '--policy', policy);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${policy}:`);
    expectNoLeak(run);
  }
});

test('--out-dir: a symlink, a symlinked parent in the workspace, and a directory inside .git are refused', async () => {
  const dir = await workspace({});
  await symlink(outside, path.join(dir, 'imagegate-out'));
  const byDefault = await check(dir);
  expect(byDefault.code).toBe(2);
  expect(byDefault.stderr).toContain('--out-dir');
  expect(byDefault.stderr).toContain('imagegate-out is a symbolic link in the workspace');

  await symlink(outside, path.join(dir, 'reports'));
  const parent = await check(dir, '--out-dir', 'reports/pr-1');
  expect(parent.code).toBe(2);
  expect(parent.stderr).toContain('reports is a symbolic link in the workspace');

  await mkdir(path.join(dir, '.git', 'hooks'), { recursive: true });
  const git = await check(dir, '--out-dir', '.git/hooks');
  expect(git.code).toBe(2);
  expect(git.stderr).toContain('inside a .git directory');
});
