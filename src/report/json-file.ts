/**
 * Writes `JSON.stringify(value, null, 2)` and a newline to a file, byte for byte, without making that string: a
 * run with 100,000 findings renders an 80 MB imagegate.json, and the string plus the buffer written from it cost
 * twice that. Containers that hold a long array are written member by member; everything else is stringified whole
 * (and re-indented to its depth), so the pieces stay small and few.
 */

/** An array longer than this is written element by element. */
const LONG_ARRAY = 256;
/** Text is handed to the file in pieces of about this size. */
const WRITE_BYTES = 1024 * 1024;
/** Long arrays deeper than this are not looked for (SARIF's results are at depth 3: runs[].results[]). */
const MAX_SEARCH_DEPTH = 4;

/**
 * Where text goes: a FileHandle (writeFile, unlike write, goes on until every byte is written), or the redacting
 * writer of src/report/staged-file.ts in front of one.
 */
export interface TextSink {
  writeFile(text: string, encoding: 'utf8'): Promise<unknown>;
}

/** Writes at the handle's current position. */
export async function writeJson(handle: TextSink, value: unknown): Promise<void> {
  let pending: string[] = [];
  let pendingLength = 0;
  for (const piece of jsonPieces(value)) {
    pending.push(piece);
    pendingLength += piece.length;
    if (pendingLength >= WRITE_BYTES) {
      await handle.writeFile(pending.join(''), 'utf8');
      pending = [];
      pendingLength = 0;
    }
  }
  pending.push('\n');
  await handle.writeFile(pending.join(''), 'utf8');
}

/** The text of JSON.stringify(value, null, 2) as if at `depth` inside a larger document, in pieces. */
export function* jsonPieces(value: unknown, depth = 0): Generator<string> {
  if (!holdsLongArray(value, 0)) {
    yield stringifyAt(value, depth);
    return;
  }
  const inner = `\n${'  '.repeat(depth + 1)}`;
  const close = `\n${'  '.repeat(depth)}`;
  if (Array.isArray(value)) {
    // The elements of a long array are written whole, one piece each, without looking inside them.
    const long = value.length > LONG_ARRAY;
    yield '[';
    for (let index = 0; index < value.length; index += 1) {
      const element: unknown = omitted(value[index]) ? null : value[index];
      const separator = index === 0 ? inner : `,${inner}`;
      if (long) yield separator + stringifyAt(element, depth + 1);
      else {
        yield separator;
        yield* jsonPieces(element, depth + 1);
      }
    }
    yield `${close}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  yield '{';
  for (const key of Object.keys(record)) {
    const member = record[key];
    if (omitted(member)) continue;
    yield `${first ? '' : ','}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(member, depth + 1);
  }
  yield first ? '}' : `${close}}`;
}

/**
 * JSON.stringify(value, null, 2) indented for `depth`: stringified inside `depth` one-element arrays, which
 * JSON.stringify indents itself, and cut out of them.
 */
function stringifyAt(value: unknown, depth: number): string {
  let wrapped = value;
  for (let level = 0; level < depth; level += 1) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  if (depth === 0) return text;
  // `[\n  ` … `[\n` + 2·depth spaces before the value; `\n` + 2·(depth-1) spaces `]` … `\n]` after it.
  const before = depth * (depth + 3);
  const after = depth * (depth + 1);
  return text.slice(before, text.length - after);
}

/** Values JSON.stringify leaves out of objects (and writes as null in arrays). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Whether `value` is, or holds within a few levels, an array long enough to write element by element. */
function holdsLongArray(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null || depth > MAX_SEARCH_DEPTH) return false;
  // toJSON (Date, …) decides its own text: left to JSON.stringify.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(value)) {
    if (value.length > LONG_ARRAY) return true;
    return value.some((element) => holdsLongArray(element, depth + 1));
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && holdsLongArray((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
