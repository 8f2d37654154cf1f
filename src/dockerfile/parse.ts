import { closest, distance } from 'fastest-levenshtein';
import { readFile, stat } from 'node:fs/promises';
import { ConfigurationError, type SourcePosition } from '../util/errors.js';
import { KEYWORD_SET, KEYWORDS } from './keywords.js';
import { positionAt, scanDockerfile, type LogicalLine } from './lines.js';
import { expandWord, type Scope, type VariableValue } from './substitute.js';
import type { ArgDeclaration, Dockerfile, FromInstruction, Instruction, Stage } from './types.js';
import { EXEC_FORM_KEYWORDS, extractFlags, parseExecForm, splitBlanks, splitWords } from './words.js';
import { excerpt } from '../util/excerpt.js';

export { externalBase, finalStage } from './stages.js';

export interface ParseOptions {
  /** Path used in locations and error messages. */
  path: string;
  /** `--build-arg` values; they override global ARG defaults (and give the predefined platform ARGs a value). */
  buildArgs?: Record<string, string>;
}

/** Dockerfiles are text a person edits; anything this large is a mistake (or not a Dockerfile). */
export const MAX_DOCKERFILE_BYTES = 4 * 1024 * 1024;

/** Set by the builder for every build; FROM may use them without declaring them. */
export const PLATFORM_ARGS: ReadonlySet<string> = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
]);

const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;
const FROM_SYNTAX = '"FROM [--platform=<platform>] <image> [AS <name>]"';

/** Reads and parses a Dockerfile; a missing, unreadable or oversized file is a ConfigurationError naming it. */
export async function readDockerfile(
  file: string,
  options: { displayPath: string; buildArgs?: Record<string, string> },
): Promise<Dockerfile> {
  const position = { path: options.displayPath };
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ConfigurationError('cannot read the Dockerfile: not a regular file', position);
    if (info.size > MAX_DOCKERFILE_BYTES) {
      throw new ConfigurationError(
        `the Dockerfile is ${info.size} bytes; expected at most ${MAX_DOCKERFILE_BYTES} bytes (4 MiB)`,
        position,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
    throw new ConfigurationError(`cannot read the Dockerfile: ${reason}`, position, { cause: error });
  }
  if (text.includes('\0'))
    throw new ConfigurationError('the Dockerfile is not a text file (it contains NUL bytes)', position);
  return parseDockerfile(text, { path: options.displayPath, buildArgs: options.buildArgs ?? {} });
}

/** Parses a Dockerfile the way BuildKit reads it; mistakes are ConfigurationErrors with path:line:column. */
export function parseDockerfile(text: string, options: ParseOptions): Dockerfile {
  const { path } = options;
  const buildArgs = options.buildArgs ?? {};
  const scanned = scanDockerfile(text, path);
  const escapeChar = scanned.escapeChar;

  const values = new Map<string, VariableValue>();
  for (const name of PLATFORM_ARGS) {
    values.set(name, Object.hasOwn(buildArgs, name) ? known(buildArgs[name] as string) : { kind: 'builder' });
  }
  const scope: Scope = (name) => values.get(name);

  const instructions: Instruction[] = [];
  const globalArgs: ArgDeclaration[] = [];
  const stages: Stage[] = [];
  const stageByName = new Map<string, Stage>();

  for (const line of scanned.lines) {
    const parsed = toInstruction(line, path);
    const { instruction } = parsed;
    const current = stages.at(-1);
    if (instruction.keyword === 'FROM') {
      const stage = toStage(parsed, stages.length, { path, escapeChar, scope, stageByName });
      stages.push(stage);
      if (stage.name) stageByName.set(stage.name, stage);
      instruction.stageIndex = stage.index;
    } else if (!current) {
      if (instruction.keyword !== 'ARG') {
        throw new ConfigurationError(
          `${instruction.keyword} before the first FROM: expected FROM (only ARG may come before it)`,
          { path, line: instruction.line, column: instruction.column },
        );
      }
      for (const word of splitWords(instruction.body, escapeChar)) {
        const declaration = declareGlobalArg(word.raw, { ...parsed, offset: parsed.bodyOffset + word.start });
        globalArgs.push(declaration);
      }
    } else {
      instruction.stageIndex = current.index;
      current.instructions.push(instruction);
    }
    instructions.push(instruction);
  }

  if (stages.length === 0) {
    const last = instructions.at(-1);
    throw new ConfigurationError(
      instructions.length === 0
        ? 'the Dockerfile has no instructions: expected at least one FROM'
        : 'the Dockerfile has no FROM instruction: expected "FROM <image>" after the global ARGs',
      { path, line: last ? last.endLine : 1, column: 1 },
    );
  }
  return { path, escapeChar, directives: scanned.directives, globalArgs, stages, instructions };

  function declareGlobalArg(raw: string, where: ParsedLine & { offset: number }): ArgDeclaration {
    const equals = raw.indexOf('=');
    const name = unquote(equals < 0 ? raw : raw.slice(0, equals));
    const defaultValue = equals < 0 ? undefined : raw.slice(equals + 1);
    if (Object.hasOwn(buildArgs, name)) {
      values.set(name, known(buildArgs[name] as string));
    } else if (defaultValue !== undefined) {
      const expansion = expandWord(defaultValue, escapeChar, scope);
      values.set(name, { kind: 'value', value: expansion.value, unresolved: expansion.unresolved });
    }
    // A bare `ARG NAME` keeps what NAME had (a platform ARG stays the builder's), as BuildKit does.
    const current = values.get(name);
    const position = positionAt(where.line, where.offset);
    return {
      name,
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      ...(current?.kind === 'value' ? { value: current.value } : {}),
      line: position.line,
      column: position.column,
    };
  }
}

export interface ParsedLine {
  instruction: Instruction;
  line: LogicalLine;
  /** Offset of `body` in `line.text`. */
  bodyOffset: number;
}

/** One logical line as an instruction (no stage semantics); an unknown keyword is a ConfigurationError. */
export function toInstruction(line: LogicalLine, path: string): ParsedLine {
  const text = line.text;
  const keywordStart = text.length - text.trimStart().length;
  const keywordMatch = /^\S+/.exec(text.slice(keywordStart)) as RegExpExecArray;
  const written = keywordMatch[0];
  const keyword = written.toUpperCase();
  const start = positionAt(line, keywordStart);
  if (!KEYWORD_SET.has(keyword)) {
    const suggestion = closest(keyword, [...KEYWORDS]);
    const near = distance(keyword, suggestion) <= Math.max(1, Math.floor(keyword.length / 3));
    throw new ConfigurationError(
      `unknown instruction ${excerpt(written)}${near ? ` (did you mean ${suggestion}?)` : ''}: expected one of ${KEYWORDS.join(', ')}`,
      { path, ...start },
    );
  }
  const afterKeyword = keywordStart + written.length;
  const argsStart = afterKeyword + (text.length - afterKeyword - text.slice(afterKeyword).trimStart().length);
  const args = text.slice(argsStart).trimEnd();
  const { flags: flagList, bodyOffset } = extractFlags(args);
  const body = args.slice(bodyOffset);
  const flags: Record<string, string> = {};
  for (const flag of flagList) flags[flag.name] = flag.value ?? '';
  const execForm = EXEC_FORM_KEYWORDS.has(keyword) ? parseExecForm(body) : undefined;
  const instruction: Instruction = {
    keyword,
    args,
    flags,
    flagList,
    body,
    heredocs: line.heredocs.map((heredoc) => heredoc.content),
    ...(execForm ? { execForm } : {}),
    line: start.line,
    column: start.column,
    endLine: line.endLine,
  };
  return { instruction, line, bodyOffset: argsStart + bodyOffset };
}

function toStage(
  parsed: ParsedLine,
  index: number,
  context: { path: string; escapeChar: string; scope: Scope; stageByName: ReadonlyMap<string, Stage> },
): Stage {
  const { instruction, line, bodyOffset } = parsed;
  const { path, escapeChar, scope, stageByName } = context;
  const at = (offset: number): SourcePosition => ({ path, ...positionAt(line, bodyOffset + offset) });
  const words = splitBlanks(instruction.body);
  const [imageWord, asWord, nameWord, extra] = words;
  if (!imageWord) {
    throw new ConfigurationError(`FROM without an image: expected ${FROM_SYNTAX}`, {
      path,
      line: instruction.line,
      column: instruction.column,
    });
  }
  if (asWord && asWord.value.toLowerCase() !== 'as') {
    throw new ConfigurationError(
      `unexpected ${excerpt(asWord.value)} after the image: expected ${FROM_SYNTAX}`,
      at(asWord.start),
    );
  }
  if (asWord && !nameWord) {
    throw new ConfigurationError(`"AS" without a stage name: expected ${FROM_SYNTAX}`, at(asWord.start));
  }
  if (extra) {
    throw new ConfigurationError(
      `unexpected ${excerpt(extra.value)} after the stage name: expected ${FROM_SYNTAX}`,
      at(extra.start),
    );
  }

  let name: string | undefined;
  if (nameWord) {
    name = nameWord.value.toLowerCase();
    if (!STAGE_NAME.test(name)) {
      throw new ConfigurationError(
        `invalid stage name ${excerpt(nameWord.value)}: expected a letter followed by letters, digits, "-", "_" or "."`,
        at(nameWord.start),
      );
    }
    const previous = stageByName.get(name);
    if (previous) {
      throw new ConfigurationError(
        `duplicate stage name ${excerpt(name)}: already used by the stage on line ${previous.from.line}`,
        at(nameWord.start),
      );
    }
  }

  const expansion = expandWord(imageWord.value, escapeChar, scope);
  if (expansion.value.trim() === '') {
    throw new ConfigurationError(
      `the image ${excerpt(imageWord.value)} is empty after ARG substitution: expected an image name`,
      at(imageWord.start),
    );
  }
  const platformFlag = instruction.flags.platform;
  const platform = platformFlag === undefined ? undefined : expandWord(platformFlag, escapeChar, scope);
  const referenced = expansion.unresolved.length === 0 ? stageByName.get(expansion.value.toLowerCase()) : undefined;
  const from: FromInstruction = {
    rawImage: imageWord.value,
    image: expansion.value,
    ...(referenced ? { stageRef: referenced.index } : {}),
    isScratch: expansion.value === 'scratch',
    unresolved: expansion.unresolved,
    ...(platform ? { platform: platform.value } : {}),
    line: instruction.line,
    column: instruction.column,
  };
  return { index, ...(name ? { name } : {}), from, instructions: [] };
}

function known(value: string): VariableValue {
  return { kind: 'value', value, unresolved: [] };
}

function unquote(text: string): string {
  return text.replace(/^(["'])(.*)\1$/, '$2');
}
