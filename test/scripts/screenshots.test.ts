import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findChromium, measurePage } from '../../scripts/chromium.js';
import { COMMENT_WIDTH_PX } from '../../scripts/github-markdown.js';
import { testWhen } from '../support/gate.js';
import { tempDir } from '../support/temp.js';

/**
 * `npm run screenshots`: the three PR comments as HTML pages a browser shows as GitHub does (what the PNGs are shot
 * from), PNGs at the comment width when Chromium is there, and a clear failure when it is not.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const out = await tempDir('imagegate-screenshots-');
const PAGES = ['blocked-pr', 'passing-pr', 'many-vulnerabilities'];
const chromium = findChromium();

function screenshots(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [tsx, 'scripts/screenshots.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
}

describe('npm run screenshots', () => {
  test('writes the three pages: the rendered comment in GitHub’s CSS at the comment width, nothing active', () => {
    const run = screenshots(['--out', path.join(out, 'html'), '--html-only']);
    expect(run.status).toBe(0);
    for (const page of PAGES) {
      const html = readFileSync(path.join(out, 'html', `${page}.html`), 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('.markdown-body {'); // github-markdown-css, inlined
      expect(html).toContain(`.markdown-body { box-sizing: border-box; width: ${COMMENT_WIDTH_PX}px; padding: 16px; }`);
      const body = html.slice(html.indexOf('<article class="markdown-body">'), html.indexOf('</article>'));
      // Rendered, not raw Markdown: a heading element, the collapsed full report, no marker comment, no script.
      expect(body).toMatch(/<h3>[✅❌] imagegate (passed|failed): <code>imagegate-local\//);
      expect(body).toContain('<details><summary>Full report</summary>');
      expect(body).not.toContain('<!--');
      expect(body).not.toMatch(/<script|<style| on[a-z]+=/i);
    }
    const blocked = readFileSync(path.join(out, 'html', 'blocked-pr.html'), 'utf8');
    expect(blocked).toContain('CVE-2019-18224');
    const many = readFileSync(path.join(out, 'html', 'many-vulnerabilities.html'), 'utf8');
    expect(many).toContain('CVE-2099-10010');
  }, 240_000);

  test('the same inputs give the same pages (the lead regenerates them after merging)', () => {
    expect(screenshots(['--out', path.join(out, 'again'), '--html-only']).status).toBe(0);
    for (const page of PAGES) {
      expect(readFileSync(path.join(out, 'again', `${page}.html`), 'utf8')).toBe(
        readFileSync(path.join(out, 'html', `${page}.html`), 'utf8'),
      );
    }
  }, 240_000);

  test('fails and says how to get Chromium when there is none', () => {
    const run = screenshots(['--out', path.join(out, 'none')], { PATH: '/nonexistent' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('screenshots: no `chromium` on PATH, so no PNG can be shot.');
    expect(run.stderr).toContain('apt-get install chromium');
  });

  testWhen(chromium, 'no chromium on PATH (Debian: apt-get install chromium)')(
    'shoots a PNG per page at the comment width',
    () => {
      const run = screenshots(['--out', path.join(out, 'png')]);
      expect(run.status).toBe(0);
      for (const page of PAGES) {
        const png = readFileSync(path.join(out, 'png', `${page}.png`));
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(png.readUInt32BE(16)).toBe(COMMENT_WIDTH_PX); // IHDR width
        expect(png.readUInt32BE(20)).toBeGreaterThan(200); // IHDR height: the page, not an empty strip
      }
    },
    240_000,
  );

  testWhen(chromium, 'no chromium on PATH (Debian: apt-get install chromium)')(
    'lays out nothing wider than the comment column (Chromium at 850 px, every <details> open)',
    () => {
      const wide = PAGES.flatMap((page) =>
        measurePage(chromium!, path.join(out, 'html', `${page}.html`)).overflowing.map((what) => `${page}: ${what}`),
      );
      expect(wide).toEqual([]);
    },
    240_000,
  );
});
