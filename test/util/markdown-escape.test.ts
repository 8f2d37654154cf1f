import { codeSpan, escapeInline, singleLine, truncate } from '../../src/util/markdown-escape.js';

/** A `|` that GFM would read as a cell boundary. */
const UNESCAPED_PIPE = /(?<!\\)\|/;

describe('escapeInline', () => {
  test('raw HTML is shown, never interpreted', () => {
    const out = escapeInline('<img src=x onerror=alert(1)> <script>alert(1)</script>');
    expect(out).not.toMatch(/<[a-z/]/i);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('&lt;/script&gt;');
  });

  test('entities in the input cannot smuggle characters back', () => {
    expect(escapeInline('&#64;admin &lt;b&gt;')).toBe('&amp;#&#8203;64;admin &amp;lt;b&amp;gt;');
  });

  test('@mentions of users, teams and emails are neutralized', () => {
    for (const text of ['@org/team', 'ping @alice now', 'mail root@example.com']) {
      const out = escapeInline(text);
      expect(out).not.toMatch(/@[A-Za-z0-9]/);
      expect(out.replaceAll('&#8203;', '')).toBe(text);
    }
  });

  test('issue references and bare URLs do not link', () => {
    const out = escapeInline('see #12, acme/api#3, https://evil.example/x and www.evil.example');
    expect(out).not.toMatch(/(?<!&)#\d/);
    expect(out.replaceAll('&#8203;', '')).toBe('see #12, acme/api#3, https://evil.example/x and www.evil.example');
    expect(out).not.toContain('://');
    expect(out).not.toMatch(/www\./i);
  });

  test('GitHub short references (GH-123) in advisory text do not link; other words with GH- stay as they are', () => {
    const out = escapeInline('fixed upstream in GH-1234 and gh-77, see GHSA-abcd-1234 and HIGH-9');
    expect(out).toBe('fixed upstream in GH-&#8203;1234 and gh-&#8203;77, see GHSA-abcd-1234 and HIGH-9');
    expect(out).not.toMatch(/\bGH-\d/i);
  });

  test('Markdown links and images are neutralized', () => {
    const out = escapeInline('[x](javascript:alert(1)) ![i](https://t.example/p.png)');
    expect(out).not.toMatch(/(?<!\\)\]\(/);
    expect(out).toBe('\\[x\\](javascript:alert(1)) !\\[i\\](https:&#8203;//t.example/p.png)');
  });

  test('table pipes, backticks, emphasis and math are escaped', () => {
    const out = escapeInline('| break | table ` *b* _i_ ~~s~~ $x$ \\');
    expect(out).not.toMatch(UNESCAPED_PIPE);
    expect(out).toBe('\\| break \\| table \\` \\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\$x\\$ \\\\');
  });

  test('line breaks become spaces and control/bidi characters go', () => {
    const out = escapeInline('one\r\ntwo\nthree\rfour\tfive\u2028six \u0007\u001b[31mred\u202e\u2066x\u0000');
    expect(out).toBe('one two three four five six \\[31mredx');
  });

  test('long text is truncated before escaping, so no escape is cut in half', () => {
    const out = escapeInline(`${'a'.repeat(9)}<<<<`, { maxLength: 10 });
    expect(out).toBe(`${'a'.repeat(9)}…`);
    expect(escapeInline('<<<<<<', { maxLength: 3 })).toBe('&lt;&lt;…');
  });
});

describe('codeSpan', () => {
  test('shows text verbatim, fenced longer than any backtick run inside', () => {
    expect(codeSpan('RUN apk add curl')).toBe('`RUN apk add curl`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('a``b`')).toBe('``` a``b` ```');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan(' lead')).toBe('`  lead `');
  });

  test('escapes pipes only inside tables', () => {
    expect(codeSpan('a | b', { inTable: true })).toBe('`a \\| b`');
    expect(codeSpan('a | b')).toBe('`a | b`');
  });

  test('is one line, without controls, and truncated', () => {
    expect(codeSpan('echo hi\r\nrm -rf /\u0007')).toBe('`echo hi rm -rf /`');
    expect(codeSpan('x'.repeat(50), { maxLength: 10 })).toBe(`\`${'x'.repeat(9)}…\``);
    expect(codeSpan('')).toBe('');
  });
});

describe('helpers', () => {
  test('truncate counts code points and keeps surrogate pairs whole', () => {
    const out = truncate('😀'.repeat(10), 5);
    expect(Array.from(out)).toEqual(['😀', '😀', '😀', '😀', '…']);
    expect(truncate('short', 10)).toBe('short');
  });

  test('singleLine keeps ordinary Unicode', () => {
    expect(singleLine('grüße 🐳')).toBe('grüße 🐳');
  });
});
