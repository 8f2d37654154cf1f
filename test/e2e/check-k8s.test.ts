import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { haveSarifSchema, resultSchemaErrors, sarifSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 16 item 10, through the real CLI: Kubernetes findings (`--k8s`, `kubernetes.files`, standard input) are
 * Findings like compose's, in the same JSON, SARIF, summary and GitLab reports, under the same allow.mounts and
 * severities; manifests alone are gated like compose files alone.
 */

const work = await tempDir('imagegate-e2e-k8s-');

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const AGENT = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: {name: agent}',
  'spec:',
  '  template:',
  '    spec:',
  '      automountServiceAccountToken: false',
  '      volumes:',
  '        - name: sock',
  '          hostPath: {path: /var/run/docker.sock}', // line 10: engine socket
  '        - name: logs',
  '          hostPath: {path: /srv/logs}',
  '      containers:',
  '        - name: agent',
  '          image: ghcr.io/acme/agent:2',
  '          securityContext: {privileged: true}', // line 16
  '          volumeMounts:',
  '            - {name: sock, mountPath: /var/run/docker.sock, readOnly: true}',
  '            - {name: logs, mountPath: /logs}', // line 19: writable hostPath
  '',
].join('\n');

const COMPOSE = ['services:', '  app:', '    image: nginx:1.27', '    privileged: true', ''].join('\n');

interface Doc {
  verdict: string;
  kubernetes: { files: string[]; workloads: number; containers: number; mounts: number } | null;
  findings: Array<{
    ruleId: string;
    severity: string;
    suppressed: boolean;
    location: { path?: string; line?: number };
  }>;
}

async function check(dir: string, args: string[], stdin?: string) {
  const outDir = path.join(dir, 'out');
  const run = await cli(['check', '--out-dir', outDir, ...args], dir, stdin === undefined ? undefined : { stdin });
  const doc =
    run.code <= 1 ? (JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as Doc) : undefined;
  return { run, doc, outDir };
}

test('manifests and compose files together: k8s findings in the same JSON, SARIF, summary and GitLab reports', async () => {
  const dir = await project('both', { 'deploy/agent.yaml': AGENT, 'compose.yaml': COMPOSE });
  const { run, doc, outDir } = await check(dir, ['--k8s', 'deploy', '--compose', 'compose.yaml', '--gitlab']);
  expect(run.stderr).not.toContain('    at ');
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('  k8s       1 workload, 1 container in 1 manifest file');
  expect(resultSchemaErrors(doc)).toEqual([]);
  expect(doc?.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.path}:${f.location.line}`).sort()).toEqual([
    'compose/privileged critical compose.yaml:4',
    'k8s/engine-socket critical deploy/agent.yaml:10',
    'k8s/privileged critical deploy/agent.yaml:16',
    'k8s/writable-host-path high deploy/agent.yaml:19',
  ]);

  const sarif = JSON.parse(await readFile(path.join(outDir, 'imagegate.sarif'), 'utf8')) as {
    runs: Array<{
      tool: { driver: { rules: Array<{ id: string }> } };
      results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    }>;
  };
  if (haveSarifSchema) expect(sarifSchemaErrors(sarif)).toEqual([]);
  const results = sarif.runs[0]?.results ?? [];
  expect(
    results
      .filter((r) => r.ruleId.startsWith('k8s/'))
      .map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri),
  ).toEqual(['deploy/agent.yaml', 'deploy/agent.yaml', 'deploy/agent.yaml']);
  expect(sarif.runs[0]?.tool.driver.rules.map((rule) => rule.id)).toEqual(
    expect.arrayContaining(['k8s/engine-socket', 'k8s/privileged', 'k8s/writable-host-path']),
  );

  expect(doc?.kubernetes).toEqual({ files: ['deploy/agent.yaml'], workloads: 1, containers: 1, mounts: 2 });
  const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
  expect(summary).toContain('**Kubernetes:** `deploy/agent.yaml` (1 workload, 1 container, 2 mounts)');
  expect(summary).toContain('k8s/engine-socket');
  expect(summary).toContain('agent.yaml');
  const quality = JSON.parse(await readFile(path.join(outDir, 'gl-code-quality-report.json'), 'utf8')) as Array<{
    check_name: string;
    location: { path: string; lines: { begin: number } };
  }>;
  expect(
    quality
      .filter((issue) => issue.check_name.startsWith('k8s/'))
      .map((i) => `${i.location.path}:${i.location.lines.begin}`)
      .sort(),
  ).toEqual(['deploy/agent.yaml:10', 'deploy/agent.yaml:16', 'deploy/agent.yaml:19']);
  const junit = await readFile(path.join(outDir, 'imagegate-junit.xml'), 'utf8');
  expect(junit).toContain('<testsuite name="imagegate: kubernetes" tests="3" failures="3"');
});

test('kubernetes.files, allow.mounts and kubernetes.rules apply; helm output on standard input is read', async () => {
  const dir = await project('policy', {
    'deploy/agent.yaml': AGENT,
    'web.yaml': 'kind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: web}]\n',
    'policy.yml': [
      'version: 1',
      'kubernetes:',
      '  files: [deploy]',
      '  rules:',
      '    privileged: low',
      '    engineSocket: "off"',
      'allow:',
      '  mounts:',
      '    - {service: agent, target: /logs, reason: node log shipper, expires: 2099-12-31}',
      '',
    ].join('\n'),
  });
  // With no image, --k8s makes it a manifests-only run; the policy's kubernetes.files add to it.
  const { run, doc } = await check(dir, ['--k8s', 'web.yaml', '--policy', 'policy.yml']);
  expect(run.stderr).not.toContain('    at ');
  expect(run.code).toBe(0);
  expect(doc?.findings.map((f) => `${f.ruleId} ${f.severity} ${f.suppressed}`).sort()).toEqual([
    'k8s/privileged low false',
    'k8s/service-account-token low false',
    'k8s/writable-host-path high true',
  ]);

  const helm = `---\n# Source: agent/templates/daemonset.yaml\n${AGENT}`;
  const piped = await check(dir, ['--k8s', '-', '--policy', 'policy.yml', '--json'], helm);
  expect(piped.run.code).toBe(0);
  // The policy's files and the piped copy are the same workload twice, in two places.
  expect(
    piped.doc?.findings
      .filter((f) => f.location.path === '<stdin>')
      .map((f) => f.location.line)
      .sort(),
  ).toEqual([18, 21]);
});

test('a bad manifest is exit 2 with file:line:column and no report', async () => {
  const dir = await project('bad', { 'bad.yaml': AGENT.replace('{name: logs, mountPath', '{name: log, mountPath') });
  const { run } = await check(dir, ['--k8s', 'bad.yaml']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    'bad.yaml:19:22: volumeMount `log` of container `agent` of DaemonSet agent names no volume',
  );
});

test('kubernetes.files cannot reach outside the workspace: refused at the policy line, exit 2', async () => {
  const outside = await project('outside-target', { 'secret.yaml': AGENT });
  const dir = await project('escape', {
    'web.yaml': 'kind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: web}]\n',
    'policy.yml': ['version: 1', 'kubernetes:', `  files: [../${path.basename(outside)}]`, ''].join('\n'),
  });
  const { run } = await check(dir, ['--k8s', 'web.yaml', '--policy', 'policy.yml']);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /policy\.yml:3:\d+: Kubernetes manifest directory .*outside-target is refused: it resolves to .*, outside the workspace/,
  );
});
