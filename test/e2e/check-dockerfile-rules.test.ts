import { execa } from 'execa';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { haveSarifSchema, resultSchemaErrors, sarifSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';

/**
 * The Dockerfile rules on images a real Docker daemon builds (FROM a local busybox-static image): a Dockerfile that
 * trips every rule, its twin that trips none, a compose healthcheck that satisfies no-healthcheck, and a healthcheck
 * inherited from the base image, read from the daemon and a `docker save` archive (and gone from the OCI layout
 * skopeo converts it to, whose config format has no Healthcheck).
 */

interface ResultDocument {
  verdict: string;
  findings: Array<{
    ruleId: string;
    severity: string;
    message: string;
    location: { path?: string; line?: number };
    properties?: Record<string, unknown>;
  }>;
}

const BASE_TAG = 'imagegate-test/dockerfile-rules-base:1.0';
const HEALTHY_BASE_TAG = 'imagegate-test/dockerfile-rules-healthy-base:1.0';
const tags: string[] = [BASE_TAG, HEALTHY_BASE_TAG];
const work = await tempDir();

const POLICY = [
  'version: 1',
  'defaults:',
  '  dockerfile:',
  '    addInsteadOfCopy: true',
  '    pipeToShell: true',
  '    updateAlone: true',
  '    upgrade: true',
  '    noHealthcheck: true',
  '',
].join('\n');

async function check(name: string, files: Record<string, string>, extra: string[] = []) {
  const context = await makeContext({ 'app.txt': 'hello\n', ...files });
  const tag = `imagegate-test/dockerfile-rules-${name}:1`;
  tags.push(tag);
  const outDir = path.join(work, `out-${name}`);
  const policy = path.join(work, `${name}.yml`);
  await writeFile(policy, POLICY);
  const run = await cli(
    ['check', '--skip-scan', '--context', context, '--tag', tag, '--policy', policy, '--out-dir', outDir, ...extra],
    context,
  );
  const document = JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as ResultDocument;
  const sarif = await readFile(path.join(outDir, 'imagegate.sarif'), 'utf8');
  return { run, document, sarif, context, tag };
}

/** The run config of the image an OCI layout's index names first. */
async function ociConfig(layout: string): Promise<Record<string, unknown>> {
  const blob = async (digest: string) =>
    JSON.parse(await readFile(path.join(layout, 'blobs', ...digest.split(':')), 'utf8')) as Record<string, unknown>;
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: Array<{ digest: string }>;
  };
  const manifest = (await blob(index.manifests[0]?.digest ?? '')) as { config: { digest: string } };
  return ((await blob(manifest.config.digest)) as { config?: Record<string, unknown> }).config ?? {};
}

const dockerfileFindings = (document: ResultDocument) =>
  document.findings
    .filter((finding) => finding.ruleId.startsWith('dockerfile/'))
    .map((finding) => [finding.ruleId, finding.location.line, finding.properties?.subject]);

describeWithDocker('Dockerfile rules on real builds', () => {
  beforeAll(async () => {
    const base = await makeContext(
      { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n' },
      { withBusybox: true },
    );
    await dockerBuild(base, BASE_TAG);
    const healthy = await makeContext({
      Dockerfile: `FROM ${BASE_TAG}\nHEALTHCHECK --interval=30s CMD ["/bin/true"]\n`,
    });
    await dockerBuild(healthy, HEALTHY_BASE_TAG);
  });

  afterAll(async () => {
    await execa('docker', ['image', 'rm', '--force', ...tags], { reject: false });
  });

  // Every RUN succeeds offline: the downloads fail and `|| true` keeps the build going.
  const TRIPPING = [
    `FROM ${BASE_TAG} AS tools`, // 1
    'RUN wget -qO- http://127.0.0.1:9/install.sh 2>/dev/null | sh || true', // 2
    '', // 3
    `FROM ${BASE_TAG}`, // 4
    'ADD app.txt /srv/app.txt', // 5
    'COPY --from=tools /bin/busybox /opt/busybox', // 6
    'RUN apk update || true', // 7
    'RUN apt-get dist-upgrade -y \\', // 8
    '  || true', // 9
    'USER 10001', // 10
    '',
  ].join('\n');

  test('a Dockerfile that trips every rule: one finding each, at its line, path:line as subject', async () => {
    const { run, document, sarif } = await check('tripping', { Dockerfile: TRIPPING });
    expect(run.code).toBe(0); // all below the default gate (high)
    expect(resultSchemaErrors(document)).toEqual([]);
    if (haveSarifSchema) expect(sarifSchemaErrors(JSON.parse(sarif))).toEqual([]);
    expect(dockerfileFindings(document).sort()).toEqual(
      [
        ['dockerfile/add-instead-of-copy', 5, 'Dockerfile:5'],
        ['dockerfile/no-healthcheck', 4, 'Dockerfile:4'],
        ['dockerfile/pipe-to-shell', 2, 'Dockerfile:2'],
        ['dockerfile/update-alone', 7, 'Dockerfile:7'],
        ['dockerfile/upgrade', 8, 'Dockerfile:8'],
      ].sort(),
    );
    const rules = (
      JSON.parse(sarif) as {
        runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties?: { tags?: string[] } }> } } }>;
      }
    ).runs[0]?.tool.driver.rules;
    expect(rules?.find((rule) => rule.id === 'dockerfile/no-healthcheck')?.properties?.tags).toEqual(
      expect.arrayContaining(['cis-docker/4.6', 'dockle/CIS-DI-0006']),
    );
  });

  test('its twin trips none', async () => {
    const twin = [
      `FROM ${BASE_TAG} AS tools`,
      'RUN wget -qO /tmp/install.sh http://127.0.0.1:9/install.sh 2>/dev/null || true',
      '',
      `FROM ${BASE_TAG}`,
      'COPY app.txt /srv/app.txt',
      'COPY --from=tools /bin/busybox /opt/busybox',
      'RUN apk update && apk add --no-cache curl || true',
      'RUN apt-get install -y --only-upgrade openssl || true',
      'HEALTHCHECK CMD ["/bin/true"]',
      'USER 10001',
      '',
    ].join('\n');
    const { run, document } = await check('twin', { Dockerfile: twin });
    expect(run.code).toBe(0);
    expect(dockerfileFindings(document)).toEqual([]);
  });

  // ONBUILD lines only register triggers: none of them runs in this build, so the URLs are never fetched.
  test('ONBUILD triggers: the instruction rules report them at the ONBUILD line; ONBUILD HEALTHCHECK is no healthcheck', async () => {
    const onbuild = [
      `FROM ${BASE_TAG}`, // 1
      'ONBUILD RUN wget -qO- http://127.0.0.1:9/install.sh | sh', // 2
      'ONBUILD ADD http://127.0.0.1:9/tool.sh /usr/local/bin/tool', // 3
      'ONBUILD RUN apk update', // 4
      'ONBUILD RUN apt-get dist-upgrade -y', // 5
      'ONBUILD RUN apk update && apk add --no-cache curl', // 6: the safe twin of 4
      'ONBUILD COPY app.txt /srv/app.txt', // 7: the safe twin of 3
      'ONBUILD HEALTHCHECK CMD ["/bin/true"]', // 8: the downstream image's, not this one's
      'USER 10001', // 9
      '',
    ].join('\n');
    const { run, document } = await check('onbuild', { Dockerfile: onbuild });
    expect(run.code).toBe(0);
    expect(resultSchemaErrors(document)).toEqual([]);
    expect(dockerfileFindings(document).sort()).toEqual(
      [
        ['dockerfile/add-instead-of-copy', 3, 'Dockerfile:3'],
        ['dockerfile/no-healthcheck', 1, 'Dockerfile:1'],
        ['dockerfile/pipe-to-shell', 2, 'Dockerfile:2'],
        ['dockerfile/update-alone', 4, 'Dockerfile:4'],
        ['dockerfile/upgrade', 5, 'Dockerfile:5'],
      ].sort(),
    );
    const pipe = document.findings.find((finding) => finding.ruleId === 'dockerfile/pipe-to-shell');
    expect(pipe?.message).toMatch(/^`ONBUILD RUN` is a trigger that runs in every build FROM this image: RUN pipes/);
    expect(pipe?.properties).toMatchObject({ onbuild: true });
    const triggers = document.findings.filter((finding) => finding.properties?.onbuild === true);
    expect(triggers.map((finding) => finding.ruleId).sort()).toEqual([
      'dockerfile/add-instead-of-copy',
      'dockerfile/pipe-to-shell',
      'dockerfile/update-alone',
      'dockerfile/upgrade',
    ]);
  });

  test('a compose service that builds the image with a healthcheck satisfies no-healthcheck', async () => {
    const compose = [
      'services:',
      '  app:',
      '    build: .',
      '    healthcheck:',
      '      test: ["CMD", "/bin/true"]',
      '',
    ].join('\n');
    const { document } = await check(
      'compose',
      { Dockerfile: `FROM ${BASE_TAG}\nUSER 10001\n`, 'compose.yaml': compose },
      ['--compose', 'compose.yaml'],
    );
    expect(dockerfileFindings(document)).toEqual([]);
  });

  test('a healthcheck inherited from the base image counts, from the daemon and a docker save archive; an OCI copy without it does not', async () => {
    const { document, context, tag } = await check('inherited', {
      Dockerfile: `FROM ${HEALTHY_BASE_TAG}\nUSER 10001\n`,
    });
    expect(dockerfileFindings(document)).toEqual([]);

    const archive = path.join(work, 'inherited.tar');
    await execa('docker', ['save', '-o', archive, tag]);
    const outDir = path.join(work, 'out-archive');
    const run = await cli(
      [
        'check',
        '--skip-scan',
        '--archive',
        archive,
        '--dockerfile',
        path.join(context, 'Dockerfile'),
        '--policy',
        path.join(work, 'inherited.yml'),
        '--out-dir',
        outDir,
      ],
      context,
    );
    expect(run.code).toBe(0);
    const fromArchive = JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as ResultDocument;
    expect(dockerfileFindings(fromArchive)).toEqual([]);

    const layout = path.join(work, 'inherited-oci');
    await execa('skopeo', ['copy', '-q', `docker-archive:${archive}`, `oci:${layout}:latest`]);
    const ociOut = path.join(work, 'out-oci');
    const ociRun = await cli(
      [
        'check',
        '--skip-scan',
        '--oci-layout',
        layout,
        '--dockerfile',
        path.join(context, 'Dockerfile'),
        '--policy',
        path.join(work, 'inherited.yml'),
        '--out-dir',
        ociOut,
      ],
      context,
    );
    expect(ociRun.code).toBe(0);
    const fromLayout = JSON.parse(await readFile(path.join(ociOut, 'imagegate.json'), 'utf8')) as ResultDocument;
    // skopeo writes the OCI image config, which has no Healthcheck field: the converted image really has none, and
    // containers started from it get none. imagegate reports what the image holds, not what its Dockerfile's base had.
    const layoutConfig = await ociConfig(layout);
    expect(layoutConfig.Healthcheck).toBeUndefined();
    expect(dockerfileFindings(fromLayout)).toEqual([['dockerfile/no-healthcheck', 1, 'Dockerfile:1']]);

    // The same image without its base's healthcheck would be reported: the config is what decided.
    const bare = await check('bare', { Dockerfile: `FROM ${BASE_TAG}\nUSER 10001\n` });
    expect(dockerfileFindings(bare.document)).toEqual([['dockerfile/no-healthcheck', 1, 'Dockerfile:1']]);
  });
});
