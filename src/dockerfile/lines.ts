import { ConfigurationError } from '../util/errors.js';
import { findHeredocs, type HeredocMarker } from './words.js';
import { excerpt } from '../util/excerpt.js';

/**
 * The first pass of the parser, as BuildKit's does it: parser directives at the top, then logical lines (comments and
 * blank lines dropped, continuation lines joined, heredoc bodies consumed), each with a map back to file positions.
 */

export type EscapeChar = '\\' | '`';

/** Where a piece of a joined logical line came from: text offset `offset` is at `line`:`column` of the file. */
export interface Segment {
  offset: number;
  line: number;
  column: number;
}

export interface HeredocBody extends HeredocMarker {
  content: string;
}

export interface LogicalLine {
  /** Continuation lines joined as BuildKit joins them: escape and newline removed, the next line's indent kept. */
  text: string;
  segments: Segment[];
  line: number;
  column: number;
  endLine: number;
  heredocs: HeredocBody[];
}

export interface ScannedFile {
  escapeChar: EscapeChar;
  directives: Record<string, string>;
  lines: LogicalLine[];
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_KEYWORDS = new Set(['run', 'copy', 'add']);

/**
 * Whether the line's instruction may carry heredocs: RUN, COPY, ADD, and (as BuildKit's `heredocCompoundDirectives`
 * has it) ONBUILD followed by one of them.
 */
function heredocKeyword(text: string): boolean {
  const words = /^\s*(\S+)(?:\s+(\S+))?/.exec(text);
  const first = words?.[1]?.toLowerCase() ?? '';
  const keyword = first === 'onbuild' ? (words?.[2]?.toLowerCase() ?? '') : first;
  return HEREDOC_KEYWORDS.has(keyword);
}

/** Maps an offset in a logical line back to a file position. */
export function positionAt(line: LogicalLine, offset: number): { line: number; column: number } {
  let segment = line.segments[0] as Segment;
  for (const candidate of line.segments) {
    if (candidate.offset <= offset) segment = candidate;
    else break;
  }
  return { line: segment.line, column: segment.column + (offset - segment.offset) };
}

export function scanDockerfile(source: string, path: string): ScannedFile {
  const rawLines = source.replace(/^\uFEFF/, '').split('\n');
  // A final newline ends the last line; it does not start another one.
  if (rawLines.length > 1 && rawLines.at(-1) === '') rawLines.pop();
  const lines = rawLines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const { directives, escapeChar } = readDirectives(lines, path);
  const trimContinuation = (text: string): { text: string; continues: boolean } =>
    trimContinuationCharacter(text, escapeChar);

  const result: LogicalLine[] = [];
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    const indent = leadingBlanks(raw);
    const content = raw.slice(indent);
    if (content === '' || content.startsWith('#')) continue;

    const first = trimContinuation(content);
    let text = first.text;
    let continues = first.continues;
    const segments: Segment[] = [{ offset: 0, line: index + 1, column: indent + 1 }];
    const startLine = index + 1;
    // Comment and blank lines inside a continuation are dropped, as BuildKit does (it warns about the blank ones).
    while (continues && index + 1 < lines.length) {
      index++;
      const next = lines[index] as string;
      const trimmed = next.slice(leadingBlanks(next));
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const part = trimContinuation(next);
      segments.push({ offset: text.length, line: index + 1, column: 1 });
      text += part.text;
      continues = part.continues;
    }
    if (text.trim() === '') continue;

    const logical: LogicalLine = {
      text,
      segments,
      line: startLine,
      column: indent + 1,
      endLine: index + 1,
      heredocs: [],
    };
    if (heredocKeyword(text) && text.includes('<<')) {
      for (const marker of findHeredocs(text, escapeChar)) {
        const body = readHeredoc(lines, index + 1, marker);
        if (!body) {
          throw new ConfigurationError(
            `unterminated heredoc <<${excerpt(marker.name).slice(1, -1)}: expected a line ${excerpt(marker.name)} before the end of the file`,
            { path, ...positionAt(logical, marker.offset) },
          );
        }
        logical.heredocs.push({ ...marker, content: body.content });
        index = body.terminatorIndex;
      }
      logical.endLine = index + 1;
    }
    result.push(logical);
  }
  return { escapeChar, directives, lines: result };
}

/**
 * A line continues on the next one when its last non-blank character is the escape character, unless that is
 * written twice (`\\`, or two backticks under `# escape=\``): then it is a literal escape character and the line
 * ends there, as BuildKit's `trailing-backslash` test file has it (its continuation pattern is
 * `([^\\])\\[ \t]*$|^\\[ \t]*$` for the backslash). A scan from the end, so the cost is linear in the line.
 */
export function trimContinuationCharacter(text: string, escapeChar: EscapeChar): { text: string; continues: boolean } {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const escapeAt = end - 1;
  if (escapeAt < 0 || text[escapeAt] !== escapeChar) return { text, continues: false };
  if (escapeAt > 0 && text[escapeAt - 1] === escapeChar) return { text, continues: false };
  return { text: text.slice(0, escapeAt), continues: true };
}

function readDirectives(lines: string[], path: string): { directives: Record<string, string>; escapeChar: EscapeChar } {
  const directives: Record<string, string> = {};
  let escapeChar: EscapeChar = '\\';
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    const indent = leadingBlanks(raw);
    const match = DIRECTIVE.exec(raw.slice(indent));
    // The first line that is not a known directive (blank, comment, instruction) ends the directives.
    if (!match) break;
    const key = (match[1] as string).toLowerCase();
    const value = match[2] as string;
    if (!KNOWN_DIRECTIVES.has(key)) break;
    const position = { path, line: index + 1, column: indent + 1 };
    if (key in directives) throw new ConfigurationError(`only one "${key}" parser directive can be used`, position);
    if (key === 'escape') {
      if (value !== '\\' && value !== '`') {
        throw new ConfigurationError(
          `invalid escape directive ${excerpt(value)}: expected \\ or \` (backslash or backtick)`,
          {
            ...position,
            column: indent + 1 + raw.slice(indent).lastIndexOf(value),
          },
        );
      }
      escapeChar = value;
    }
    directives[key] = value;
  }
  return { directives, escapeChar };
}

function readHeredoc(
  lines: string[],
  from: number,
  marker: HeredocMarker,
): { content: string; terminatorIndex: number } | undefined {
  let content = '';
  for (let index = from; index < lines.length; index++) {
    const line = lines[index] as string;
    const candidate = marker.chomp ? line.replace(/^\t+/, '') : line;
    if (candidate === marker.name) return { content, terminatorIndex: index };
    content += `${line}\n`;
  }
  return undefined;
}

function leadingBlanks(text: string): number {
  let index = 0;
  while (index < text.length && (text[index] === ' ' || text[index] === '\t')) index++;
  return index;
}
