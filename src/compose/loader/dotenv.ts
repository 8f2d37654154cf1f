import { readFile, stat } from 'node:fs/promises';
import { ConfigurationError } from '../../util/errors.js';
import { WorkspacePaths } from '../../util/workspace-paths.js';
import { substitute, describeTemplateError } from './template.js';
import { excerpt } from '../../util/excerpt.js';

/**
 * compose's `.env` syntax (compose-go's dotenv parser): `KEY=value` or `KEY: value`, an optional `export `,
 * `#` comment lines, inline ` #` comments on unquoted values, single quotes taken literally, double quotes with
 * escapes (`\n`, `\t`, `\"`, `\\`, `\$`) and `${…}` interpolation, unquoted values interpolated too, and a bare
 * `KEY` that copies the variable from the environment. Variables inside values resolve against the given
 * environment first, then against earlier lines and files.
 */

export interface EnvFileRef {
  absolute: string;
  display: string;
}

export interface DotenvResult {
  values: Map<string, string>;
  /** `${VAR}` references to unset variables: compose warns and substitutes "". */
  unset: Array<{ variable: string; line: number }>;
}

type Lookup = (name: string) => string | undefined;

/** Parses one env file's text. `lookup` sees the caller's environment (it wins over values defined in the file). */
export function parseDotenv(text: string, display: string, lookup: Lookup): DotenvResult {
  return new DotenvParser(text.startsWith('\uFEFF') ? text.slice(1) : text, display, lookup).parse();
}

/**
 * Reads env files in order, as compose's GetEnvFromFile: each file's `${…}` sees `environment`, then earlier files;
 * later files override earlier ones. Missing files and directories are configuration errors.
 */
export async function readEnvFiles(
  files: readonly EnvFileRef[],
  environment: Readonly<Record<string, string>>,
  onUnset: (variable: string, file: string, line: number) => void,
  position?: { path: string; line?: number; column?: number },
  paths: WorkspacePaths = WorkspacePaths.unrestricted(),
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const file of files) {
    let text: string;
    const checked = await paths.check(file.absolute);
    if (!checked.ok && checked.problem === 'refused') {
      throw new ConfigurationError(
        `env file ${file.display} is refused: ${checked.reason}`,
        position ?? { path: file.display },
      );
    }
    try {
      const info = await stat(file.absolute);
      if (info.isDirectory()) {
        throw new ConfigurationError(`env file ${file.display} is a directory, not a file`, position);
      }
      text = await readFile(file.absolute, 'utf8');
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'the file does not exist' : (code ?? (error as Error).message);
      throw new ConfigurationError(`cannot read env file ${file.display}: ${reason}`, position);
    }
    const lookup: Lookup = (name) => (Object.hasOwn(environment, name) ? environment[name] : result.get(name));
    const parsed = parseDotenv(text, file.display, lookup);
    for (const { variable, line } of parsed.unset) onUnset(variable, file.display, line);
    for (const [key, value] of parsed.values) result.set(key, value);
  }
  return result;
}

const EXPORT = /^export\s+/;
const ESCAPES = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;

class DotenvParser {
  private line = 1;
  private readonly values = new Map<string, string>();
  private readonly unset: Array<{ variable: string; line: number }> = [];

  constructor(
    private readonly text: string,
    private readonly display: string,
    private readonly lookup: Lookup,
  ) {}

  parse(): DotenvResult {
    let rest = this.text;
    for (;;) {
      rest = this.statementStart(rest);
      if (rest === '') break;
      rest = this.statement(rest);
    }
    return { values: this.values, unset: this.unset };
  }

  private fail(message: string): never {
    throw new ConfigurationError(message, { path: this.display, line: this.line });
  }

  /** Skips blank space and comment lines, counting lines. */
  private statementStart(text: string): string {
    let rest = text;
    for (;;) {
      const start = rest.search(/\S/);
      if (start < 0) return '';
      this.line += countNewlines(rest.slice(0, start));
      rest = rest.slice(start);
      if (!rest.startsWith('#')) return rest;
      const end = rest.indexOf('\n');
      if (end < 0) return '';
      rest = rest.slice(end);
    }
  }

  private statement(text: string): string {
    let source = text;
    if (EXPORT.test(source)) source = trimLeftSpaces(source.slice('export'.length));
    let end = -1;
    for (let i = 0; i < source.length; i++) {
      const char = source[i] as string;
      if (isSpace(char)) continue;
      if (char === '=' || char === ':' || char === '\n') {
        end = i;
        break;
      }
      if (!/[\p{L}\p{N}_.\-[\]]/u.test(char)) {
        this.fail(`unexpected character ${excerpt(char)} in variable name ${excerpt(source.split('\n')[0] ?? '')}`);
      }
    }
    if (end < 0) {
      // compose reads a last line without `=` as a value for an empty key, which nothing can use.
      this.line++;
      return '';
    }
    const inherited = source[end] === '\n';
    const key = source.slice(0, end).trimEnd();
    if (key.includes(' ')) this.fail('a variable name cannot contain a space');
    if (inherited) {
      this.line++;
      const value = this.lookup(key);
      if (value !== undefined) this.values.set(key, value);
      return source.slice(end + 1);
    }
    const { value, rest } = this.value(trimLeftSpaces(source.slice(end + 1)));
    if (key !== '') this.values.set(key, value);
    return rest;
  }

  private value(source: string): { value: string; rest: string } {
    const quote = source[0];
    if (quote !== '"' && quote !== "'") {
      const newline = source.indexOf('\n');
      const raw = newline < 0 ? source : source.slice(0, newline);
      const line = this.line;
      this.line++;
      const comment = raw.indexOf(' #');
      const value = (comment < 0 ? raw : raw.slice(0, comment)).trimEnd();
      return { value: this.expand(value, line), rest: newline < 0 ? '' : source.slice(newline + 1) };
    }
    const line = this.line;
    let escaped = false;
    let chars = '';
    for (let i = 1; i < source.length; i++) {
      const char = source[i] as string;
      if (char === '\n') this.line++;
      if (escaped) {
        escaped = false;
        if (char !== quote) chars += '\\';
        chars += char;
        continue;
      }
      if (char === '\\') escaped = true;
      else if (char === quote) {
        const value = quote === '"' ? this.expand(expandEscapes(chars), line) : chars;
        return { value, rest: source.slice(i + 1) };
      } else chars += char;
    }
    this.line = line;
    // Nothing of the line is quoted: an env file that does not parse may hold secrets the environment does not.
    this.fail(`unterminated quoted value (opened with ${quote}, never closed)`);
  }

  private expand(value: string, line: number): string {
    const result = substitute(value, (name) => this.lookup(name) ?? this.values.get(name));
    if (result.error) throw new ConfigurationError(describeTemplateError(result.error), { path: this.display, line });
    for (const variable of result.unset) this.unset.push({ variable, line });
    return result.value;
  }
}

function expandEscapes(text: string): string {
  return text.replace(ESCAPES, (match) => {
    if (match === '\\$') return '$$';
    if (match.startsWith('\\0')) return String.fromCharCode(parseInt(match.slice(2) || '0', 8));
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '"': '"',
      '\\': '\\',
    };
    return simple[match.slice(1)] ?? match;
  });
}

/** Spaces that are not line breaks, as the dotenv parser counts them. */
function isSpace(char: string): boolean {
  return (
    char === ' ' ||
    char === '\t' ||
    char === '\v' ||
    char === '\f' ||
    char === '\r' ||
    char === '\u0085' ||
    char === '\u00a0'
  );
}

function trimLeftSpaces(text: string): string {
  let i = 0;
  while (i < text.length && isSpace(text[i] as string)) i++;
  return text.slice(i);
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count++;
  return count;
}
