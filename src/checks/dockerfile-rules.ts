import { onbuildTrigger } from '../dockerfile/onbuild.js';
import { packageCommands, type PackageCommand } from '../dockerfile/package-commands.js';
import { runPipelines, SHELLS } from '../dockerfile/run-scripts.js';
import { commandBaseName, programIndex, type Pipeline, type ShellCommand } from '../dockerfile/shell-commands.js';
import { initialShells, stagesBuiltFor } from '../dockerfile/stages.js';
import type { Dockerfile, Instruction } from '../dockerfile/types.js';
import { splitWords } from '../dockerfile/words.js';
import type { Finding, Severity } from '../model/findings.js';
import { code, md, type Message } from '../util/markdown-message.js';
import type { CheckContext } from './context.js';
import { checkNoHealthcheck } from './dockerfile-healthcheck.js';
import { makeFinding } from './make-finding.js';
import type { RuleId } from '../model/catalog.js';

/**
 * The Dockerfile rules (`dockerfile.*`): ADD where COPY was meant, downloads piped into a shell, package-list updates
 * alone, whole-image upgrades, and (dockerfile-healthcheck.ts) a missing HEALTHCHECK. They read the instructions of
 * the stages the build runs (the target and the stages it is built from, copies or mounts from), not stages a
 * `--target` build skips. Each finding points at the instruction's line; `properties.subject` is `path:line`, what
 * an `allow.findings` entry matches. The ADD or RUN inside an `ONBUILD` of those stages is checked too (hadolint does
 * the same): a trigger runs in every downstream build FROM the image, so the same hazards apply there.
 */
export function checkDockerfile(context: CheckContext): Finding[] {
  const rules = context.rules.dockerfile ?? {};
  const { dockerfile, stage } = context;
  const findings: Finding[] = [];
  if (dockerfile && stage && (rules.addInsteadOfCopy || rules.pipeToShell || rules.updateAlone || rules.upgrade)) {
    const shells = initialShells(dockerfile);
    for (const built of stagesBuiltFor(dockerfile, stage)) {
      // The SHELL in effect, followed instruction by instruction: one pass, whatever the number of RUNs.
      let shell = shells[built.index] ?? ['/bin/sh', '-c'];
      const triggers: Instruction[] = [];
      for (const instruction of built.instructions) {
        if (instruction.keyword === 'SHELL' && instruction.execForm) shell = instruction.execForm;
        const trigger = onbuildTrigger(instruction);
        if (trigger) triggers.push(trigger);
        else findings.push(...checkInstruction(context, dockerfile, instruction, shell));
      }
      // An ONBUILD trigger runs right after the FROM of a downstream build, whose SHELL is still this image's: the
      // SHELL in effect at the end of the stage, whatever its place among the SHELL lines.
      for (const trigger of triggers) findings.push(...checkInstruction(context, dockerfile, trigger, shell));
    }
  }
  if (rules.noHealthcheck) findings.push(...checkNoHealthcheck(context));
  return findings;
}

/** The instruction rules on one ADD or RUN (or the ADD or RUN of an ONBUILD), under the SHELL `shell`. */
function checkInstruction(
  context: CheckContext,
  dockerfile: Dockerfile,
  instruction: Instruction,
  shell: readonly string[],
): Finding[] {
  const rules = context.rules.dockerfile ?? {};
  const findings: Finding[] = [];
  if (rules.addInsteadOfCopy && instruction.keyword === 'ADD') {
    findings.push(...addInsteadOfCopy(context, dockerfile, instruction));
  }
  if (instruction.keyword !== 'RUN' || !(rules.pipeToShell || rules.updateAlone || rules.upgrade)) return findings;
  const pipelines = runPipelines(instruction, shell);
  if (rules.pipeToShell) findings.push(...pipeToShell(context, dockerfile, instruction, pipelines));
  if (rules.updateAlone) findings.push(...updateAlone(context, dockerfile, instruction, pipelines));
  if (rules.upgrade) {
    findings.push(...upgrade(context, dockerfile, instruction, pipelines, rules.upgrade === 'dist-upgrade'));
  }
  return findings;
}

/**
 * A finding at `instruction`'s line. On an ONBUILD trigger the message says where it runs (every downstream build
 * FROM this image, not this one), the key keeps it apart from the same hazard in a RUN of this build, and
 * `properties.onbuild` is true.
 */
function at(
  ruleId: RuleId,
  context: CheckContext,
  dockerfile: Dockerfile,
  instruction: Instruction,
  details: { message: Message; key: string; severity?: Severity; properties?: Finding['properties'] },
): Finding {
  const subject = `${dockerfile.path}:${instruction.line}`;
  const trigger = instruction.onbuild === true;
  const finding = makeFinding(ruleId, context, {
    message: trigger
      ? md`${code(`ONBUILD ${instruction.keyword}`)} is a trigger that runs in every build FROM this image: ${details.message}`
      : details.message,
    location: { kind: 'source', path: dockerfile.path, line: instruction.line, column: instruction.column },
    key: trigger ? `onbuild:${details.key}` : details.key,
    properties: { subject, ...details.properties, ...(trigger ? { onbuild: true } : {}) },
  });
  return details.severity ? { ...finding, severity: details.severity } : finding;
}

// ---------------------------------------------------------------------------------------------------------------
// dockerfile/add-instead-of-copy

/** Tar archives, compressed or not: what ADD unpacks, so what ADD is for. */
const ARCHIVE_SUFFIXES = [
  '.tar',
  '.tar.gz',
  '.tgz',
  '.tar.bz2',
  '.tbz',
  '.tbz2',
  '.tar.xz',
  '.txz',
  '.tar.zst',
  '.tar.zstd',
  '.tzst',
  '.tar.lz',
  '.tar.lzma',
  '.tlz',
  '.tar.z',
  '.taz',
];
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const FULL_COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

function addInsteadOfCopy(context: CheckContext, dockerfile: Dockerfile, instruction: Instruction): Finding[] {
  const words = instruction.execForm ?? splitWords(instruction.body, dockerfile.escapeChar).map((word) => word.value);
  // Heredoc sources (`ADD <<EOF /file`) are inline text; the last word is the destination.
  const sources = words.slice(0, -1).filter((word) => !word.startsWith('<<'));
  const checksum = 'checksum' in instruction.flags;
  const unpack = instruction.flags.unpack;
  const remote: string[] = [];
  const git: string[] = [];
  const local: string[] = [];
  for (const source of sources) {
    if (isGitSource(source)) {
      if (!checksum && !FULL_COMMIT.test(gitRef(source))) git.push(source);
    } else if (URL_SCHEME.test(source)) {
      if (!checksum) remote.push(source);
    } else if (source.includes('$')) {
      // A variable: what it names is not known here, so no claim is made about it.
    } else if (unpack === 'false' || !isArchiveName(source)) {
      local.push(source);
    }
  }
  const findings: Finding[] = [];
  if (remote.length > 0 || git.length > 0) {
    const shown = [...remote, ...git].map(displayedUrl);
    const first = shown[0] as string;
    const message =
      remote.length > 0
        ? md`${code(`ADD ${first}`)} downloads a file at build time without ${code('--checksum')}: whatever the server returns that day goes into the image, unverified. Add ${code('--checksum=sha256:…')} (BuildKit), or download with a pinned checksum in a RUN.`
        : md`${code(`ADD ${first}`)} adds a git repository at a branch or tag, which can move: pin it to a full commit (${code('#<40-hex commit>')}) or add ${code('--checksum=<commit>')}.`;
    findings.push(
      at('dockerfile/add-instead-of-copy', context, dockerfile, instruction, {
        message,
        key: `remote:${shown.join(' ')}`,
        severity: 'medium',
        properties: { kind: remote.length > 0 ? 'url-without-checksum' : 'git-unpinned', source: first },
      }),
    );
  }
  if (local.length > 0) {
    const first = local[0] as string;
    findings.push(
      at('dockerfile/add-instead-of-copy', context, dockerfile, instruction, {
        message: md`${code(`ADD ${first}`)} adds a local ${local.length > 1 ? 'set of files' : 'file or directory'} that is not a tar archive: use COPY, which does only that. ADD also unpacks archives and fetches URLs, so a renamed file can change what it does.`,
        key: `local:${local.join(' ')}`,
        properties: { kind: 'local', source: first },
      }),
    );
  }
  return findings;
}

/**
 * A URL as findings show it: credentials in it (`https://user:token@host/…`) become `***`, and the query string
 * (signed URLs carry tokens there) becomes `?…`. Never the secret, in any report or log.
 */
export function displayedUrl(source: string): string {
  const scheme = source.indexOf('://');
  let text = source;
  if (scheme >= 0) {
    const hostStart = scheme + 3;
    const pathStart = text.indexOf('/', hostStart);
    const authority = text.slice(hostStart, pathStart < 0 ? text.length : pathStart);
    const at = authority.lastIndexOf('@');
    if (at >= 0) text = `${text.slice(0, hostStart)}***@${text.slice(hostStart + at + 1)}`;
  }
  const query = text.indexOf('?');
  if (query >= 0) {
    const fragment = text.indexOf('#', query);
    text = `${text.slice(0, query)}?…${fragment >= 0 ? text.slice(fragment) : ''}`;
  }
  return text;
}

function isArchiveName(source: string): boolean {
  const name = source.toLowerCase();
  return ARCHIVE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** BuildKit's git sources: `git@host:path`, `git://`, `ssh://`, or a URL whose path ends in `.git`. */
function isGitSource(source: string): boolean {
  const lower = source.toLowerCase();
  if (lower.startsWith('git@') || lower.startsWith('git://') || lower.startsWith('ssh://')) return true;
  if (!URL_SCHEME.test(source)) return false;
  const beforeFragment = lower.split('#')[0] as string;
  return beforeFragment.endsWith('.git') || beforeFragment.endsWith('.git/');
}

/** The ref of a git source (`…#v1.2:subdir` → `v1.2`); '' when none. */
function gitRef(source: string): string {
  const hash = source.indexOf('#');
  if (hash < 0) return '';
  return (source.slice(hash + 1).split(':')[0] as string).trim();
}

// ---------------------------------------------------------------------------------------------------------------
// dockerfile/pipe-to-shell

const DOWNLOADERS = new Set(['curl', 'wget']);
const INTERPRETERS = new Set(['perl', 'ruby', 'node', 'nodejs', 'php']);
/** Interpreter options after which the code comes from an argument, not from stdin. */
const CODE_OPTIONS = new Set(['-c', '-e', '-E', '-m', '-r', '-p', '--eval', '--print', '--command']);

function pipeToShell(
  context: CheckContext,
  dockerfile: Dockerfile,
  instruction: Instruction,
  pipelines: readonly Pipeline[],
): Finding[] {
  for (const pipeline of pipelines) {
    const hit = pipedDownload(pipeline) ?? substitutedDownload(pipeline);
    if (!hit) continue;
    return [
      at('dockerfile/pipe-to-shell', context, dockerfile, instruction, {
        message: md`RUN ${hit.how}: ${code(hit.downloader)} fetches code and ${code(hit.runner)} runs it as it arrives, unverified; a compromised or changed server changes the image, and ${code('set -o pipefail')} does not help (the shell runs whatever arrived before a failure). Download to a file, check its checksum or signature, then run it.`,
        key: `${hit.downloader}|${hit.runner}`,
        properties: { downloader: hit.downloader, runner: hit.runner },
      }),
    ];
  }
  return [];
}

interface PipeHit {
  downloader: string;
  runner: string;
  how: string;
}

/** `curl … | sh`, `wget -qO- … | sudo bash -s --`, `curl … | tee x | python3 -`. */
function pipedDownload(pipeline: Pipeline): PipeHit | undefined {
  let downloader: string | undefined;
  for (const command of pipeline) {
    const program = programOf(command);
    if (!program) continue;
    if (downloader === undefined) {
      if (isDownloader(command, program.index)) downloader = program.name;
      continue;
    }
    if (runsStdin(command, program.index, program.name)) {
      return { downloader, runner: program.name, how: 'pipes a download into a shell' };
    }
  }
  return undefined;
}

/** `sh -c "$(curl …)"`, `bash <(curl …)`, `eval "$(wget -O- …)"`, `. <(curl …)`. */
function substitutedDownload(pipeline: Pipeline): PipeHit | undefined {
  for (const command of pipeline) {
    const program = programOf(command);
    if (!program) continue;
    const runner = program.name;
    if (!SHELLS.has(runner) && !isInterpreter(runner) && runner !== 'eval' && runner !== 'source' && runner !== '.') {
      continue;
    }
    for (const word of command.words.slice(program.index + 1)) {
      const downloader = substitutionDownloader(word.raw);
      if (downloader) return { downloader, runner, how: 'runs a download through command substitution' };
    }
  }
  return undefined;
}

/** `$(curl`, `<(curl`, `` `curl `` at the start of a substitution inside the word; a linear scan. */
function substitutionDownloader(raw: string): string | undefined {
  for (let index = 0; index < raw.length; index++) {
    const ch = raw[index];
    let start: number;
    if ((ch === '$' || ch === '<') && raw[index + 1] === '(') start = index + 2;
    else if (ch === '`') start = index + 1;
    else continue;
    while (raw[start] === ' ' || raw[start] === '\t') start++;
    for (const name of DOWNLOADERS) {
      const end = start + name.length;
      if (raw.startsWith(name, start) && (end === raw.length || ' \t)`'.includes(raw[end] as string))) return name;
    }
  }
  return undefined;
}

function programOf(command: ShellCommand): { index: number; name: string } | undefined {
  const index = programIndex(command.words);
  const word = command.words[index];
  if (!word) return undefined;
  const name = commandBaseName(word.value);
  // `busybox wget …`, `busybox sh`: the applet is the program.
  if (name === 'busybox' && command.words[index + 1]) {
    return { index: index + 1, name: commandBaseName((command.words[index + 1] as { value: string }).value) };
  }
  return { index, name };
}

function isDownloader(command: ShellCommand, index: number): boolean {
  return DOWNLOADERS.has(commandBaseName((command.words[index] as { value: string }).value));
}

function isInterpreter(name: string): boolean {
  return INTERPRETERS.has(name) || /^python(?:\d+(?:\.\d+)?)?$/.test(name);
}

/**
 * Whether a shell or interpreter takes its program from stdin: no `-c`-style option and no script file argument
 * (`sh`, `bash -s -- --flag`, `python3 -`); `python3 -c 'import json,sys; …'` reads data from the pipe, not code.
 */
function runsStdin(command: ShellCommand, index: number, name: string): boolean {
  const shell = SHELLS.has(name);
  if (!shell && !isInterpreter(name)) return false;
  const args = command.words.slice(index + 1).map((word) => word.value);
  for (const arg of args) {
    if (arg === '-' || arg === '--') return true;
    if (!arg.startsWith('-')) return false;
    if (shell) {
      if (arg === '-s' || arg.startsWith('--')) continue;
      if (arg.slice(1).includes('c')) return false;
    } else if (CODE_OPTIONS.has(arg) || (arg.length > 2 && CODE_OPTIONS.has(arg.slice(0, 2)))) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// dockerfile/update-alone and dockerfile/upgrade

function updateAlone(
  context: CheckContext,
  dockerfile: Dockerfile,
  instruction: Instruction,
  pipelines: readonly Pipeline[],
): Finding[] {
  const commands = pipelines.flat();
  const actions = commands.flatMap(packageCommands);
  const update = actions.find((action) => action.action === 'update');
  if (!update || actions.some((action) => action.action !== 'update')) return [];
  // A script or installer may install with the fresh lists: what it does is not visible here, so no claim.
  if (commands.some(mayInstall)) return [];
  const words = `${update.manager} ${update.verb}`;
  return [
    at('dockerfile/update-alone', context, dockerfile, instruction, {
      message: md`${code(words)} runs in a RUN that installs nothing: the build cache keeps this layer, so a later RUN that installs gets package lists as old as the cache, and a changed install line does not refresh them. Update and install in one RUN (${code(`${update.manager} ${update.verb} && ${installHint(update)}`)}).`,
      key: words,
      properties: { command: words },
    }),
  ];
}

function installHint(update: PackageCommand): string {
  if (update.manager === 'apk') return 'apk add …';
  if (update.manager === 'zypper') return 'zypper install …';
  return `${update.manager} install -y …`;
}

/** A command that may install packages without naming a package manager: an installer script or a script file. */
function mayInstall(command: ShellCommand): boolean {
  const program = programOf(command);
  if (!program) return false;
  const word = (command.words[program.index] as { value: string }).value;
  if (program.name.includes('install') || program.name.endsWith('.sh') || word.startsWith('./')) return true;
  if (SHELLS.has(program.name)) {
    const args = command.words.slice(program.index + 1).map((item) => item.value);
    return args.some((arg) => !arg.startsWith('-'));
  }
  return program.name === 'make' || program.name === 'xargs';
}

function upgrade(
  context: CheckContext,
  dockerfile: Dockerfile,
  instruction: Instruction,
  pipelines: readonly Pipeline[],
  releaseOnly: boolean,
): Finding[] {
  const found = pipelines
    .flat()
    .flatMap(packageCommands)
    .find((action) => action.action === 'dist-upgrade' || (!releaseOnly && action.action === 'upgrade'));
  if (!found) return [];
  const words = `${found.manager} ${found.verb}`;
  const message =
    found.action === 'dist-upgrade'
      ? md`${code(words)} moves the image to whatever release the package sources offer at build time: packages and their dependencies change under the base image's feet, and the base image's tag no longer says what the image runs. Use a base image of the release you want, and install or upgrade the packages you need by name.`
      : md`${code(words)} upgrades every package of the base image at build time: the result depends on the day of the build, and the layer holds a second copy of each upgraded file. Prefer a freshly rebuilt base image (a newer tag or digest); to pick up one fix, upgrade that package by name.`;
  return [
    at('dockerfile/upgrade', context, dockerfile, instruction, {
      message,
      key: words,
      properties: { command: words, action: found.action },
    }),
  ];
}
