import { findJsonSyntaxError } from '../../src/json/json-error.js';

test.each([
  ['[\n  {"Config": }\n]', 2, 14, /expected a value/],
  ['{"a": 1,}', 1, 9, /property name/],
  ['{"a" 1}', 1, 6, /expected ':'/],
  ['[1 2]', 1, 4, /expected ',' or '\]'/],
  ['"abc', 1, 1, /unterminated string/],
  ['{"a": tru}', 1, 7, /expected a value/],
  ['[1] x', 1, 5, /after the document/],
  ['', 1, 1, /unexpected end/],
])('%j fails at %i:%i', (text, line, column, message) => {
  expect(JSON.parse.bind(JSON, text)).toThrow();
  const problem = findJsonSyntaxError(text);
  expect(problem).toMatchObject({ line, column });
  expect(problem?.message).toMatch(message);
});

test('agrees with JSON.parse on valid documents and on random damage to them', () => {
  const doc = JSON.stringify({ a: [1, -2.5e3, 'x\\"y\u00e9\n', true, false, null, { b: {} }], c: '' }, null, 1);
  expect(findJsonSyntaxError(doc)).toBeUndefined();
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 2000; round += 1) {
    const at = next(doc.length);
    const text = doc.slice(0, at) + '{}[],:"0a \\'.charAt(next(12)) + doc.slice(at + next(2));
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    expect(findJsonSyntaxError(text) === undefined).toBe(valid);
  }
});
