import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { haveSarifSchema, resultSchemaErrors, sarifSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';

/**
 * `imagegate check` with compose files beside the image, and `imagegate compose inspect`: the real CLI on files
 * written here, findings located at the line that decided (the override's, when it dropped `:ro`).
 */

const work = await tempDir();
const archive = path.join(work, 'image.tar');
await writeImageArchive(
  archive,
  {
    repoTags: ['registry.example.com/team/app:1'],
    config: { User: '1000' },
    steps: [{ createdBy: 'COPY app /app # buildkit', entries: [{ path: 'app', type: 'file', content: 'x' }] }],
  },
  { format: 'docker-legacy' },
);

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const BASE = [
  'services:',
  '  app:',
  '    image: app:1',
  '    volumes:',
  '      - ./config:/etc/app:ro',
  '      - data:/var/lib/app',
  'volumes:',
  '  data: {}',
  '',
].join('\n');
// Line 5 of the override replaces the base's ./config entry (same target) and drops :ro.
const OVERRIDE = [
  'services:',
  '  app:',
  '    environment: [DEBUG=1]',
  '    volumes:',
  '      - ./config:/etc/app',
  '',
].join('\n');

interface Doc {
  verdict: string;
  findings: Array<{
    ruleId: string;
    severity: string;
    suppressed: boolean;
    location: { path?: string; line?: number };
  }>;
  compose: { projects: Array<{ files: string[]; services: number; mounts: number }> } | null;
}

async function check(dir: string, args: string[], name = 'out') {
  const outDir = path.join(dir, name);
  const run = await cli(['check', '--skip-scan', '--archive', archive, '--out-dir', outDir, ...args], dir);
  const doc =
    run.code <= 1 ? (JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as Doc) : undefined;
  return { run, doc, outDir };
}

test('an override that drops :ro is a finding at the override line, in every report', async () => {
  const dir = await project('override', { 'compose.yaml': BASE, 'compose.prod.yaml': OVERRIDE });
  const { run, doc, outDir } = await check(dir, ['--compose', 'compose.yaml', '--compose', 'compose.prod.yaml']);
  expect(run.code).toBe(1);
  const writable = doc?.findings.filter((f) => f.ruleId === 'compose/writable-bind-mount');
  expect(writable?.map((f) => [f.severity, f.location.path, f.location.line])).toEqual([
    ['high', 'compose.prod.yaml', 5],
  ]);
  expect(doc?.compose?.projects).toEqual(
    [{ name: 'override', files: ['compose.yaml', 'compose.prod.yaml'], services: 1, mounts: 2 }].map(
      ({ name: _name, ...rest }) => expect.objectContaining(rest),
    ),
  );
  expect(resultSchemaErrors(doc)).toEqual([]);
  const sarif = JSON.parse(await readFile(path.join(outDir, 'imagegate.sarif'), 'utf8')) as {
    runs: Array<{
      results: Array<{
        ruleId: string;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
      }>;
    }>;
  };
  if (haveSarifSchema) expect(sarifSchemaErrors(sarif)).toEqual([]);
  const result = sarif.runs[0]?.results.find((r) => r.ruleId === 'compose/writable-bind-mount');
  expect(result?.locations[0]?.physicalLocation).toMatchObject({
    artifactLocation: { uri: 'compose.prod.yaml' },
    region: { startLine: 5 },
  });
  expect(await readFile(path.join(outDir, 'summary.md'), 'utf8')).toContain('compose/writable-bind-mount');
});

test('without --compose or compose.files, the workspace project is found as docker compose finds it', async () => {
  const dir = await project('discovered', { 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE });
  const { run, doc } = await check(dir, []);
  expect(run.code).toBe(1);
  expect(doc?.findings.find((f) => f.ruleId === 'compose/writable-bind-mount')?.location).toMatchObject({
    path: 'compose.override.yaml',
    line: 5,
  });
  const skipped = await check(dir, ['--skip-compose'], 'skipped');
  expect(skipped.run.code).toBe(0);
  expect(skipped.doc?.compose).toBeNull();
});

test('policy compose.files globs, rule severities and an allow.mounts entry', async () => {
  const dir = await project('policy', {
    'deploy/a.yml': [
      'services:',
      '  sock:',
      '    image: x',
      '    volumes:',
      '      - /var/run/docker.sock:/var/run/docker.sock:ro',
      '',
    ].join('\n'),
    'deploy/b.yml': ['services:', '  logs:', '    image: x', '    volumes:', '      - ./logs:/logs', ''].join('\n'),
    'policy/.imagegate.yml': [
      'version: 1',
      'compose:',
      "  files: ['../deploy/*.yml']",
      '  rules: {writableBindMount: low}',
      'allow:',
      '  mounts:',
      '    - {service: sock, target: /var/run/docker.sock, reason: the CI agent drives docker, expires: 2099-12-31}',
      '',
    ].join('\n'),
  });
  const { run, doc } = await check(dir, ['--policy', 'policy/.imagegate.yml']);
  expect(run.code).toBe(0);
  const byRule = Object.fromEntries(doc!.findings.map((f) => [f.ruleId, f]));
  expect(byRule['compose/engine-socket']).toMatchObject({ severity: 'critical', suppressed: true });
  expect(byRule['compose/writable-bind-mount']).toMatchObject({
    severity: 'low',
    location: { path: 'deploy/b.yml', line: 5 },
  });
  expect(doc?.compose?.projects.map((p) => p.files)).toEqual([['deploy/a.yml'], ['deploy/b.yml']]);
});

test.each([
  [
    'an unset ${VAR:?message}',
    {
      'compose.yaml':
        'services:\n  a:\n    image: x\n    volumes:\n      - ${DATA_DIR:?set DATA_DIR to the data directory}:/data\n',
    },
    [/compose\.yaml:5:\d+/, 'set DATA_DIR to the data directory'],
  ],
  ['a top level that is a list', { 'compose.yaml': '- services\n' }, [/compose\.yaml:1:1/]],
  ['duplicate keys', { 'compose.yaml': 'services:\n  a:\n    image: x\n  a:\n    image: y\n' }, [/compose\.yaml:4:3/]],
] as const)('%s is a configuration error with its position', async (_name, files, patterns) => {
  const dir = await project(`bad-${Object.values(files)[0]?.length}`, files);
  const { run } = await check(dir, ['--compose', 'compose.yaml']);
  expect(run.code).toBe(2);
  for (const pattern of patterns) expect(run.stderr).toMatch(pattern);
});

test('a compose.files entry that matches nothing names the policy line', async () => {
  const dir = await project('nomatch', { '.imagegate.yml': "version: 1\ncompose:\n  files: ['deploy/*.yml']\n" });
  const { run } = await check(dir, []);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/\.imagegate\.yml:3:\d+: compose\.files: 'deploy\/\*\.yml' matches no file/);
});

test('compose inspect prints the normalized mounts, as JSON for scripts', async () => {
  const dir = await project('inspect', {
    'compose.yaml': BASE,
    'compose.override.yaml': OVERRIDE,
    '.env': 'UNUSED=1\n',
  });
  const run = await cli(['compose', 'inspect', '--json'], dir);
  expect(run.code).toBe(0);
  const inspection = JSON.parse(run.stdout) as {
    files: string[];
    services: Array<{ name: string; mounts: Array<Record<string, unknown>> }>;
  };
  expect(inspection.files).toEqual(['compose.yaml', 'compose.override.yaml']);
  expect(inspection.services[0]?.mounts).toEqual([
    expect.objectContaining({
      type: 'bind',
      source: path.join(dir, 'config'),
      target: '/etc/app',
      readOnly: false,
      file: 'compose.override.yaml',
      line: 5,
    }),
    expect.objectContaining({
      type: 'volume',
      source: 'data',
      target: '/var/lib/app',
      readOnly: false,
      file: 'compose.yaml',
      line: 6,
    }),
  ]);
  const text = await cli(['compose', 'inspect', '-f', 'compose.yaml'], dir);
  expect(text.stdout).toMatch(/bind\s+ro\s+\S+config -> \/etc\/app\s+compose\.yaml:5/);
});
