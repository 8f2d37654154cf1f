import {
  ByteReader,
  NotReadableAsBytes,
  TreeReader,
  type ByteSource,
  type JsonReader,
} from '../../../src/scan/report/json-reader.js';
import { corpusPath, corpusReportNames, describeWithCorpus } from './corpus-files.js';
import { readFileSync } from 'node:fs';

/** The value at the cursor, rebuilt through the reader's walk: containers walked, scalars parsed. */
function rebuild(reader: JsonReader): unknown {
  const kind = reader.kind();
  if (kind === 'object') {
    const object: Record<string, unknown> = {};
    reader.object((key) => {
      Object.defineProperty(object, key, { value: rebuild(reader), enumerable: true, writable: true });
    });
    return object;
  }
  if (kind === 'array') {
    const array: unknown[] = [];
    reader.array((index) => {
      array[index] = rebuild(reader);
    });
    return array;
  }
  return reader.value();
}

/** A source that hands out `bytes` in pieces of at most `most` bytes (varying), as a file read might. */
function sourceOf(bytes: Buffer, most: number): ByteSource {
  let position = 0;
  let call = 0;
  return (into, offset, length) => {
    call += 1;
    const count = Math.min(length, bytes.length - position, 1 + ((call * 7919) % most));
    bytes.copy(into, offset, position, position + count);
    position += count;
    return count;
  };
}

/** The document rebuilt through the reader; `chunk` reads it from a source in pieces instead of from a Buffer. */
function readBytes(text: string, chunk?: number): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const reader = new ByteReader(chunk === undefined ? bytes : sourceOf(bytes, chunk));
  const value = rebuild(reader);
  reader.end();
  return value;
}

const VALID = [
  '{}',
  '[]',
  ' \n\t{ "a" : [ 1 , -2.5e3 , true , false , null , "x" ] }\r\n',
  '{"quote\\"in key": "a \\"quoted\\" \\\\ value", "brackets": "{[}]", "after": 1}',
  '{"ends in backslash": "\\\\", "next": "\\\\\\"", "u": "\\u00e9\\ud83d\\ude00", "é": "日本"}',
  '[[[[]]], {"a": {"b": {}}}, "", 0]',
  '"just a string"',
  '12',
  '{"__proto__": {"polluted": true}, "constructor": 1}',
];

describe('ByteReader reads what JSON.parse reads', () => {
  test.each(VALID)('%s', (text) => {
    expect(readBytes(text)).toEqual(JSON.parse(text));
    expect(readBytes(text, 1)).toEqual(JSON.parse(text));
    expect(readBytes(text, 5)).toEqual(JSON.parse(text));
  });

  test('from a source: chunk edges anywhere, a window that grows for a large value and lets go of read bytes', () => {
    const record = (i: number) => ({ id: `CVE-${i}`, text: `"quoted" \\ ${'x'.repeat(i % 300)}`, list: [i, null] });
    const document = {
      header: { big: 'b'.repeat(3 * 1024 * 1024) },
      records: Array.from({ length: 30_000 }, (_, i) => record(i)),
      skipped: Array.from({ length: 40_000 }, (_, i) => record(i)),
    };
    const text = JSON.stringify(document);
    expect(text.length).toBeGreaterThan(12 * 1024 * 1024);
    const reader = new ByteReader(sourceOf(Buffer.from(text), 64 * 1024));
    const read: Record<string, unknown> = {};
    reader.object((key) => {
      if (key === 'records') {
        const records: unknown[] = [];
        reader.array(() => records.push(reader.value()));
        read[key] = records;
      } else if (key === 'skipped') reader.skip();
      else read[key] = reader.value();
    });
    reader.end();
    expect(read).toEqual({ header: document.header, records: document.records });
  });

  test('values are decoded from their own slices: kept strings do not retain the document', () => {
    const text = JSON.stringify({ keep: 'k'.repeat(20), drop: 'd'.repeat(1000) });
    const reader = new ByteReader(Buffer.from(text));
    const kept: unknown[] = [];
    reader.object((key) => (key === 'keep' ? kept.push(reader.value()) : reader.skip()));
    expect(kept).toEqual(['k'.repeat(20)]);
  });

  test('a value larger than the parse-whole limit is skipped member by member, and still checked', () => {
    const big = JSON.stringify({ list: Array.from({ length: 50_000 }, (_, i) => ({ i, text: 'x'.repeat(100) })) });
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    const reader = new ByteReader(Buffer.from(big));
    reader.skip();
    reader.end();
    const broken = big.replace('{"i":49000,', '{"i":49000');
    expect(() => new ByteReader(Buffer.from(broken)).skip()).toThrow(NotReadableAsBytes);
  });
});

describe('ByteReader refuses what JSON.parse refuses', () => {
  test.each([
    '',
    '   ',
    '{',
    '{"a": 1',
    '{"a" 1}',
    '{"a": 1,}',
    '{a: 1}',
    '[1, 2',
    '[1 2]',
    '[1,]',
    '{"a": [1}',
    '{"a": tru}',
    '{"a": 01}',
    '{"a": "unterminated}',
    '{"a": "bad \\x escape"}',
    '{"a": "control \u0001 character"}',
    '{"a": 1} x',
    '{"a": 1}{}',
    '{"a": "x"1}',
  ])('%j', (text) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(() => readBytes(text)).toThrow(NotReadableAsBytes);
    expect(() => readBytes(text, 1)).toThrow(NotReadableAsBytes);
  });

  test('a key repeated in a walked object is left to JSON.parse, which keeps the last value', () => {
    expect(() => readBytes('{"a": 1, "b": 2, "a": 3}')).toThrow(/repeated key "a"/);
  });

  test.each([undefined, 1, 3])(
    'single-character damage anywhere: the reader fails exactly when JSON.parse does (chunks: %p)',
    (chunk) => {
      const text = JSON.stringify(
        { a: [1, { b: 'x\\"y', c: [true, null, -1.5] }], 'd"e': '{[]}', f: { g: {} } },
        null,
        1,
      );
      const damages = ['', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'x', '1'];
      let checked = 0;
      for (let at = 0; at < text.length; at += 1) {
        for (const damage of damages) {
          const mutated = text.slice(0, at) + damage + text.slice(at + 1);
          let expected: unknown;
          try {
            expected = JSON.parse(mutated);
          } catch {
            expect(() => readBytes(mutated, chunk)).toThrow(NotReadableAsBytes);
            checked += 1;
            continue;
          }
          let actual: unknown;
          try {
            actual = readBytes(mutated, chunk);
          } catch (error) {
            // Only a repeated key may send a valid document to the slow path.
            expect(String(error)).toMatch(/repeated key/);
            continue;
          }
          expect(actual).toEqual(expected);
        }
      }
      expect(checked).toBeGreaterThan(500);
    },
  );

  test('a visitor that does not read its value is a bug, not a malformed document', () => {
    const reader = new ByteReader(Buffer.from('{"a": 1}'));
    expect(() => reader.object(() => undefined)).toThrow('a visitor did not read its value');
  });
});

test('TreeReader walks a parsed value the same way', () => {
  for (const text of VALID) expect(rebuild(new TreeReader(JSON.parse(text)))).toEqual(JSON.parse(text));
});

describeWithCorpus('every corpus report', () => {
  test.each(corpusReportNames())('%s reads as bytes exactly as JSON.parse reads it', (name) => {
    const text = readFileSync(corpusPath(name), 'utf8');
    expect(readBytes(text)).toEqual(JSON.parse(text));
    expect(readBytes(text, 4096)).toEqual(JSON.parse(text));
  });
});
