import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { cli } from '../support/cli.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';

/**
 * Issue 16 item 7 through the real CLI and a real image in the daemon: the manifest and the compose file run the
 * image under test (by repository, with another tag), the image has no USER and declares a VOLUME, and the
 * manifest leaves the user and that path open: the joined findings appear beside the image's own.
 */

const TAG = `imagegate-test/k8s-join:${process.pid}`;

describeWithDocker('the image joined in: a real image, a manifest and a compose file that run it', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeContext(
      { Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nVOLUME /data\nCMD ["/bin/busybox", "true"]\n' },
      { withBusybox: true },
    );
    await dockerBuild(dir, TAG);
  }, 120_000);
  afterAll(async () => {
    await execa('docker', ['rmi', '-f', TAG], { reject: false });
  });

  test('the k8s and compose join rules at the image lines', async () => {
    const repository = TAG.split(':')[0];
    await writeFile(
      path.join(dir, 'deploy.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: api}',
        'spec:',
        '  template:',
        '    spec:',
        '      automountServiceAccountToken: false',
        '      containers:',
        '        - name: api',
        `          image: ${repository}:release-1`, // line 10
        '',
      ].join('\n'),
    );
    await writeFile(path.join(dir, 'compose.yaml'), `services:\n  api:\n    image: ${repository}:release-1\n`);
    const outDir = path.join(dir, 'out');
    const run = await cli(
      [
        'check',
        '--image',
        TAG,
        '--skip-scan',
        '--k8s',
        'deploy.yaml',
        '--compose',
        'compose.yaml',
        '--out-dir',
        outDir,
      ],
      dir,
    );
    expect(run.stderr).not.toContain('    at ');
    expect(run.code).toBe(1);
    const doc = JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as {
      findings: Array<{ ruleId: string; location: { path?: string; line?: number } }>;
    };
    const joined = doc.findings
      .filter((f) => /image-(runs-as-root|volume-unmounted|volume-anonymous)$/.test(f.ruleId))
      .map((f) => `${f.ruleId} ${f.location.path}:${f.location.line}`)
      .sort();
    expect(joined).toEqual([
      'compose/image-runs-as-root compose.yaml:3',
      'compose/image-volume-anonymous compose.yaml:3',
      'k8s/image-runs-as-root deploy.yaml:10',
      'k8s/image-volume-unmounted deploy.yaml:10',
    ]);
  }, 120_000);
});
