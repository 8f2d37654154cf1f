import { ConfigurationError } from '../../util/errors.js';
import { applyExtends } from './extends.js';
import { applyInclude } from './include.js';
import { interpolateTree } from './interpolate.js';
import { mergeNodes } from './merge.js';
import { describeNode, isMapNode, isNullNode, mapGet } from './node.js';
import { applyResetPaths } from './reset.js';
import type { ComposeMap, ValuePosition } from '../types.js';
import { enforceUnicity } from './unicity.js';
import type { WorkspacePaths } from '../../util/workspace-paths.js';
import { parseComposeText, readComposeText, type ComposeSource, type Warn } from './yaml-tree.js';
import { appendAll } from '../../util/append-all.js';

/** What one (sub-)project load shares: its directory and environment, and the bookkeeping of the whole load. */
export interface LoadContext {
  /** Directory that `extends.file` and `include` paths resolve against (project, included or extended file dir). */
  workingDir: string;
  /** Variables for interpolation: the given environment, then `.env` / `--env-file` (or an include's env files). */
  environment: Readonly<Record<string, string>>;
  displayPath: (absolute: string) => string;
  warn: Warn;
  /** Every file read, as display paths, in the order they were read (shared by the whole load). */
  files: string[];
  /**
   * Called when a file asks for a variable the environment does not have, with the position of the value: the
   * loader's caller reports the credentials it withheld from interpolation (see src/util/secret-env.ts).
   */
  onUnsetLookup?: (name: string, position: ValuePosition) => void;
  /** Absolute paths of the files being included, outermost first, to detect include cycles. */
  includeStack: readonly string[];
  /** Working directories of services imported through `include` (per project). */
  serviceDirs: Map<string, string>;
  /** Where each project service was first declared: its key in the first file that defines it. */
  declarations: Map<string, ValuePosition>;
  /** Files read as `extends` bases, by absolute path (shared by the whole load; copied on use). */
  extendsBases: Map<string, LoadedFile>;
  /** Where files named by compose files may be read from (the workspace and the allowed roots). */
  paths: WorkspacePaths;
}

export interface LoadedFile {
  model: ComposeMap | undefined;
  /** The file's `!reset` / `!override` paths, which also apply to the services its services extend. */
  resetPaths: string[][];
}

export interface FileStages {
  include: boolean;
  extends: boolean;
}

/** Loads `sources` in order and merges them, as compose does for `-f a -f b` (or an include's `path:` list). */
export async function loadFiles(
  sources: readonly ComposeSource[],
  context: LoadContext,
  position?: ValuePosition,
): Promise<ComposeMap | undefined> {
  let model: ComposeMap | undefined;
  for (const source of sources) model = (await loadFile(model, source, context, undefined, position)).model;
  return model;
}

/**
 * One file, compose-go's loadYamlFile: each YAML document is interpolated, its includes imported, its `!reset`
 * paths cleared from what earlier files set, its `extends` resolved, then merged into `model` with the unicity
 * rules applied.
 */
export async function loadFile(
  model: ComposeMap | undefined,
  source: ComposeSource,
  context: LoadContext,
  stages: FileStages = { include: true, extends: true },
  position?: ValuePosition,
): Promise<LoadedFile> {
  if (!context.files.includes(source.display)) context.files.push(source.display);
  const text = await readComposeText(source, position, context.paths);
  const documents = parseComposeText(text, source, context.warn);
  const lookup = (name: string, at: ValuePosition): string | undefined => {
    if (Object.hasOwn(context.environment, name)) return context.environment[name];
    context.onUnsetLookup?.(name, at);
    return undefined;
  };
  let merged = model;
  const resetPaths: string[][] = [];
  for (const document of documents) {
    if (!document.root) continue;
    appendAll(resetPaths, document.resetPaths);
    let file = interpolateTree(document.root, lookup, context.warn) as ComposeMap;
    checkShape(file);
    if (stages.include) file = await applyInclude(file, source, context, loadFiles);
    if (merged) merged = applyResetPaths(merged, document.resetPaths);
    if (stages.extends) {
      file = await applyExtends(file, source, context, document.resetPaths, loadFile);
      recordDeclarations(file, context);
    }
    merged = merged ? (mergeNodes(merged, file, []) as ComposeMap) : file;
    merged = enforceUnicity(merged) as ComposeMap;
  }
  return { model: merged, resetPaths };
}

/**
 * The shapes the loader and the mount rules rely on; compose rejects these files as well, and reading past them
 * would silently lose mounts.
 */
function checkShape(file: ComposeMap): void {
  const volumes = file.entries.get('volumes');
  if (volumes && !isNullNode(volumes.value) && !isMapNode(volumes.value)) {
    throw new ConfigurationError(
      `the top-level \`volumes\` must be a map of volume names, found ${describeNode(volumes.value)}`,
      volumes.value.position,
    );
  }
  const services = file.entries.get('services');
  if (!services || isNullNode(services.value)) return;
  if (!isMapNode(services.value)) {
    throw new ConfigurationError(
      `\`services\` must be a map of service names to their definitions, found ${describeNode(services.value)}`,
      services.value.position,
    );
  }
  for (const [name, { value }] of services.value.entries) {
    if (isNullNode(value)) continue;
    if (!isMapNode(value)) {
      throw new ConfigurationError(
        `service \`${name}\` must be a map of settings (image, volumes, …), found ${describeNode(value)}`,
        value.position,
      );
    }
    for (const key of ['volumes', 'volumes_from']) {
      const list = mapGet(value, key);
      if (list === undefined || isNullNode(list) || list.kind === 'sequence') continue;
      throw new ConfigurationError(
        `\`${key}\` of service \`${name}\` must be a list, found ${describeNode(list)}`,
        list.position,
      );
    }
  }
}

function recordDeclarations(file: ComposeMap, context: LoadContext): void {
  const services = mapGet(file, 'services');
  if (!isMapNode(services)) return;
  for (const [name, { keyPosition }] of services.entries) {
    if (!context.declarations.has(name)) context.declarations.set(name, keyPosition);
  }
}
