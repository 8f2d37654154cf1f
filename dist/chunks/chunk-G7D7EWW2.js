import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/util/excerpt.ts
var EXCERPT_MAX = 40;
var ENTRY_NAME_MAX = 128;
function excerpt(text, max = EXCERPT_MAX) {
  const window = 2 * max + 2;
  const characters = [...text.slice(0, window)];
  const cut = characters.length > max || text.length > window;
  const body = characters.slice(0, max).map(escapeCharacter).join("");
  return `"${body}${cut ? "…" : ""}"`;
}
function escapeCharacter(character) {
  switch (character) {
    case '"':
      return '\\"';
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "	":
      return "\\t";
    default: {
      const code = character.codePointAt(0);
      if (code < 32 || code >= 127 && code < 160 || code >= 8232 && code <= 8238 || code === 65279) {
        return `\\u${code.toString(16).padStart(4, "0")}`;
      }
      if (code >= 8294 && code <= 8297) return `\\u${code.toString(16)}`;
      return character;
    }
  }
}
function excerptValue(value, max = EXCERPT_MAX) {
  if (typeof value === "string") return excerpt(value, max);
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= max ? text : `${[...text].slice(0, max).join("")}…`;
}
function withoutQuotedSource(message) {
  const firstLine = message.split("\n")[0] ?? "";
  return firstLine.replace(/,?\s*"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, "").replace(/:\s*$/, "").replace(/\s+is not valid JSON$/, "").trim();
}

export {
  ENTRY_NAME_MAX,
  excerpt,
  excerptValue,
  withoutQuotedSource
};
//# sourceMappingURL=chunk-G7D7EWW2.js.map
