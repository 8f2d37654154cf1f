import { fingerprintOf, type Finding } from '../../src/model/findings.js';
import { escapeGitLabInline } from '../../src/report/gitlab-markdown.js';
import { gitlabNoteMarker, toGitLabNote } from '../../src/report/gitlab-note.js';
import type { RunResult } from '../../src/report/run-result.js';
import { sampleResult } from '../report/fixtures.js';
import { expectSafeMarkdown, outsideCodeSpans, outsideFences } from '../report/markdown-support.js';
import { scannedResult } from '../report/scan-fixtures.js';

const GITLAB_REFERENCES =
  'see !123 and group/project!4, %milestone %"Release 2", ~bug ~"needs review", &42, $7, ' +
  '[vulnerability:1], #9, @group/team, [[_TOC_]] then /close';

const hostile: Finding = {
  ruleId: 'compose/privileged',
  severity: 'critical',
  message: `Service api is privileged ${GITLAB_REFERENCES}\n/merge\n<img src=x onerror=alert(1)>`,
  location: { kind: 'source', path: 'compose.yaml', line: 9 },
  fingerprint: fingerprintOf('compose/privileged', 'api'),
};

function note(
  result: RunResult = scannedResult({ findings: [...scannedResult().findings, hostile] }),
  maxRows?: number,
) {
  return toGitLabNote(result, {
    noteKey: 'imagegate/image/docker.io/acme/api',
    toolVersion: '0.1.0',
    commit: 'abc1234',
    ...(maxRows !== undefined ? { maxRows } : {}),
  });
}

/** The text GitLab's reference filters see: Markdown escapes and entities resolved, code spans removed. */
function renderedText(markdown: string): string {
  return outsideFences(markdown)
    .split('\n')
    .map(outsideCodeSpans)
    .join('\n')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&#8203;/g, '\u200B')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('GitLab MR note', () => {
  test('marker, verdict, thresholds and counts first', () => {
    const body = note();
    const lines = body.split('\n');
    expect(lines[0]).toBe(gitlabNoteMarker('imagegate/image/docker.io/acme/api'));
    expect(lines[0]).toMatch(/^<!-- imagegate:mr-note [0-9a-f]{32} -->$/);
    expect(lines[1]).toBe('### ❌ imagegate failed: `docker.io/acme/api:1.2.3`');
    expect(lines[3]).toMatch(
      /^\*\*Gate:\*\* fail-on `high` \(vuln: `critical`\) · \*\*Findings:\*\* 🔴 \d+ critical( \([^)]*\))? · /,
    );
    expect(lines[3]).toMatch(/· 2 accepted by the allowlist$/);
    expect(body).toMatch(/\n_imagegate `0\.1\.0` · commit `abc1234`_\n$/);
  });

  test('the most important findings, blocking ones first, and how many more there are', () => {
    const result = scannedResult({ findings: [...scannedResult().findings, hostile] });
    const body = note(result, 4);
    const rows = body.split('\n').filter((line) => line.startsWith('| '));
    expect(rows).toHaveLength(2 + 4);
    const blockingRows = rows.slice(2).filter((row) => row.startsWith('| 🚫 '));
    expect(blockingRows).toHaveLength(4);
    expect(rows.slice(2).some((row) => row.includes('`compose/privileged`'))).toBe(true);
    // Blocking before non-blocking: the high vulnerabilities (below vuln's critical) come after the high size finding.
    const full = note(result, 100)
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| --'));
    const firstNonBlocking = full.findIndex((row, index) => index > 0 && !row.startsWith('| 🚫 '));
    expect(full.slice(firstNonBlocking).some((row) => row.startsWith('| 🚫 '))).toBe(false);
    expect(full[firstNonBlocking]).toContain('`CVE-');
    const active = result.findings.filter((finding) => !finding.suppressedBy).length;
    expect(body).toContain(`… and ${active - 4} more:`);
    const passing = note(sampleResult({ findings: [], verdict: 'pass' }));
    expect(passing).toContain('### ✅ imagegate passed');
    expect(passing).toContain('\nNo findings.\n');
  });

  test('untrusted text renders no HTML, link, mention or GitLab reference, and starts no line', () => {
    const body = note();
    expectSafeMarkdown(body);
    for (const line of body.split('\n')) {
      expect(line).not.toMatch(/^\//);
      expect(line.startsWith('<') ? line : '').toMatch(/^(<!-- imagegate:mr-note [0-9a-f]{32} -->)?$/);
    }
    const text = renderedText(body.split('\n').slice(1).join('\n'));
    expect(text).toContain('privileged see !\u200B123');
    // Every sigil GitLab turns into a reference is kept from the word after it.
    expect(text).not.toMatch(/[!%~$&@][\p{L}\p{N}_"]/u);
    expect(text).not.toMatch(/#\d/);
    expect(text).not.toMatch(/\[[\p{L}\p{N}]/u);
    expect(body).not.toMatch(/<img/);
  });

  test('escapeGitLabInline breaks each reference kind and keeps plain text as it was', () => {
    expect(escapeGitLabInline('plain text, version 1.2.3 (fixed)')).toBe('plain text, version 1.2.3 (fixed)');
    const escaped = escapeGitLabInline(GITLAB_REFERENCES);
    for (const fragment of [
      '!&#8203;123',
      '%&#8203;milestone',
      '%&#8203;"Release',
      '\\~&#8203;bug',
      '&amp;&#8203;42',
      '\\$&#8203;7',
      '\\[&#8203;vulnerability',
      '#&#8203;9',
      '@&#8203;group',
    ]) {
      expect([fragment, escaped.includes(fragment)]).toEqual([fragment, true]);
    }
  });

  test('the job link is only ever a plain http(s) URL', () => {
    const result = sampleResult();
    const options = { noteKey: 'k', toolVersion: '0.1.0' };
    expect(toGitLabNote(result, { ...options, jobUrl: 'https://gitlab.example.com/acme/api/-/jobs/99' })).toContain(
      '[job log](https://gitlab.example.com/acme/api/-/jobs/99)',
    );
    for (const jobUrl of ['javascript:alert(1)', 'https://x.example/a) [y](z', 'not a url']) {
      expect(toGitLabNote(result, { ...options, jobUrl })).not.toContain('job log');
    }
  });

  test('stays small however many findings there are', () => {
    const many: Finding[] = Array.from({ length: 20_000 }, (_, index) => ({
      ...hostile,
      message: `${'x'.repeat(500)} ${index}`,
      fingerprint: fingerprintOf('many', index),
    }));
    const body = note(sampleResult({ findings: many }));
    expect(body.length).toBeLessThan(10_000);
    expect(body).toContain('… and 19990 more');
  });
});
