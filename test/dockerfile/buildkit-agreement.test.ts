import { readFileSync } from 'node:fs';
import path from 'node:path';
import { scanDockerfile } from '../../src/dockerfile/lines.js';
import { toInstruction } from '../../src/dockerfile/parse.js';
import type { Instruction } from '../../src/dockerfile/types.js';

/**
 * imagegate's parser against BuildKit's own, on BuildKit's parser test files and the official images' Dockerfiles
 * (test/fixtures/dockerfile-parser/SOURCE.md says where each comes from). `buildkit-parse.json` is what BuildKit's
 * parser made of every file: each instruction's keyword, first and last line, and its AST dump (the format of
 * BuildKit's testfiles/*\/result files). Lines are compared for every instruction; the parsed words for the
 * instructions whose BuildKit parse is a plain split (RUN, CMD, COPY, FROM, …), not for ENV, LABEL, ARG,
 * HEALTHCHECK and ONBUILD, whose name/value parse imagegate does not model.
 */

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/dockerfile-parser');

interface BuildkitInstruction {
  keyword: string;
  startLine: number;
  endLine: number;
  dump: string;
}
interface BuildkitFile {
  error?: string;
  instructions?: BuildkitInstruction[];
}

const reference = JSON.parse(readFileSync(path.join(FIXTURES, 'buildkit-parse.json'), 'utf8')) as Record<
  string,
  BuildkitFile
>;
const files = Object.keys(reference).sort();

interface Ours {
  keyword: string;
  startLine: number;
  endLine: number;
  instruction?: Instruction;
}

function parseOurs(file: string): Ours[] {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8');
  const scanned = scanDockerfile(text, file);
  return scanned.lines.map((line) => {
    try {
      const { instruction } = toInstruction(line, file);
      return { keyword: instruction.keyword, startLine: line.line, endLine: line.endLine, instruction };
    } catch {
      // BuildKit ignores an unknown instruction; imagegate refuses it. The lines still count.
      const keyword = (/^\S+/.exec(line.text.trimStart())?.[0] ?? '').toUpperCase();
      return { keyword, startLine: line.line, endLine: line.endLine };
    }
  });
}

const WHITESPACE = /[\t\v\f\r ]+/;

/** BuildKit's Node.Dump() for the instructions whose parse is a plain split; undefined for the others. */
function dumpOf(instruction: Instruction): string | undefined {
  const keyword = instruction.keyword.toLowerCase();
  let words: string[] | undefined;
  const rest = instruction.body.trim();
  switch (instruction.keyword) {
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      words = instruction.execForm ?? (rest === '' ? [] : [rest]);
      break;
    case 'COPY':
    case 'ADD':
    case 'VOLUME':
      words = instruction.execForm ?? (rest === '' ? [] : rest.split(WHITESPACE));
      break;
    case 'FROM':
    case 'EXPOSE':
      words = rest === '' ? [] : rest.split(WHITESPACE);
      break;
    case 'USER':
    case 'WORKDIR':
    case 'STOPSIGNAL':
    case 'MAINTAINER':
      words = rest === '' ? [] : [rest];
      break;
    default:
      return undefined;
  }
  const flags = instruction.flagList.map((flag) =>
    flag.value === undefined ? `--${flag.name}` : `--${flag.name}=${flag.value}`,
  );
  return [keyword, ...(flags.length > 0 ? [`[${flags.map(goQuote).join(' ')}]`] : []), ...words.map(goQuote)]
    .join(' ')
    .trim();
}

/** Go's strconv.Quote for the characters Dockerfiles hold. */
function goQuote(text: string): string {
  const named: Record<string, string> = {
    '\u0007': '\\a',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
    '"': '\\"',
    '\\': '\\\\',
  };
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (named[ch]) out += named[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

interface Comparison {
  linesAgree: boolean;
  lineDiff?: string;
  wordsCompared: number;
  wordDiffs: string[];
}

function compare(file: string): Comparison {
  const expected = reference[file]?.instructions ?? [];
  const ours = parseOurs(file);
  const theirsLines = expected.map((i) => `${i.keyword.toUpperCase()} ${i.startLine}-${i.endLine}`);
  const oursLines = ours.map((i) => `${i.keyword} ${i.startLine}-${i.endLine}`);
  const linesAgree = JSON.stringify(theirsLines) === JSON.stringify(oursLines);
  const wordDiffs: string[] = [];
  let wordsCompared = 0;
  if (linesAgree) {
    expected.forEach((theirs, index) => {
      const instruction = ours[index]?.instruction;
      const dump = instruction ? dumpOf(instruction) : undefined;
      if (dump === undefined) return;
      wordsCompared++;
      if (dump !== theirs.dump) wordDiffs.push(`line ${theirs.startLine}: ours ${dump} / BuildKit ${theirs.dump}`);
    });
  }
  const firstDiff = theirsLines.findIndex((line, index) => line !== oursLines[index]);
  return {
    linesAgree,
    ...(linesAgree
      ? {}
      : {
          lineDiff: `instruction ${firstDiff + 1}: ours ${oursLines[firstDiff]} / BuildKit ${theirsLines[firstDiff]}`,
        }),
    wordsCompared,
    wordDiffs,
  };
}

describe('imagegate parses Dockerfiles as BuildKit does', () => {
  test('the corpus: BuildKit parser test files and official-image Dockerfiles', () => {
    expect(files.length).toBe(308);
    expect(files.filter((file) => file.startsWith('buildkit/'))).toHaveLength(33);
    expect(files.filter((file) => reference[file]?.error)).toEqual([]);
  });

  test('every instruction starts and ends on the lines BuildKit gives it', () => {
    const disagreements = files.flatMap((file) => {
      const result = compare(file);
      return result.linesAgree ? [] : [`${file}: ${result.lineDiff}`];
    });
    expect(disagreements).toEqual([]);
  });

  test('the words of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME, FROM, EXPOSE, USER, WORKDIR agree', () => {
    let compared = 0;
    const disagreements = files.flatMap((file) => {
      const result = compare(file);
      compared += result.wordsCompared;
      return result.wordDiffs.map((diff) => `${file} ${diff}`);
    });
    expect(disagreements).toEqual([]);
    expect(compared).toBe(2873);
  });

  test("BuildKit's trailing-backslash file: a doubled escape at the end of a line is a literal, not a continuation", () => {
    const ours = parseOurs('buildkit/trailing-backslash/Dockerfile');
    expect(ours.map((i) => [i.keyword, i.startLine, i.endLine])).toEqual([
      ['FROM', 3, 3],
      ['ENV', 5, 5],
      ['ENV', 6, 6],
      ['ENV', 7, 7],
      ['ENV', 8, 8],
      ['ENV', 9, 11],
      ['ENV', 12, 14],
      ['ENV', 15, 17],
    ]);
    expect(ours[3]?.instruction?.args).toBe('C trailing\\\\backslash\\\\');
    expect(ours[4]?.instruction?.args).toBe('D This should not be appended to C');
    expect(ours[5]?.instruction?.args).toBe('E helloworld');
  });
});
