import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { haveSarifSchema, resultSchemaErrors, sarifSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 13 item 8: `imagegate check --compose FILE…` with no image source gates the compose files alone, through
 * the real CLI: every compose rule, the same reports (JSON, SARIF, summary, GitLab, JUnit) and exit codes, and
 * reports that say "compose files only" instead of describing an image.
 */

const work = await tempDir();

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const RISKY = [
  'services:',
  '  app:',
  '    image: nginx:1.27',
  '    privileged: true', // line 4
  '    volumes:',
  '      - ./config:/etc/app', // line 6: writable bind
  '      - /var/run/docker.sock:/var/run/docker.sock', // line 7
  '',
].join('\n');

const CLEAN = ['services:', '  app:', '    image: nginx:1.27', '    volumes:', '      - ./config:/etc/app:ro', ''].join(
  '\n',
);

interface Doc {
  verdict: string;
  image: unknown;
  findings: Array<{
    ruleId: string;
    severity: string;
    suppressed: boolean;
    location: { path?: string; line?: number };
  }>;
  compose: { projects: Array<{ files: string[]; services: number; mounts: number }> } | null;
  scan: unknown;
}

async function check(dir: string, args: string[], name = 'out') {
  const outDir = path.join(dir, name);
  const run = await cli(['check', '--out-dir', outDir, ...args], dir);
  const doc =
    run.code <= 1 ? (JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as Doc) : undefined;
  return { run, doc, outDir };
}

test('compose files alone: every compose rule, exit 1 on a failing gate, every report says "compose files only"', async () => {
  const dir = await project('risky', { 'compose.yaml': RISKY });
  const { run, doc, outDir } = await check(dir, ['--compose', 'compose.yaml', '--gitlab']);
  expect(run.code).toBe(1);
  expect(doc?.verdict).toBe('fail');
  expect(doc?.image).toBeNull();
  expect(doc?.scan).toBeNull();
  expect(resultSchemaErrors(doc)).toEqual([]);
  expect(doc?.findings.map((f) => [f.ruleId, f.location.path, f.location.line]).sort()).toEqual([
    ['compose/engine-socket', 'compose.yaml', 7],
    ['compose/privileged', 'compose.yaml', 4],
    ['compose/writable-bind-mount', 'compose.yaml', 6],
  ]);
  expect(doc?.compose?.projects).toEqual([{ name: 'risky', files: ['compose.yaml'], services: 1, mounts: 2 }]);

  const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
  expect(summary.split('\n')[0]).toBe('## ❌ failed: imagegate · `compose files only`');
  expect(summary).toContain('_None: compose files only._');
  expect(summary).not.toContain('### Layers');
  expect(summary).not.toContain('**Size:**');
  expect(summary).toContain('**Compose:** `compose.yaml` (1 service, 2 mounts)');

  const sarif = JSON.parse(await readFile(path.join(outDir, 'imagegate.sarif'), 'utf8')) as {
    runs: Array<{
      automationDetails: { id: string };
      properties?: Record<string, unknown>;
      results: Array<{ ruleId: string }>;
    }>;
  };
  if (haveSarifSchema) expect(sarifSchemaErrors(sarif)).toEqual([]);
  expect(sarif.runs).toHaveLength(1);
  expect(sarif.runs[0]?.automationDetails.id).toMatch(/^imagegate\/compose\//);
  expect(sarif.runs[0]?.properties).toMatchObject({ image: 'compose files only', composeOnly: true });
  expect(sarif.runs[0]?.results.map((r) => r.ruleId).sort()).toEqual([
    'compose/engine-socket',
    'compose/privileged',
    'compose/writable-bind-mount',
  ]);

  const files = await readdir(outDir);
  expect(files).toEqual(expect.arrayContaining(['gl-code-quality-report.json', 'imagegate-junit.xml']));
  // No scan, no container-scanning report: as with --skip-scan on an image.
  expect(files).not.toContain('gl-container-scanning-report.json');
  const junit = await readFile(path.join(outDir, 'imagegate-junit.xml'), 'utf8');
  expect(junit).toContain('<property name="image" value="compose files only"/>');
  const quality = JSON.parse(await readFile(path.join(outDir, 'gl-code-quality-report.json'), 'utf8')) as Array<{
    location: { path: string; lines: { begin: number } };
  }>;
  expect(quality.map((issue) => `${issue.location.path}:${issue.location.lines.begin}`).sort()).toEqual([
    'compose.yaml:4',
    'compose.yaml:6',
    'compose.yaml:7',
  ]);
  expect(run.stdout).toContain('image     none: compose files only');
});

test('a clean compose file passes (exit 0); allow.mounts and rules apply as in an image run', async () => {
  const dir = await project('clean', {
    'compose.yaml': CLEAN,
    'policy.yml': ['version: 1', 'compose:', '  requireReadOnlyRootfs: false', ''].join('\n'),
  });
  const clean = await check(dir, ['--compose', 'compose.yaml', '--policy', 'policy.yml']);
  expect(clean.run.code).toBe(0);
  expect(clean.doc?.verdict).toBe('pass');
  expect(clean.doc?.findings).toEqual([]);

  const risky = await project('allowed', {
    'compose.yaml': RISKY,
    'policy.yml': [
      'version: 1',
      'rules:',
      '  compose/privileged: low',
      'allow:',
      '  mounts:',
      '    - service: app',
      '      target: /etc/app',
      '      reason: the app writes its config at first start',
      '      expires: 2099-12-31',
      '    - service: app',
      '      source: /var/run/docker.sock',
      '      reason: CI runner',
      '      expires: 2099-12-31',
      '',
    ].join('\n'),
  });
  const allowed = await check(risky, ['--compose', 'compose.yaml', '--policy', 'policy.yml']);
  expect(allowed.run.code).toBe(0);
  expect(allowed.doc?.findings.map((f) => [f.ruleId, f.severity, f.suppressed]).sort()).toEqual([
    ['compose/engine-socket', 'critical', true],
    ['compose/privileged', 'low', false],
    ['compose/writable-bind-mount', 'high', true],
  ]);
});

test('no image and no compose file is still a configuration error that names both ways out', async () => {
  const dir = await project('nothing', { 'compose.yaml': CLEAN });
  const nothing = await cli(['check', '--out-dir', path.join(dir, 'out')], dir);
  expect(nothing.code).toBe(2);
  expect(nothing.stderr).toContain('no image given: pass one of --context, --image, --archive, --oci-layout');
  expect(nothing.stderr).toContain('or --compose alone to check compose files only');
  const baseline = await cli(['check', '--compose', 'compose.yaml', '--baseline-image', 'app:1'], dir);
  expect(baseline.code).toBe(2);
  expect(baseline.stderr).toContain('--baseline-image compares images, and no image is checked');
  const missing = await cli(['check', '--compose', 'nope.yaml'], dir);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--compose: no such file');
});

test('--sbom with compose files alone: no SBOM (there is no image), and a warning says so', async () => {
  const dir = await project('sbom', { 'compose.yaml': RISKY });
  const { run, outDir } = await check(dir, ['--compose', 'compose.yaml', '--sbom', 'cyclonedx'], 'sbom-out');
  expect(run.code).toBeLessThanOrEqual(1);
  expect(run.stderr).toContain('--sbom: no image was checked (compose files only), so no SBOM is written');
  await expect(readFile(path.join(outDir, 'imagegate.cdx.json'))).rejects.toThrow('ENOENT');
});
