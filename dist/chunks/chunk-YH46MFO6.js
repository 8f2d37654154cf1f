import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/compose/loader/short-volume.ts
function parseShortVolume(spec) {
  const chars = [...spec];
  if (chars.length === 0) return { ok: false, error: "invalid empty volume spec" };
  if (chars.length <= 2) return { ok: true, volume: { source: "", target: spec } };
  const parts = [];
  let buffer = [];
  let depth = 0;
  const flush = (atEnd) => {
    const text = buffer.join("");
    if (buffer.length === 0) return "empty section between colons";
    if (parts.length === 0 && atEnd) {
      parts.push("", text);
    } else if (parts.length < 2) {
      parts.push(text);
    } else if (!atEnd) {
      return "too many colons";
    } else {
      parts.push(text);
    }
    buffer = [];
    return void 0;
  };
  for (let i = 0; i <= chars.length; i++) {
    const char = chars[i];
    if (char === "$" && chars[i + 1] === "{") {
      depth++;
      buffer.push(char);
      continue;
    }
    if (char === "}" && depth > 0) {
      depth--;
      buffer.push(char);
      continue;
    }
    if (char === ":" && buffer.length === 1 && new RegExp("\\p{L}", "u").test(buffer[0])) {
      buffer.push(char);
    } else if ((char === ":" || char === void 0) && depth === 0) {
      const error = flush(char === void 0);
      if (error) return { ok: false, error: `invalid spec: ${spec}: ${error}` };
    } else if (char !== void 0) {
      buffer.push(char);
    }
  }
  const [source = "", target = "", mode] = parts;
  return { ok: true, volume: mode === void 0 ? { source, target } : { source, target, mode } };
}
function isHostPathSource(source) {
  if (source === "") return false;
  if (source.startsWith(".") || source.startsWith("/") || source.startsWith("~") || source.startsWith("\\\\"))
    return true;
  const [first, second] = [...source];
  return first !== void 0 && second === ":" && new RegExp("\\p{L}", "u").test(first);
}

export {
  parseShortVolume,
  isHostPathSource
};
//# sourceMappingURL=chunk-YH46MFO6.js.map
