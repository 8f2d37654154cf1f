import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/util/markdown-escape.ts
var ZERO_WIDTH_SPACE = "&#8203;";
var INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
var LINE_BREAKS = /\r\n|[\r\n\t\u2028\u2029]/g;
var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
var UNSAFE = /[&<>\\`*_[\]|~$@]|#(?=\d)|\bGH-(?=\d)|:\/\/|\bwww\./gi;
function singleLine(text) {
  return text.replace(LINE_BREAKS, " ").replace(INVISIBLE, "");
}
function truncate(text, max) {
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 1);
  let points = 0;
  let cut = 0;
  for (let index = 0; index < text.length; points++) {
    if (points === keep) cut = index;
    if (points === max) return `${text.slice(0, cut)}…`;
    index += (text.codePointAt(index) ?? 0) > 65535 ? 2 : 1;
  }
  return text;
}
function elideMiddle(text, max) {
  const points = [...text];
  if (points.length <= max) return text;
  const tail = Math.floor((max - 1) / 2);
  const head = max - 1 - tail;
  return `${points.slice(0, head).join("")}…${points.slice(points.length - tail).join("")}`;
}
function escapeInline(text, options = {}) {
  let value = singleLine(text);
  if (options.maxLength !== void 0) value = truncate(value, options.maxLength);
  return value.replace(UNSAFE, (match) => {
    const entity = ENTITIES[match];
    if (entity) return entity;
    if (match === "@") return `@${ZERO_WIDTH_SPACE}`;
    if (match === "#") return `#${ZERO_WIDTH_SPACE}`;
    if (match.length === 3 && match.endsWith("-")) return `${match}${ZERO_WIDTH_SPACE}`;
    if (match === "://") return `:${ZERO_WIDTH_SPACE}//`;
    if (match.length === 4) return `${match.slice(0, 3)}${ZERO_WIDTH_SPACE}.`;
    return `\\${match}`;
  });
}
function codeSpan(text, options = {}) {
  let value = singleLine(text);
  if (options.maxLength !== void 0) value = truncate(value, options.maxLength);
  if (value === "") return "";
  if (options.inTable) value = value.replace(/\|/g, "\\|");
  const longestRun = value.includes("`") ? Math.max(0, ...Array.from(value.matchAll(/`+/g), (match) => match[0].length)) : 0;
  const fence = "`".repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(value) ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

export {
  singleLine,
  truncate,
  elideMiddle,
  escapeInline,
  codeSpan
};
//# sourceMappingURL=chunk-SAYJQMG6.js.map
