import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkWorkloads } from '../../src/checks/k8s.js';
import { loadManifests } from '../../src/k8s/load-manifests.js';
import type { Workload } from '../../src/k8s/types.js';
import type { VolumeMount } from '../../src/k8s/types.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { describeWhen } from '../support/gate.js';
import { sharedDir } from '../support/shared.js';

/**
 * Every manifest of the shared corpus (75 files from 13 projects, SOURCE.txt) loads, or fails with a
 * ConfigurationError naming file:line:column; and a reading of the same files written here, from the Kubernetes
 * API reference (PodSpec, Volume, VolumeMount) and not from imagegate's loader, agrees on every mount's volume
 * type, source and effective readOnly.
 */

const root = sharedDir() && path.join(sharedDir() as string, 'corpus', 'k8s');
const describeWithCorpus = describeWhen(root, 'the shared k8s corpus is missing');

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return manifestFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

// ---- The independent reading (API reference: core/v1 PodSpec, Volume, VolumeMount; apps/v1, batch/v1). ----

type Plain = Record<string, unknown>;
const asMap = (value: unknown): Plain =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Plain) : {};
const asList = (value: unknown): Plain[] => (Array.isArray(value) ? (value as Plain[]) : []);

/** PodTemplateSpec of each workload kind (the API reference's "template" fields). */
function podTemplate(object: Plain): Plain | undefined {
  const spec = asMap(object['spec']);
  switch (object['kind']) {
    case 'Pod':
      return object;
    case 'PodTemplate':
      return asMap(object['template']);
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return asMap(spec['template']);
    case 'CronJob':
      return asMap(asMap(asMap(spec['jobTemplate'])['spec'])['template']);
    default:
      return undefined;
  }
}

/** "Always read-only" per the API reference: configMap, secret, downwardAPI, projected, image volumes. */
const ATOMIC = new Set(['configMap', 'secret', 'downwardAPI', 'projected', 'image']);

function independentMounts(text: string): string[] {
  const rows: string[] = [];
  const objects: Plain[] = [];
  for (const document of parseAllDocuments(text)) {
    const value = asMap(document.toJS({ maxAliasCount: 1000 }));
    if (value['kind'] === 'List') objects.push(...asList(value['items']).map(asMap));
    else objects.push(value);
  }
  for (const object of objects) {
    const template = podTemplate(object);
    if (!template) continue;
    const pod = asMap(template['spec']);
    const volumes = new Map<string, { type: string; source: string; readOnly: boolean }>();
    for (const volume of asList(pod['volumes'])) {
      const type = Object.keys(volume).find((key) => key !== 'name') ?? 'emptyDir';
      const settings = asMap(volume[type]);
      const source =
        type === 'hostPath'
          ? String(settings['path'])
          : type === 'persistentVolumeClaim'
            ? String(settings['claimName'])
            : type === 'configMap'
              ? String(settings['name'])
              : type === 'secret'
                ? String(settings['secretName'])
                : type === 'csi'
                  ? String(settings['driver'])
                  : '';
      volumes.set(String(volume['name']), {
        type,
        source,
        readOnly: settings['readOnly'] === true && type !== 'hostPath',
      });
    }
    if (object['kind'] === 'StatefulSet') {
      for (const claim of asList(asMap(object['spec'])['volumeClaimTemplates'])) {
        const name = String(asMap(claim['metadata'])['name']);
        volumes.set(name, { type: 'volumeClaimTemplate', source: name, readOnly: false });
      }
    }
    for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
      for (const container of asList(pod[key])) {
        for (const mount of asList(container['volumeMounts'])) {
          const volume = volumes.get(String(mount['name']));
          if (!volume) throw new Error(`independent reading: ${String(mount['name'])} names no volume`);
          const readOnly = mount['readOnly'] === true || volume.readOnly || ATOMIC.has(volume.type);
          rows.push(
            `${String(object['kind'])}/${String(asMap(object['metadata'])['name'])} ${String(container['name'])} ${String(mount['mountPath'])} ${volume.type} ${volume.source} ${readOnly ? 'ro' : 'rw'}`,
          );
        }
      }
    }
  }
  return rows;
}

function imagegateSource(mount: VolumeMount): string {
  const source = mount.volume.source;
  return source.hostPath?.path.value ?? source.claimName ?? source.configMap ?? source.secret ?? source.csiDriver ?? '';
}

describeWithCorpus('Kubernetes corpus: every real manifest loads, and an independent reading agrees', () => {
  it('loads every file and agrees on every mount (type, source, effective readOnly)', async () => {
    const dir = root as string;
    const files = manifestFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(70);
    const counts = {
      files: 0,
      objects: 0,
      workloads: 0,
      containers: 0,
      mounts: 0,
      hostPath: 0,
      readOnly: 0,
      failed: 0,
    };
    const failures: string[] = [];
    const everyWorkload: Workload[] = [];
    for (const file of files) {
      let manifests;
      try {
        manifests = await loadManifests([file], { cwd: dir, displayPath: (absolute) => path.relative(dir, absolute) });
      } catch (error) {
        // A failure must be ours and name the place; none is expected in this corpus.
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toMatch(/^[^:]+:\d+:\d+: /);
        failures.push((error as Error).message);
        counts.failed++;
        continue;
      }
      counts.files++;
      counts.objects += manifests.objects.length;
      counts.workloads += manifests.workloads.length;
      everyWorkload.push(...manifests.workloads);
      const ours: string[] = [];
      for (const workload of manifests.workloads) {
        for (const container of workload.containers) {
          counts.containers++;
          for (const mount of container.mounts) {
            counts.mounts++;
            if (mount.volume.type === 'hostPath') counts.hostPath++;
            if (mount.readOnly) counts.readOnly++;
            ours.push(
              `${workload.kind}/${workload.name} ${container.name} ${mount.mountPath} ${mount.volume.type} ${imagegateSource(mount)} ${mount.readOnly ? 'ro' : 'rw'}`,
            );
          }
        }
      }
      expect({ file: path.relative(dir, file), mounts: ours }).toEqual({
        file: path.relative(dir, file),
        mounts: independentMounts(readFileSync(file, 'utf8')),
      });
    }

    // The rules run over every real workload without an error, with every switch on; their counts are printed.
    const byRule: Record<string, number> = {};
    const findings = checkWorkloads(everyWorkload, {
      readOnlyVolumeTypes: ['persistentVolumeClaim', 'csi', 'nfs', 'emptyDir', 'volumeClaimTemplate'],
      requireReadOnlyRootfs: true,
      requireStorageLimits: true,
      requireNoPrivilegeEscalation: true,
      forbidHostPath: true,
      allowedVolumeTypes: [
        'configMap',
        'csi',
        'downwardAPI',
        'emptyDir',
        'ephemeral',
        'persistentVolumeClaim',
        'projected',
        'secret',
      ],
      requireRunAsNonRoot: true,
      requireSeccompProfile: true,
      requireDropAll: true,
    });
    for (const finding of findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    for (const finding of findings) expect(finding.location.kind).toBe('source');
    console.log(`k8s corpus: ${JSON.stringify(counts)}; findings by rule: ${JSON.stringify(byRule)}`);
    expect(byRule['k8s/engine-socket']).toBeGreaterThan(0);
    expect(byRule['k8s/writable-host-path']).toBeGreaterThan(0);
    expect(byRule['k8s/privileged']).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    // The corpus is fixed (SOURCE.txt pins each file's commit): the counts are exact.
    expect(counts).toEqual({
      files: 75,
      objects: 269,
      workloads: 80,
      containers: 98,
      mounts: 100,
      hostPath: 60,
      readOnly: 33,
      failed: 0,
    });
  });
});
