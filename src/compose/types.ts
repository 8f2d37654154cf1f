import type { SourcePosition } from '../util/errors.js';

/**
 * A compose project as `docker compose config` would see it — after interpolation, merge keys, `!reset` /
 * `!override`, override files, `extends` and `include` — but with every value still carrying the file, line and
 * column it came from (the last file that set it), so findings can point at the line a person has to change.
 * The loader builds this generic tree; src/compose/mounts/mounts.ts and the checks give it meaning.
 *
 * Positions: a value reached through a YAML alias or merge key (`<<: *defaults`) carries the anchor's position,
 * where it is written; a map or list merged from several files carries the later file's position while its
 * entries keep their own. Shapes are compose's before canonicalization: short and long syntax as written (a short
 * volume stays a string, to be split with short-volume.ts); where two files define a key that compose merges as
 * `KEY=value` strings (environment, labels, tmpfs, dns, sysctls …) the result is that list of strings.
 */

/** Where a value came from: its file (repository-relative for reports), line and column (1-based). */
export type ValuePosition = Required<SourcePosition>;

export type ComposeNode = ComposeScalar | ComposeMap | ComposeSequence;

/**
 * What every node carries besides its value. `baseDir` is the absolute directory that relative host paths in the
 * value resolve against: the project directory for values from the `-f` files (compose resolves override files
 * against the project directory too), the extended file's directory for values inherited through
 * `extends: {file: …}`, and the included project's directory for values from `include`. One service can mix them
 * (its own volumes and inherited ones), so it is per node. The loader always sets it; hand-built trees may omit it,
 * and then the service's `workingDir` applies.
 */
interface NodeOrigin {
  position: ValuePosition;
  baseDir?: string;
}

export interface ComposeScalar extends NodeOrigin {
  kind: 'scalar';
  /**
   * After interpolation; YAML types kept (`read_only: true` is a boolean, `"true"` a string), except where
   * compose casts interpolated strings (`read_only`, `privileged`, `volumes[].read_only`, … become booleans,
   * so `read_only: "yes"` is `true` as in compose).
   */
  value: string | number | boolean | null;
}

export interface ComposeMap extends NodeOrigin {
  kind: 'map';
  /** In source order. Keys are plain strings; each entry keeps the key's own position. */
  entries: Map<string, { keyPosition: ValuePosition; value: ComposeNode }>;
}

export interface ComposeSequence extends NodeOrigin {
  kind: 'sequence';
  items: ComposeNode[];
}

export interface ComposeService {
  name: string;
  /** The service's merged body. */
  body: ComposeMap;
  /** Where the service is declared (its key in the file that declared it first). */
  position: ValuePosition;
  profiles: string[];
  /** Directory that relative paths of this service resolve against (differs for `extends`/`include` from other files). */
  workingDir: string;
}

export interface ComposeProject {
  name: string;
  /** Absolute project directory (the first file's directory, or --project-directory). */
  projectDir: string;
  /** Files loaded, in order, as display paths (includes override, extends and include targets). */
  files: string[];
  /** Services enabled by the selected profiles, in declaration order. */
  services: ComposeService[];
  /** Top-level `volumes:` after merging (driver, driver_opts, external, name). */
  volumes: ComposeMap | undefined;
  /** HOME from the given environment: what compose expands a leading `~` in host paths to (see paths.ts). */
  homeDir?: string;
  /** Services left out by the selected profiles, in declaration order. */
  disabledServices?: string[];
  /** Where the files asked for a variable imagegate withheld from interpolation (a credential), read as unset. */
  withheldVariables?: Array<{ variable: string; position: ValuePosition }>;
  /** Non-fatal problems (unknown keys, unused env files …), each with a position. */
  warnings: Array<{ message: string; position?: ValuePosition }>;
}
