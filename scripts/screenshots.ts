import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COMMENT_LIMIT, renderBody } from '../src/github/comment-body.js';
import { findChromium, measurePage, shoot } from './chromium.js';
import { githubPage } from './github-markdown.js';
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

function requireChromium(): string {
  const found = findChromium();
  if (found) return found;
  process.stderr.write(
    'screenshots: no `chromium` on PATH, so no PNG can be shot. Install it (Debian: `apt-get install chromium ' +
      'fonts-dejavu-core fonts-noto-color-emoji`) and run again, or pass --html-only to write the HTML pages alone.\n',
  );
  process.exit(1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = path.resolve(outIndex >= 0 ? (args[outIndex + 1] ?? '') : path.join(root, 'docs', 'screenshots'));
  const htmlOnly = args.includes('--html-only');

  const chromium = htmlOnly ? undefined : requireChromium();
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
        const layout = measurePage(chromium, html);
        shoot(chromium, html, png, layout.height);
        process.stderr.write(`screenshots: ${path.relative(root, png)}\n`);
        // Shown, not fatal: the PNG is what the docs need; test/scripts/screenshots.test.ts holds the line.
        for (const wide of layout.overflowing) process.stderr.write(`screenshots: wider than the column: ${wide}\n`);
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
