import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

const dir = await tempDir('imagegate-k8s-inspect-');

const DAEMONSET = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: {name: agent, namespace: ops}',
  'spec:',
  '  template:',
  '    spec:',
  '      hostPID: true',
  '      volumes:',
  '        - name: sock',
  '          hostPath: {path: /var/run/docker.sock, type: Socket}',
  '      containers:',
  '        - name: agent',
  '          image: ghcr.io/acme/agent:2',
  '          securityContext: {privileged: true}',
  '          volumeMounts:',
  '            - {name: sock, mountPath: /var/run/docker.sock, readOnly: true}',
  '',
].join('\n');

describe('imagegate k8s inspect', () => {
  it('prints workloads → containers → mounts as JSON, each with file:line:column', async () => {
    await mkdir(path.join(dir, 'deploy'), { recursive: true });
    await writeFile(path.join(dir, 'deploy', 'agent.yaml'), DAEMONSET);
    const run = await cli(['k8s', 'inspect', 'deploy', '--json'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const inspection = JSON.parse(run.stdout);
    expect(inspection.files).toEqual(['deploy/agent.yaml']);
    expect(inspection.workloads).toEqual([
      {
        kind: 'DaemonSet',
        name: 'agent',
        namespace: 'ops',
        at: { file: 'deploy/agent.yaml', line: 1, column: 1 },
        template: null,
        pod: { hostPID: { value: true, at: { file: 'deploy/agent.yaml', line: 7, column: 16 } } },
        sysctls: [],
        containers: [
          {
            name: 'agent',
            role: 'container',
            image: 'ghcr.io/acme/agent:2',
            at: { file: 'deploy/agent.yaml', line: 12, column: 11 },
            securityContext: {
              privileged: { value: true, from: 'container', at: { file: 'deploy/agent.yaml', line: 14, column: 41 } },
            },
            ephemeralStorageLimit: null,
            mounts: [
              {
                volume: 'sock',
                volumeType: 'hostPath',
                source: { hostPath: { path: '/var/run/docker.sock', type: 'Socket' } },
                mountPath: '/var/run/docker.sock',
                subPath: null,
                readOnly: true,
                readOnlyReason: 'mount-readOnly',
                why: 'the volumeMount sets readOnly: true',
                at: { file: 'deploy/agent.yaml', line: 16, column: 15 },
                decidedAt: { file: 'deploy/agent.yaml', line: 16, column: 71 },
              },
            ],
          },
        ],
      },
    ]);
  });

  it('reads helm template output from standard input and names each chart template', async () => {
    const rendered = `---\n# Source: agent/templates/daemonset.yaml\n${DAEMONSET}`;
    const run = await cli(['k8s', 'inspect', '-'], dir, { stdin: rendered });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('DaemonSet agent  <stdin>:3:1 (template agent/templates/daemonset.yaml)');
    expect(run.stdout).toContain(
      '/var/run/docker.sock  hostPath sock  ro (the volumeMount sets readOnly: true)  <stdin>:18:15',
    );
  });

  it('exits 2 with file:line:column on a mount that names no volume', async () => {
    await writeFile(
      path.join(dir, 'bad.yaml'),
      DAEMONSET.replace('{name: sock, mountPath', '{name: socket, mountPath'),
    );
    const run = await cli(['k8s', 'inspect', 'bad.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'bad.yaml:16:22: volumeMount `socket` of container `agent` of DaemonSet agent names no volume of the pod (volumes: sock)',
    );
    expect(run.stderr).not.toContain('    at ');
  });

  it('asks for paths when none is given', async () => {
    const run = await cli(['k8s', 'inspect'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('k8s inspect needs manifest files or directories, or - for standard input');
  });
});
