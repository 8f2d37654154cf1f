import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeExampleArchive } from './example-image.js';

/**
 * `npm run demo`: gates examples/ with the bundled CLI, as a user would run it. With a Docker daemon it builds the
 * example for real; without one it says so and checks a `docker save` archive of the same example written by
 * imagegate's own archive writer.
 */
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
const outDir = 'imagegate-out';
const policy = 'examples/.imagegate.yml';
const dockerfile = 'examples/Dockerfile';

if (!existsSync(cli)) {
  process.stderr.write('demo: dist/cli.js is missing; run `npm run bundle`\n');
  process.exit(2);
}

const daemon = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
let args: string[];
if (daemon.status === 0) {
  process.stderr.write(`demo: Docker ${daemon.stdout.trim()} answers; building examples/ for real\n`);
  args = ['check', '--context', 'examples', '--policy', policy, '--out-dir', outDir];
} else {
  const archive = path.join(outDir, 'example-image.tar');
  process.stderr.write(
    'demo: no Docker daemon answers `docker info`, so nothing can be built here.\n' +
      `demo: writing a docker-save archive of the same example with imagegate's archive writer: ${archive}\n`,
  );
  mkdirSync(path.join(root, outDir), { recursive: true });
  await writeExampleArchive({
    context: path.join(root, 'examples'),
    dockerfile,
    tag: 'imagegate-local/examples:latest',
    out: path.join(root, archive),
  });
  args = ['check', '--archive', archive, '--dockerfile', dockerfile, '--policy', policy, '--out-dir', outDir];
}

// The vulnerability scan needs Trivy: on PATH, or downloaded (pinned and verified) from GitHub on first use.
if (!(await trivyAvailable())) {
  process.stderr.write(
    'demo: no trivy on PATH and github.com is out of reach, so Trivy cannot be installed here: ' +
      'the demo skips the vulnerability scan (--skip-scan). Everywhere else `imagegate check` scans by default.\n',
  );
  args.push('--skip-scan');
}

process.stderr.write(`demo: imagegate ${args.join(' ')}\n\n`);
const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 3);

async function trivyAvailable(): Promise<boolean> {
  if (spawnSync('trivy', ['--version'], { stdio: 'ignore', timeout: 20_000 }).status === 0) return true;
  try {
    const response = await fetch('https://github.com/aquasecurity/trivy/releases', {
      method: 'HEAD',
      signal: AbortSignal.timeout(5000),
    });
    return response.status < 500;
  } catch {
    return false;
  }
}
