import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../../src/version.js';
import { copyActionBundle } from '../support/action-bundle.js';
import { cli } from '../support/cli.js';
import { busyboxPath, describeWithDocker } from '../support/docker.js';
import { node24Path } from '../support/node24.js';
import { tempDir } from '../support/temp.js';
import { serveRelease } from '../scan/install/support/helpers.js';
import { fakeTrivyScript, sha256 } from '../scan/install/support/release-fixture.js';
import { startReleaseServer, type ReleaseServer } from '../scan/install/support/release-server.js';
import {
  buildDockerCliBase,
  buildImage,
  buildNodeBase,
  pushPinned,
  removeRunImages,
  RUN_LABEL,
} from './support/local-bases.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';

/**
 * The repository's Dockerfile, built as a user would build it, from bases made here (nothing can be pulled):
 * a Node 24 stand-in and a docker-cli stand-in, pushed to a local registry so the build names them by digest
 * like the real defaults do; Trivy comes from a local release mirror through `imagegate trivy install` in the
 * build. The image then runs, and imagegate gates it with policies/imagegate-image.yml (dogfooding).
 * The Node stand-in's `apt-get` is a stand-in too: it installs only the packages staged in it (git, the one the
 * Dockerfile installs) and fails for any other, so a Dockerfile that installs something unexpected fails here.
 * The build runs with `--network host`: the installer accepts plain HTTP only from localhost, so the mirror on
 * 127.0.0.1 must be reachable as localhost from the build's RUN steps.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = await tempDir('imagegate-shipping-');
const runId = randomBytes(6).toString('hex');
const TRIVY_VERSION = '0.71.9'; // not pinned by imagegate: a release built here cannot match a real pin

describeWithDocker('the Dockerfile: imagegate in a container', () => {
  let registry: TestRegistry;
  let mirror: ReleaseServer;
  let nodeImage: string;
  let dockerCliImage: string;
  let context: string;
  const image = `imagegate-test/imagegate:${runId}`;
  const buildArgs = () => [
    '--network',
    'host',
    '--build-arg',
    `NODE_IMAGE=${nodeImage}`,
    '--build-arg',
    `DOCKER_CLI_IMAGE=${dockerCliImage}`,
    '--build-arg',
    `IMAGEGATE_TRIVY_DOWNLOAD_URL=${mirror.baseUrl}`,
  ];

  beforeAll(async () => {
    const node = await node24Path();
    if (!node) throw new Error('Node 24 could not be fetched from npm (npm exec --package=node@24)');
    registry = await startRegistry({ auth: 'none' });
    mirror = await startReleaseServer();

    const nodeTag = `${registry.host}/imagegate-test/node:24-bookworm-slim`;
    const dockerTag = `${registry.host}/imagegate-test/docker:29-cli`;
    await buildNodeBase(node, work, nodeTag, runId);
    await buildDockerCliBase(work, dockerTag, runId);
    nodeImage = await pushPinned(nodeTag);
    dockerCliImage = await pushPinned(dockerTag);

    // The build context as the repository gives it, with the bundle built from the current source.
    context = path.join(work, 'context');
    await mkdir(context, { recursive: true });
    await copyFile(path.join(repoRoot, 'Dockerfile'), path.join(context, 'Dockerfile'));
    await copyFile(path.join(repoRoot, '.dockerignore'), path.join(context, '.dockerignore'));
    await copyActionBundle(path.join(context, 'dist'));

    await serveRelease(mirror, TRIVY_VERSION);
    await buildImage(context, image, [
      ...buildArgs(),
      '--build-arg',
      `TRIVY_VERSION=${TRIVY_VERSION}`,
      '--build-arg',
      `TRIVY_SHA256=${sha256(fakeTrivyScript(TRIVY_VERSION))}`,
    ]);
  }, 900_000);

  afterAll(async () => {
    await removeRunImages(runId);
    await mirror?.close();
    await registry?.stop();
  }, 120_000);

  const run = (args: string[], entrypoint?: string) =>
    execa('docker', ['run', '--rm', ...(entrypoint ? ['--entrypoint', entrypoint] : []), image, ...args], {
      reject: false,
    });

  test('runs the bundled CLI on Node 24: --version, check --help, and --help by default', async () => {
    const version = await run(['--version']);
    expect(version).toMatchObject({ exitCode: 0, stdout: VERSION });
    const checkHelp = await run(['check', '--help']);
    expect(checkHelp.exitCode).toBe(0);
    expect(checkHelp.stdout).toMatch(/^Usage: imagegate check \[options\]/);
    const noArgs = await run([]);
    expect(noArgs.stdout).toMatch(/^Usage: imagegate <command>/);
    const node = await run(['--version'], 'node');
    expect(node.stdout).toMatch(/^v24\./);
    const bad = await run(['check', '--no-such-flag']);
    expect(bad.exitCode).toBe(2);
  });

  test('has the Trivy that imagegate trivy install fetched from the mirror and verified, on PATH', async () => {
    const trivy = await run(['--version'], 'trivy');
    expect(trivy).toMatchObject({ exitCode: 0, stdout: `Version: ${TRIVY_VERSION}` });
    expect(mirror.requests).toEqual(
      expect.arrayContaining([
        `/v${TRIVY_VERSION}/trivy_${TRIVY_VERSION}_checksums.txt`,
        `/v${TRIVY_VERSION}/trivy_${TRIVY_VERSION}_Linux-64bit.tar.gz`,
      ]),
    );
    const docker = await run(['--version'], 'docker');
    expect(docker.stdout).toMatch(/^Docker version /);
  });

  test('a CI job running a shell in it finds imagegate, trivy and docker on PATH (GitLab: entrypoint [""])', async () => {
    const shell = await run(
      ['-c', 'imagegate --version && imagegate trivy --help | head -n 1 && command -v trivy && command -v docker'],
      'sh',
    );
    expect(shell).toMatchObject({ exitCode: 0 });
    expect(shell.stdout.split('\n')).toEqual([
      VERSION,
      'Usage: imagegate trivy install [--version V] [--dir DIR] [-v]',
      '/usr/local/bin/trivy',
      '/usr/local/bin/docker',
    ]);
  });

  test('runs as uid 1000 with the OCI labels and the CLI as entrypoint', async () => {
    const { stdout } = await execa('docker', ['image', 'inspect', '--format', '{{json .Config}}', image]);
    const config = JSON.parse(stdout) as { User: string; Entrypoint: string[]; Labels: Record<string, string> };
    expect(config.User).toBe('1000:1000');
    expect(config.Entrypoint).toEqual(['node', '/opt/imagegate/cli.mjs']);
    expect(config.Labels).toMatchObject({
      'org.opencontainers.image.title': 'imagegate',
      'org.opencontainers.image.version': VERSION,
      'org.opencontainers.image.licenses': 'Apache-2.0',
      'org.opencontainers.image.base.name': nodeImage,
    });
    const packageJson = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(config.Labels['org.opencontainers.image.version']).toBe(packageJson.version);
    const id = await run(['-c', 'id -u && touch /opt/imagegate/x'], 'sh');
    expect(id.stdout.split('\n')[0]).toBe('1000');
    expect(id.exitCode).not.toBe(0); // the CLI's files are root's: the process cannot change them
  });

  /** `imagegate check` on the built image with the project's own policy, the local bases allowed instead. */
  async function gateOwnImage(nodeBase: string) {
    const policy = path.join(work, 'own-image-policy.yml');
    await writeFile(
      policy,
      [
        'version: 1',
        `extends: [${JSON.stringify(path.join(repoRoot, 'policies/imagegate-image.yml'))}]`,
        'defaults:',
        '  base:',
        `    allow: [${JSON.stringify(`${registry.host}/imagegate-test/node:24-bookworm-slim`)}, ${JSON.stringify(`${registry.host}/imagegate-test/docker:29-cli`)}]`,
        '',
      ].join('\n'),
    );
    const outDir = path.join(work, `out-${randomBytes(4).toString('hex')}`);
    await mkdir(outDir, { recursive: true });
    const result = await cli([
      'check',
      '--image',
      image,
      '--dockerfile',
      path.join(context, 'Dockerfile'),
      '--build-arg',
      `NODE_IMAGE=${nodeBase}`,
      '--build-arg',
      `DOCKER_CLI_IMAGE=${dockerCliImage}`,
      '--policy',
      policy,
      '--skip-scan',
      '--skip-compose',
      '--out-dir',
      outDir,
      '--json',
    ]);
    const report = JSON.parse(result.stdout) as {
      verdict: string;
      findings: Array<{ ruleId: string; severity: string; location: { path?: string; line?: number } }>;
      image: { user: string; size: number; layers: unknown[] };
    };
    return { ...result, report };
  }

  test('passes its own policy: non-root, within the size and layer budgets, every base allowed and pinned', async () => {
    const { code, report, stderr } = await gateOwnImage(nodeImage);
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(report.verdict).toBe('pass');
    expect(report.findings.map((finding) => finding.ruleId)).toEqual([]);
    expect(report.image.layers.length).toBeLessThanOrEqual(10);
  });

  test('the same gate fails when the base is named by tag only, at the FROM that uses it', async () => {
    const tagOnly = nodeImage.slice(0, nodeImage.indexOf('@'));
    const { code, report } = await gateOwnImage(tagOnly);
    expect(code).toBe(1);
    const lines = (await readFile(path.join(context, 'Dockerfile'), 'utf8')).split('\n');
    const fromNode = lines.flatMap((line, index) => (line.startsWith('FROM ${NODE_IMAGE}') ? [index + 1] : []));
    const pinning = report.findings.filter((finding) => finding.ruleId === 'base/digest-required');
    expect(pinning.map((finding) => [finding.severity, finding.location.line])).toEqual(
      fromNode.map((line) => ['high', line]),
    );
  });

  test('a mirror whose tarball does not match its checksums file fails the build', async () => {
    const tampered = '0.71.8';
    await serveRelease(mirror, tampered, { listedSha256: 'f'.repeat(64) });
    const failed = await buildImage(context, `imagegate-test/imagegate-tampered:${runId}`, [
      ...buildArgs(),
      '--build-arg',
      `TRIVY_VERSION=${tampered}`,
      '--build-arg',
      `TRIVY_SHA256=${sha256(fakeTrivyScript(tampered))}`,
    ]).then(
      () => 'built',
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/checksum mismatch for .*trivy_0\.71\.8_Linux-64bit\.tar\.gz/);
  });

  test('has git, installed by the apt-get step, running as uid 1000', async () => {
    const git = await run(['-c', 'id -u && command -v git && git --version'], 'sh');
    expect(git).toMatchObject({ exitCode: 0 });
    const [uid, where, version] = git.stdout.split('\n');
    expect([uid, where]).toEqual(['1000', '/usr/bin/git']);
    expect(version).toMatch(/^git version 2\.\d+\.\d+/);
  });

  test('the apt-get stand-in fails for a package it does not have, so an unexpected install fails the build', async () => {
    const probe = path.join(work, 'apt-probe');
    await mkdir(probe, { recursive: true });
    await writeFile(
      path.join(probe, 'Dockerfile'),
      `FROM ${nodeImage}\nLABEL ${RUN_LABEL}=${runId}\nRUN apt-get update && apt-get install -y --no-install-recommends git curl\n`,
    );
    const failed = await buildImage(probe, `imagegate-test/apt-probe:${runId}`, []).then(
      () => 'built',
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/E: apt-get stand-in: Unable to locate package curl/);
  });

  test('imagegate check --policy-ref in the container: the base commit policy decides, read through git', async () => {
    // A repository as a merge-request job checks it out: the base commit forbids root, the head loosens that.
    const repo = path.join(work, 'mr-repo');
    await mkdir(repo, { recursive: true });
    const git = (...args: string[]) =>
      execa('git', args, {
        cwd: repo,
        env: {
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      }).then((result) => result.stdout.trim());
    const policy = (forbidRoot: boolean) =>
      `version: 1\ndefaults:\n  user:\n    forbidRoot: ${forbidRoot}\ngate:\n  failOn: medium\n`;
    await git('init', '-q', '-b', 'main');
    await writeFile(path.join(repo, '.imagegate.yml'), policy(true));
    await git('add', '-A');
    await git('commit', '-q', '-m', 'policy');
    const base = await git('rev-parse', 'HEAD');
    await writeFile(path.join(repo, '.imagegate.yml'), policy(false));
    await git('commit', '-q', '-am', 'loosen');
    // The image under test runs as root (no USER): only the base policy fails it.
    const app = path.join(work, 'mr-app');
    await mkdir(app, { recursive: true });
    await copyFile(busyboxPath(), path.join(app, 'busybox'));
    await writeFile(
      path.join(app, 'Dockerfile'),
      `FROM scratch\nCOPY busybox /bin/busybox\nLABEL ${RUN_LABEL}=${runId}\n`,
    );
    const appImage = `imagegate-test/mr-app:${runId}`;
    await buildImage(app, appImage, []);
    await execa('docker', ['save', '-o', path.join(repo, 'app.tar'), appImage]);
    // The job runs as uid 1000, the checkout is another user's (GitLab clones as root): it must still read it.
    await execa('chmod', ['-R', 'a+rX', repo]);
    await chmod(repo, 0o755);

    const job = await execa(
      'docker',
      [
        'run',
        '--rm',
        '-v',
        `${repo}:/builds/project:ro`,
        '-w',
        '/builds/project',
        '--entrypoint',
        'sh',
        image,
        '-c',
        `imagegate check --archive app.tar --skip-scan --skip-compose --policy-ref ${base} --out-dir /tmp/out; ` +
          'echo "exit $?"; cat /tmp/out/summary.md',
      ],
      { reject: false, all: true },
    );
    expect(job.exitCode).toBe(0);
    expect(job.stdout).toContain('\nexit 1\n');
    expect(job.stdout).toContain('#### Policy changes');
    expect(job.stdout).toContain(
      `The policy that decided is \`.imagegate.yml\` at \`${base.slice(0, 12)}\` (the base).`,
    );
    expect(job.stdout).toContain('- `defaults.user.forbidRoot`: true → false');
    expect(job.stdout).toMatch(/user\/root/);

    // The helper a shallow clone's fix needs (`git fetch … <sha>`) runs too: git-upload-pack from the exec path.
    const fetch = await execa(
      'docker',
      [
        'run',
        '--rm',
        '-v',
        `${repo}:/builds/project:ro`,
        '--entrypoint',
        'sh',
        image,
        '-c',
        // `git -c safe.directory=…` does not reach the git-upload-pack that git 2.39 starts for a local fetch, and
        // it refuses another user's repository: the job sets it globally (HOME is the node user's).
        'git config --global safe.directory "*" && git init -q /tmp/clone && cd /tmp/clone && ' +
          'git fetch -q /builds/project main && ' +
          `git cat-file -p ${base}:.imagegate.yml && git show -s --format=%s FETCH_HEAD`,
      ],
      { reject: false, all: true },
    );
    expect(fetch.exitCode === 0 ? 'exit 0' : fetch.all).toBe('exit 0');
    expect(fetch.stdout).toBe(`${policy(true).trimEnd()}\nloosen`);
  });
});
