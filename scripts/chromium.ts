import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { COMMENT_WIDTH_PX } from './github-markdown.js';

/**
 * Debian's headless `chromium` on pages of scripts/github-markdown.ts: how tall the page is at the comment width, what
 * in it is wider than the column, and a PNG of it. Always an argument array, never a shell.
 */

/** The chromium binary on PATH, or undefined. */
export function findChromium(): string | undefined {
  for (const candidate of ['chromium', 'chromium-browser']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

// Headless Chromium as root (containers, CI) needs --no-sandbox; the pages are ours and load nothing remote.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--hide-scrollbars',
  '--force-device-scale-factor=1',
  '--no-first-run',
  '--disable-extensions',
];

export interface Layout {
  /** CSS pixels from the top of the page to the bottom of the comment, its `<details>` as the reader finds them. */
  height: number;
  /**
   * Elements wider than the room they have, with every `<details>` opened: a table or code block that scrolls
   * sideways (GitHub's CSS gives tables and `pre` their own scrollbar), or anything overflowing the comment box.
   */
  overflowing: string[];
}

/** Lays the page out at the comment width and measures it (a copy of the page with a script, dumped as DOM). */
export function measurePage(binary: string, html: string): Layout {
  const probe = `${html}.measure.html`;
  writeFileSync(probe, readFileSync(html, 'utf8').replace('</body>', `${MEASURE}\n</body>`));
  try {
    const run = spawnSync(
      binary,
      [...FLAGS, `--window-size=${COMMENT_WIDTH_PX},800`, '--dump-dom', pathToFileURL(probe).href],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const height = /data-height="(\d+)"/.exec(run.stdout ?? '')?.[1];
    const overflowing = /data-overflowing="([^"]*)"/.exec(run.stdout ?? '')?.[1];
    if (run.status !== 0 || height === undefined || overflowing === undefined) {
      throw new Error(`chromium --dump-dom ${probe} failed (exit ${run.status}): ${(run.stderr ?? '').slice(-2000)}`);
    }
    const decoded = overflowing
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    return { height: Number(height), overflowing: JSON.parse(decoded) as string[] };
  } finally {
    rmSync(probe, { force: true });
  }
}

// Height first (details closed, as posted), then every details opened to find what is too wide.
const MEASURE = `<script>
(() => {
  const body = document.querySelector('.markdown-body');
  document.body.setAttribute('data-height', String(Math.ceil(body.getBoundingClientRect().bottom)));
  for (const details of document.querySelectorAll('details')) details.open = true;
  const found = [];
  const limit = body.getBoundingClientRect().right + 0.5;
  for (const element of body.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    // Inside a table or code block, what is too wide makes that box scroll: the box is reported, once.
    const inBox = element.parentElement && element.parentElement.closest('table, pre');
    const scrolls = (tag === 'table' || tag === 'pre') && element.scrollWidth > element.clientWidth + 1;
    const sticksOut = !inBox && element.getBoundingClientRect().right > limit;
    if (scrolls || sticksOut) {
      const width = Math.max(element.scrollWidth, Math.ceil(element.getBoundingClientRect().width));
      const text = (element.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 80);
      found.push(tag + ' ' + width + 'px: ' + text);
    }
  }
  document.body.setAttribute('data-overflowing', JSON.stringify(found));
})();
</script>`;

/** A PNG of the page at the comment width, `height` pixels tall. */
export function shoot(binary: string, html: string, png: string, height: number): void {
  const run = spawnSync(
    binary,
    [...FLAGS, `--window-size=${COMMENT_WIDTH_PX},${height}`, `--screenshot=${png}`, pathToFileURL(html).href],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (run.status !== 0) throw new Error(`chromium --screenshot ${png} failed (exit ${run.status}): ${run.stderr}`);
}
