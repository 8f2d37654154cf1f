import { composeImageJoinFindings } from '../../src/checks/compose-image-join.js';
import type { ImageUnderTest } from '../../src/checks/k8s-image-join.js';
import { loadComposeProject } from '../../src/compose/loader/load.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../support/temp.js';

/** Issue 16 item 7 for compose: a service running the image under test as its root USER. */

const dir = await tempDir('imagegate-compose-join-');

const rootImage: ImageUnderTest = {
  reference: parseImageReference('ghcr.io/acme/api:ci-1'),
  digests: [],
  user: { root: true, uid: 0, via: 'no-user' },
  userText: '',
};

test('a service running the image under test with no user (or user root) is reported; a uid or another image is not', async () => {
  await writeFile(
    path.join(dir, 'compose.yaml'),
    [
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4',
      '  admin:',
      '    image: ghcr.io/acme/api:1.4',
      '    user: "root:root"',
      '  worker:',
      '    image: ghcr.io/acme/api:1.4',
      '    user: "1000"',
      '  db:',
      '    image: postgres:16',
      '',
    ].join('\n'),
  );
  const project = await loadComposeProject({
    files: ['compose.yaml'],
    cwd: dir,
    environment: {},
    displayPath: (file) => path.relative(dir, file),
  });
  const findings = composeImageJoinFindings([project], rootImage);
  expect(
    findings.map(
      (f) =>
        `${String(f.properties?.['service'])} ${f.location.kind === 'source' ? `${f.location.line}:${f.location.column}` : ''}`,
    ),
  ).toEqual(['api 3:12', 'admin 6:11']);
  expect(findings[0]).toMatchObject({ ruleId: 'compose/image-runs-as-root', severity: 'high' });
  expect(findings[1]?.message).toContain('sets `user: root:root`: it runs as root');
  expect(composeImageJoinFindings([project], { ...rootImage, user: { root: false, uid: 1, via: 'number' } })).toEqual(
    [],
  );
});

test('a VOLUME of the image that the service mounts nothing at is an anonymous volume; read_only does not cover it', async () => {
  await writeFile(
    path.join(dir, 'compose.yaml'),
    [
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4',
      '    read_only: true',
      '    user: "1000"',
      '    volumes: [data:/var/lib]',
      'volumes:',
      '  data: {}',
      '',
    ].join('\n'),
  );
  const project = await loadComposeProject({
    files: ['compose.yaml'],
    cwd: dir,
    environment: {},
    displayPath: (file) => path.relative(dir, file),
  });
  const image: ImageUnderTest = { ...rootImage, volumes: ['/var/lib/data', '/cache'] };
  const findings = composeImageJoinFindings([project], image);
  // user: 1000 clears the root finding; /var/lib/data is under the named volume at /var/lib.
  expect(findings.map((f) => `${f.ruleId} ${String(f.properties?.['target'])}`)).toEqual([
    'compose/image-volume-anonymous /cache',
  ]);
  expect(findings[0]).toMatchObject({ severity: 'low', location: { path: 'compose.yaml', line: 3, column: 12 } });
  expect(findings[0]?.message).toContain('With `read_only: true` it is still writable.');
});
