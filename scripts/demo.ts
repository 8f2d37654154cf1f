import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { COMMENT_LIMIT, renderBody } from '../src/github/comment-body.js';
import { writeExampleArchive } from './example-image.js';
import { githubPage } from './github-markdown.js';
import {
  FAILING_DIR,
  FAILING_TAG,
  prepareFailingArchive,
  RECORDED_REPORT,
  writeRetargeted,
} from './recorded-report.js';
import { runSample, SAMPLE_GITHUB_LINKS, SAMPLE_SHA } from './report-samples.js';

/**
 * `npm run demo`: gates two examples with the bundled CLI, as a user would run it.
 * 1. examples/: a static site that passes (two medium findings). With a Docker daemon it is built for real; without
 *    one, imagegate's own archive writer writes a `docker save` archive of the same Dockerfile.
 * 2. examples/failing: an image whose packages are those of a recorded real Trivy report (examples/recorded, see
 *    SOURCE.md there), gated with `--trivy-report`: it fails on a critical CVE shown on the Dockerfile line that
 *    wrote the package. Its exit code 1 is the expected outcome.
 * Then it says where the reports went, the next step, and writes an HTML preview of the pull-request comment (the
 * renderer and CSS of `npm run screenshots`). It exits 0 when both examples gave the expected outcome.
 */
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');
// `npm run demo -- --out-dir DIR` (the tests) keeps the reports out of the checkout's imagegate-out/.
const outArg = process.argv.indexOf('--out-dir');
const outDir = outArg > 0 ? path.relative(root, path.resolve(process.argv[outArg + 1] ?? '')) : 'imagegate-out';
const failingOut = path.join(outDir, 'failing');
const say = (line = '') => process.stderr.write(`${line ? `demo: ${line}` : ''}\n`);

if (!existsSync(cli)) {
  say('dist/cli.js is missing; run `npm run bundle`');
  process.exit(2);
}

const daemon = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
const docker = daemon.status === 0;
mkdirSync(path.join(root, failingOut), { recursive: true });

// ---- 1. the passing example ----
say('1/2 the passing example, examples/');
let passingArgs: string[];
if (docker) {
  say(`Docker ${daemon.stdout.trim()} answers; building examples/ for real`);
  passingArgs = ['check', '--context', 'examples', '--policy', 'examples/.imagegate.yml', '--out-dir', outDir];
} else {
  const archive = path.join(outDir, 'example-image.tar');
  say('no Docker daemon answers `docker info`, so nothing can be built here.');
  say(`writing a docker-save archive of the same example with imagegate's archive writer: ${archive}`);
  await writeExampleArchive({
    context: path.join(root, 'examples'),
    dockerfile: 'examples/Dockerfile',
    tag: 'imagegate-local/examples:latest',
    out: path.join(root, archive),
  });
  passingArgs = ['check', '--archive', archive, '--dockerfile', 'examples/Dockerfile'];
  passingArgs.push('--policy', 'examples/.imagegate.yml', '--out-dir', outDir);
}
// The vulnerability scan needs Trivy: on PATH, or downloaded (pinned and verified) from GitHub on first use.
if (!(await trivyAvailable())) {
  say(
    'no trivy on PATH and github.com is out of reach, so Trivy cannot be installed here: the passing example skips ' +
      'the vulnerability scan (--skip-scan). Everywhere else `imagegate check` scans by default.',
  );
  passingArgs.push('--skip-scan');
}
const passing = imagegate(passingArgs);

// ---- 2. the failing example ----
say();
say(`2/2 the failing example, ${FAILING_DIR}/, with the vulnerabilities of a recorded real Trivy report`);
say(`(${RECORDED_REPORT}: Trivy's own test output, Apache-2.0; where it comes from: examples/recorded/SOURCE.md)`);
let image: { archive: string } | { reference: string };
let report: string;
if (docker) {
  say(`building ${FAILING_DIR}/ for real as ${FAILING_TAG}`);
  const build = spawnSync('docker', ['build', '--quiet', '--tag', FAILING_TAG, FAILING_DIR], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (build.status !== 0) throw new Error(`docker build ${FAILING_DIR} failed: ${build.stderr}`);
  const inspect = spawnSync(
    'docker',
    ['image', 'inspect', '--format', '{{.Id}} {{json .RootFS.Layers}}', FAILING_TAG],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (inspect.status !== 0) throw new Error(`docker image inspect ${FAILING_TAG} failed: ${inspect.stderr}`);
  const [id = '', layers = '[]'] = inspect.stdout.trim().split(' ');
  report = await writeRetargeted(root, path.join(root, failingOut), JSON.parse(layers) as string[], id);
  image = { reference: FAILING_TAG };
} else {
  say(`no Docker: writing ${FAILING_DIR}/ as a docker-save archive with imagegate's archive writer`);
  const prepared = await prepareFailingArchive(root, path.join(root, failingOut));
  report = prepared.report;
  image = { archive: prepared.archive };
}
say(
  `the recorded report names the layers of Trivy's test image; ${path.relative(root, report)} is a copy naming ` +
    "this image's layer at the same position instead (same package files), so imagegate maps each CVE to the " +
    'instruction that wrote its package.',
);
const failingArgs = [
  'check',
  ...('archive' in image ? ['--archive', path.relative(root, image.archive)] : ['--image', image.reference]),
  '--dockerfile',
  `${FAILING_DIR}/Dockerfile`,
  '--policy',
  `${FAILING_DIR}/.imagegate.yml`,
  '--trivy-report',
  path.relative(root, report),
  '--out-dir',
  failingOut,
];
const failing = imagegate(failingArgs);
if (failing === 1) say('exit 1 is what this example is for: the gate failed, so a CI job would stop here.');

// ---- what happened, and where it went ----
say();
say('the reports of the failing example:');
say(`  Markdown (job summary): ${path.join(failingOut, 'summary.md')}`);
say(`  SARIF (code scanning):  ${path.join(failingOut, 'imagegate.sarif')}`);
say(`  JSON (every detail):    ${path.join(failingOut, 'imagegate.json')}`);
for (const line of nextSteps(readFileSync(path.join(root, failingOut, 'summary.md'), 'utf8'))) say(line);

// The PR comment the Action would post for it, rendered as GitHub shows it.
const rendered = await runSample(root, path.join(root, failingOut, 'preview'), {
  ...('archive' in image ? { archive: image.archive } : { image: image.reference }),
  dockerfile: path.join(root, FAILING_DIR, 'Dockerfile'),
  policy: path.join(root, FAILING_DIR, '.imagegate.yml'),
  trivyReport: report,
});
const { body } = renderBody(
  {
    result: rendered,
    category: 'imagegate-examples',
    notes: [],
    commit: SAMPLE_SHA,
    toolVersion: 'demo',
    links: SAMPLE_GITHUB_LINKS,
  },
  COMMENT_LIMIT,
);
const preview = path.join(failingOut, 'pr-comment.html');
// Links as a PR of a made-up repository (acme/shop) would get them: on a real PR they point at its files and run.
writeFileSync(path.join(root, preview), githubPage(body, 'imagegate demo: the pull-request comment'));
writeFileSync(path.join(root, failingOut, 'pr-comment.md'), body);
say();
say('its links are those of a pull request in a made-up repository, github.com/acme/shop.');
say(`the pull-request comment for the failing example, as GitHub would show it: ${preview}`);

const expected = passing === 0 && failing === 1;
if (!expected) say(`unexpected: the passing example exited ${passing} (expected 0), the failing one ${failing} (1)`);
process.exit(expected ? 0 : 1);

function imagegate(args: string[]): number {
  say(`imagegate ${args.join(' ')}`);
  say();
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  return run.status ?? 3;
}

/**
 * The Next steps imagegate itself wrote at the top of the failing example's summary (largest effect first), as plain
 * terminal lines: the demo shows what a reader of the PR comment sees, not a second opinion.
 */
function nextSteps(summary: string): string[] {
  const lines = summary.split('\n');
  const start = lines.indexOf('**Next steps**');
  if (start < 0) return [];
  const steps: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (line.trim() === '') break;
    steps.push(`  ${line.replace(/\[([^\]]*)\]\(<[^>]*>\)/g, '$1').replace(/`/g, '')}`);
  }
  return ['next steps, the fix with the largest effect first (from summary.md):', ...steps];
}

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
