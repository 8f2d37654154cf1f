import { checkWorkloads, type K8sCheckOptions } from '../../src/checks/k8s.js';
import { runComposeChecks } from '../../src/checks/compose-run.js';
import { manifestObjects } from '../../src/k8s/load.js';
import { readWorkloads } from '../../src/k8s/workloads.js';
import type { Finding } from '../../src/model/findings.js';
import type { MountAllowEntry } from '../../src/policy/types.js';

/** Workloads from manifest text, read by the real loader (no hand-built model). */
function workloads(text: string) {
  return readWorkloads(
    manifestObjects(text, { absolute: '/w/app.yaml', display: 'app.yaml', baseDir: '/w' }, () => {}),
  );
}

function check(text: string, options: K8sCheckOptions = {}): Finding[] {
  return checkWorkloads(workloads(text), options);
}

function where(finding: Finding | undefined): string {
  const location = finding?.location;
  return location?.kind === 'source' ? `${location.path}:${location.line}:${location.column}` : 'none';
}

const byRule = (findings: Finding[], rule: string) => findings.filter((finding) => finding.ruleId === rule);

/** A pod with one container; `volumes` and `mounts` are YAML flow lists, `extra` container keys. */
function pod({ volumes = '[]', mounts = '[]', container = '', spec = '' } = {}): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: web}',
    'spec:',
    '  automountServiceAccountToken: false',
    spec,
    `  volumes: ${volumes}`,
    '  containers:',
    '    - name: app',
    '      image: app',
    `      volumeMounts: ${mounts}`,
    container,
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

describe('k8s mount rules', () => {
  it('an engine socket is critical even read-only, and reported alone', () => {
    const findings = check(
      pod({
        volumes: '[{name: s, hostPath: {path: /var/run/docker.sock}}]',
        mounts: '[{name: s, mountPath: /var/run/docker.sock, readOnly: true}]',
      }),
    );
    expect(findings.map((f) => f.ruleId)).toEqual(['k8s/engine-socket']);
    expect(findings[0]).toMatchObject({ severity: 'critical', properties: { service: 'web', container: 'app' } });
    expect(findings[0]?.message).toContain('The mount is read-only, which does not help');
    expect(where(findings[0])).toBe('app.yaml:6:40');
  });

  it('a sensitive host path with path-boundary matching, and a writable hostPath at the mount', () => {
    const findings = check(
      pod({
        volumes: '[{name: etc, hostPath: {path: /etc/ssl/private}}, {name: etcx, hostPath: {path: /etcetera}}]',
        mounts: '[{name: etc, mountPath: /host-ssl}, {name: etcx, mountPath: /x, readOnly: true}]',
      }),
    );
    expect(findings.map((f) => f.ruleId)).toEqual(['k8s/sensitive-host-path', 'k8s/writable-host-path']);
    expect(findings[0]?.message).toBe(
      "Container `app` of Pod `web` mounts the hostPath `/etc/ssl/private` at /host-ssl, inside /etc (the host's configuration: users, password hashes, sudoers, cron, TLS keys), read-write: the container can read and change it. Use a configMap, a secret or a persistent volume instead.",
    );
    expect(findings[0]?.messageMarkdown).toContain('`/etc/ssl/private`');
    expect(where(findings[1])).toBe('app.yaml:10:22');
  });

  it('DirectoryOrCreate on a system path, and subPath into a hostPath', () => {
    const findings = check(
      pod({
        volumes: '[{name: lib, hostPath: {path: /var/lib/kubelet/plugins, type: DirectoryOrCreate}}]',
        mounts: '[{name: lib, mountPath: /plugins, subPath: x, readOnly: true}]',
      }),
    );
    expect(findings.map((f) => f.ruleId).sort()).toEqual([
      'k8s/host-path-create',
      'k8s/host-path-subpath',
      'k8s/sensitive-host-path',
    ]);
    // The same type on a path of its own is fine.
    expect(
      byRule(
        check(
          pod({
            volumes: '[{name: d, hostPath: {path: /srv/cache, type: DirectoryOrCreate}}]',
            mounts: '[{name: d, mountPath: /c, readOnly: true}]',
          }),
        ),
        'k8s/host-path-create',
      ),
    ).toEqual([]);
  });

  it('writable mounts of the volume types the policy lists; configMap and read-only claims are read-only', () => {
    const text = pod({
      volumes:
        '[{name: a, persistentVolumeClaim: {claimName: a}}, {name: b, persistentVolumeClaim: {claimName: b, readOnly: true}}, {name: c, configMap: {name: c}}, {name: d, csi: {driver: x.csi}}]',
      mounts:
        '[{name: a, mountPath: /a}, {name: b, mountPath: /b}, {name: c, mountPath: /c, readOnly: false}, {name: d, mountPath: /d}]',
    });
    expect(check(text)).toEqual([]);
    const findings = check(text, { readOnlyVolumeTypes: ['persistentVolumeClaim', 'configMap', 'csi'] });
    expect(findings.map((f) => `${f.ruleId} ${String(f.properties?.['target'])}`)).toEqual([
      'k8s/writable-mount /a',
      'k8s/writable-mount /d',
    ]);
  });
});

describe('k8s pod and container rules', () => {
  it('privileged, escalation, host namespaces, capabilities, unconfined profiles, token', () => {
    const text = [
      'kind: Deployment',
      'metadata: {name: agent}',
      'spec:',
      '  template:',
      '    metadata:',
      '      annotations: {container.apparmor.security.beta.kubernetes.io/b: unconfined}',
      '    spec:',
      '      hostNetwork: true',
      '      hostPID: false',
      '      securityContext: {seccompProfile: {type: Unconfined}}',
      '      containers:',
      '        - name: a',
      '          securityContext:',
      '            privileged: true',
      '            allowPrivilegeEscalation: true',
      '            capabilities: {add: [NET_ADMIN, cap_sys_admin]}',
      '            procMount: Unmasked',
      '        - name: b',
      '          securityContext: {seccompProfile: {type: RuntimeDefault}}',
      '',
    ].join('\n');
    const findings = check(text);
    expect(findings.map((f) => `${f.ruleId} ${String(f.properties?.['container'] ?? '-')} ${where(f)}`)).toEqual([
      'k8s/host-namespace - app.yaml:8:20',
      'k8s/service-account-token - app.yaml:8:7',
      'k8s/privileged a app.yaml:14:25',
      'k8s/privilege-escalation a app.yaml:15:39',
      'k8s/dangerous-capability a app.yaml:16:27',
      'k8s/unconfined-profile a app.yaml:10:41',
      'k8s/unconfined-profile a app.yaml:17:24',
      'k8s/unconfined-profile b app.yaml:6:71',
    ]);
    expect(byRule(findings, 'k8s/unconfined-profile')[0]?.message).toContain(
      'Container `a` of Deployment `agent` inherits from the pod `seccompProfile.type: Unconfined`: every system call is allowed',
    );
    // An allowlist replaces the built-in list: NET_ADMIN is now beyond it, SYS_ADMIN allowed.
    const allowed = byRule(check(text, { allowedCapabilities: ['SYS_ADMIN'] }), 'k8s/dangerous-capability');
    expect(allowed.map((f) => f.properties?.['capability'])).toEqual(['NET_ADMIN']);
  });

  it('read-only root filesystem, storage limits and escalation only when the policy asks', () => {
    const text = pod({
      volumes: '[{name: t, emptyDir: {}}, {name: u, emptyDir: {sizeLimit: 1Gi}}]',
      mounts: '[{name: t, mountPath: /tmp}]',
      container: '      securityContext: {readOnlyRootFilesystem: false}',
    });
    expect(check(text)).toEqual([]);
    const findings = check(text, {
      requireReadOnlyRootfs: true,
      requireStorageLimits: true,
      requireNoPrivilegeEscalation: true,
    });
    expect(findings.map((f) => `${f.ruleId} ${where(f)}`)).toEqual([
      'k8s/storage-limit app.yaml:6:23',
      'k8s/privilege-escalation app.yaml:8:7',
      'k8s/writable-rootfs app.yaml:11:49',
      'k8s/storage-limit app.yaml:8:7',
    ]);
  });
});

describe('k8s findings share allow.mounts and severities with compose', () => {
  it('an allow.mounts entry naming the workload suppresses its writable hostPath', () => {
    const entry: MountAllowEntry = {
      kind: 'mounts',
      service: 'web',
      target: '/data',
      reason: 'node-local cache',
      expires: '2099-01-01',
      source: { kind: 'source', path: '.imagegate.yml', line: 3, column: 5 },
    };
    const text = pod({
      volumes: '[{name: d, hostPath: {path: /srv/data}}]',
      mounts: '[{name: d, mountPath: /data}]',
    });
    const findings = runComposeChecks([], {
      options: {},
      allow: [entry],
      now: new Date('2026-12-07T00:00:00Z'),
      severityFor: (ruleId, fallback) => (ruleId === 'k8s/writable-host-path' ? 'critical' : fallback),
      kubernetes: { workloads: workloads(text), options: {} },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'k8s/writable-host-path', severity: 'critical' });
    expect(findings[0]?.suppressedBy).toBeDefined();
  });
});

describe('k8s rules the Pod Security Standards ask for', () => {
  const text = [
    'kind: StatefulSet',
    'metadata: {name: db}',
    'spec:',
    '  volumeClaimTemplates: [{metadata: {name: data}}]',
    '  template:',
    '    spec:',
    '      automountServiceAccountToken: false',
    '      securityContext: {runAsUser: 0}',
    '      volumes:',
    '        - {name: host, hostPath: {path: /srv/db}}',
    '        - {name: cfg, configMap: {name: db}}',
    '      containers:',
    '        - name: db',
    '          ports: [{containerPort: 5432, hostPort: 5432}, {containerPort: 9187}]',
    '          securityContext:',
    '            capabilities: {drop: [NET_RAW]}',
    '            windowsOptions: {hostProcess: true}',
    '          volumeMounts:',
    '            - {name: host, mountPath: /backup, readOnly: true}',
    '            - {name: data, mountPath: /data}',
    '        - name: sidecar',
    '          securityContext: {runAsNonRoot: true, runAsUser: 70, seccompProfile: {type: RuntimeDefault}, capabilities: {drop: [all]}}',
    '',
  ].join('\n');

  it('hostPort and hostProcess always; the rest only when the policy asks', () => {
    expect(check(text).map((f) => `${f.ruleId} ${String(f.properties?.['container'] ?? '-')} ${where(f)}`)).toEqual([
      'k8s/host-port db app.yaml:14:51',
      'k8s/privileged db app.yaml:17:29',
    ]);
  });

  it('forbidHostPath, allowedVolumeTypes, requireRunAsNonRoot, requireSeccompProfile, requireDropAll', () => {
    const findings = check(text, {
      forbidHostPath: true,
      allowedVolumeTypes: ['configMap', 'persistentVolumeClaim'],
      requireRunAsNonRoot: true,
      requireSeccompProfile: true,
      requireDropAll: true,
    });
    expect(
      findings
        .filter((f) => !['k8s/host-port', 'k8s/privileged'].includes(f.ruleId))
        .map((f) => `${f.ruleId} ${String(f.properties?.['container'] ?? '-')} ${where(f)}`),
    ).toEqual([
      // A claim template counts as a persistentVolumeClaim: only the hostPath is outside the list.
      'k8s/host-path-volume - app.yaml:10:24',
      'k8s/volume-type - app.yaml:10:24',
      'k8s/dangerous-capability db app.yaml:16:27',
      'k8s/unconfined-profile db app.yaml:13:11',
      'k8s/run-as-root db app.yaml:8:36',
    ]);
    expect(byRule(findings, 'k8s/run-as-root')[0]?.message).toContain('inherits from the pod `runAsUser: 0`');
  });
});

describe('k8s sysctls and SELinux (baseline profile)', () => {
  it('an unsafe sysctl and a custom SELinux type, user or role are reported; the safe set and container_t are not', () => {
    const text = [
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  automountServiceAccountToken: false',
      '  securityContext:',
      '    sysctls: [{name: net.ipv4.tcp_syncookies, value: "1"}, {name: kernel.msgmax, value: "65536"}]',
      '    seLinuxOptions: {type: spc_t}',
      '  containers:',
      '    - name: a',
      '    - name: b',
      '      securityContext: {seLinuxOptions: {type: container_t, user: system_u}}',
      '    - name: c',
      '      securityContext: {seLinuxOptions: {type: container_init_t}}',
      '',
    ].join('\n');
    const findings = check(text);
    expect(
      findings.map((f) => `${f.ruleId} ${String(f.properties?.['container'] ?? f.properties?.['sysctl'])} ${where(f)}`),
    ).toEqual([
      'k8s/unsafe-sysctl kernel.msgmax app.yaml:6:67',
      'k8s/unconfined-profile a app.yaml:7:21',
      'k8s/unconfined-profile b app.yaml:11:41',
    ]);
    expect(findings[1]?.message).toContain('inherits from the pod `seLinuxOptions type spc_t`');
  });
});

describe('k8s service-account token and the ServiceAccount object', () => {
  it('a pod without the setting inherits its ServiceAccount’s automountServiceAccountToken: false (same namespace)', () => {
    const text = (namespace: string) =>
      [
        'kind: ServiceAccount',
        'metadata: {name: agent, namespace: ops}',
        'automountServiceAccountToken: false',
        '---',
        'kind: Pod',
        `metadata: {name: p, namespace: ${namespace}}`,
        'spec:',
        '  serviceAccountName: agent',
        '  containers: [{name: c}]',
        '',
      ].join('\n');
    expect(byRule(check(text('ops')), 'k8s/service-account-token')).toEqual([]);
    expect(byRule(check(text('other')), 'k8s/service-account-token').map(where)).toEqual(['app.yaml:8:3']);
  });
});
