import type { SourcePosition } from '../util/errors.js';

/**
 * A compose project as `docker compose config` would see it — after interpolation, merge keys, `!reset` /
 * `!override`, override files, `extends` and `include` — but with every value still carrying the file, line and
 * column it came from (the last file that set it), so findings can point at the line a person has to change.
 * The loader builds this generic tree; src/compose/mounts.ts and the checks give it meaning.
 */

/** Where a value came from: its file (repository-relative for reports), line and column (1-based). */
export type ValuePosition = Required<SourcePosition>;

export type ComposeNode = ComposeScalar | ComposeMap | ComposeSequence;

export interface ComposeScalar {
  kind: 'scalar';
  /** After interpolation; YAML types kept (`read_only: true` is a boolean, `"true"` a string). */
  value: string | number | boolean | null;
  position: ValuePosition;
}

export interface ComposeMap {
  kind: 'map';
  /** In source order. Keys are plain strings; each entry keeps the key's own position. */
  entries: Map<string, { keyPosition: ValuePosition; value: ComposeNode }>;
  position: ValuePosition;
}

export interface ComposeSequence {
  kind: 'sequence';
  items: ComposeNode[];
  position: ValuePosition;
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
  /** Non-fatal problems (unknown keys, unused env files …), each with a position. */
  warnings: Array<{ message: string; position?: ValuePosition }>;
}
