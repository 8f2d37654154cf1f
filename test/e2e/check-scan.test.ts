import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { haveSarifSchema, resultSchemaErrors, sarifSchemaErrors } from '../support/schemas.js';
import { sharedFile } from '../support/shared.js';
import { installTrivyStandin, TRIVY_STANDIN_SCRIPT } from '../support/trivy-standin/standin.js';
import { tempDir } from '../support/temp.js';

/**
 * The whole `imagegate check` with the vulnerability stage, on a real image built by dockerd. The vulnerability
 * records are real Trivy output (corpus fluentd-gems: an OS package in the base layer, a gem in a later layer);
 * only their Layer.DiffID/Digest are re-pointed at this image's layers, so that "which Dockerfile line brought
 * the package in" can be asserted. They reach imagegate as `--trivy-report` and through the Trivy stand-in.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const BASE = 'imagegate-test/scan-base:1';
const TAG = 'imagegate-test/scan-app:1';
const DOCKERFILE = [
  `FROM ${BASE}`, // 1: base layers (busybox, its symlinks) → the OS package
  'RUN mkdir -p /usr/lib/ruby && echo gems > /usr/lib/ruby/Gemfile.lock', // 2 → the gem
  'COPY app.txt /srv/app.txt', // 3
  'USER 1000', // 4
  '',
].join('\n');

const work = await tempDir();
const standin = await installTrivyStandin();

interface Doc {
  verdict: string;
  findings: Array<{
    ruleId: string;
    severity: string;
    suppressed: boolean;
    location: { path?: string; line?: number; image?: string };
    properties: Record<string, unknown> | null;
  }>;
  scan: { vulnerabilities?: unknown } | null;
  baseline: { new: unknown; fixed: unknown } | null;
}

async function readDoc(outDir: string): Promise<Doc> {
  return JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as Doc;
}

const vulnLines = (doc: Doc) =>
  Object.fromEntries(doc.findings.filter((f) => f.ruleId.startsWith('vuln/')).map((f) => [f.ruleId, f.location.line]));

describeWithDocker('imagegate check with the vulnerability stage', () => {
  let context: string;
  let derivedReport: string;
  const policy = path.join(work, 'policy.yml');

  beforeAll(async () => {
    const base = await makeContext(
      { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n' },
      { withBusybox: true },
    );
    await dockerBuild(base, BASE);
    context = await makeContext({ Dockerfile: DOCKERFILE, 'app.txt': 'app\n' });
    await dockerBuild(context, TAG);
    const inspected = JSON.parse((await execa('docker', ['image', 'inspect', TAG])).stdout) as [
      { Id: string; RootFS: { Layers: string[] } },
    ];
    const layers = inspected[0].RootFS.Layers;
    // Corpus layer → this image's layer: the debian base layer → our first base layer, the gem layer → our RUN.
    const corpus = JSON.parse(await readFile(corpusReport!, 'utf8')) as {
      ArtifactName: string;
      Metadata: Record<string, unknown>;
      Results: Array<{ Vulnerabilities?: Array<{ Layer?: { DiffID: string; Digest?: string } }> }>;
    };
    const remap: Record<string, string> = {
      'sha256:831c5620387fb9efec59fc82a42b948546c6be601e3ab34a87108ecf852aa15f': layers[0]!,
      'sha256:75e43d55939745950bc3f8fad56c5834617c4339f0f54755e69a0dd5372624e9': layers[2]!,
    };
    for (const result of corpus.Results) {
      for (const vulnerability of result.Vulnerabilities ?? []) {
        const layer = vulnerability.Layer;
        if (layer && remap[layer.DiffID]) vulnerability.Layer = { DiffID: remap[layer.DiffID]! };
      }
    }
    corpus.ArtifactName = TAG;
    corpus.Metadata = { ImageID: inspected[0].Id, DiffIDs: layers, RepoTags: [TAG] };
    derivedReport = path.join(work, 'derived-trivy.json');
    await writeFile(derivedReport, JSON.stringify(corpus, null, 2));
  }, 120_000);

  afterAll(async () => {
    await execa('docker', ['image', 'rm', '--force', TAG, BASE], { reject: false });
  });

  async function check(name: string, policyYaml: string, extra: string[]) {
    await writeFile(policy, policyYaml);
    const outDir = path.join(work, name);
    const run = await cli(
      [
        'check',
        '--image',
        TAG,
        '--dockerfile',
        path.join(context, 'Dockerfile'),
        '--policy',
        policy,
        '--out-dir',
        outDir,
        ...extra,
      ],
      context,
    );
    return { run, outDir, doc: run.code <= 1 ? await readDoc(outDir) : undefined };
  }

  test('a corpus report as --trivy-report: gate, Dockerfile lines, SARIF, allowlist with an expired entry', async () => {
    const yaml = [
      'version: 1',
      'defaults:',
      '  vulnerabilities: {failOn: high}',
      'allow:',
      '  vulnerabilities:',
      '    - id: CVE-2019-18224', // line 6
      '      packages: [libidn2-*]',
      '      reason: not reachable from the app',
      '      expires: 2099-12-31',
      '    - id: CVE-2020-8165', // line 10
      '      reason: waiting for the upstream gem',
      '      expires: 2020-01-31',
      '',
    ].join('\n');
    const { run, outDir, doc } = await check('report', yaml, ['--trivy-report', derivedReport]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(1);
    expect(doc?.verdict).toBe('fail');
    // The OS package came with the base image: the FROM line. The gem came with the RUN on line 2.
    expect(vulnLines(doc!)).toEqual({ 'vuln/CVE-2019-18224': 1, 'vuln/CVE-2020-8165': 2 });
    const byRule = Object.fromEntries(doc!.findings.map((f) => [f.ruleId, f]));
    expect(byRule['vuln/CVE-2019-18224']).toMatchObject({ severity: 'critical', suppressed: true });
    expect(byRule['vuln/CVE-2020-8165']).toMatchObject({ severity: 'high', suppressed: false });
    expect(byRule['vuln/CVE-2020-8165']?.properties).toMatchObject({
      pkgName: 'activesupport',
      installedVersion: '6.0.2.1',
      fixedVersion: '6.0.3.1, 5.2.4.3',
    });
    // The expired entry no longer suppresses, and says so where it is written.
    expect(byRule['allow/expired']?.location).toMatchObject({ line: 10 });
    expect(byRule['allow/expired']?.location.path).toMatch(/policy\.yml$/);

    const sarif = JSON.parse(await readFile(path.join(outDir, 'imagegate.sarif'), 'utf8')) as {
      runs: Array<{
        tool: { driver: { name: string; rules?: Array<{ id: string; properties?: Record<string, unknown> }> } };
        automationDetails: { id: string };
        results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }>;
      }>;
    };
    if (haveSarifSchema) expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs).toHaveLength(2);
    const trivyRun = sarif.runs.find((r) => r.tool.driver.name === 'Trivy');
    expect(new Set(sarif.runs.map((r) => r.automationDetails.id)).size).toBe(2);
    const gem = trivyRun?.results.find((r) => r.ruleId === 'vuln/CVE-2020-8165');
    expect(gem?.locations[0]?.physicalLocation.region.startLine).toBe(2);
    const rule = trivyRun?.tool.driver.rules?.find((r) => r.id === 'vuln/CVE-2020-8165');
    expect(rule?.properties?.['security-severity']).toMatch(/^\d+\.\d$/);
    expect(resultSchemaErrors(doc)).toEqual([]);

    const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
    expect(summary).toContain('CVE-2020-8165');
    expect(summary).toContain('6.0.3.1');
    // Why it failed and what to do, at the top: the gem's upgrade (the smallest listed fix above 6.0.2.1), at the
    // RUN that installed it, which the history mapping tells from the base image's layers.
    expect(summary.indexOf('**Why the gate failed:**')).toBeLessThan(summary.indexOf('### Image'));
    expect(summary).toContain(
      '\n1. upgrade `activesupport` `6.0.2.1` → `6.0.3.1` in ' +
        '`var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec` (installed at `Dockerfile:2`): ' +
        'fixes 1 of 1 high\n',
    );
    expect(summary).toMatch(
      /<summary>🚫 1 blocking · <code>activesupport<\/code> 6\.0\.2\.1 → 6\.0\.3\.1 · 🟠 1 high · installed at /,
    );
  });

  test('Trivy (the stand-in replaying the same report) gives the same findings, DB cached for the day', async () => {
    const cacheDir = path.join(work, 'trivy-cache');
    const saved = { ...process.env };
    Object.assign(process.env, standin.env({ report: derivedReport }), { PATH: standin.path() });
    try {
      const yaml = 'version: 1\ndefaults:\n  vulnerabilities: {failOn: never}\n';
      const first = await check('standin-1', yaml, ['--trivy-cache-dir', cacheDir, '--scanners', 'vuln,secret']);
      expect(first.run.code).toBe(0);
      expect(vulnLines(first.doc!)).toEqual({ 'vuln/CVE-2019-18224': 1, 'vuln/CVE-2020-8165': 2 });
      const second = await check('standin-2', yaml, ['--trivy-cache-dir', cacheDir]);
      expect(second.run.code).toBe(0);
      const log = await standin.readLog();
      const invocations = log.filter((e) => e.event === 'invocation').map((e) => (e as { argv: string[] }).argv);
      expect(invocations).toHaveLength(2);
      expect(invocations[0]).toEqual(
        expect.arrayContaining(['image', '--format', 'json', '--scanners', 'vuln,secret', TAG]),
      );
      expect(invocations[0]).not.toContain('--skip-db-update');
      // The first run downloaded today's DB; the second does not download it again.
      expect(invocations[1]).toContain('--skip-db-update');
      await expect(readFile(path.join(first.outDir, 'trivy.json'), 'utf8')).resolves.toContain('CVE-2020-8165');
    } finally {
      process.env = saved;
    }
  });

  test('the summary and imagegate.json say which Trivy ran and how it was verified (--trivy-sha256 of the stand-in)', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, standin.env({ report: derivedReport }), { PATH: standin.path() });
    try {
      const yaml = 'version: 1\ndefaults:\n  vulnerabilities: {failOn: never}\n';
      const standinSha256 = createHash('sha256')
        .update(await readFile(TRIVY_STANDIN_SCRIPT))
        .digest('hex');
      const cacheDir = path.join(work, 'trivy-cache-verified');
      const pinned = await check('verified', yaml, ['--trivy-cache-dir', cacheDir, '--trivy-sha256', standinSha256]);
      expect(pinned.run.code).toBe(0);
      const summary = await readFile(path.join(pinned.outDir, 'summary.md'), 'utf8');
      expect(summary).toContain(
        `**Trivy binary:** \`${standin.binary}\` (0.72.0), verified: SHA-256 given in the workflow (trivy-sha256) matches.`,
      );
      expect((pinned.doc!.scan as { binary?: unknown }).binary).toEqual({
        path: standin.binary,
        version: '0.72.0',
        verification: 'user-sha256',
      });
      expect(resultSchemaErrors(pinned.doc)).toEqual([]);

      const unchecked = await check('unverified', yaml, ['--trivy-cache-dir', cacheDir]);
      expect(unchecked.run.code).toBe(0);
      expect(await readFile(path.join(unchecked.outDir, 'summary.md'), 'utf8')).toContain(
        `⚠️ **Trivy binary:** \`${standin.binary}\` (0.72.0), verified: found on PATH, only its version was checked.`,
      );
    } finally {
      process.env = saved;
    }
  });

  test('a second check of the same image reads the scan cache: Trivy does not run, the summary says how old it is; --no-scan-cache scans', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, standin.env({ report: derivedReport }), { PATH: standin.path() });
    try {
      const yaml = 'version: 1\ndefaults:\n  vulnerabilities: {failOn: never}\n';
      const cacheDir = path.join(work, 'trivy-cache-scan-cache');
      const trivyRuns = async () =>
        (await standin.readLog()).filter((e) => e.event === 'invocation' && e.argv[0] === 'image').length;
      await standin.clearLog();
      const first = await check('scan-cache-1', yaml, ['--trivy-cache-dir', cacheDir]);
      expect(first.run.code).toBe(0);
      expect(await trivyRuns()).toBe(1);
      expect((first.doc!.scan as { cached?: unknown }).cached).toBeNull();

      await standin.clearLog();
      const second = await check('scan-cache-2', yaml, ['--trivy-cache-dir', cacheDir]);
      expect(second.run.code).toBe(0);
      expect(await trivyRuns()).toBe(0);
      expect(second.run.stderr).not.toContain('scan cache: ignoring');
      expect(vulnLines(second.doc!)).toEqual(vulnLines(first.doc!));
      expect((second.doc!.scan as { cached?: unknown }).cached).toEqual({
        savedAt: expect.stringMatching(/^2\d{3}-\d\d-\d\dT/),
        ageSeconds: expect.any(Number),
      });
      expect(resultSchemaErrors(second.doc)).toEqual([]);
      expect(await readFile(path.join(second.outDir, 'summary.md'), 'utf8')).toMatch(
        /\*\*Cached scan:\*\* Trivy did not run; its results for this image, Trivy version and DB were saved \S+ \(\d+ seconds? ago/,
      );

      await standin.clearLog();
      const fresh = await check('scan-cache-3', yaml, ['--trivy-cache-dir', cacheDir, '--no-scan-cache']);
      expect(fresh.run.code).toBe(0);
      expect(await trivyRuns()).toBe(1);
      expect((fresh.doc!.scan as { cached?: unknown }).cached).toBeNull();
    } finally {
      process.env = saved;
    }
  });

  test('a report alone is enough input: image facts from its Metadata', async () => {
    const outDir = path.join(work, 'report-alone');
    await writeFile(policy, 'version: 1\ndefaults:\n  user: {forbidRoot: true}\n  size: {max: 100MB}\n');
    const run = await cli(['check', '--trivy-report', corpusReport!, '--policy', policy, '--out-dir', outDir], work);
    expect(run.code).toBe(1);
    const doc = await readDoc(outDir);
    expect(doc.findings.map((f) => f.ruleId).sort()).toEqual([
      'size/max',
      'user/root',
      'vuln/CVE-2019-18224',
      'vuln/CVE-2020-8165',
    ]);
    expect(doc.findings.find((f) => f.ruleId === 'user/root')?.location.image).toContain('fluentd-multiple-lockfiles');
  });

  test('--baseline-report names what is new and what was fixed', async () => {
    const yaml = 'version: 1\n';
    const before = await check('baseline-before', yaml, ['--trivy-report', derivedReport]);
    const trimmed = JSON.parse(await readFile(derivedReport, 'utf8')) as {
      Results: Array<{ Vulnerabilities?: unknown[] }>;
    };
    trimmed.Results[1]!.Vulnerabilities = [];
    const fixedReport = path.join(work, 'fixed-trivy.json');
    await writeFile(fixedReport, JSON.stringify(trimmed));
    const after = await check('baseline-after', yaml, [
      '--trivy-report',
      fixedReport,
      '--baseline-report',
      path.join(before.outDir, 'imagegate.json'),
    ]);
    expect(after.doc?.baseline).toMatchObject({ new: { count: 0 }, fixed: { count: 1 } });
    const summary = await readFile(path.join(after.outDir, 'summary.md'), 'utf8');
    expect(summary).toMatch(/fixed since baseline/i);
    expect(summary).toContain('CVE-2020-8165');
  });
});
