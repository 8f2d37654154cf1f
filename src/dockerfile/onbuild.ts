import { KEYWORD_SET } from './keywords.js';
import type { Instruction } from './types.js';
import { EXEC_FORM_KEYWORDS, extractFlags, parseExecForm } from './words.js';

/**
 * Instructions Docker refuses as an ONBUILD trigger ("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", "FROM
 * isn't allowed as an ONBUILD trigger", likewise MAINTAINER). The parser keeps accepting such lines as it always
 * did (the build itself refuses them); the rules simply have no trigger to read there.
 */
const NOT_TRIGGERS: ReadonlySet<string> = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/**
 * The instruction an `ONBUILD <INSTRUCTION> args` line registers, parsed as BuildKit parses it (a nested
 * instruction: its own keyword, flags, body, exec form; its heredocs are the ONBUILD line's). It runs in every
 * build FROM this image, not in this one; `line`/`column` are the ONBUILD line's, the line a person would change.
 * Undefined for anything but ONBUILD, an empty ONBUILD, an unknown keyword, and the triggers Docker refuses.
 */
export function onbuildTrigger(onbuild: Instruction): Instruction | undefined {
  if (onbuild.keyword !== 'ONBUILD') return undefined;
  const match = /^(\S+)\s*([\s\S]*)$/.exec(onbuild.body);
  if (!match) return undefined;
  const keyword = (match[1] as string).toUpperCase();
  if (!KEYWORD_SET.has(keyword) || NOT_TRIGGERS.has(keyword)) return undefined;
  const args = (match[2] as string).trimEnd();
  const { flags: flagList, bodyOffset } = extractFlags(args);
  const body = args.slice(bodyOffset);
  const flags: Record<string, string> = {};
  for (const flag of flagList) flags[flag.name] = flag.value ?? '';
  const execForm = EXEC_FORM_KEYWORDS.has(keyword) ? parseExecForm(body) : undefined;
  return {
    keyword,
    args,
    flags,
    flagList,
    body,
    heredocs: onbuild.heredocs,
    ...(execForm ? { execForm } : {}),
    line: onbuild.line,
    column: onbuild.column,
    endLine: onbuild.endLine,
    ...(onbuild.stageIndex !== undefined ? { stageIndex: onbuild.stageIndex } : {}),
    onbuild: true,
  };
}
