import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMMENT_LIMIT, renderBody } from '../src/github/comment-body.js';
import { COMMENT_WIDTH_PX, githubPage } from './github-markdown.js';
import { makeSample, SAMPLE_GITHUB_LINKS, SAMPLE_SHA, type SampleName } from './report-samples.js';

/**
 * `npm run screenshots [-- --out DIR] [-- --html-only]`: the PR comment of the three sample runs
 * (scripts/report-samples.ts) rendered as GitHub renders it (scripts/github-markdown.ts: GFM, GitHub's sanitization,
 * github-markdown-css) at the comment column's width, written as HTML and shot as PNG by headless Chromium (Debian's
 * `chromium`). Deterministic: fixed clock, fixed links, fixed inputs; the same Chromium and fonts give the same PNGs.
 * Without Chromium it fails and says so (`--html-only` writes the pages alone).
 */

const root = path.resolve(import.meta.dirname, '..');
const SHOTS: Array<{ sample: SampleName; file: string; title: string }> = [
  { sample: 'blocked', file: 'blocked-pr', title: 'imagegate: a blocked pull request' },
  { sample: 'passing', file: 'passing-pr', title: 'imagegate: a passing pull request' },
  { sample: 'many', file: 'many-vulnerabilities', title: 'imagegate: 250 vulnerabilities' },
];

function findChromium(): string {
  for (const candidate of ['chromium', 'chromium-browser']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return candidate;
  }
  process.stderr.write(
    'screenshots: no `chromium` on PATH, so no PNG can be shot. Install it (Debian: `apt-get install chromium ' +
      'fonts-dejavu-core fonts-noto-color-emoji`) and run again, or pass --html-only to write the HTML pages alone.\n',
  );
  process.exit(1);
}

// Headless Chromium as root (containers, CI) needs --no-sandbox; the pages are ours and load nothing remote.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--hide-scrollbars',
  '--force-device-scale-factor=1',
  '--no-first-run',
  '--disable-extensions',
];

/** The page's full height at the comment width: a copy of it with a script that writes the height into the DOM. */
function pageHeight(binary: string, html: string): number {
  const probe = `${html}.measure.html`;
  const page = githubPageWithProbe(html);
  writeFileSync(probe, page);
  try {
    const run = spawnSync(
      binary,
      [...CHROMIUM_FLAGS, `--window-size=${COMMENT_WIDTH_PX},800`, '--dump-dom', pathToFileURL(probe).href],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const height = /data-height="(\d+)"/.exec(run.stdout ?? '')?.[1];
    if (run.status !== 0 || height === undefined) {
      throw new Error(`chromium --dump-dom ${probe} failed (exit ${run.status}): ${(run.stderr ?? '').slice(-2000)}`);
    }
    return Number(height);
  } finally {
    rmSync(probe, { force: true });
  }
}

function githubPageWithProbe(html: string): string {
  const page = readFileSync(html, 'utf8');
  const script =
    '<script>document.body.setAttribute("data-height", String(Math.ceil(document.querySelector(".markdown-body").getBoundingClientRect().bottom)));</script>';
  return page.replace('</body>', `${script}\n</body>`);
}

function shoot(binary: string, html: string, png: string, height: number): void {
  const run = spawnSync(
    binary,
    [...CHROMIUM_FLAGS, `--window-size=${COMMENT_WIDTH_PX},${height}`, `--screenshot=${png}`, pathToFileURL(html).href],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0) throw new Error(`chromium --screenshot ${png} failed (exit ${run.status}): ${run.stderr}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = path.resolve(outIndex >= 0 ? (args[outIndex + 1] ?? '') : path.join(root, 'docs', 'screenshots'));
  const htmlOnly = args.includes('--html-only');

  const chromium = htmlOnly ? undefined : findChromium();
  const workDir = mkdtempSync(path.join(tmpdir(), 'imagegate-screenshots-'));
  try {
    mkdirSync(outDir, { recursive: true });
    for (const shot of SHOTS) {
      const sample = await makeSample(shot.sample, root, workDir);
      const { body } = renderBody(
        {
          result: sample.result,
          category: 'imagegate-examples',
          notes: [],
          commit: SAMPLE_SHA,
          toolVersion: '0.1.0',
          links: SAMPLE_GITHUB_LINKS,
        },
        COMMENT_LIMIT,
      );
      const html = path.join(outDir, `${shot.file}.html`);
      writeFileSync(html, githubPage(body, shot.title));
      process.stderr.write(`screenshots: ${path.relative(root, html)}\n`);
      if (chromium) {
        const png = path.join(outDir, `${shot.file}.png`);
        shoot(chromium, html, png, pageHeight(chromium, html));
        process.stderr.write(`screenshots: ${path.relative(root, png)}\n`);
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
