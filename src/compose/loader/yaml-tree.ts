import { ConfigurationError } from '../../util/errors.js';
import { WorkspacePaths } from '../../util/workspace-paths.js';
import {
  COMPOSE_DIALECT,
  MAX_YAML_FILE_BYTES,
  parsePositionedYaml,
  readYamlText,
  type YamlSource,
  type Warn as YamlWarn,
} from '../../yaml/positioned-yaml.js';
import type { ComposeMap, ValuePosition } from '../types.js';

/**
 * Compose's view of the shared positioned YAML reader (src/yaml/positioned-yaml.ts): the caps, the `!reset` and
 * `!override` tags, and a top level that must be a map.
 */

/** A compose file as the loader reads it: where it is, how reports name it, what its relative paths resolve to. */
export type ComposeSource = YamlSource;

/** One YAML document of a compose file: its map (undefined when empty) and the paths its `!reset`/`!override` name. */
export interface ParsedDocument {
  root: ComposeMap | undefined;
  /** Map-key paths tagged `!reset` (removed from this document) or `!override`: earlier values there are dropped. */
  resetPaths: string[][];
}

export type Warn = YamlWarn;

/** Compose files are a few kilobytes; a cap keeps a wrong path (a log, a disk image) from being read whole. */
export const MAX_COMPOSE_FILE_BYTES = MAX_YAML_FILE_BYTES;
export { MAX_DEPTH, MAX_EXPANDED_VALUES } from '../../yaml/positioned-yaml.js';

/**
 * A compose file's text. `position` is the line that named the file (an `include` or `extends.file`), where a
 * refusal is reported; `paths` keeps every compose file inside the workspace (src/util/workspace-paths.ts).
 */
export async function readComposeText(
  source: ComposeSource,
  position?: ValuePosition,
  paths: WorkspacePaths = WorkspacePaths.unrestricted(),
): Promise<string> {
  return readYamlText(source, position, paths, 'compose file');
}

/** Parses every YAML document of a compose file into positioned trees (merge keys applied, aliases expanded). */
export function parseComposeText(text: string, source: ComposeSource, warn: Warn): ParsedDocument[] {
  return parsePositionedYaml(text, source, warn, COMPOSE_DIALECT).map((document) => {
    const { root } = document;
    if (!document.rootRemoved && root === undefined) return { root: undefined, resetPaths: [] };
    if (document.rootRemoved || root?.kind !== 'map') {
      // Nothing of the file is quoted: a file that is not a compose map may be anything (a key file, an environ).
      const found = document.rootRemoved ? 'a !reset tag' : root?.kind === 'sequence' ? 'a list' : 'a single value';
      throw new ConfigurationError(
        `the top level of a compose file must be a map (services, volumes, networks, …), found ${found}`,
        document.position,
      );
    }
    return { root, resetPaths: document.resetPaths };
  });
}
