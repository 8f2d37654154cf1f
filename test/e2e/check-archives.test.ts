import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive, type ImageSpec } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

/** `imagegate check` on archives and layouts written by imagegate's own writer: no daemon needed. */

const work = await tempDir();
const dockerfile = path.join(work, 'Dockerfile');
await writeFile(dockerfile, 'FROM scratch\nCOPY app /app\nUSER 1000\n');
const policy = path.join(work, 'policy.yml');
await writeFile(policy, 'version: 1\ndefaults:\n  size: {max: 1kB}\n  user: {forbidRoot: true}\n');

function spec(architecture: string, bytes: number): ImageSpec {
  return {
    repoTags: ['registry.example.com/team/app:2.1'],
    platform: { os: 'linux', architecture },
    config: { User: '1000' },
    steps: [{ createdBy: 'COPY app /app # buildkit', entries: [{ path: 'app', type: 'file', size: bytes }] }],
  };
}

interface Result {
  verdict: string;
  image: {
    platform: { architecture: string };
    size: number;
    compressedSize: number | null;
    layers: Array<{ instruction: { line: number } | null }>;
  };
  findings: Array<{ ruleId: string; location: { line?: number } }>;
}

async function check(args: string[], name: string) {
  const outDir = path.join(work, `out-${name}`);
  const run = await cli(
    ['check', '--skip-scan', ...args, '--dockerfile', dockerfile, '--policy', policy, '--out-dir', outDir],
    work,
  );
  const result =
    run.code <= 1 ? (JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as Result) : undefined;
  return { run, result };
}

test.each([
  ['docker-legacy', '--archive'],
  ['docker-oci', '--archive'],
  ['oci-tar', '--archive'],
  ['oci-dir', '--oci-layout'],
] as const)('a %s image is gated like a built one', async (format, flag) => {
  const target = path.join(work, format === 'oci-dir' ? 'layout-dir' : `${format}.tar`);
  await writeImageArchive(target, spec('amd64', 5000), {
    format,
    compression: format.startsWith('oci') ? 'gzip' : 'none',
  });
  const { run, result } = await check([flag, target], format);
  expect(run.code).toBe(1);
  expect(result?.findings.map((f) => [f.ruleId, f.location.line])).toEqual([['size/max', 1]]);
  expect(result?.image.layers.map((layer) => layer.instruction?.line)).toEqual([2]);
  expect(result?.image.size).toBe(5000);
  if (format.startsWith('oci')) expect(result?.image.compressedSize).toBeGreaterThan(0);
  else expect(result?.image.compressedSize).toBeNull();
});

test('--platform picks one image of a multi-platform layout', async () => {
  const target = path.join(work, 'multi');
  await writeImageArchive(target, [spec('amd64', 100), spec('arm64', 200)], { format: 'oci-dir', nestPlatforms: true });
  const amd = await check(['--oci-layout', target], 'multi-default');
  expect(amd.result?.image.platform.architecture).toBe('amd64');
  expect(amd.run.code).toBe(0);
  const arm = await check(['--oci-layout', target, '--platform', 'linux/arm64'], 'multi-arm');
  expect(arm.result?.image.platform.architecture).toBe('arm64');
  expect(arm.result?.image.size).toBe(200);
  const missing = await check(['--oci-layout', target, '--platform', 'linux/s390x'], 'multi-missing');
  expect(missing.run.code).toBe(2);
  expect(missing.run.stderr).toMatch(/linux\/s390x/);
  expect(missing.run.stderr).toMatch(/linux\/amd64.*linux\/arm64|linux\/arm64.*linux\/amd64/);
});

test('an out dir that is a file is a configuration error', async () => {
  const target = path.join(work, 'for-out.tar');
  await writeImageArchive(target, spec('amd64', 10), { format: 'docker-legacy' });
  const outFile = path.join(work, 'not-a-dir');
  await writeFile(outFile, 'x');
  const run = await cli(['check', '--skip-scan', '--archive', target, '--policy', policy, '--out-dir', outFile], work);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('not-a-dir');
});
