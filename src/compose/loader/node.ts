import type { ComposeMap, ComposeNode, ComposeScalar, ComposeSequence, ValuePosition } from '../types.js';
import { excerpt } from '../../util/excerpt.js';

/** Small constructors and readers for the positioned tree; the loader treats nodes as values and copies on change. */

type Entry = { keyPosition: ValuePosition; value: ComposeNode };

export function scalarNode(
  value: ComposeScalar['value'],
  position: ValuePosition,
  baseDir: string | undefined,
): ComposeScalar {
  return baseDir === undefined ? { kind: 'scalar', value, position } : { kind: 'scalar', value, position, baseDir };
}

export function mapNode(entries: Map<string, Entry>, position: ValuePosition, baseDir: string | undefined): ComposeMap {
  return baseDir === undefined ? { kind: 'map', entries, position } : { kind: 'map', entries, position, baseDir };
}

export function sequenceNode(
  items: ComposeNode[],
  position: ValuePosition,
  baseDir: string | undefined,
): ComposeSequence {
  return baseDir === undefined ? { kind: 'sequence', items, position } : { kind: 'sequence', items, position, baseDir };
}

export function isMapNode(node: ComposeNode | undefined): node is ComposeMap {
  return node?.kind === 'map';
}

export function isSequenceNode(node: ComposeNode | undefined): node is ComposeSequence {
  return node?.kind === 'sequence';
}

export function isNullNode(node: ComposeNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

export function mapGet(node: ComposeNode | undefined, key: string): ComposeNode | undefined {
  return node?.kind === 'map' ? node.entries.get(key)?.value : undefined;
}

/** The string of a scalar that holds one, else undefined. */
export function stringValue(node: ComposeNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** A copy of `map` with `key` set (kept in place when it exists, appended otherwise). */
export function withEntry(map: ComposeMap, key: string, entry: Entry): ComposeMap {
  const entries = new Map(map.entries);
  entries.set(key, entry);
  return { ...map, entries };
}

export function withoutEntry(map: ComposeMap, key: string): ComposeMap {
  const entries = new Map(map.entries);
  entries.delete(key);
  return { ...map, entries };
}

export function cloneNode(node: ComposeNode): ComposeNode {
  switch (node.kind) {
    case 'scalar':
      return { ...node };
    case 'sequence':
      return { ...node, items: node.items.map(cloneNode) };
    case 'map': {
      const entries = new Map<string, Entry>();
      for (const [key, entry] of node.entries) entries.set(key, { ...entry, value: cloneNode(entry.value) });
      return { ...node, entries };
    }
  }
}

/** The plain JSON-like value, as compose sees it (positions dropped). */
export function toPlain(node: ComposeNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'sequence':
      return node.items.map(toPlain);
    case 'map':
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, toPlain(entry.value)]));
  }
}

/** Equality of values, ignoring positions and key order (compose compares decoded maps). */
export function sameValue(a: ComposeNode, b: ComposeNode): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'scalar') return a.value === (b as ComposeScalar).value;
  if (a.kind === 'sequence') {
    const other = b as ComposeSequence;
    return a.items.length === other.items.length && a.items.every((item, i) => sameValue(item, other.items[i]!));
  }
  const other = b as ComposeMap;
  if (a.entries.size !== other.entries.size) return false;
  for (const [key, entry] of a.entries) {
    const theirs = other.entries.get(key);
    if (!theirs || !sameValue(entry.value, theirs.value)) return false;
  }
  return true;
}

/** How a scalar prints inside compose's `key=value` strings (Go's `%v`). */
export function scalarText(value: ComposeScalar['value']): string {
  if (value === null) return '<nil>';
  return String(value);
}

/** "a map", "a list", "the string \"x\"": for messages that say what was found instead. */
export function describeNode(node: ComposeNode | undefined): string {
  if (node === undefined) return 'nothing';
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'sequence') return 'a list';
  if (node.value === null) return 'an empty value';
  if (typeof node.value === 'string') return `the string ${excerpt(node.value)}`;
  return `${typeof node.value === 'boolean' ? 'the boolean' : 'the number'} ${String(node.value)}`;
}
