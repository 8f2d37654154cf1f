import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeNode, isMapNode, isNullNode, mapGet, stringValue } from '../compose/loader/node.js';
import { ConfigurationError } from '../util/errors.js';
import { WorkspacePaths } from '../util/workspace-paths.js';
import {
  checkYamlSize,
  parsePositionedYaml,
  readYamlText,
  type Warn,
  type YamlDialect,
  type YamlSource,
} from '../yaml/positioned-yaml.js';
import type { ManifestObject, TemplateSource, ValuePosition, YamlMap, YamlNode } from './types.js';

/**
 * Manifest files → objects: `--k8s` paths and `kubernetes.files` (files, directories searched recursively for
 * *.yaml/*.yml, `-` for standard input), every YAML document of each, and the items of `List` objects. The YAML
 * is read by the reader compose uses (size cap, alias budget, nesting cap, positions); only the dialect differs.
 */

export const KUBERNETES_DIALECT: YamlDialect = {
  what: 'Kubernetes manifest',
  reader: 'Kubernetes',
  resetTags: false,
};

/** A directory holding more manifests than this is not a deployment (a vendored tree, a home directory). */
export const MAX_MANIFEST_FILES = 1000;
/** All manifests of a run together; each file is also capped (MAX_YAML_FILE_BYTES). */
export const MAX_MANIFEST_TOTAL_BYTES = 64 * 1024 * 1024;
const MAX_WALK_ENTRIES = 200_000;
/** Not a deployment's manifests: dependencies, VCS data, imagegate's own output. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor', 'imagegate-out']);
const MANIFEST_EXTENSIONS = ['.yaml', '.yml'];
export const STDIN_DISPLAY = '<stdin>';

export interface ManifestReadContext {
  cwd: string;
  displayPath: (absolute: string) => string;
  /** Where manifests may be read from; default: unrestricted (library calls, tests). */
  paths?: WorkspacePaths;
  /** The text of standard input, for `-` (the CLI passes process.stdin, capped). */
  readStdin?: () => Promise<string>;
  warn?: Warn;
  /** The line that named the paths (a policy's `kubernetes.files`), where a missing or refused one is reported. */
  referencedAt?: ValuePosition;
}

export interface ManifestFiles {
  files: string[];
  objects: ManifestObject[];
}

/** Reads every manifest the inputs name, in the order given (a directory's files sorted). */
export async function readManifests(inputs: readonly string[], context: ManifestReadContext): Promise<ManifestFiles> {
  const paths = context.paths ?? WorkspacePaths.unrestricted();
  const warn = context.warn ?? (() => undefined);
  const files: string[] = [];
  const objects: ManifestObject[] = [];
  let total = 0;
  const account = (bytes: number, display: string) => {
    total += bytes;
    if (total > MAX_MANIFEST_TOTAL_BYTES) {
      throw new ConfigurationError(
        `the Kubernetes manifests add up to more than ${MAX_MANIFEST_TOTAL_BYTES} bytes at ${display}; name fewer files`,
        context.referencedAt,
      );
    }
  };
  for (const input of inputs) {
    if (input === '-') {
      if (!context.readStdin) throw new ConfigurationError('--k8s -: standard input is not available here');
      const text = await context.readStdin();
      checkYamlSize(Buffer.byteLength(text), STDIN_DISPLAY, KUBERNETES_DIALECT.what);
      account(Buffer.byteLength(text), STDIN_DISPLAY);
      files.push(STDIN_DISPLAY);
      objects.push(
        ...manifestObjects(text, { absolute: STDIN_DISPLAY, display: STDIN_DISPLAY, baseDir: context.cwd }, warn),
      );
      continue;
    }
    for (const file of await expandInput(input, context, paths, files.length)) {
      const source: YamlSource = { absolute: file, display: context.displayPath(file), baseDir: path.dirname(file) };
      const text = await readYamlText(source, context.referencedAt, paths, KUBERNETES_DIALECT.what);
      account(Buffer.byteLength(text), source.display);
      files.push(source.display);
      objects.push(...manifestObjects(text, source, warn));
      if (files.length > MAX_MANIFEST_FILES) {
        throw new ConfigurationError(
          `more than ${MAX_MANIFEST_FILES} Kubernetes manifest files; name the directories of the deployment`,
          context.referencedAt,
        );
      }
    }
  }
  return { files, objects };
}

/** A file as itself; a directory as its *.yaml/*.yml files, recursively, sorted. */
async function expandInput(
  input: string,
  context: ManifestReadContext,
  paths: WorkspacePaths,
  already: number,
): Promise<string[]> {
  const absolute = path.resolve(context.cwd, input);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'it does not exist' : (code ?? (error as Error).message);
    throw new ConfigurationError(`Kubernetes manifest path ${input}: ${reason}`, context.referencedAt);
  }
  if (!isDirectory) return [absolute];
  const checked = await paths.check(absolute);
  if (!checked.ok && checked.problem === 'refused') {
    throw new ConfigurationError(
      `Kubernetes manifest directory ${input} is refused: ${checked.reason}`,
      context.referencedAt,
    );
  }
  const found: string[] = [];
  let visited = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      visited += 1;
      if (visited > MAX_WALK_ENTRIES) {
        throw new ConfigurationError(
          `Kubernetes manifest directory ${input} holds more than ${MAX_WALK_ENTRIES} entries; name a smaller one`,
          context.referencedAt,
        );
      }
      const child = path.join(dir, entry.name);
      // Symbolic links are not followed: a link in a repository may point anywhere on the runner.
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(child);
      else if (entry.isFile() && MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
        found.push(child);
        if (already + found.length > MAX_MANIFEST_FILES) {
          throw new ConfigurationError(
            `more than ${MAX_MANIFEST_FILES} Kubernetes manifest files under ${input}; name the directories of the deployment`,
            context.referencedAt,
          );
        }
      }
    }
  };
  await walk(absolute);
  return found;
}

/** The objects of one manifest text: each non-empty document, `List` items in place of the list. */
export function manifestObjects(text: string, source: YamlSource, warn: Warn): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const document of parsePositionedYaml(text, source, warn, KUBERNETES_DIALECT)) {
    const root = document.root;
    if (root === undefined || isNullNode(root)) continue;
    const template = helmSource(document.leadingComments);
    const object = manifestObject(root, template, 'a document of a Kubernetes manifest');
    if (isList(object)) {
      const items = mapGet(object.body, 'items');
      if (isNullNode(items)) continue;
      if (items?.kind !== 'sequence') {
        throw new ConfigurationError(
          `\`items\` of a ${object.kind} must be a list of objects, found ${describeNode(items)}`,
          items?.position ?? object.position,
        );
      }
      for (const item of items.items) objects.push(manifestObject(item, template, `an item of a ${object.kind}`));
    } else {
      objects.push(object);
    }
  }
  return objects;
}

/** `List`, and the typed lists `kubectl get -o yaml` prints (`PodList`, `DeploymentList`) when they hold items. */
function isList(object: ManifestObject): boolean {
  return object.kind === 'List' || (object.kind.endsWith('List') && mapGet(object.body, 'items') !== undefined);
}

function manifestObject(node: YamlNode, template: TemplateSource | undefined, what: string): ManifestObject {
  if (!isMapNode(node)) {
    throw new ConfigurationError(
      `${what} must be an object (apiVersion, kind, metadata, …), found ${describeNode(node)}`,
      node.position,
    );
  }
  const kindNode = mapGet(node, 'kind');
  const kind = stringValue(kindNode);
  if (kind === undefined || kind === '') {
    throw new ConfigurationError(
      `${what} has no \`kind\` (Deployment, Pod, …)${kindNode ? `: found ${describeNode(kindNode)}` : ''}`,
      kindNode?.position ?? node.position,
    );
  }
  const metadata = mapGet(node, 'metadata');
  return {
    apiVersion: stringValue(mapGet(node, 'apiVersion')),
    kind,
    name: stringValue(mapGet(metadata, 'name')) ?? stringValue(mapGet(metadata, 'generateName')),
    namespace: stringValue(mapGet(metadata, 'namespace')),
    position: node.position,
    body: node as YamlMap,
    ...(template ? { template } : {}),
  };
}

/** Helm writes `# Source: <chart>/templates/<file>` before each rendered object; the last such line wins. */
function helmSource(comments: ReadonlyArray<{ text: string; position: ValuePosition }>): TemplateSource | undefined {
  let found: TemplateSource | undefined;
  for (const comment of comments) {
    if (!comment.text.startsWith('Source:')) continue;
    const template = comment.text.slice('Source:'.length).trim();
    if (template !== '') found = { template, position: comment.position };
  }
  return found;
}
