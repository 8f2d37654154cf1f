import { EXCERPT_MAX, excerpt, excerptValue, withoutQuotedSource } from '../../src/util/excerpt.js';

/** What an error message may show of a file: 40 characters at most, escaped; parser messages without the source. */

test('short text is quoted as JSON would quote it', () => {
  expect(excerpt('alpine:3.20')).toBe('"alpine:3.20"');
  expect(excerpt('say "hi"\\n')).toBe(JSON.stringify('say "hi"\\n'));
});

test('long text is cut at 40 characters with an ellipsis; control, bidi and line characters are escaped', () => {
  const secret = `TOKEN=${'x'.repeat(100)}`;
  expect(excerpt(secret)).toBe(`"${secret.slice(0, EXCERPT_MAX)}…"`);
  expect(excerpt('a\nb\r\tc\u0007d\u202Ee\u2028f\u2066g\u0085')).toBe(
    '"a\\nb\\r\\tc\\u0007d\\u202ee\\u2028f\\u2066g\\u0085"',
  );
  // Counted in code points, so an astral character is never cut in half.
  expect(excerpt('😀'.repeat(50))).toBe(`"${'😀'.repeat(40)}…"`);
});

test('other JSON values keep their JSON text, cut when long', () => {
  expect(excerptValue(12.5)).toBe('12.5');
  expect(excerptValue(null)).toBe('null');
  expect(excerptValue(undefined)).toBe('undefined');
  expect(excerptValue({ a: 'x'.repeat(100) })).toBe(`${JSON.stringify({ a: 'x'.repeat(100) }).slice(0, 40)}…`);
});

test('parser messages lose the source text they quote, keep the rest', () => {
  expect(withoutQuotedSource('Unexpected scalar token in YAML stream: "TOKEN=secret"')).toBe(
    'Unexpected scalar token in YAML stream',
  );
  expect(withoutQuotedSource(`Unexpected token 'T', "TOKEN=supe"... is not valid JSON`)).toBe("Unexpected token 'T'");
  expect(withoutQuotedSource("Expected ',' or '}' after property value in JSON at position 20")).toBe(
    "Expected ',' or '}' after property value in JSON at position 20",
  );
  expect(withoutQuotedSource('Nested mappings are not allowed\n  a: b: SECRET\n     ^')).toBe(
    'Nested mappings are not allowed',
  );
});
