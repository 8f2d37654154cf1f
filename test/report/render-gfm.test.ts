import {
  autoReferences,
  headings,
  links,
  literalEscapes,
  longestUnbroken,
  MAX_UNBROKEN_CODE,
  overlongCode,
  renderForReader,
  strayBackticks,
  tablesOutsideDetails,
  textOutsideDetails,
} from '../support/render-gfm.js';

/** The reader view the rendered-*.test.ts suites rely on: each check passes on good Markdown and fails on bad. */

describe('renderForReader: GFM as GitHub renders it, sanitized as GitHub sanitizes it', () => {
  test('renders GFM tables, autolinks and raw <details>; drops what GitHub drops', () => {
    const { html } = renderForReader(
      [
        '<details><summary>More</summary>',
        '',
        '| a | b |',
        '| --- | --- |',
        '| x | <img src=x onerror=alert(1)> |',
        '',
        '</details>',
        '',
        'see https://example.com/a <script>alert(1)</script> <span style="color:red" onclick="x()">s</span>',
        '',
        '[bad](javascript:alert(1)) <a href="data:text/html,x">d</a>',
        '<!-- imagegate:marker -->',
      ].join('\n'),
    );
    expect(html).toContain('<details><summary>More</summary>');
    expect(html).toContain('<td><img src="x"></td>');
    expect(html).toContain('<a href="https://example.com/a">https://example.com/a</a>');
    expect(html).not.toMatch(/<script|onerror|onclick|style=|javascript:|data:text|<!--/);
  });

  test('a table is outside <details> or not; the summary line counts as visible', () => {
    const collapsed = renderForReader('<details><summary>Sum</summary>\n\n| a |\n| - |\n| 1 |\n\n</details>\n');
    expect(tablesOutsideDetails(collapsed.root)).toHaveLength(0);
    expect(textOutsideDetails(collapsed.root).trim()).toBe('Sum');
    const open = renderForReader('| a |\n| - |\n| 1 |\n');
    expect(tablesOutsideDetails(open.root)).toHaveLength(1);
  });

  test('links give text, href and whether they are collapsed', () => {
    const { root } = renderForReader(
      '[CVE-1](<https://a.example/x>)\n\n<details><summary>s</summary>\n\n[b](https://b.example)\n\n</details>\n',
    );
    expect(links(root)).toEqual([
      { text: 'CVE-1', href: 'https://a.example/x', inDetails: false },
      { text: 'b', href: 'https://b.example', inDetails: true },
    ]);
  });

  test('backslash-escapes shown as text, and escaped code spans, are found; real code spans are not', () => {
    expect(literalEscapes(renderForReader('Add `USER <uid>` and *bold*').root)).toEqual([]);
    expect(strayBackticks(renderForReader('Add `USER <uid>`').root)).toEqual([]);
    // Escaped once too often: the reader sees the backslash, or the backticks.
    expect(literalEscapes(renderForReader('Add \\\\* and \\\\_x and \\\\`').root)).toEqual(['\\*', '\\_', '\\`']);
    expect(strayBackticks(renderForReader('Add \\`USER\\` here').root)).toEqual(['Add `USER` here']);
  });

  test('#N and GH-N in text are references; in code, links, words and entities they are not', () => {
    expect(autoReferences(renderForReader('layer #3 and GH-12, (#4)').root)).toEqual(['#3', 'GH-12', '#4']);
    expect(autoReferences(renderForReader('`#3` [#4](https://x.example) a#5 &#35;6 layer 3').root)).toEqual(['#6']);
  });

  test('headings come out with their level', () => {
    expect(headings(renderForReader('### Title\n\n#### Sub\n\n## Bigger').root)).toEqual([
      { level: 3, text: 'Title' },
      { level: 4, text: 'Sub' },
      { level: 2, text: 'Bigger' },
    ]);
  });

  test('a code span longer than the column without a break opportunity is found; spaces and hyphens break', () => {
    const long = 'a'.repeat(MAX_UNBROKEN_CODE + 1);
    expect(overlongCode(renderForReader(`\`${long}\``).root)).toEqual([long]);
    expect(overlongCode(renderForReader(`\`${'a'.repeat(60)} ${'b'.repeat(60)}\``).root)).toEqual([]);
    expect(longestUnbroken(`${'a'.repeat(60)}-${'b'.repeat(70)}`)).toBe('b'.repeat(70));
    // A code block never wraps: each line counts whole.
    const line = `${'x '.repeat(51)}`.trim();
    expect(overlongCode(renderForReader(`\`\`\`text\n${line}\n\`\`\`\n`).root)).toEqual([line]);
  });
});
