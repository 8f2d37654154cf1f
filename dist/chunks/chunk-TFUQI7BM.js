import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  excerpt
} from "./chunk-G7D7EWW2.js";

// src/compose/loader/node.ts
function scalarNode(value, position, baseDir) {
  return baseDir === void 0 ? { kind: "scalar", value, position } : { kind: "scalar", value, position, baseDir };
}
function mapNode(entries, position, baseDir) {
  return baseDir === void 0 ? { kind: "map", entries, position } : { kind: "map", entries, position, baseDir };
}
function sequenceNode(items, position, baseDir) {
  return baseDir === void 0 ? { kind: "sequence", items, position } : { kind: "sequence", items, position, baseDir };
}
function isMapNode(node) {
  return node?.kind === "map";
}
function isSequenceNode(node) {
  return node?.kind === "sequence";
}
function isNullNode(node) {
  return node === void 0 || node.kind === "scalar" && node.value === null;
}
function mapGet(node, key) {
  return node?.kind === "map" ? node.entries.get(key)?.value : void 0;
}
function stringValue(node) {
  return node?.kind === "scalar" && typeof node.value === "string" ? node.value : void 0;
}
function withEntry(map, key, entry) {
  const entries = new Map(map.entries);
  entries.set(key, entry);
  return { ...map, entries };
}
function withoutEntry(map, key) {
  const entries = new Map(map.entries);
  entries.delete(key);
  return { ...map, entries };
}
function toPlain(node) {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "sequence":
      return node.items.map(toPlain);
    case "map":
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, toPlain(entry.value)]));
  }
}
function sameValue(a, b) {
  if (a.kind !== b.kind) return false;
  if (a.kind === "scalar") return a.value === b.value;
  if (a.kind === "sequence") {
    const other2 = b;
    return a.items.length === other2.items.length && a.items.every((item, i) => sameValue(item, other2.items[i]));
  }
  const other = b;
  if (a.entries.size !== other.entries.size) return false;
  for (const [key, entry] of a.entries) {
    const theirs = other.entries.get(key);
    if (!theirs || !sameValue(entry.value, theirs.value)) return false;
  }
  return true;
}
function scalarText(value) {
  if (value === null) return "<nil>";
  return String(value);
}
function describeNode(node) {
  if (node === void 0) return "nothing";
  if (node.kind === "map") return "a map";
  if (node.kind === "sequence") return "a list";
  if (node.value === null) return "an empty value";
  if (typeof node.value === "string") return `the string ${excerpt(node.value)}`;
  return `${typeof node.value === "boolean" ? "the boolean" : "the number"} ${String(node.value)}`;
}

export {
  scalarNode,
  mapNode,
  sequenceNode,
  isMapNode,
  isSequenceNode,
  isNullNode,
  mapGet,
  stringValue,
  withEntry,
  withoutEntry,
  toPlain,
  sameValue,
  scalarText,
  describeNode
};
//# sourceMappingURL=chunk-TFUQI7BM.js.map
