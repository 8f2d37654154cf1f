import { commandBaseName, programIndex, shellPipelines, type Pipeline, type ShellWord } from './shell-commands.js';
import type { Instruction } from './types.js';

/**
 * The shell commands a RUN instruction runs, as pipelines: the shell form's text, the script of an exec form that
 * starts a shell (`["sh", "-c", "…"]`), heredoc bodies run by a shell (`RUN <<EOF`, `RUN bash <<EOF`), and the
 * `-c` scripts of shells the commands start (`sh -c 'curl … | sh'`), two levels deep at most so the work stays
 * proportional to the text.
 */

export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'yash']);

const NESTED_SCRIPT_DEPTH = 2;

/**
 * `defaultShell` is the stage's SHELL (`["/bin/sh", "-c"]` when none): a shell form under `SHELL ["pwsh", …]` is
 * not POSIX shell and yields nothing.
 */
export function runPipelines(
  instruction: Instruction,
  defaultShell: readonly string[] = ['/bin/sh', '-c'],
): Pipeline[] {
  if (instruction.keyword !== 'RUN') return [];
  const pipelines: Pipeline[] = [];
  const posix = SHELLS.has(commandBaseName(defaultShell[0] ?? ''));
  if (instruction.execForm) {
    const script = shellScriptOf(instruction.execForm);
    if (script !== undefined) collect(script, 0, pipelines);
    // `RUN ["apt-get", "update"]`: one command, its words as written.
    else pipelines.push([{ words: instruction.execForm.map((value) => ({ value, raw: value })) }]);
    return pipelines;
  }
  if (!posix) return pipelines;
  const body = shellPipelines(instruction.body);
  appendNested(body, 0, pipelines);
  if (instruction.heredocs.length > 0 && heredocsRunByShell(body)) {
    for (const heredoc of instruction.heredocs) collect(heredoc, 1, pipelines);
  }
  return pipelines;
}

function collect(script: string, depth: number, into: Pipeline[]): void {
  appendNested(shellPipelines(script), depth, into);
}

function appendNested(pipelines: Pipeline[], depth: number, into: Pipeline[]): void {
  for (const pipeline of pipelines) {
    into.push(pipeline);
    if (depth >= NESTED_SCRIPT_DEPTH) continue;
    for (const command of pipeline) {
      const script = shellScriptOf(command.words.map((word) => word.value));
      if (script !== undefined) collect(script, depth + 1, into);
    }
  }
}

/** The `-c` script of a shell command line (`sh -c 'script'`, `bash -lc "…"`, `sudo -E sh -c …`), if it is one. */
export function shellScriptOf(argv: readonly string[]): string | undefined {
  const words: ShellWord[] = argv.map((value) => ({ value, raw: value }));
  const start = programIndex(words);
  const program = argv[start];
  if (program === undefined || !SHELLS.has(commandBaseName(program))) return undefined;
  for (let index = start + 1; index < argv.length; index++) {
    const option = argv[index] as string;
    if (option === '--' || !option.startsWith('-')) return undefined;
    if (!option.startsWith('--') && option.includes('c')) return argv[index + 1];
  }
  return undefined;
}

/**
 * `RUN <<EOF` (the heredoc is the script of the default shell) or `RUN bash <<EOF` / `RUN sh -s <<EOF`; not
 * `RUN python3 <<EOF` nor `RUN cat <<EOF > /etc/file` (data for another program).
 */
function heredocsRunByShell(body: Pipeline[]): boolean {
  if (body.length === 0) return true;
  const first = body[0]?.[0];
  if (!first) return true;
  const start = programIndex(first.words);
  const program = first.words[start];
  return program === undefined || SHELLS.has(commandBaseName(program.value));
}
