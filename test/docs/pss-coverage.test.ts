import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runComposeChecks } from '../../src/checks/compose-run.js';
import { manifestObjects } from '../../src/k8s/load.js';
import { readWorkloads } from '../../src/k8s/workloads.js';
import { RULES } from '../../src/model/catalog.js';
import { k8sCheckOptions } from '../../src/pipeline/k8s-stage.js';
import { severityFor } from '../../src/policy/image-match.js';
import { loadPolicy, validatePolicyFiles } from '../../src/policy/load.js';
import { decideVerdict } from '../../src/policy/gate.js';

/**
 * Issue 16 item 8: docs/kubernetes.md maps every control of the Pod Security Standards (baseline and restricted) to a
 * rule that exists; the two presets validate, and on a pod that breaks each control they report it — a pod that
 * meets the restricted profile passes both.
 */

const root = path.resolve(new URL('../../', import.meta.url).pathname);
const page = await readFile(path.join(root, 'docs/kubernetes.md'), 'utf8');
const table = (page.split('<!-- pss-table:start -->')[1] ?? '').split('<!-- pss-table:end -->')[0] ?? '';
const rows = table
  .split('\n')
  .map((line) => line.split('|').map((cell) => cell.trim()))
  .filter((row) => row[1] === 'baseline' || row[1] === 'restricted');

const BASELINE = [
  'HostProcess',
  'Host Namespaces',
  'Privileged Containers',
  'Capabilities',
  'HostPath Volumes',
  'Host Ports',
  'AppArmor',
  'SELinux',
  '/proc Mount Type',
  'Seccomp',
  'Sysctls',
];
const RESTRICTED = [
  'Volume Types',
  'Privilege Escalation',
  'Running as Non-root',
  'Running as Non-root user',
  'Seccomp',
  'Capabilities',
];

test('the table has every control of both profiles, each naming a rule of the catalog or saying it is not checked', () => {
  expect(rows.filter((row) => row[1] === 'baseline').map((row) => row[2])).toEqual(BASELINE);
  expect(rows.filter((row) => row[1] === 'restricted').map((row) => row[2])).toEqual(RESTRICTED);
  const ids = new Set(RULES.map((rule) => rule.id));
  for (const row of rows) {
    const rule = /^`([^`]+)`$/.exec(row[3] ?? '')?.[1];
    if (row[3] === 'not checked yet') continue;
    expect({ control: row[2], rule, known: rule !== undefined && ids.has(rule) }).toEqual({
      control: row[2],
      rule,
      known: true,
    });
  }
});

async function verdictOf(preset: string, manifest: string) {
  const policy = await loadPolicy(path.join(root, 'policies', preset));
  const workloads = readWorkloads(
    manifestObjects(manifest, { absolute: '/p.yaml', display: 'p.yaml', baseDir: '/' }, () => {}),
  );
  const findings = runComposeChecks([], {
    options: {},
    allow: [],
    now: new Date('2026-12-07T00:00:00Z'),
    severityFor: (ruleId, fallback) => severityFor(policy, ruleId, fallback),
    kubernetes: { workloads, options: k8sCheckOptions(policy.kubernetes) },
  });
  const failing = findings.filter((f) => ['critical', 'high'].includes(f.severity)).map((f) => f.ruleId);
  return { verdict: decideVerdict(findings, policy.gate.failOn, {}), failing: [...new Set(failing)].sort() };
}

const pod = (spec: string[], container: string[]) =>
  [
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  automountServiceAccountToken: false',
    ...spec.map((l) => `  ${l}`),
    '  containers:',
    '    - name: c',
    '      image: app',
    ...container.map((l) => `      ${l}`),
    '',
  ].join('\n');

const RESTRICTED_OK = pod(
  [
    'securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}',
    'volumes: [{name: t, emptyDir: {}}]',
  ],
  [
    'securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}',
    'volumeMounts: [{name: t, mountPath: /tmp}]',
  ],
);

describe.each(['pss-baseline.yml', 'pss-restricted.yml'])('policies/%s', (preset) => {
  test('validates and points editors at the schema', async () => {
    const file = path.join(root, 'policies', preset);
    const [result] = await validatePolicyFiles([file]);
    expect(result?.errors.map((error) => error.message)).toEqual([]);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=./policy.schema.json');
  });

  test('a pod that meets the restricted profile passes', async () => {
    expect(await verdictOf(preset, RESTRICTED_OK)).toEqual({ verdict: 'pass', failing: [] });
  });

  test('a pod that breaks the baseline controls fails with the rule of each', async () => {
    const bad = pod(
      ['hostNetwork: true', 'volumes: [{name: h, hostPath: {path: /srv/x}}]'],
      [
        'securityContext: {privileged: true, capabilities: {add: [NET_ADMIN]}, seccompProfile: {type: Unconfined}}',
        'ports: [{containerPort: 80, hostPort: 80}]',
        'volumeMounts: [{name: h, mountPath: /x, readOnly: true}]',
      ],
    );
    const outcome = await verdictOf(preset, bad);
    expect(outcome.verdict).toBe('fail');
    expect(outcome.failing).toEqual(
      expect.arrayContaining([
        'k8s/dangerous-capability',
        'k8s/host-namespace',
        'k8s/host-path-volume',
        'k8s/host-port',
        'k8s/privileged',
        'k8s/unconfined-profile',
      ]),
    );
  });
});

test('the restricted preset also fails what only the restricted profile forbids', async () => {
  const baselineOnly = pod(
    ['volumes: [{name: n, nfs: {server: s, path: /e}}]'],
    ['volumeMounts: [{name: n, mountPath: /n, readOnly: true}]'],
  );
  expect(await verdictOf('pss-baseline.yml', baselineOnly)).toEqual({ verdict: 'pass', failing: [] });
  expect(await verdictOf('pss-restricted.yml', baselineOnly)).toEqual({
    verdict: 'fail',
    failing: [
      'k8s/dangerous-capability',
      'k8s/privilege-escalation',
      'k8s/run-as-root',
      'k8s/unconfined-profile',
      'k8s/volume-type',
    ],
  });
});
