import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/report/json-file.ts
var LONG_ARRAY = 256;
var WRITE_BYTES = 1024 * 1024;
var MAX_SEARCH_DEPTH = 4;
async function writeJson(handle, value) {
  let pending = [];
  let pendingLength = 0;
  for (const piece of jsonPieces(value)) {
    pending.push(piece);
    pendingLength += piece.length;
    if (pendingLength >= WRITE_BYTES) {
      await handle.writeFile(pending.join(""), "utf8");
      pending = [];
      pendingLength = 0;
    }
  }
  pending.push("\n");
  await handle.writeFile(pending.join(""), "utf8");
}
function* jsonPieces(value, depth = 0) {
  if (!holdsLongArray(value, 0)) {
    yield stringifyAt(value, depth);
    return;
  }
  const inner = `
${"  ".repeat(depth + 1)}`;
  const close = `
${"  ".repeat(depth)}`;
  if (Array.isArray(value)) {
    const long = value.length > LONG_ARRAY;
    yield "[";
    for (let index = 0; index < value.length; index += 1) {
      const element = omitted(value[index]) ? null : value[index];
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
  const record = value;
  let first = true;
  yield "{";
  for (const key of Object.keys(record)) {
    const member = record[key];
    if (omitted(member)) continue;
    yield `${first ? "" : ","}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(member, depth + 1);
  }
  yield first ? "}" : `${close}}`;
}
function stringifyAt(value, depth) {
  let wrapped = value;
  for (let level = 0; level < depth; level += 1) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  if (depth === 0) return text;
  const before = depth * (depth + 3);
  const after = depth * (depth + 1);
  return text.slice(before, text.length - after);
}
function omitted(value) {
  return value === void 0 || typeof value === "function" || typeof value === "symbol";
}
function holdsLongArray(value, depth) {
  if (typeof value !== "object" || value === null || depth > MAX_SEARCH_DEPTH) return false;
  if (typeof value.toJSON === "function") return false;
  if (Array.isArray(value)) {
    if (value.length > LONG_ARRAY) return true;
    return value.some((element) => holdsLongArray(element, depth + 1));
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && holdsLongArray(value[key], depth + 1)) return true;
  }
  return false;
}

export {
  writeJson
};
//# sourceMappingURL=chunk-34FQDPIX.js.map
