import { describeNode, mapGet } from '../compose/loader/node.js';
import { ConfigurationError } from '../util/errors.js';
import type { Located, YamlMap, YamlNode } from './types.js';

/**
 * Typed reads of manifest fields for the Kubernetes model: a value of the wrong type is refused at its position,
 * as the API server would refuse it, instead of being read as something else.
 */

export function optionalMap(parent: YamlNode | undefined, key: string, where: string): YamlMap | undefined {
  const node = mapGet(parent, key);
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
  if (node.kind !== 'map') {
    throw new ConfigurationError(`\`${key}\` of ${where} must be a map, found ${describeNode(node)}`, node.position);
  }
  return node;
}

/** A list of maps (containers, volumes, volumeMounts); null or absent is empty. */
export function mapList(parent: YamlNode | undefined, key: string, where: string): YamlMap[] {
  const node = mapGet(parent, key);
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind !== 'sequence') {
    throw new ConfigurationError(`\`${key}\` of ${where} must be a list, found ${describeNode(node)}`, node.position);
  }
  return node.items.map((item) => {
    if (item.kind !== 'map') {
      throw new ConfigurationError(
        `each entry of \`${key}\` of ${where} must be a map, found ${describeNode(item)}`,
        item.position,
      );
    }
    return item;
  });
}

export function optionalString(parent: YamlNode | undefined, key: string, where: string): Located<string> | undefined {
  const node = mapGet(parent, key);
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
  if (node.kind !== 'scalar' || typeof node.value !== 'string') {
    throw new ConfigurationError(`\`${key}\` of ${where} must be a string, found ${describeNode(node)}`, node.position);
  }
  return { value: node.value, position: node.position };
}

/** A quantity (`1Gi`, `500M`, or a plain number): kept as text. */
export function optionalQuantity(
  parent: YamlNode | undefined,
  key: string,
  where: string,
): Located<string> | undefined {
  const node = mapGet(parent, key);
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
  if (node.kind !== 'scalar' || (typeof node.value !== 'string' && typeof node.value !== 'number')) {
    throw new ConfigurationError(
      `\`${key}\` of ${where} must be a quantity (1Gi, 500M), found ${describeNode(node)}`,
      node.position,
    );
  }
  return { value: String(node.value), position: node.position };
}

export function optionalBoolean(
  parent: YamlNode | undefined,
  key: string,
  where: string,
): Located<boolean> | undefined {
  const node = mapGet(parent, key);
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
  if (node.kind !== 'scalar' || typeof node.value !== 'boolean') {
    throw new ConfigurationError(
      `\`${key}\` of ${where} must be true or false, found ${describeNode(node)}`,
      node.position,
    );
  }
  return { value: node.value, position: node.position };
}

/** A required non-empty string (a container's or volume's name). */
export function requiredString(parent: YamlMap, key: string, where: string): Located<string> {
  const found = optionalString(parent, key, where);
  if (!found || found.value === '') {
    throw new ConfigurationError(`${where} has no \`${key}\``, mapGet(parent, key)?.position ?? parent.position);
  }
  return found;
}
