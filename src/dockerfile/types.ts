/** A parsed Dockerfile: what imagegate needs to point findings at the line a person would change. */

export interface Dockerfile {
  /** Path as given to the parser, used in locations (repository-relative when the caller made it so). */
  path: string;
  escapeChar: '\\' | '`';
  /** Parser directives from the top of the file (`syntax`, `escape`, `check`), keys lower-cased. */
  directives: Record<string, string>;
  /** ARGs declared before the first FROM, with their defaults after build-arg substitution. */
  globalArgs: ArgDeclaration[];
  stages: Stage[];
  /** Every instruction in file order, including global ARGs and FROMs. */
  instructions: Instruction[];
}

export interface ArgDeclaration {
  name: string;
  /** The default as written (undefined when none); build args override it in `value`. */
  defaultValue?: string;
  /** The value in effect: the build arg when given, else the default. Undefined when neither. */
  value?: string;
  line: number;
  column: number;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as BuildKit does. */
  name?: string;
  from: FromInstruction;
  /** Instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface FromInstruction {
  /** The image as written (`${BASE}:3.20`). */
  rawImage: string;
  /** After ARG substitution (`alpine:3.20`); may still contain unresolved variables, see `unresolved`. */
  image: string;
  /** When `image` names an earlier stage, that stage's index. `scratch` is neither a stage nor an image. */
  stageRef?: number;
  isScratch: boolean;
  /** Variable names that had no value, so `image` could not be fully resolved. */
  unresolved: string[];
  platform?: string;
  line: number;
  column: number;
}

export interface Instruction {
  /** Upper-cased keyword: RUN, COPY, FROM, … */
  keyword: string;
  /** The arguments as written, continuation lines joined (heredoc bodies excluded). */
  args: string;
  /**
   * Flags such as `--from=build`, `--chown=1000`, `--mount=…` parsed off the front of `args` (quotes removed).
   * A flag without a value (`--link`) maps to `''`; a repeated flag (`--mount`) keeps its last value here and all
   * of them in `flagList`.
   */
  flags: Record<string, string>;
  /** Every flag in order, repeated ones included; `value` is undefined for a bare `--link`. */
  flagList: Array<{ name: string; value?: string }>;
  /** `args` without the flags. */
  body: string;
  /** Heredoc bodies (`<<EOF … EOF`) in order, each line ending in a newline, as written (tabs not stripped). */
  heredocs: string[];
  /** The JSON (exec) form of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME when `body` is a valid JSON array. */
  execForm?: string[];
  /** First line of the instruction (1-based) and the column of its keyword. */
  line: number;
  column: number;
  /** Last line, including continuations and heredoc bodies. */
  endLine: number;
  /** Index of the stage it belongs to; undefined for ARGs before the first FROM. */
  stageIndex?: number;
  /**
   * True for the instruction inside an ONBUILD (src/dockerfile/onbuild.ts): a trigger that runs in every build FROM
   * this image, not in this build. Its line and column are the ONBUILD line's. Never set on the parsed list.
   */
  onbuild?: true;
}
