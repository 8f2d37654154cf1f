import { KEYWORD_SET } from './keywords.js';

/**
 * Reads an image history entry's `created_by` back into "which instruction, with what arguments". The forms, as
 * observed with Docker 20.10 (BuildKit v0.8 frontend and the classic builder) and read in BuildKit's current source:
 *
 * - BuildKit: `<KEYWORD> <args>`, and ` # buildkit` appended to RUN/COPY/ADD. RUN is `RUN [|N A=1 B=2 ]<shell> <cmd>`
 *   (exec form: the array joined by spaces); COPY/ADD are `COPY [--chown=… --chmod=…] <src…> <dest>` (v0.8 drops the
 *   flags, `--from` is never shown, heredoc sources appear as `<<EOF`); ENV/LABEL show `k=v` after expansion; EXPOSE,
 *   CMD, VOLUME, SHELL, HEALTHCHECK are Go-formatted (`map[80/tcp:{}]`, `["a" "b"]`, `[/data]`, `&{…}`).
 * - Classic builder (and buildah): `/bin/sh -c #(nop)  ENV A=b` for metadata, `/bin/sh -c #(nop) COPY
 *   file:<sha> in /dst ` (also `dir:`, `multi:`, and `--chown=1000:1000file:…` glued without a space) for COPY/ADD,
 *   and RUN as the bare command: `/bin/sh -c echo hi`, `|1 A=1 /bin/sh -c …`, or the exec-form array joined.
 * - Other tools: kaniko writes `RUN …`/`COPY …` like BuildKit without the marker; `docker commit`, apko, bazel or KIWI
 *   write free text or nothing.
 */

export interface CreatedBy {
  /** The Dockerfile keyword (RUN, COPY, …); undefined when created_by is empty. */
  keyword?: string;
  /** `written`: created_by names the keyword; `inferred`: a bare command, which classic builders record for RUN. */
  certainty: 'written' | 'inferred' | 'none';
  builder: 'buildkit' | 'classic' | 'other';
  /** What to compare with the instruction: RUN's command without build args and shell, else the arguments. */
  text: string;
  /** The classic builder's COPY/ADD record only a content hash and the destination. */
  destination?: string;
}

const BUILDKIT_MARKER = /\s*# buildkit$/;
const NOP = /^[^#]*#\(nop\)\s*/;
const CLASSIC_COPY = /^(?:--chown=\S*?)?(?:file|dir|multi):[0-9a-f]+ in (.*)$/s;
const DEFAULT_SHELLS = ['/bin/sh -c', 'cmd /S /C'];
const GENERIC_SHELL = /^\/(?:usr\/)?bin\/[a-z]*sh\s+(?:-(?!c\s)\S+\s+(?:[^-\s]\S*\s+)?)*-c\s+/;

/** `shells`: the `SHELL` instructions of the stage chain, each as its words joined by spaces. */
export function parseCreatedBy(createdBy: string, shells: readonly string[] = []): CreatedBy {
  let text = createdBy.trim();
  if (text === '') return { certainty: 'none', builder: 'other', text: '' };
  const buildkit = BUILDKIT_MARKER.test(text);
  if (buildkit) text = text.replace(BUILDKIT_MARKER, '');

  const nop = NOP.exec(text);
  if (nop) {
    const [word, rest] = splitFirst(text.slice(nop[0].length).trim());
    const keyword = word.toUpperCase();
    if (!KEYWORD_SET.has(keyword)) return { certainty: 'inferred', builder: 'classic', text: rest };
    const copy = keyword === 'COPY' || keyword === 'ADD' ? CLASSIC_COPY.exec(rest) : null;
    return {
      keyword,
      certainty: 'written',
      builder: 'classic',
      text: rest,
      ...(copy ? { destination: (copy[1] as string).trim() } : {}),
    };
  }

  const [word, rest] = splitFirst(text);
  const builder = buildkit ? 'buildkit' : 'other';
  if (KEYWORD_SET.has(word)) {
    if (word === 'RUN') return { keyword: word, certainty: 'written', builder, text: commandOf(rest, shells) };
    if (word === 'COPY' || word === 'ADD') {
      return { keyword: word, certainty: 'written', builder, text: rest.replace(/^(?:--\S+\s+)*/, '') };
    }
    return { keyword: word, certainty: 'written', builder, text: rest };
  }
  const command = commandOf(text, shells);
  return { keyword: 'RUN', certainty: 'inferred', builder: command === text ? 'other' : 'classic', text: command };
}

/** Strips `|N A=1 B=2` (the build args a RUN saw) and the shell prefix. */
function commandOf(run: string, shells: readonly string[]): string {
  let text = run;
  const args = /^\|(\d+)\s+/.exec(text);
  if (args) {
    text = text.slice(args[0].length);
    for (let count = Number(args[1]); count > 0; count--) {
      const pair = /^[A-Za-z_][A-Za-z0-9_]*=\S*(?:\s+|$)/.exec(text);
      if (!pair) break;
      text = text.slice(pair[0].length);
    }
  }
  const candidates = [...shells, ...DEFAULT_SHELLS].sort((a, b) => b.length - a.length);
  for (const shell of candidates) {
    if (shell && text.startsWith(`${shell} `)) return text.slice(shell.length + 1);
  }
  const generic = GENERIC_SHELL.exec(text);
  return generic ? text.slice(generic[0].length) : text;
}

function splitFirst(text: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  return match ? [match[1] as string, match[2] as string] : ['', ''];
}
