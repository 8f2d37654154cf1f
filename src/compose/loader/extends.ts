import path from 'node:path';
import { ConfigurationError } from '../../util/errors.js';
import type { FileStages, LoadContext, LoadedFile } from './load-file.js';
import { mergeNodes } from './merge.js';
import { describeNode, isMapNode, mapGet, stringValue, withEntry, withoutEntry } from './node.js';
import { applyResetPaths } from './reset.js';
import type { ComposeMap, ComposeNode, ValuePosition } from '../types.js';
import type { ComposeSource } from './yaml-tree.js';

/**
 * `extends` as compose-go's ApplyExtends: a service starts from a copy of the service it names (in the same file,
 * or in `file:`, which resolves against the current working directory and whose own relative paths resolve
 * against its directory), the extending file's `!reset`/`!override` paths are applied to that copy, and the
 * service is merged over it with the override rules. Chains are followed; a cycle is an error.
 */

export type LoadFile = (
  model: ComposeMap | undefined,
  source: ComposeSource,
  context: LoadContext,
  stages: FileStages,
  position?: ValuePosition,
) => Promise<LoadedFile>;

interface Scope {
  source: ComposeSource;
  workingDir: string;
  resetPaths: readonly string[][];
}

type Entry = { keyPosition: ValuePosition; value: ComposeNode };

/**
 * The longest `extends` chain followed (service → base → its base …). Real files use one or two links; the
 * repository controls the length, and every link is a recursion of the resolver.
 */
export const MAX_EXTENDS_DEPTH = 32;

export async function applyExtends(
  file: ComposeMap,
  source: ComposeSource,
  context: LoadContext,
  resetPaths: readonly string[][],
  load: LoadFile,
): Promise<ComposeMap> {
  const entry = file.entries.get('services');
  if (!entry || !isMapNode(entry.value)) return file;
  const services = new Map(entry.value.entries);
  const resolver = new ExtendsResolver(context, load);
  const scope: Scope = { source, workingDir: context.workingDir, resetPaths };
  for (const name of [...services.keys()]) await resolver.resolve(name, services, scope, []);
  return withEntry(file, 'services', { ...entry, value: { ...entry.value, entries: services } });
}

class ExtendsResolver {
  constructor(
    private readonly context: LoadContext,
    private readonly load: LoadFile,
  ) {}

  /** The service with its `extends` applied (written back into `services`); undefined for an empty body. */
  async resolve(
    name: string,
    services: Map<string, Entry>,
    scope: Scope,
    chain: readonly string[],
  ): Promise<ComposeMap | undefined> {
    const entry = services.get(name);
    if (!entry || !isMapNode(entry.value)) return undefined;
    const service = entry.value;
    const extendsEntry = service.entries.get('extends');
    if (!extendsEntry) return service;
    const { ref, file } = parseExtends(extendsEntry.value, name);
    const position = extendsEntry.value.position;

    let baseServices = services;
    let baseScope = scope;
    if (file !== undefined) {
      ({ services: baseServices, scope: baseScope } = await this.base(file, name, ref, scope, position));
    } else if (!services.has(ref)) {
      throw new ConfigurationError(
        `service \`${name}\` extends \`${ref}\`, but ${scope.source.display} has no service \`${ref}\``,
        position,
      );
    }
    const here = [...chain, key(scope.source, name)];
    if (here.length > MAX_EXTENDS_DEPTH) {
      throw new ConfigurationError(
        `\`extends\` of service \`${name}\` goes more than ${MAX_EXTENDS_DEPTH} services deep; shorten the chain`,
        position,
      );
    }
    if (here.includes(key(baseScope.source, ref))) {
      const names = [...here, key(baseScope.source, ref)].map((item) => item.split('\u0000').reverse().join(' in '));
      throw new ConfigurationError(`circular extends: ${names.join(' → ')}`, position);
    }
    const base = await this.resolve(ref, baseServices, baseScope, here);
    let merged: ComposeMap;
    if (base) {
      // The extending file's !reset / !override of this service apply to what it inherits.
      const own = scope.resetPaths.filter((p) => p[0] === 'services' && p[1] === name && p.length > 2);
      const inherited = applyResetPaths(
        base,
        own.map((p) => p.slice(2)),
      );
      merged = mergeNodes(inherited, service, ['services', name]) as ComposeMap;
    } else {
      merged = service;
    }
    merged = withoutEntry(merged, 'extends');
    services.set(name, { ...entry, value: merged });
    return merged;
  }

  private async base(
    file: string,
    name: string,
    ref: string,
    scope: Scope,
    position: ValuePosition,
  ): Promise<{ services: Map<string, Entry>; scope: Scope }> {
    if (isRemote(file)) {
      throw new ConfigurationError(
        `service \`${name}\` extends a remote file (${file}); imagegate reads local files only`,
        position,
      );
    }
    const absolute = path.resolve(scope.workingDir, file);
    const dir = path.dirname(absolute);
    const source: ComposeSource = { absolute, display: this.context.displayPath(absolute), baseDir: dir };
    let loaded = this.context.extendsBases.get(absolute);
    if (!loaded) {
      loaded = await this.load(
        undefined,
        source,
        { ...this.context, workingDir: dir },
        { include: false, extends: false },
        position,
      );
      this.context.extendsBases.set(absolute, loaded);
    }
    const services = mapGet(loaded.model, 'services');
    if (!isMapNode(services) || !services.entries.has(ref)) {
      throw new ConfigurationError(
        `service \`${name}\` extends \`${ref}\` from ${source.display}, which has no service \`${ref}\``,
        position,
      );
    }
    return { services: new Map(services.entries), scope: { source, workingDir: dir, resetPaths: loaded.resetPaths } };
  }
}

function key(source: ComposeSource, service: string): string {
  return `${source.display}\u0000${service}`;
}

function parseExtends(value: ComposeNode, name: string): { ref: string; file?: string } {
  const text = stringValue(value);
  if (text !== undefined) return { ref: text };
  if (isMapNode(value)) {
    const ref = stringValue(mapGet(value, 'service'));
    if (ref === undefined) {
      throw new ConfigurationError(
        `\`extends\` of service \`${name}\` needs \`service:\`, the service to start from`,
        value.position,
      );
    }
    const fileNode = mapGet(value, 'file');
    const file = stringValue(fileNode);
    if (fileNode !== undefined && file === undefined && !(fileNode.kind === 'scalar' && fileNode.value === null)) {
      throw new ConfigurationError(
        `\`extends.file\` must be a path, found ${describeNode(fileNode)}`,
        fileNode.position,
      );
    }
    return file === undefined ? { ref } : { ref, file };
  }
  throw new ConfigurationError(
    `\`extends\` must name a service or be a map with \`service\` and \`file\`, found ${describeNode(value)}`,
    value.position,
  );
}

/** compose's remote resource loaders (git, OCI) are opt-in and need the network; imagegate checks local files. */
export function isRemote(reference: string): boolean {
  return (
    /^(https?|git|ssh|oci):\/\//.test(reference) || reference.startsWith('git@') || reference.startsWith('github.com/')
  );
}
