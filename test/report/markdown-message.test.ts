import fc from 'fast-check';
import { checkComposeProject } from '../../src/checks/compose.js';
import type { Finding } from '../../src/model/findings.js';
import { gitlabInlineFromMarkdown } from '../../src/report/gitlab-markdown.js';
import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { messageCell } from '../../src/report/markdown-table.js';
import { toSarif } from '../../src/report/sarif.js';
import { code, md } from '../../src/util/markdown-message.js';
import { useProjectDir } from '../compose/loader/project-dir.js';
import { sampleResult } from './fixtures.js';
import { cells, expectSafeMarkdown, outsideCodeSpans, table } from './markdown-support.js';

/**
 * The one rule for Markdown in findings, from both sides: imagegate's own words render as Markdown (its code spans
 * are code spans, not backslash-escaped backticks, and its advice is never cut), and every interpolated value
 * (paths, service names, references, scanner text) stays inert whatever it holds.
 */

const HOSTILE = [
  '`tick`',
  'a|b',
  '[x](javascript:alert(1))',
  '<img src=x onerror=alert(1)>',
  '@octocat',
  '#12',
  'GH-12',
  'https://evil.example/x',
  '\u202eevil\u202c',
  '**bold** _em_ ~~s~~ $x$',
  '\\',
  'line\nbreak',
];

/** What no interpolated value may leave behind in Markdown, outside code spans. */
function expectInert(markdown: string): void {
  expect(markdown).not.toMatch(/[\r\n\u202a-\u202e\u2066-\u2069]/);
  // One table cell, whatever the values hold.
  expect(cells(`| ${markdown} |`)).toHaveLength(1);
  const outside = outsideCodeSpans(markdown);
  expect(outside).not.toMatch(/(?<!\\)\]\(/);
  expect(outside).not.toMatch(/<[a-z/!?]/i);
  expect(outside).not.toMatch(/@[A-Za-z0-9]/);
  // `&#8203;` is the zero-width space that breaks a reference, not one.
  expect(outside).not.toMatch(/(?<!&)#\d|\bGH-\d/i);
  expect(outside).not.toMatch(/:\/\/|\bwww\./i);
}

describe('md: own Markdown, escaped values', () => {
  test('literal parts are Markdown; values are escaped or code spans; the text keeps the backticks', () => {
    const message = md`Service ${code('db')} mounts ${'./data_dir'} at ${'/var/lib/*'}. Add \`:ro\` to the entry.`;
    expect(message.markdown).toBe('Service `db` mounts ./data\\_dir at /var/lib/\\*. Add `:ro` to the entry.');
    expect(message.text).toBe('Service `db` mounts ./data_dir at /var/lib/*. Add `:ro` to the entry.');
  });

  test.each(HOSTILE.map((value) => [value]))('%j stays inert in every slot', (value) => {
    const message = md`Service ${code(value)} mounts ${value} at ${value}${md` (from ${code(value)})`}: \`:ro\`.`;
    expectInert(message.markdown);
    expect(message.markdown).toMatch(/: `:ro`\.$/);
  });

  test('property: for any values, no link, HTML, mention, reference, autolink or broken cell outside code', () => {
    const piece = fc.oneof(
      fc.constantFrom(...HOSTILE, '`', '``', '|', '[', ']', '(', ')', '<', '>', '@', '#1'),
      fc.string(),
    );
    const value = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        const message = md`Service ${code(a)} mounts ${b} at ${c}; ${md`inherited from ${code(c)}`}. Write \`:ro\`.`;
        expectInert(message.markdown);
        expect(message.markdown.endsWith('. Write `:ro`.')).toBe(true);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  test('GitLab: reference sigils in values are broken, code spans are left alone', () => {
    const message = md`${'!12 %m ~label &3 $4'} and ${code('!12 ~x')}`;
    const gitlab = gitlabInlineFromMarkdown(message.markdown);
    expect(gitlab).toBe('!&#8203;12 %&#8203;m \\~&#8203;label &amp;&#8203;3 \\$&#8203;4 and `!12 ~x`');
  });
});

test('property: on GitLab too, no reference sigil outside code survives, and code spans are kept verbatim', () => {
  const piece = fc.oneof(
    fc.constantFrom('!1', '%m', '~l', '&3', '$4', '[vulnerability:1]', '`', '``', '\\'),
    fc.string(),
  );
  const value = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(value, value, (a, b) => {
      const message = md`Service ${code(a)} mounts ${b}.`;
      const gitlab = gitlabInlineFromMarkdown(message.markdown);
      expectInert(gitlab);
      expect(outsideCodeSpans(gitlab)).not.toMatch(/(?:!|%|\\~|&amp;|\\\$|\\\[)[\p{L}\p{N}_"]/u);
      // Only zero-width spaces are added.
      expect(gitlab.replace(/&#8203;/g, '')).toBe(message.markdown.replace(/&#8203;/g, ''));
    }),
    { seed: 42, numRuns: 300 },
  );
});

describe('compose findings from the real loader, with hostile paths', () => {
  const project = useProjectDir();

  async function findings(): Promise<Finding[]> {
    const source = `./x${HOSTILE.filter((part) => !part.includes('\n') && !part.includes('\\')).join(' ')}`;
    await project().write({
      'compose.yaml': [
        'services:',
        '  app:',
        '    volumes:',
        `      - { type: bind, source: ${JSON.stringify(source)}, target: "/data/\`t\`|[x](y)" }`,
        '      - ./ok:/ok',
        '',
      ].join('\n'),
    });
    return checkComposeProject(await project().load({ environment: { HOME: '/home/me' } }), {});
  }

  test('own advice renders as Markdown and whole; the paths stay inert', async () => {
    const [hostile, plain] = await findings();
    expect(hostile?.ruleId).toBe('compose/writable-bind-mount');
    expect(hostile!.messageMarkdown).toContain('Set `read_only: true` if it only reads them');
    expectInert(hostile!.messageMarkdown!);
    // The text form is as it always was, literal backticks included.
    expect(plain!.message).toBe(
      'Service `app` bind-mounts ./ok at /ok read-write: the container can change, delete or plant files on the ' +
        'host. Add `:ro` to the entry if it only reads them, or use a named volume for data it writes.',
    );
    expect(plain!.messageMarkdown).toBe(
      'Service `app` bind-mounts ./ok at /ok read-write: the container can change, delete or plant files on the ' +
        'host. Add `:ro` to the entry if it only reads them, or use a named volume for data it writes.',
    );
  });

  test('the summary, the MR note and SARIF show the own Markdown whole; hostile values stay inert', async () => {
    const compose = await findings();
    const result = sampleResult({ findings: compose });
    const summary = toMarkdownSummary(result);
    expectSafeMarkdown(summary);
    const rows = table(summary, '### Findings').slice(2).map(cells);
    const message = rows.map((row) => row[2]).find((cell) => cell?.includes('./ok'));
    expect(message).toContain(
      'Add `:ro` to the entry if it only reads them, or use a named volume for data it writes.',
    );
    expect(outsideCodeSpans(message!)).not.toContain('\\`');

    const note = toGitLabNote(result, { noteKey: 'k', toolVersion: '0.1.0' });
    expect(note).toContain('or use a named volume for data it writes.');
    expect(outsideCodeSpans(note)).not.toMatch(/(?<!\\)\]\(|<img|@octocat|#12/);

    const sarif = toSarif(result, { toolVersion: '0.1.0', category: 'c' });
    const results = sarif.runs[0]!.results!;
    const ok = results.find((each) => each.message.text?.includes('./ok'))!;
    expect(ok.message.text).toBe(compose[1]!.message);
    expect(ok.message.markdown).toBe(compose[1]!.messageMarkdown);
  });
});

describe('messageCell', () => {
  test('own Markdown whole, however long; text without it escaped and cut', () => {
    const own = md`${'x'.repeat(150)} and then advice that runs well past two hundred characters: ${code('a|b')} end.`;
    expect(messageCell({ message: own.text, messageMarkdown: own.markdown }, 200)).toBe(own.markdown);
    expect(messageCell({ message: `${'<b>'.repeat(100)}` }, 20)).toBe(`${'&lt;b&gt;'.repeat(6)}&lt;…`);
  });

  test('a baseline read back from a file is text, whatever it claims', () => {
    const fixed = {
      ruleId: 'size/max',
      severity: 'high' as const,
      message: '[x](javascript:alert(1)) `:ro` @octocat',
      fingerprint: 'f',
      suppressed: false,
      location: null,
      properties: {},
      // A hand-edited imagegate.json can carry any key; it must not be taken as Markdown.
      messageMarkdown: '[x](javascript:alert(1))',
    };
    const summary = toMarkdownSummary(
      sampleResult({ baseline: { file: 'old.json', new: [], fixed: [fixed], unchanged: 0 } }),
    );
    expect(summary).toContain('\\[x\\](javascript:alert(1)) \\`:ro\\` @&#8203;octocat');
    expectSafeMarkdown(summary);
  });
});
