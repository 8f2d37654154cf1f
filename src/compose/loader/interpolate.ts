import { ConfigurationError } from '../../util/errors.js';
import { mapNode, scalarNode, sequenceNode } from './node.js';
import { describeTemplateError, substitute } from './template.js';
import { compilePattern, formatPath, itemSegment, matchesPattern, type TreePath } from './tree-path.js';
import type { ComposeNode, ComposeScalar, ValuePosition } from '../types.js';
import type { Warn } from './yaml-tree.js';
import { excerpt } from '../../util/excerpt.js';

/**
 * Interpolation of a parsed compose file, as compose-go does it per file before merging: every string value
 * (never a key) is substituted, then the values at the paths compose casts are turned into booleans and numbers
 * (so `read_only: "yes"` is `true`, as compose makes it). Each value keeps the position of the scalar it came from.
 */

type Cast = (text: string) => { value: ComposeScalar['value'] } | { error: string };

const toBoolean: Cast = (text) => {
  switch (text.toLowerCase()) {
    case 'true':
    case 'y':
    case 'yes':
    case 'on':
      return { value: true };
    case 'false':
    case 'n':
    case 'no':
    case 'off':
      return { value: false };
    default:
      return { error: `invalid boolean: ${excerpt(text)}` };
  }
};

const toInt: Cast = (text) =>
  /^[+-]?\d+$/.test(text) ? { value: Number(text) } : { error: `invalid integer: ${excerpt(text)}` };

const toFloat: Cast = (text) =>
  /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || /^[+-]?(inf|infinity|nan)$/i.test(text)
    ? { value: Number(text.replace(/inf(inity)?/i, 'Infinity')) }
    : { error: `invalid number: ${excerpt(text)}` };

/** compose-go's interpolateTypeCastMapping (loader/interpolate.go). */
const CASTS: ReadonlyArray<readonly [readonly string[], Cast]> = (
  [
    ['services.*.configs.[].mode', toInt],
    ['services.*.cpu_count', toInt],
    ['services.*.cpu_percent', toFloat],
    ['services.*.cpu_period', toInt],
    ['services.*.cpu_quota', toInt],
    ['services.*.cpu_rt_period', toInt],
    ['services.*.cpu_rt_runtime', toInt],
    ['services.*.cpus', toFloat],
    ['services.*.cpu_shares', toInt],
    ['services.*.init', toBoolean],
    ['services.*.deploy.replicas', toInt],
    ['services.*.deploy.update_config.parallelism', toInt],
    ['services.*.deploy.update_config.max_failure_ratio', toFloat],
    ['services.*.deploy.rollback_config.parallelism', toInt],
    ['services.*.deploy.rollback_config.max_failure_ratio', toFloat],
    ['services.*.deploy.restart_policy.max_attempts', toInt],
    ['services.*.deploy.placement.max_replicas_per_node', toInt],
    ['services.*.healthcheck.retries', toInt],
    ['services.*.healthcheck.disable', toBoolean],
    ['services.*.oom_kill_disable', toBoolean],
    ['services.*.oom_score_adj', toInt],
    ['services.*.pids_limit', toInt],
    ['services.*.ports.[].target', toInt],
    ['services.*.privileged', toBoolean],
    ['services.*.read_only', toBoolean],
    ['services.*.scale', toInt],
    ['services.*.secrets.[].mode', toInt],
    ['services.*.stdin_open', toBoolean],
    ['services.*.tty', toBoolean],
    ['services.*.ulimits.*', toInt],
    ['services.*.ulimits.*.hard', toInt],
    ['services.*.ulimits.*.soft', toInt],
    ['services.*.volumes.[].read_only', toBoolean],
    ['services.*.volumes.[].volume.nocopy', toBoolean],
    ['networks.*.external', toBoolean],
    ['networks.*.internal', toBoolean],
    ['networks.*.attachable', toBoolean],
    ['networks.*.enable_ipv6', toBoolean],
    ['volumes.*.external', toBoolean],
    ['secrets.*.external', toBoolean],
    ['configs.*.external', toBoolean],
  ] as const
).map(([pattern, cast]) => [compilePattern(pattern), cast] as const);

/**
 * Substitutes variables everywhere in `node` (a file's top-level map) with values from `lookup`, which is told the
 * position of the value that asks (to report a withheld credential there).
 */
export function interpolateTree(node: ComposeNode, lookup: Lookup, warn: Warn, path: TreePath = []): ComposeNode {
  switch (node.kind) {
    case 'map': {
      const entries = new Map<string, { keyPosition: ValuePosition; value: ComposeNode }>();
      for (const [key, entry] of node.entries) {
        entries.set(key, { ...entry, value: interpolateTree(entry.value, lookup, warn, [...path, key]) });
      }
      return mapNode(entries, node.position, node.baseDir);
    }
    case 'sequence':
      return sequenceNode(
        node.items.map((item, index) => interpolateTree(item, lookup, warn, [...path, itemSegment(index)])),
        node.position,
        node.baseDir,
      );
    case 'scalar':
      return typeof node.value === 'string' ? interpolateScalar(node, node.value, lookup, warn, path) : node;
  }
}

type Lookup = (name: string, position: ValuePosition) => string | undefined;

function interpolateScalar(
  node: ComposeScalar,
  text: string,
  lookup: Lookup,
  warn: Warn,
  path: TreePath,
): ComposeScalar {
  const result = substitute(text, (name) => lookup(name, node.position));
  if (result.error) {
    throw new ConfigurationError(`${describeTemplateError(result.error)} (in ${formatPath(path)})`, node.position);
  }
  for (const variable of new Set(result.unset)) {
    warn(`the ${JSON.stringify(variable)} variable is not set; compose substitutes an empty string`, node.position);
  }
  const cast = CASTS.find(([pattern]) => matchesPattern(path, pattern))?.[1];
  if (!cast) return result.value === text ? node : scalarNode(result.value, node.position, node.baseDir);
  const casted = cast(result.value);
  if ('error' in casted) {
    throw new ConfigurationError(
      `${formatPath(path)} must be ${cast === toBoolean ? 'true or false' : 'a number'}: ${casted.error}`,
      node.position,
    );
  }
  if (cast === toBoolean && !/^(true|false)$/i.test(result.value)) {
    warn(
      `${excerpt(result.value)} for ${formatPath(path)} is read as ${String(casted.value)}; ` +
        `YAML 1.2 spells it ${String(casted.value)}`,
      node.position,
    );
  }
  return scalarNode(casted.value, node.position, node.baseDir);
}
