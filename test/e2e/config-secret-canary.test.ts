import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { redactConfigSecrets } from '../../src/image/config-secrets.js';
import type { ImageFacts } from '../../src/image/facts.js';
import { readImage } from '../../src/image/read-image.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { cli } from '../support/cli.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { leaksIn, outDirLeaksOf, secretForms } from '../support/leaks.js';
import { haveSarifSchema, resultSchemaErrors, sarifSchemaErrors } from '../support/schemas.js';
import { credentialsEnvironment, registryAvailable, startRegistry } from '../support/registry.js';
import { skopeoPush } from '../support/registry-push.js';
import { tempDir } from '../support/temp.js';

/**
 * config/secret and config/expose-ssh on images a real daemon builds, by BuildKit (Docker 20.10's /usr/bin/docker
 * with DOCKER_BUILDKIT=1) and by the classic builder (what `imagegate check --context` uses when the docker client
 * has no buildx): each secret found at its Dockerfile line, the same secrets read from the daemon, `docker save`, an
 * OCI layout and a registry, a twin without secrets clean, and through the real CLI no value, in any encoding, in
 * any file of the out dir, on stdout or on stderr (the build log included).
 */

// Assembled at run time so that no secret scanner takes this file for a leak.
const ENV_TOKEN = `ghp_${'Ab3'.repeat(12)}`;
const BUILD_ARG_TOKEN = `ghp_${'Zx9'.repeat(12)}`;
const ARG_DEFAULT = 'Xdef-Pass-91z';
const LABEL_PASSWORD = 'Xlbl-Pass-77q';
const CURL_PASSWORD = 'Xcurl-Pw-55k';
const VALUES = [ENV_TOKEN, BUILD_ARG_TOKEN, ARG_DEFAULT, LABEL_PASSWORD, CURL_PASSWORD];
const FORMS = VALUES.flatMap(secretForms);

const DOCKERFILE = [
  'FROM scratch', // 1
  'COPY busybox /bin/busybox', // 2
  'ARG GH_TOKEN', // 3
  `ARG DEF_PASSWORD=${ARG_DEFAULT}`, // 4
  `ENV API_KEY=${ENV_TOKEN} PLAIN=hello`, // 5
  `LABEL com.example.password="${LABEL_PASSWORD}"`, // 6
  `RUN ["/bin/busybox", "sh", "-c", "curl() { :; }; curl -u deploy:${CURL_PASSWORD} https://example.com/a"]`, // 7
  'EXPOSE 22 8080/udp', // 8
  'USER 1000', // 9
  '',
].join('\n');
const TWIN = [
  'FROM scratch',
  'COPY busybox /bin/busybox',
  'ARG GH_TOKEN',
  'ENV PLAIN=hello DB_PASSWORD_FILE=/run/secrets/db',
  'LABEL com.example.password="${DB_PASSWORD}"',
  'RUN ["/bin/busybox", "sh", "-c", "curl() { :; }; curl -u deploy https://example.com/a"]',
  'EXPOSE 8080',
  'USER 1000',
  '',
].join('\n');

const run = Date.now().toString(36);
const work = await tempDir('imagegate-config-secret-');
const tags = {
  buildkit: `imagegate-test/config-secret-bk:${run}`,
  classic: `imagegate-test/config-secret-classic:${run}`,
  twin: `imagegate-test/config-secret-twin:${run}`,
  cli: `imagegate-test/config-secret-cli:${run}`,
};
const BUILDKIT_DOCKER = '/usr/bin/docker';
let context: string;

/** `docker build` by the named builder, with GH_TOKEN as a --build-arg. */
async function build(tag: string, buildkit: boolean, directory = context): Promise<void> {
  const args = ['build', '-q', '-t', tag, '--build-arg', `GH_TOKEN=${BUILD_ARG_TOKEN}`, directory];
  if (!buildkit) {
    await execa('docker', args, { env: { DOCKER_BUILDKIT: '0' } });
    return;
  }
  // Debian's Docker 20.10 client builds with BuildKit without buildx; a newer client on PATH may refuse.
  const docker = existsSync(BUILDKIT_DOCKER) ? BUILDKIT_DOCKER : 'docker';
  const result = await execa(docker, args, { env: { DOCKER_BUILDKIT: '1' }, reject: false });
  if (result.exitCode !== 0) throw new Error(`BuildKit build failed: ${result.stderr}`);
}

const read = (input: Parameters<typeof readImage>[0]) => readImage(input, { logger: new MemoryLogger() });
const secretsOf = (facts: ImageFacts) =>
  (redactConfigSecrets(facts).image.configSecrets ?? []).map(({ source, subject, kind, prefix }) => ({
    source,
    subject,
    kind,
    prefix,
  }));

interface ResultDocument {
  findings: Array<{ ruleId: string; location: { path?: string; line?: number }; properties?: { subject?: string } }>;
}

const EXPECTED_SECRETS = [
  { source: 'env', subject: 'API_KEY', kind: 'github-token', prefix: 'ghp_' },
  { source: 'label', subject: 'com.example.password', kind: 'secret-name', prefix: 'Xlb' },
  { source: 'arg', subject: 'DEF_PASSWORD', kind: 'secret-name', prefix: 'Xde' },
  { source: 'arg', subject: 'GH_TOKEN', kind: 'github-token', prefix: 'ghp_' },
  {
    source: 'history',
    subject: expect.stringMatching(/^history:\d+$/) as unknown as string,
    kind: 'curl-user',
    prefix: 'Xcu',
  },
];

describeWithDocker('config/secret on real builds', () => {
  beforeAll(async () => {
    context = await makeContext({ Dockerfile: DOCKERFILE }, { withBusybox: true });
    const twin = await makeContext({ Dockerfile: TWIN }, { withBusybox: true });
    await build(tags.buildkit, true);
    await build(tags.classic, false);
    await dockerBuild(twin, tags.twin);
  }, 300_000);

  afterAll(async () => {
    await execa('docker', ['image', 'rm', '--force', ...Object.values(tags)], { reject: false });
  });

  test.each([
    ['BuildKit', 'buildkit'],
    ['the classic builder', 'classic'],
  ] as const)('%s: ENV, LABEL, ARG default, --build-arg value and the curl password, each once', async (_, builder) => {
    const facts = await read({ kind: 'daemon', reference: tags[builder] });
    // What the builder recorded: the values are in the history and config as read.
    expect(JSON.stringify([facts.config, facts.history])).toContain(BUILD_ARG_TOKEN);
    expect(secretsOf(facts)).toEqual(EXPECTED_SECRETS);
    expect(facts.config.exposedPorts).toContain('22/tcp');
  });

  test('the twin without secrets: nothing', async () => {
    expect(secretsOf(await read({ kind: 'daemon', reference: tags.twin }))).toEqual([]);
  });

  test('the same secrets from the daemon, docker save, an OCI layout and a registry', async () => {
    const archive = path.join(work, 'saved.tar');
    await execa('docker', ['save', '-o', archive, tags.buildkit]);
    const layout = path.join(work, 'layout');
    await execa('skopeo', ['copy', '--quiet', `docker-daemon:${tags.buildkit}`, `oci:${layout}:latest`]);
    const daemon = secretsOf(await read({ kind: 'daemon', reference: tags.buildkit }));
    expect(secretsOf(await read({ kind: 'archive', path: archive }))).toEqual(daemon);
    expect(secretsOf(await read({ kind: 'oci-layout', path: layout }))).toEqual(daemon);
    if (!registryAvailable) return;
    const registry = await startRegistry();
    try {
      await skopeoPush(`docker-daemon:${tags.buildkit}`, registry, `imagegate-test/config-secret:${run}`);
      const remote = await readImage(
        { kind: 'registry', reference: `${registry.host}/imagegate-test/config-secret:${run}` },
        { logger: new MemoryLogger(), registry: { environment: credentialsEnvironment(registry) } },
      );
      expect(secretsOf(remote)).toEqual(daemon);
    } finally {
      await registry.stop();
    }
  }, 120_000);

  test.each([
    ['--image of the BuildKit build, with --dockerfile', 'image'],
    ['--context with --build-arg (the CLI builds it)', 'context'],
  ] as const)(
    'imagegate check %s: findings at their lines, no value in any output',
    async (_, mode) => {
      const out = path.join(work, `out-${mode}`);
      const source =
        mode === 'image'
          ? ['--image', tags.buildkit, '--dockerfile', path.join(context, 'Dockerfile')]
          : ['--context', context, '--tag', tags.cli, '--build-arg', `GH_TOKEN=${BUILD_ARG_TOKEN}`];
      const result = await cli(['check', '--skip-scan', ...source, '--out-dir', out, '--gitlab', '-v'], context);
      // The built-in default policy: config/secret is high and fails the gate, config/expose-ssh medium.
      expect(result.code).toBe(1);
      const document = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as ResultDocument;
      const at = (ruleId: string) =>
        document.findings
          .filter((finding) => finding.ruleId === ruleId)
          .map(
            (finding) => `${finding.properties?.subject?.replace(/^history:\d+$/, 'history')}@${finding.location.line}`,
          )
          .sort();
      expect(at('config/secret')).toEqual(
        ['API_KEY@5', 'com.example.password@6', 'DEF_PASSWORD@4', 'GH_TOKEN@3', 'history@7'].sort(),
      );
      expect(at('config/expose-ssh')).toEqual(['22/tcp@8']);
      expect(resultSchemaErrors(document)).toEqual([]);
      const sarif = JSON.parse(await readFile(path.join(out, 'imagegate.sarif'), 'utf8')) as {
        runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties?: { tags?: string[] } }> } } }>;
      };
      if (haveSarifSchema) expect(sarifSchemaErrors(sarif)).toEqual([]);
      const rule = sarif.runs[0]?.tool.driver.rules.find((candidate) => candidate.id === 'config/secret');
      expect(rule?.properties?.tags).toEqual(expect.arrayContaining(['cis-docker/4.10', 'dockle/CIS-DI-0010']));
      expect([
        ...(await outDirLeaksOf(FORMS, out)),
        ...leaksIn(FORMS, 'stdout', result.stdout),
        ...leaksIn(FORMS, 'stderr', result.stderr),
      ]).toEqual([]);
      // The build log was relayed (context mode) and still shows the instructions, with *** for the values.
      if (mode === 'context') expect(result.stderr).toContain('ARG DEF_PASSWORD=***');
    },
    300_000,
  );
});
