import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../util/errors.js';
import { readEnvFiles } from './dotenv.js';
import { isRemote } from './extends.js';
import type { LoadContext } from './load-file.js';
import {
  describeNode,
  isMapNode,
  isNullNode,
  mapGet,
  mapNode,
  sameValue,
  stringValue,
  withEntry,
  withoutEntry,
} from './node.js';
import type { ComposeMap, ComposeNode, ValuePosition } from '../types.js';
import type { ComposeSource } from './yaml-tree.js';

/**
 * `include` as compose-go's ApplyInclude: each entry is a sub-project (its first path is the main file, the
 * others its overrides) loaded with its own project directory (`project_directory`, by default the first file's
 * directory) and environment (the including project's variables, then the sub-project's `.env` or `env_file`,
 * which cannot override them). Its services, volumes, networks, secrets and configs are imported; a name already
 * defined differently is an error. Relative paths in the sub-project resolve against its project directory.
 */

export type LoadFiles = (
  sources: readonly ComposeSource[],
  context: LoadContext,
  position?: ValuePosition,
) => Promise<ComposeMap | undefined>;

const RESOURCES = ['services', 'volumes', 'networks', 'secrets', 'configs'] as const;

/**
 * Includes nested deeper than this are refused at the entry that goes one level too deep. Real projects nest two
 * or three; the repository controls the depth, and every level is a recursion of the loader.
 */
export const MAX_INCLUDE_DEPTH = 16;

interface IncludeEntry {
  paths: string[];
  projectDirectory?: string;
  envFiles?: string[];
  position: ValuePosition;
}

export async function applyInclude(
  file: ComposeMap,
  source: ComposeSource,
  context: LoadContext,
  loadFiles: LoadFiles,
): Promise<ComposeMap> {
  const include = file.entries.get('include');
  if (!include) return file;
  let result = withoutEntry(file, 'include');
  if (isNullNode(include.value)) return result;
  if (include.value.kind !== 'sequence') {
    throw new ConfigurationError(
      `\`include\` must be a list, found ${describeNode(include.value)}`,
      include.value.position,
    );
  }
  for (const item of include.value.items) {
    const entry = parseEntry(item);
    const imported = await loadInclude(entry, source, context, loadFiles);
    result = importResources(result, imported.model, entry, context, imported.serviceDirs);
  }
  return result;
}

async function loadInclude(
  entry: IncludeEntry,
  source: ComposeSource,
  context: LoadContext,
  loadFiles: LoadFiles,
): Promise<{ model: ComposeMap | undefined; serviceDirs: Map<string, string> }> {
  for (const item of entry.paths) {
    if (isRemote(item)) {
      throw new ConfigurationError(
        `include of a remote file (${item}); imagegate reads local files only`,
        entry.position,
      );
    }
  }
  const files = entry.paths.map((item) => path.resolve(context.workingDir, item));
  const main = files[0] as string;
  const stack = context.includeStack.includes(source.absolute)
    ? context.includeStack
    : [...context.includeStack, source.absolute];
  if (stack.includes(main)) {
    const cycle = [...stack, main].map((item) => context.displayPath(item));
    throw new ConfigurationError(`include cycle: ${cycle.join(' includes ')}`, entry.position);
  }
  if (stack.length >= MAX_INCLUDE_DEPTH) {
    throw new ConfigurationError(
      `\`include\` nests more than ${MAX_INCLUDE_DEPTH} files deep (from ${context.displayPath(stack[0] as string)}); ` +
        'flatten the includes',
      entry.position,
    );
  }
  const projectDir =
    entry.projectDirectory === undefined
      ? path.dirname(main)
      : path.resolve(context.workingDir, entry.projectDirectory);

  let envFiles: string[];
  if (entry.envFiles === undefined) {
    const dotenv = path.join(projectDir, '.env');
    envFiles = (await isFile(dotenv)) ? [dotenv] : [];
  } else {
    envFiles = entry.envFiles.map((item) => path.resolve(context.workingDir, item));
  }
  const fromFiles = await readEnvFiles(
    envFiles.map((absolute) => ({ absolute, display: context.displayPath(absolute) })),
    context.environment,
    (variable, display, line) => {
      context.warn(`the ${JSON.stringify(variable)} variable is not set; compose substitutes an empty string`, {
        path: display,
        line,
        column: 1,
      });
      context.onUnsetLookup?.(variable, { path: display, line, column: 1 });
    },
    entry.position,
    context.paths,
  );
  const environment: Record<string, string> = { ...context.environment };
  for (const [key, value] of fromFiles) if (!Object.hasOwn(environment, key)) environment[key] = value;

  const subContext: LoadContext = {
    ...context,
    workingDir: projectDir,
    environment,
    includeStack: stack,
    serviceDirs: new Map(),
    // extends bases are interpolated with the sub-project's environment, so they are not shared with the parent.
    extendsBases: new Map(),
  };
  const sources = files.map((absolute) => ({ absolute, display: context.displayPath(absolute), baseDir: projectDir }));
  const model = await loadFiles(sources, subContext, entry.position);
  const services = mapGet(model, 'services');
  if (isMapNode(services)) {
    for (const name of services.entries.keys()) {
      if (!subContext.serviceDirs.has(name)) subContext.serviceDirs.set(name, projectDir);
    }
  }
  return { model, serviceDirs: subContext.serviceDirs };
}

function importResources(
  file: ComposeMap,
  imported: ComposeMap | undefined,
  entry: IncludeEntry,
  context: LoadContext,
  serviceDirs: Map<string, string>,
): ComposeMap {
  let result = file;
  for (const kind of RESOURCES) {
    const from = mapGet(imported, kind);
    if (!isMapNode(from)) continue;
    const existing = result.entries.get(kind);
    const target =
      existing && isMapNode(existing.value) ? existing.value : mapNode(new Map(), entry.position, undefined);
    const entries = new Map(target.entries);
    for (const [name, resource] of from.entries) {
      const local = entries.get(name);
      if (local) {
        if (sameValue(local.value, resource.value)) continue;
        throw new ConfigurationError(
          `${kind}.${name} is defined here and also by the included project (${resource.keyPosition.path}); ` +
            'compose refuses the conflict',
          local.keyPosition,
        );
      }
      entries.set(name, resource);
      if (kind === 'services') context.serviceDirs.set(name, serviceDirs.get(name) as string);
    }
    result = withEntry(result, kind, {
      keyPosition: existing?.keyPosition ?? entry.position,
      value: { ...target, entries },
    });
  }
  return result;
}

function parseEntry(item: ComposeNode): IncludeEntry {
  const text = stringValue(item);
  if (text !== undefined) return { paths: [text], position: item.position };
  if (!isMapNode(item)) {
    throw new ConfigurationError(
      `an \`include\` entry is a path or a map with \`path\`, found ${describeNode(item)}`,
      item.position,
    );
  }
  const paths = stringList(mapGet(item, 'path'), 'path');
  if (!paths || paths.length === 0) {
    throw new ConfigurationError(
      'an `include` entry needs `path`, the compose file(s) of the sub-project',
      item.position,
    );
  }
  const entry: IncludeEntry = { paths, position: item.position };
  const projectDirectory = mapGet(item, 'project_directory');
  if (projectDirectory !== undefined && !isNullNode(projectDirectory)) {
    const value = stringValue(projectDirectory);
    if (value === undefined) {
      throw new ConfigurationError(
        `\`project_directory\` must be a path, found ${describeNode(projectDirectory)}`,
        projectDirectory.position,
      );
    }
    entry.projectDirectory = value;
  }
  const envFiles = stringList(mapGet(item, 'env_file'), 'env_file');
  if (envFiles) entry.envFiles = envFiles;
  return entry;
}

function stringList(node: ComposeNode | undefined, key: string): string[] | undefined {
  if (node === undefined || isNullNode(node)) return undefined;
  const text = stringValue(node);
  if (text !== undefined) return [text];
  if (node.kind === 'sequence') {
    return node.items.map((item) => {
      const value = stringValue(item);
      if (value === undefined)
        throw new ConfigurationError(`\`${key}\` lists paths, found ${describeNode(item)}`, item.position);
      return value;
    });
  }
  throw new ConfigurationError(
    `\`${key}\` must be a path or a list of paths, found ${describeNode(node)}`,
    node.position,
  );
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
