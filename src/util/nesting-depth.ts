/**
 * How deep a JSON or YAML flow document nests, found by one linear pass over the text before any parser sees it.
 * Parsers and the code that walks what they return recurse once per level (the yaml package, ajv, JSON.stringify,
 * the positions pass of the rescan readers), so a file of `[[[[…` decides how deep the stack goes and, on some
 * paths, how much memory a parse takes. Real documents nest a dozen levels; the cap is far above that.
 */

/** Deeper than any policy, compose file, report, manifest or rescan file is written. */
export const MAX_NESTING_DEPTH = 256;

export interface NestingProblem {
  /** Offset of the bracket that went one level too deep. */
  offset: number;
  line: number;
  column: number;
  message: string;
}

/**
 * The first `[` or `{` that opens level `max + 1`, or undefined. `yaml` also skips single-quoted scalars and
 * comments; brackets in plain YAML scalars are counted, which can only over-count text that is already absurd.
 */
export function nestingProblem(
  text: string,
  options: { max?: number; yaml?: boolean } = {},
): NestingProblem | undefined {
  const max = options.max ?? MAX_NESTING_DEPTH;
  const yaml = options.yaml ?? false;
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i += 1; i < text.length; i += 1) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 1;
        else if (d === 0x22) break;
      }
    } else if (yaml && c === 0x27 /* ' */) {
      // '' inside a single-quoted scalar is an escaped quote: the loop reads it as a close and a reopen.
      for (i += 1; i < text.length && text.charCodeAt(i) !== 0x27; i += 1);
    } else if (yaml && c === 0x23 /* # */ && (i === 0 || /\s/.test(text.charAt(i - 1)))) {
      for (; i < text.length && text.charCodeAt(i) !== 0x0a; i += 1);
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth += 1;
      if (depth > max) {
        const { line, column } = lineColumn(text, i);
        return { offset: i, line, column, message: `nests lists or maps more than ${max} levels deep` };
      }
    } else if ((c === 0x5d /* ] */ || c === 0x7d) /* } */ && depth > 0) {
      depth -= 1;
    }
  }
  return undefined;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
