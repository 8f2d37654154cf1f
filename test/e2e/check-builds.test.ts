import { execa } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { haveSarifSchema, resultSchemaErrors, sarifSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';

/**
 * The whole `imagegate check` on images built by a real Docker daemon (FROM scratch plus the machine's static
 * busybox): verdict, findings and the Dockerfile line each finding points at.
 */

interface ResultDocument {
  verdict: string;
  budgets: Array<{ key: string; limit: number; used: number | null; headroom: number | null }>;
  image: {
    reference: string | null;
    size: number;
    user: string | null;
    layers: Array<{
      diffId: string;
      size: number;
      createdBy: string | null;
      instruction: { path: string; line: number } | null;
    }>;
  };
  findings: Array<{
    ruleId: string;
    severity: string;
    location: { path?: string; line?: number };
    fingerprint: string;
  }>;
}

const BASE_TAG = 'imagegate-test/e2e-base:1.0';
const tags: string[] = [BASE_TAG];
const work = await tempDir();

async function writePolicy(name: string, yaml: string): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, yaml);
  return file;
}

/** Runs `imagegate check --context` on a fresh context and returns the exit code and parsed reports. */
async function check(dockerfile: string, policyYaml: string, name: string, extra: string[] = []) {
  const context = await makeContext({ Dockerfile: dockerfile, 'app.txt': 'hello\n' }, { withBusybox: true });
  const tag = `imagegate-test/e2e-${name}:1`;
  tags.push(tag);
  const outDir = path.join(work, `out-${name}`);
  const policy = await writePolicy(`${name}.yml`, policyYaml);
  const run = await cli(
    ['check', '--skip-scan', '--context', context, '--tag', tag, '--policy', policy, '--out-dir', outDir, ...extra],
    context,
  );
  const document = JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as ResultDocument;
  const sarif = JSON.parse(await readFile(path.join(outDir, 'imagegate.sarif'), 'utf8')) as unknown;
  const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
  return { run, document, sarif, summary, context, tag, outDir, policy };
}

const lineOf = (document: ResultDocument, ruleId: string) =>
  document.findings.filter((f) => f.ruleId === ruleId).map((f) => f.location.line);

describeWithDocker('imagegate check on real builds', () => {
  beforeAll(async () => {
    const base = await makeContext(
      { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n' },
      { withBusybox: true },
    );
    await dockerBuild(base, BASE_TAG);
  });

  afterAll(async () => {
    await execa('docker', ['image', 'rm', '--force', ...tags], { reject: false });
  });

  test('a multi-stage image within its budgets passes, every layer on its line', async () => {
    const dockerfile = [
      `FROM ${BASE_TAG} AS build`, // 1
      'RUN mkdir -p /out && echo built > /out/artifact', // 2
      '',
      'FROM scratch', // 4
      'COPY --from=build /bin/busybox /bin/busybox', // 5
      'COPY --from=build /out/artifact /srv/artifact', // 6
      'COPY app.txt /srv/app.txt', // 7
      'USER 10001', // 8
      '',
    ].join('\n');
    const policy =
      'version: 1\ndefaults:\n  size: {max: 10MB}\n  layers: {max: 5}\n  base: {allow: ["imagegate-test/**"], scope: all-stages}\n  user: {forbidRoot: true}\n';
    const { run, document, sarif, summary } = await check(dockerfile, policy, 'multistage');
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    expect(document.verdict).toBe('pass');
    expect(document.findings).toEqual([]);
    expect(document.image.layers.map((layer) => layer.instruction?.line)).toEqual([5, 6, 7]);
    expect(document.image.user).toBe('10001');
    expect(run.stdout).toContain('imagegate PASS');
    expect(resultSchemaErrors(document)).toEqual([]);
    if (haveSarifSchema) expect(sarifSchemaErrors(sarif)).toEqual([]);
    // A passing image shows its headroom on each budget, in the summary's units (10.0 MB, not the policy's 10MB).
    expect(document.budgets.map((budget) => [budget.key, budget.limit, budget.used, budget.headroom])).toEqual([
      ['size.max', 10_000_000, document.image.size, 10_000_000 - document.image.size],
      ['layers.max', 5, 3, 2],
    ]);
    expect(summary).toContain('| `size.max` | ');
    expect(summary).toContain(' | 10.0 MB | ✅ ');
    expect(summary).toContain('| `layers.max` | 3 layers | 5 layers | ✅ 2 layers left |');
    expect(run.stdout).toContain('  budget    layers.max           3 layers of 5 layers: 2 layers left');
  });

  test('an image over its size budget fails at the final FROM line', async () => {
    const dockerfile = 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY app.txt /app.txt\nUSER 1000\n';
    const { run, document, summary } = await check(
      dockerfile,
      'version: 1\ndefaults:\n  size: {max: 1MB}\n',
      'oversize',
    );
    expect(run.code).toBe(1);
    expect(document.verdict).toBe('fail');
    expect(document.findings.map((f) => [f.ruleId, f.severity])).toEqual([['size/max', 'high']]);
    expect(lineOf(document, 'size/max')).toEqual([1]);
    expect(document.image.size).toBeGreaterThan(1_000_000);
    expect(summary).toContain('size/max');
    expect(run.stdout).toContain('imagegate FAIL');
  });

  test('an image with 22 layers breaks layers.max; a big base layer points at the FROM', async () => {
    const runs = Array.from({ length: 19 }, (_, index) => `RUN echo ${index} > /layer-${index}`);
    const dockerfile = [`FROM ${BASE_TAG}`, 'COPY app.txt /app.txt', ...runs, 'USER 1000', ''].join('\n');
    const policy = 'version: 1\ndefaults:\n  layers: {max: 20, maxLayerSize: 1MB}\nrules:\n  layers/max: high\n';
    const { run, document } = await check(dockerfile, policy, 'layers');
    expect(run.code).toBe(1);
    // 2 base layers (busybox, its symlinks) + COPY + 19 RUN.
    expect(document.image.layers).toHaveLength(22);
    expect(lineOf(document, 'layers/max')).toEqual([1]);
    expect(document.findings.find((f) => f.ruleId === 'layers/max')?.severity).toBe('high');
    // The busybox layer comes from the base image: it points at the FROM that brought it in.
    expect(lineOf(document, 'layers/max-layer-size')).toEqual([1]);
    expect(document.image.layers.slice(2).map((layer) => layer.instruction?.line)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 2),
    );
  });

  test('an image running as root fails at the USER line, or the final FROM without one', async () => {
    const explicit = await check(
      `FROM ${BASE_TAG}\nUSER 1000\nCOPY app.txt /app.txt\nUSER root\n`,
      'version: 1\ndefaults:\n  user: {forbidRoot: true}\n',
      'root-explicit',
    );
    expect(explicit.run.code).toBe(1);
    expect(lineOf(explicit.document, 'user/root')).toEqual([4]);
    const implicit = await check(
      `FROM ${BASE_TAG} AS base\nRUN echo hi > /hi\n\nFROM base\nCOPY app.txt /app.txt\n`,
      'version: 1\ndefaults:\n  user: {forbidRoot: true}\n',
      'root-implicit',
    );
    expect(implicit.run.code).toBe(1);
    expect(lineOf(implicit.document, 'user/root')).toEqual([4]);
    expect(implicit.document.image.layers.map((layer) => layer.instruction?.line)).toEqual([1, 1, 2, 5]);
  });

  test('a base image that is not allowed fails at its FROM line; the gate threshold decides', async () => {
    const dockerfile = `ARG BASE=${BASE_TAG}\nFROM \${BASE}\nCOPY app.txt /app.txt\nUSER 1000\n`;
    const policy = 'version: 1\ndefaults:\n  base: {allow: ["docker.io/library/alpine:3.*"]}\n';
    const failing = await check(dockerfile, policy, 'base');
    expect(failing.run.code).toBe(1);
    expect(failing.document.findings.map((f) => f.ruleId)).toEqual(['base/not-allowed']);
    expect(lineOf(failing.document, 'base/not-allowed')).toEqual([2]);
    expect(failing.run.stdout).toContain(`docker.io/${BASE_TAG}`);
    const lenient = await check(dockerfile, policy, 'base-lenient', ['--fail-on', 'critical']);
    expect(lenient.run.code).toBe(0);
    expect(lenient.document.findings.map((f) => f.ruleId)).toEqual(['base/not-allowed']);
    expect(lenient.run.stdout).toContain('imagegate PASS');
  });

  test('the same image from the daemon, its docker save archive and an OCI layout gives the same result', async () => {
    const dockerfile = `FROM ${BASE_TAG} AS build\nRUN echo x > /x\nFROM ${BASE_TAG}\nCOPY --from=build /x /x\nCOPY app.txt /app.txt\nUSER 0\n`;
    const policy = 'version: 1\ndefaults:\n  user: {forbidRoot: true}\n  layers: {max: 2, maxLayerSize: 1kB}\n';
    const built = await check(dockerfile, policy, 'sources');
    const dockerfilePath = path.join(built.context, 'Dockerfile');
    const archive = path.join(work, 'sources.tar');
    await execa('docker', ['save', '-o', archive, built.tag]);
    const layout = path.join(work, 'sources-oci');
    await mkdir(layout, { recursive: true });
    await execa('skopeo', ['copy', '--quiet', `docker-daemon:${built.tag}`, `oci:${layout}:${built.tag}`]);

    const results: ResultDocument[] = [];
    for (const [flag, value] of [
      ['--image', built.tag],
      ['--archive', archive],
      ['--oci-layout', layout],
    ] as const) {
      const outDir = path.join(work, `sources${flag}`);
      const run = await cli(
        [
          'check',
          '--skip-scan',
          flag,
          value,
          '--dockerfile',
          dockerfilePath,
          '--policy',
          built.policy,
          '--out-dir',
          outDir,
        ],
        built.context,
      );
      expect(run.code).toBe(1);
      results.push(JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as ResultDocument);
    }
    const comparable = (document: ResultDocument) => ({
      verdict: document.verdict,
      size: document.image.size,
      user: document.image.user,
      layers: document.image.layers.map(({ diffId, size, createdBy, instruction }) => ({
        diffId,
        size,
        createdBy,
        instruction,
      })),
      findings: document.findings.map(({ ruleId, severity, location, fingerprint }) => ({
        ruleId,
        severity,
        location,
        fingerprint,
      })),
    });
    const daemon = comparable(built.document);
    expect(daemon.findings.map((f) => f.ruleId).sort()).toEqual(['layers/max', 'layers/max-layer-size', 'user/root']);
    for (const result of results) expect(comparable(result)).toEqual(daemon);
  });
});
