import { ConfigurationError } from '../../util/errors.js';
import { describeNode, mapGet, mapNode, scalarText, sequenceNode } from './node.js';
import { parseShortVolume } from './short-volume.js';
import { compilePattern, formatPath, itemSegment, matchesPattern, type TreePath } from './tree-path.js';
import type { ComposeNode, ValuePosition } from '../types.js';

/**
 * compose's unicity rules (compose-go override/uncity.go), applied after every merge: in these lists an entry
 * with the same key as an earlier one replaces it in place. Volumes are keyed by their target (short syntax:
 * the part after the source, as compose splits the interpolated spec), so an override file that mounts the same
 * target again replaces the earlier mount — with its own mode, which is how an override can drop `:ro`.
 */

type Indexer = (item: ComposeNode, path: TreePath) => string;

const fail = (item: ComposeNode, path: TreePath, message: string): never => {
  throw new ConfigurationError(`${formatPath(path)}: ${message}`, item.position);
};

const keyValue: Indexer = (item, path) => {
  if (item.kind !== 'scalar' || typeof item.value !== 'string') {
    return fail(item, path, `expected a string, found ${describeNode(item)}`);
  }
  const at = item.value.indexOf('=');
  return at < 0 ? item.value : item.value.slice(0, at);
};

const volume: Indexer = (item, path) => {
  if (item.kind === 'map') {
    const target = mapGet(item, 'target');
    if (target?.kind !== 'scalar' || typeof target.value !== 'string') {
      return fail(item, path, 'a volume in long syntax needs a `target` (the path inside the container)');
    }
    return target.value;
  }
  if (item.kind === 'scalar' && typeof item.value === 'string') {
    const parsed = parseShortVolume(item.value);
    if (!parsed.ok) return fail(item, path, parsed.error);
    return parsed.volume.target;
  }
  return '';
};

const device: Indexer = (item) => {
  if (item.kind === 'map') {
    const target = mapGet(item, 'target');
    return target?.kind === 'scalar' ? scalarText(target.value) : '';
  }
  if (item.kind === 'scalar' && typeof item.value === 'string') {
    const parts = item.value.split(':');
    return parts.length === 1 ? (parts[0] as string) : (parts[1] as string);
  }
  return '';
};

const expose: Indexer = (item, path) => {
  if (item.kind === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'number')) {
    return String(item.value);
  }
  return fail(item, path, `unsupported expose value ${describeNode(item)}`);
};

const mount =
  (defaultDir: string): Indexer =>
  (item, path) => {
    if (item.kind === 'scalar' && typeof item.value === 'string') return `${defaultDir}/${item.value}`;
    if (item.kind === 'map') {
      const target = mapGet(item, 'target');
      if (target?.kind === 'scalar') return scalarText(target.value);
      const source = mapGet(item, 'source');
      return `${defaultDir}/${source?.kind === 'scalar' ? scalarText(source.value) : '<nil>'}`;
    }
    return fail(item, path, `unsupported value ${describeNode(item)}`);
  };

const port: Indexer = (item, path) => {
  if (item.kind === 'scalar') return scalarText(item.value);
  if (item.kind === 'sequence') return '';
  const target = mapGet(item, 'target');
  if (!target) return fail(item, path, 'a port in long syntax needs a `target`');
  const text = (key: string, fallback: string): string => {
    const value = mapGet(item, key);
    return value?.kind === 'scalar' ? scalarText(value.value) : fallback;
  };
  return `${text('host_ip', '0.0.0.0')}:${text('published', '<nil>')}:${text('target', '')}/${text('protocol', 'tcp')}`;
};

const envFile: Indexer = (item, path) => {
  if (item.kind === 'scalar' && typeof item.value === 'string') return item.value;
  if (item.kind === 'map') {
    const value = mapGet(item, 'path');
    if (value?.kind === 'scalar') return scalarText(value.value);
    return fail(item, path, 'an env_file entry needs a `path`');
  }
  return '';
};

const INDEXERS: ReadonlyArray<readonly [readonly string[], Indexer]> = (
  [
    ['networks.*.labels', keyValue],
    ['networks.*.ipam.options', keyValue],
    ['services.*.annotations', keyValue],
    ['services.*.build.args', keyValue],
    ['services.*.build.additional_contexts', keyValue],
    ['services.*.build.platform', keyValue],
    ['services.*.build.tags', keyValue],
    ['services.*.build.labels', keyValue],
    ['services.*.cap_add', keyValue],
    ['services.*.cap_drop', keyValue],
    ['services.*.configs', mount('')],
    ['services.*.deploy.labels', keyValue],
    ['services.*.dns', keyValue],
    ['services.*.dns_opt', keyValue],
    ['services.*.dns_search', keyValue],
    ['services.*.environment', keyValue],
    ['services.*.env_file', envFile],
    ['services.*.expose', expose],
    ['services.*.labels', keyValue],
    ['services.*.links', keyValue],
    ['services.*.networks.*.aliases', keyValue],
    ['services.*.networks.*.link_local_ips', keyValue],
    ['services.*.ports', port],
    ['services.*.profiles', keyValue],
    ['services.*.secrets', mount('/run/secrets')],
    ['services.*.sysctls', keyValue],
    ['services.*.tmpfs', keyValue],
    ['services.*.volumes', volume],
    ['services.*.devices', device],
  ] as const
).map(([pattern, indexer]) => [compilePattern(pattern), indexer] as const);

/** Removes redefined entries from the lists compose keeps unique; the later entry takes the earlier one's place. */
export function enforceUnicity(node: ComposeNode, path: TreePath = []): ComposeNode {
  if (node.kind === 'map') {
    const entries = new Map<string, { keyPosition: ValuePosition; value: ComposeNode }>();
    let changed = false;
    for (const [key, entry] of node.entries) {
      const value = enforceUnicity(entry.value, [...path, key]);
      changed ||= value !== entry.value;
      entries.set(key, value === entry.value ? entry : { ...entry, value });
    }
    return changed ? mapNode(entries, node.position, node.baseDir) : node;
  }
  if (node.kind !== 'sequence') return node;
  const indexer = INDEXERS.find(([pattern]) => matchesPattern(path, pattern))?.[1];
  if (!indexer) return node;
  const items: ComposeNode[] = [];
  const seen = new Map<string, number>();
  node.items.forEach((item, index) => {
    const key = indexer(item, [...path, itemSegment(index)]);
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, items.length);
      items.push(item);
    } else {
      items[at] = item;
    }
  });
  return items.length === node.items.length && items.every((item, i) => item === node.items[i])
    ? node
    : sequenceNode(items, node.position, node.baseDir);
}
