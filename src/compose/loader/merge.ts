import { ConfigurationError, formatPosition } from '../../util/errors.js';
import { describeNode, isMapNode, isNullNode, mapGet, mapNode, scalarNode, scalarText, sequenceNode } from './node.js';
import { compilePattern, formatPath, matchesPattern, type TreePath } from './tree-path.js';
import type { ComposeMap, ComposeNode, ComposeSequence, ValuePosition } from '../types.js';

/**
 * compose's override merge (compose-go override/merge.go), used for `-f` files, override files, `extends` and
 * documents of one file: maps merge deeply, lists append, scalars are replaced, and some service keys have their
 * own rule (command replaced, environment/labels/… as `KEY=value` lists, depends_on/networks as maps, logging by
 * driver …). Duplicates in lists are removed afterwards by the unicity rules (unicity.ts): that is where a later
 * volume for the same target replaces an earlier one. Merged values keep the position of the file that set them
 * last; a merged map or list takes the position of the later one.
 */

type Entry = { keyPosition: ValuePosition; value: ComposeNode };
type Merger = (base: ComposeNode, override: ComposeNode, path: TreePath) => ComposeNode;

const replace: Merger = (_base, override) => override;

const toSequence: Merger = (base, override) => {
  const items = [...asSequenceItems(base), ...asSequenceItems(override)];
  return sequenceNode(items, override.position, override.baseDir);
};

const extraHosts: Merger = (base, override) => {
  const left = asSequenceItems(base);
  const known = new Set(left.map(itemText));
  const right = asSequenceItems(override).filter((item) => !known.has(itemText(item)));
  return sequenceNode([...left, ...right], override.position, override.baseDir);
};

const build: Merger = (base, override, path) => {
  const left = buildAsMap(base);
  const right = buildAsMap(override);
  return left && right ? mergeMappings(left, right, path) : override;
};

const dependsOn: Merger = (base, override, path) =>
  mergeMappings(listAsMap(base, 'depends_on'), listAsMap(override, 'depends_on'), path);

const namesAsMap: Merger = (base, override, path) =>
  mergeMappings(listAsMap(base, 'names'), listAsMap(override, 'names'), path);

const logging: Merger = (base, override, path) => {
  if (!isMapNode(base) || !isMapNode(override)) return override;
  const driver = mapGet(override, 'driver');
  const baseDriver = mapGet(base, 'driver');
  const sameDriver = driver?.kind === 'scalar' && baseDriver?.kind === 'scalar' && driver.value === baseDriver.value;
  return sameDriver || driver === undefined || baseDriver === undefined
    ? mergeMappings(base, override, path)
    : override;
};

const MERGERS: ReadonlyArray<readonly [readonly string[], Merger]> = (
  [
    ['networks.*.ipam.config', ipamConfig],
    ['networks.*.labels', toSequence],
    ['volumes.*.labels', toSequence],
    ['services.*.annotations', toSequence],
    ['services.*.build', build],
    ['services.*.build.args', toSequence],
    ['services.*.build.additional_contexts', toSequence],
    ['services.*.build.extra_hosts', extraHosts],
    ['services.*.build.labels', toSequence],
    ['services.*.command', replace],
    ['services.*.depends_on', dependsOn],
    ['services.*.deploy.labels', toSequence],
    ['services.*.dns', toSequence],
    ['services.*.dns_opt', toSequence],
    ['services.*.dns_search', toSequence],
    ['services.*.entrypoint', replace],
    ['services.*.env_file', toSequence],
    ['services.*.label_file', toSequence],
    ['services.*.environment', toSequence],
    ['services.*.extra_hosts', extraHosts],
    ['services.*.healthcheck.test', replace],
    ['services.*.labels', toSequence],
    ['services.*.logging', logging],
    ['services.*.models', namesAsMap],
    ['services.*.networks', namesAsMap],
    ['services.*.sysctls', toSequence],
    ['services.*.tmpfs', toSequence],
    // compose merges the override with itself here, so an override's ulimit replaces the base one whole.
    ['services.*.ulimits.*', replace],
  ] as const
).map(([pattern, merger]) => [compilePattern(pattern), merger] as const);

/** Merges `override` (a later file, or the extending service) into `base`; neither is modified. */
export function mergeNodes(base: ComposeNode, override: ComposeNode, path: TreePath): ComposeNode {
  const special = MERGERS.find(([pattern]) => matchesPattern(path, pattern))?.[1];
  if (special) return special(base, override, path);
  if (isNullNode(override)) return base;
  if (base.kind === 'map') {
    if (override.kind !== 'map') throw mismatch(base, override, path);
    return mergeMappings(base, override, path);
  }
  if (base.kind === 'sequence') {
    if (override.kind !== 'sequence') throw mismatch(base, override, path);
    return sequenceNode([...base.items, ...override.items], override.position, override.baseDir);
  }
  return override;
}

function mergeMappings(base: ComposeMap, override: ComposeMap, path: TreePath): ComposeMap {
  const entries = new Map<string, Entry>(base.entries);
  for (const [key, entry] of override.entries) {
    const existing = entries.get(key);
    entries.set(key, existing ? { ...entry, value: mergeNodes(existing.value, entry.value, [...path, key]) } : entry);
  }
  return mapNode(entries, override.position, override.baseDir);
}

function mismatch(base: ComposeNode, override: ComposeNode, path: TreePath): ConfigurationError {
  const kind = base.kind === 'map' ? 'a map' : 'a list';
  return new ConfigurationError(
    `cannot override ${formatPath(path)}: it is ${kind} in ${formatPosition(base.position)}, ` +
      `and compose can only merge ${kind} into it, not ${describeNode(override)}`,
    override.position,
  );
}

/** compose's convertIntoSequence: a map becomes sorted `KEY=value` strings (a bare `KEY` for an empty value). */
function asSequenceItems(node: ComposeNode): ComposeNode[] {
  if (node.kind === 'sequence') return node.items;
  if (node.kind === 'scalar') return typeof node.value === 'string' ? [node] : [];
  const items: ComposeNode[] = [];
  for (const [key, { keyPosition, value }] of node.entries) {
    if (isNullNode(value)) items.push(scalarNode(key, keyPosition, value.baseDir));
    else if (value.kind === 'sequence') {
      for (const item of value.items) items.push(scalarNode(`${key}=${itemText(item)}`, item.position, item.baseDir));
    } else items.push(scalarNode(`${key}=${itemText(value)}`, value.position, value.baseDir));
  }
  return items.sort((a, b) => compareText(itemText(a), itemText(b)));
}

function itemText(node: ComposeNode): string {
  return node.kind === 'scalar' ? scalarText(node.value) : JSON.stringify(node.kind);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildAsMap(node: ComposeNode): ComposeMap | undefined {
  if (node.kind === 'map') return node;
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    return mapNode(new Map([['context', { keyPosition: node.position, value: node }]]), node.position, node.baseDir);
  }
  return undefined;
}

/** A list of names as a map: `depends_on` entries get compose's defaults, other names an empty value. */
function listAsMap(node: ComposeNode, kind: 'depends_on' | 'names'): ComposeMap {
  if (node.kind === 'map') return node;
  const entries = new Map<string, Entry>();
  const items = node.kind === 'sequence' ? node.items : [];
  for (const item of items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') {
      throw new ConfigurationError(`expected a name, found ${describeNode(item)}`, item.position);
    }
    const value =
      kind === 'depends_on'
        ? mapNode(
            new Map<string, Entry>([
              [
                'condition',
                { keyPosition: item.position, value: scalarNode('service_started', item.position, item.baseDir) },
              ],
              ['required', { keyPosition: item.position, value: scalarNode(true, item.position, item.baseDir) }],
            ]),
            item.position,
            item.baseDir,
          )
        : scalarNode(null, item.position, item.baseDir);
    entries.set(item.value, { keyPosition: item.position, value });
  }
  return mapNode(entries, node.position, node.baseDir);
}

/** IPAM configs merge per subnet (compose-go mergeIPAMConfig). */
function ipamConfig(base: ComposeNode, override: ComposeNode, path: TreePath): ComposeNode {
  if (base.kind !== 'sequence' || override.kind !== 'sequence') {
    throw new ConfigurationError(`${formatPath(path)} must be a list`, override.position);
  }
  const result: ComposeNode[] = [];
  const subnet = (node: ComposeNode): unknown => {
    const value = mapGet(node, 'subnet');
    return value?.kind === 'scalar' ? value.value : undefined;
  };
  const indexOf = (value: unknown): number => result.findIndex((node) => subnet(node) === value);
  for (const original of base.items) {
    let right: ComposeNode = original;
    for (const item of override.items) {
      if (subnet(item) !== subnet(right)) {
        if (indexOf(subnet(item)) < 0) {
          result.push(item);
          continue;
        }
      }
      right = isMapNode(right) && isMapNode(item) ? mergeMappings(right, item, path) : item;
      const at = indexOf(subnet(right));
      if (at >= 0) result[at] = right;
      else result.push(right);
    }
  }
  return sequenceNode(result, override.position, override.baseDir) satisfies ComposeSequence;
}
