import { containerRunsImage, imageJoinFindings, type ImageUnderTest } from '../../src/checks/k8s-image-join.js';
import { manifestObjects } from '../../src/k8s/load.js';
import { readWorkloads } from '../../src/k8s/workloads.js';
import { parseImageReference } from '../../src/model/image-reference.js';

/** Issue 16 item 7 (USER part): the image under test's facts decide what the manifest leaves open. */

const DIGEST = `sha256:${'a'.repeat(64)}`;

function workloads(images: string[], securityContext = '') {
  const text = [
    'kind: Deployment',
    'metadata: {name: api}',
    'spec:',
    '  template:',
    '    spec:',
    securityContext ? `      securityContext: ${securityContext}` : '',
    '      containers:',
    ...images.map((image, index) => `        - {name: c${index}, image: "${image}"}`),
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return readWorkloads(manifestObjects(text, { absolute: '/m.yaml', display: 'm.yaml', baseDir: '/' }, () => {}));
}

const rootImage: ImageUnderTest = {
  reference: parseImageReference('ghcr.io/acme/api:ci-123'),
  digests: [DIGEST],
  user: { root: true, uid: 0, via: 'no-user' },
  userText: '',
};

test('matches by digest, or by repository when the manifest names a tag; a template or another image is not it', () => {
  const [api] = workloads([
    'ghcr.io/acme/api:1.4',
    `ghcr.io/acme/other@${DIGEST}`,
    `ghcr.io/acme/api@sha256:${'b'.repeat(64)}`,
    'ghcr.io/acme/api-worker:1.4',
    '{{ .Values.image }}',
  ]);
  expect(api!.containers.map((container) => containerRunsImage(container, rootImage))).toEqual([
    true,
    true,
    false,
    false,
    false,
  ]);
});

test('root USER and no non-root setting → a finding at the image line; runAsNonRoot or a uid on the pod clears it', () => {
  const findings = imageJoinFindings(workloads(['ghcr.io/acme/api:1.4']), rootImage);
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({
    ruleId: 'k8s/image-runs-as-root',
    severity: 'high',
    location: { kind: 'source', path: 'm.yaml', line: 7, column: 29 },
  });
  expect(findings[0]?.message).toContain('which sets no USER');
  expect(imageJoinFindings(workloads(['ghcr.io/acme/api:1.4'], '{runAsNonRoot: true}'), rootImage)).toEqual([]);
  expect(imageJoinFindings(workloads(['ghcr.io/acme/api:1.4'], '{runAsUser: 1000}'), rootImage)).toEqual([]);
  expect(imageJoinFindings(workloads(['ghcr.io/acme/api:1.4'], '{runAsUser: 0}'), rootImage)).toHaveLength(1);
  // A non-root image needs nothing from the manifest.
  const nonRoot: ImageUnderTest = { ...rootImage, user: { root: false, uid: 1000, via: 'number' }, userText: '1000' };
  expect(imageJoinFindings(workloads(['ghcr.io/acme/api:1.4']), nonRoot)).toEqual([]);
});

test('a VOLUME of the image that no mount covers, with a writable root filesystem → a finding; covered or read-only → none', () => {
  const withVolumes: ImageUnderTest = {
    ...rootImage,
    user: { root: false, uid: 1000, via: 'number' },
    userText: '1000',
    volumes: ['/var/lib/data', '/cache'],
  };
  const text = (extra: string) =>
    [
      'kind: Pod',
      'metadata: {name: api}',
      'spec:',
      '  volumes: [{name: v, emptyDir: {}}]',
      '  containers:',
      '    - name: api',
      '      image: ghcr.io/acme/api:1.4',
      extra,
      '',
    ].join('\n');
  const read = (extra: string) =>
    readWorkloads(manifestObjects(text(extra), { absolute: '/m.yaml', display: 'm.yaml', baseDir: '/' }, () => {}));
  const findings = imageJoinFindings(read('      volumeMounts: [{name: v, mountPath: /var/lib}]'), withVolumes);
  expect(
    findings.map(
      (f) => `${f.ruleId} ${String(f.properties?.['target'])} ${f.location.kind === 'source' ? f.location.line : 0}`,
    ),
  ).toEqual(['k8s/image-volume-unmounted /cache 7']);
  expect(findings[0]?.message).toContain('declares `VOLUME /cache`');
  expect(imageJoinFindings(read('      securityContext: {readOnlyRootFilesystem: true}'), withVolumes)).toEqual([]);
  // /var/lib/database is not beneath /var/lib/data: path boundaries, not prefixes.
  expect(
    imageJoinFindings(read('      volumeMounts: [{name: v, mountPath: /var/lib/database}]'), withVolumes).map(
      (f) => f.properties?.['target'],
    ),
  ).toEqual(['/var/lib/data', '/cache']);
});
