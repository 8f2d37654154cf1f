import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadManifests } from '../../src/k8s/load-manifests.js';
import { inspectManifests } from '../../src/k8s/inspect.js';
import { MAX_MANIFEST_FILES } from '../../src/k8s/load.js';
import { ConfigurationError, ExitCode } from '../../src/util/errors.js';
import { MAX_YAML_FILE_BYTES } from '../../src/yaml/positioned-yaml.js';
import { tempDir } from '../support/temp.js';

const root = await tempDir('imagegate-k8s-');
let counter = 0;

/** A fresh directory with the given files; returns a loader bound to it. */
async function files(contents: Record<string, string>) {
  const dir = path.join(root, `case-${counter++}`);
  for (const [name, text] of Object.entries(contents)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return (inputs: string[], stdin?: string) =>
    loadManifests(inputs, {
      cwd: dir,
      displayPath: (file) => path.relative(dir, file),
      ...(stdin !== undefined ? { readStdin: async () => stdin } : {}),
    });
}

async function refusal(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).exitCode).toBe(ExitCode.Configuration);
  return error as ConfigurationError;
}

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      securityContext:',
  '        runAsNonRoot: true',
  '        runAsUser: 1000',
  '      volumes:',
  '        - name: host',
  '          hostPath: { path: /var/log, type: Directory }',
  '        - name: data',
  '          persistentVolumeClaim: { claimName: data, readOnly: true }',
  '        - name: config',
  '          configMap: { name: web-config }',
  '        - name: scratch',
  '          emptyDir: { sizeLimit: 1Gi }',
  '      initContainers:',
  '        - name: init',
  '          image: busybox',
  '          volumeMounts:',
  '            - { name: scratch, mountPath: /scratch }',
  '      containers:',
  '        - name: app',
  '          image: ghcr.io/acme/web:1.0',
  '          securityContext:',
  '            runAsUser: 0',
  '            readOnlyRootFilesystem: true',
  '          volumeMounts:',
  '            - name: host',
  '              mountPath: /logs',
  '              readOnly: true',
  '            - name: data',
  '              mountPath: /data',
  '            - name: config',
  '              mountPath: /etc/web',
  '              readOnly: false',
  '            - name: scratch',
  '              mountPath: /tmp',
  '              subPath: tmp',
  '',
].join('\n');

describe('Kubernetes manifests: reading', () => {
  it('reads a Deployment: containers and init containers, mounts with the effective readOnly and why, positions', async () => {
    const load = await files({ 'deploy/web.yaml': DEPLOYMENT });
    const manifests = await load(['deploy']);
    expect(manifests.files).toEqual(['deploy/web.yaml']);
    const [web] = manifests.workloads;
    expect(web?.kind).toBe('Deployment');
    expect(web?.containers.map((c) => `${c.role}:${c.name}`)).toEqual(['initContainer:init', 'container:app']);
    const app = web!.containers[1]!;
    const mounts = Object.fromEntries(app.mounts.map((m) => [m.mountPath, m]));
    expect(mounts['/logs']).toMatchObject({ readOnly: true, readOnlyReason: 'mount-readOnly' });
    expect(mounts['/logs']!.readOnlyPosition).toEqual({ path: 'deploy/web.yaml', line: 34, column: 25 });
    expect(mounts['/logs']!.volume.source.hostPath?.path.value).toBe('/var/log');
    expect(mounts['/data']).toMatchObject({ readOnly: true, readOnlyReason: 'volume-readOnly' });
    expect(mounts['/data']!.readOnlyPosition.line).toBe(15);
    expect(mounts['/etc/web']).toMatchObject({ readOnly: true, readOnlyReason: 'always-read-only-type' });
    expect(mounts['/tmp']).toMatchObject({ readOnly: false, readOnlyReason: 'not-set', subPath: 'tmp' });
    expect(mounts['/tmp']!.position).toEqual({ path: 'deploy/web.yaml', line: 40, column: 15 });
    // The container's runAsUser overrides the pod's; runAsNonRoot comes from the pod.
    expect(app.securityContext['runAsUser']).toMatchObject({ value: 0, from: 'container' });
    expect(app.securityContext['runAsUser']!.position.line).toBe(29);
    expect(app.securityContext['runAsNonRoot']).toMatchObject({ value: true, from: 'pod' });
    expect(app.securityContext['readOnlyRootFilesystem']).toMatchObject({ value: true, from: 'container' });
    expect(web!.containers[0]!.securityContext['runAsUser']).toMatchObject({ value: 1000, from: 'pod' });
  });

  it('reads every workload kind from multi-document files and List objects, with their pod templates', async () => {
    const pod = (indent: string) =>
      [`${indent}spec:`, `${indent}  containers:`, `${indent}    - name: c`, `${indent}      image: x`].join('\n');
    const text = [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n' + pod(''),
      'apiVersion: v1\nkind: PodTemplate\nmetadata: {name: pt}\ntemplate:\n' + pod('  '),
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ss}\nspec:\n  volumeClaimTemplates:\n    - metadata: {name: data}\n  template:\n' +
        pod('    ').replace('image: x', 'image: x\n          volumeMounts: [{name: data, mountPath: /d}]'),
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  jobTemplate:\n    spec:\n      template:\n' +
        pod('        '),
      'apiVersion: v1\nkind: List\nitems:\n' +
        ['DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'Deployment']
          .map(
            (kind) =>
              `  - kind: ${kind}\n    metadata: {name: ${kind.toLowerCase()}}\n    spec:\n      template:\n` +
              pod('        '),
          )
          .join('\n'),
      'apiVersion: v1\nkind: Service\nmetadata: {name: svc}',
      '',
    ].join('\n---\n');
    const load = await files({ 'all.yaml': text });
    const manifests = await load(['all.yaml']);
    expect(manifests.objects).toHaveLength(10);
    expect(manifests.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual([
      'Pod/p',
      'PodTemplate/pt',
      'StatefulSet/ss',
      'CronJob/cj',
      'DaemonSet/daemonset',
      'ReplicaSet/replicaset',
      'ReplicationController/replicationcontroller',
      'Job/job',
      'Deployment/deployment',
    ]);
    const claim = manifests.workloads[2]!.containers[0]!.mounts[0]!;
    expect(claim.volume).toMatchObject({ type: 'volumeClaimTemplate', source: { claimName: 'data' } });
    expect(manifests.workloads[4]!.position).toMatchObject({ path: 'all.yaml' });
  });

  it('maps helm template output back to its chart templates through # Source: comments, from stdin', async () => {
    const load = await files({});
    const rendered = [
      '---',
      '# Source: web/templates/service.yaml',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      '---',
      '# Source: web/templates/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: app, image: web}]',
      '',
    ].join('\n');
    const manifests = await load(['-'], rendered);
    expect(manifests.files).toEqual(['<stdin>']);
    const inspection = inspectManifests(manifests);
    expect(inspection.workloads[0]).toMatchObject({
      kind: 'Deployment',
      at: { file: '<stdin>', line: 8, column: 1 },
      template: { path: 'web/templates/deployment.yaml', at: { file: '<stdin>', line: 7, column: 1 } },
    });
    expect(manifests.objects[0]!.template?.template).toBe('web/templates/service.yaml');
  });

  it('merges ephemeral containers and the AppArmor annotation', async () => {
    const load = await files({
      'pod.yaml': [
        'kind: Pod',
        'metadata:',
        '  name: p',
        '  annotations:',
        '    container.apparmor.security.beta.kubernetes.io/c: unconfined',
        'spec:',
        '  containers: [{name: c, image: x}]',
        '  ephemeralContainers: [{name: debug, image: busybox, securityContext: {privileged: true}}]',
        '',
      ].join('\n'),
    });
    const [pod] = (await load(['pod.yaml'])).workloads;
    expect(pod?.containers.map((c) => c.role)).toEqual(['container', 'ephemeralContainer']);
    expect(pod?.containers[0]?.appArmorAnnotation?.value).toBe('unconfined');
    expect(pod?.containers[1]?.securityContext['privileged']).toMatchObject({ value: true, from: 'container' });
  });
});

describe('Kubernetes manifests: bad input is exit 2 at file:line:column', () => {
  it.each([
    [
      'a document that is not an object',
      '- a\n- b\n',
      'list.yaml:1:1: a document of a Kubernetes manifest must be an object',
    ],
    [
      'an object without kind',
      'metadata: {name: x}\n',
      'list.yaml:1:1: a document of a Kubernetes manifest has no `kind`',
    ],
    [
      'a workload without a pod template',
      'kind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n',
      'list.yaml:4:3: Deployment web has no pod template (spec.template)',
    ],
    [
      'a volumeMount naming no volume',
      'kind: Pod\nmetadata: {name: p}\nspec:\n  volumes: [{name: a, emptyDir: {}}]\n  containers:\n    - name: c\n      volumeMounts: [{name: b, mountPath: /b}]\n',
      'list.yaml:7:29: volumeMount `b` of container `c` of Pod p names no volume of the pod (volumes: a)',
    ],
    [
      'a readOnly that is not a boolean',
      'kind: Pod\nmetadata: {name: p}\nspec:\n  volumes: [{name: a, emptyDir: {}}]\n  containers:\n    - name: c\n      volumeMounts: [{name: a, mountPath: /a, readOnly: "yes"}]\n',
      'list.yaml:7:57: `readOnly` of volumeMount `a` of container `c` of Pod p must be true or false',
    ],
    [
      'a List whose items are not a list',
      'kind: List\nitems: {a: 1}\n',
      'list.yaml:2:8: `items` of a List must be a list of objects, found a map',
    ],
    [
      'a YAML syntax error',
      'kind: Pod\nmetadata: {name: p\n',
      'list.yaml:3:1: YAML syntax error: Flow map in block collection must be sufficiently indented',
    ],
  ])('%s', async (_what, text, message) => {
    const load = await files({ 'list.yaml': text });
    const error = await refusal(load(['list.yaml']));
    expect(error.message).toContain(message);
  });

  it('refuses a YAML bomb with the position of the expansion', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    lines.push('kind: Pod');
    const load = await files({ 'bomb.yaml': `${lines.join('\n')}\n` });
    const error = await refusal(load(['bomb.yaml']));
    expect(error.message).toMatch(
      /^bomb\.yaml:\d+:\d+: bomb\.yaml expands to more than 250000 values through YAML aliases/,
    );
  });

  it('refuses a huge file before reading it, and too many files in a directory', async () => {
    const load = await files({ 'many/placeholder.txt': '' });
    const dir = path.join(root, `case-${counter - 1}`);
    await writeFile(path.join(dir, 'huge.yaml'), Buffer.alloc(MAX_YAML_FILE_BYTES + 1, 0x20));
    const huge = await refusal(load(['huge.yaml']));
    expect(huge.message).toBe(
      `huge.yaml is ${MAX_YAML_FILE_BYTES + 1} bytes; imagegate reads Kubernetes manifests up to ${MAX_YAML_FILE_BYTES} bytes`,
    );
    await Promise.all(
      Array.from({ length: MAX_MANIFEST_FILES + 1 }, (_, i) => writeFile(path.join(dir, 'many', `${i}.yaml`), '')),
    );
    const many = await refusal(load(['many']));
    expect(many.message).toContain(`more than ${MAX_MANIFEST_FILES} Kubernetes manifest files under many`);
  });

  it('refuses a path that does not exist', async () => {
    const load = await files({});
    expect((await refusal(load(['nope.yaml']))).message).toBe('Kubernetes manifest path nope.yaml: it does not exist');
  });
});
