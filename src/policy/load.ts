import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigurationError, SourcePosition } from '../util/errors.js';
import { WorkspacePaths } from '../util/workspace-paths.js';
import { readFragment, type ExtendsEntry } from './convert.js';
import { mergeFragments, type PolicyFragment } from './merge.js';
import { PolicyError, toConfigurationError, uniqueProblems, type PolicyProblem } from './problems.js';
import { createPolicyValidator, type PolicyValidator } from './schema-validate.js';
import type { Policy } from './types.js';
import { parsePolicyText } from './yaml-source.js';
import { appendAll } from '../util/append-all.js';
import { excerpt } from '../util/excerpt.js';

export { defaultPolicy } from './default-policy.js';

export interface LoadPolicyOptions {
  /** How messages and `Policy.files` name a file (e.g. repository-relative); default: relative to the cwd. */
  displayPath?: (absolute: string) => string;
  /**
   * Where the policy and what it `extends` may be read from (the workspace and the allowed roots, passed by the
   * entry points); without it only the file-type checks apply.
   */
  paths?: WorkspacePaths;
  /** Where the files' text comes from; default: the file system. A git commit for `--policy-ref`. */
  source?: PolicyTextSource;
}

/** Reads policy texts from somewhere other than the working tree (see git-policy-source.ts). */
export interface PolicyTextSource {
  /** The file's text, or why it cannot be read (never quoting the file). */
  read(file: string): Promise<{ text: string } | { problem: string }>;
  /** The file an `extends` entry of `from` names, or why it may not be read. */
  resolve(from: string, entry: string): { file: string } | { problem: string };
}

export interface PolicyFileValidation {
  /** The file as it was passed in. */
  file: string;
  ok: boolean;
  /** Every problem of the file and of the files it extends, each with its own file:line:column. */
  errors: ConfigurationError[];
}

/** Policy files larger than this are refused before they are parsed: no real policy comes close. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024;
/** The longest `extends` chain, counting the named file. */
export const MAX_EXTENDS_DEPTH = 10;

/**
 * Loads a policy file (YAML or JSON) with everything it extends. Throws a PolicyError (a ConfigurationError)
 * that lists every problem found, each at its file:line:column.
 */
export async function loadPolicy(file: string, options: LoadPolicyOptions = {}): Promise<Policy> {
  const { fragments, problems } = await collect(file, options, createPolicyValidator());
  if (problems.length > 0) throw new PolicyError(problems);
  return mergeFragments(fragments);
}

/** For `imagegate policy validate FILE…`: every problem of every file, none thrown. */
export async function validatePolicyFiles(
  files: readonly string[],
  options: LoadPolicyOptions = {},
): Promise<PolicyFileValidation[]> {
  const validator = createPolicyValidator();
  const results: PolicyFileValidation[] = [];
  for (const file of files) {
    const { problems } = await collect(file, options, validator);
    results.push({ file, ok: problems.length === 0, errors: problems.map(toConfigurationError) });
  }
  return results;
}

interface LoadedFile {
  fragment?: PolicyFragment;
  extendsEntries: ExtendsEntry[];
}

interface Session {
  validator: PolicyValidator;
  display: (absolute: string) => string;
  paths: WorkspacePaths;
  problems: PolicyProblem[];
  source?: PolicyTextSource;
  /** Each file is read once per load, so a diamond of `extends` reports a file's problems once. */
  files: Map<string, Promise<LoadedFile>>;
}

async function collect(
  file: string,
  options: LoadPolicyOptions,
  validator: PolicyValidator,
): Promise<{ fragments: PolicyFragment[]; problems: PolicyProblem[] }> {
  const session: Session = {
    validator,
    display: options.displayPath ?? relativeToCwd,
    paths: options.paths ?? WorkspacePaths.unrestricted(),
    problems: [],
    files: new Map(),
    ...(options.source ? { source: options.source } : {}),
  };
  const fragments = await loadChain(session, path.resolve(file), [], undefined);
  return { fragments, problems: uniqueProblems(session.problems) };
}

/** The fragments of a file and its `extends`, in merge order (extended files first). */
async function loadChain(
  session: Session,
  file: string,
  chain: readonly string[],
  referencedAt: SourcePosition | undefined,
): Promise<PolicyFragment[]> {
  const names = [...chain, file].map((name) => session.display(name)).join(' → ');
  if (chain.includes(file)) {
    session.problems.push({
      message: `\`extends\` forms a cycle: ${names}`,
      position: referencedAt ?? { path: names },
    });
    return [];
  }
  if (chain.length >= MAX_EXTENDS_DEPTH) {
    session.problems.push({
      message: `\`extends\` goes deeper than ${MAX_EXTENDS_DEPTH} files: ${names}`,
      position: referencedAt ?? { path: names },
    });
    return [];
  }
  let loading = session.files.get(file);
  if (!loading) {
    loading = loadFile(session, file, referencedAt);
    session.files.set(file, loading);
  }
  const loaded = await loading;
  const fragments: PolicyFragment[] = [];
  for (const entry of loaded.extendsEntries) {
    const target = resolveExtends(session, file, entry);
    if (target) appendAll(fragments, await loadChain(session, target, [...chain, file], entry.position));
  }
  if (loaded.fragment) fragments.push(loaded.fragment);
  return fragments;
}

function resolveExtends(session: Session, from: string, entry: ExtendsEntry): string | undefined {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(entry.path)) {
    session.problems.push({
      message: `\`extends\` takes paths of local files; ${excerpt(entry.path)} is a URL`,
      position: entry.position,
    });
    return undefined;
  }
  if (session.source) {
    const resolved = session.source.resolve(from, entry.path);
    if ('file' in resolved) return resolved.file;
    session.problems.push({ message: resolved.problem, position: entry.position });
    return undefined;
  }
  return path.resolve(path.dirname(from), entry.path);
}

async function loadFile(session: Session, file: string, referencedAt: SourcePosition | undefined): Promise<LoadedFile> {
  const display = session.display(file);
  const text = session.source
    ? await readFromSource(session.source, file, display, referencedAt, session.problems)
    : await readPolicyText(file, display, referencedAt, session.problems, session.paths);
  if (text === undefined) return { extendsEntries: [] };
  const { source, problems } = parsePolicyText(text, file, display);
  if (!source) {
    appendAll(session.problems, problems);
    return { extendsEntries: [] };
  }
  const read = readFragment(source);
  appendAll(session.problems, inFileOrder([...session.validator(source), ...read.problems]));
  return { fragment: read.fragment, extendsEntries: read.extendsEntries };
}

function inFileOrder(problems: PolicyProblem[]): PolicyProblem[] {
  const key = (problem: PolicyProblem) => [problem.position.line ?? 0, problem.position.column ?? 0] as const;
  return problems.sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
}

async function readPolicyText(
  file: string,
  display: string,
  referencedAt: SourcePosition | undefined,
  problems: PolicyProblem[],
  paths: WorkspacePaths,
): Promise<string | undefined> {
  // A missing extended file is reported at the `extends` entry that names it; the named file at itself.
  const report = (message: string): undefined => {
    problems.push(
      referencedAt
        ? { message: `cannot read the extended policy ${display}: ${message}`, position: referencedAt }
        : { message: `cannot read the policy file: ${message}`, position: { path: display } },
    );
    return undefined;
  };
  const checked = await paths.check(file);
  if (!checked.ok && checked.problem === 'refused') {
    // Said at the `extends` line; nothing of the refused file is read, so nothing of it can be quoted.
    problems.push(
      referencedAt
        ? { message: `the extended policy ${display} is refused: ${checked.reason}`, position: referencedAt }
        : { message: `the policy file is refused: ${checked.reason}`, position: { path: display } },
    );
    return undefined;
  }
  try {
    const info = await stat(file);
    if (info.isDirectory()) return report('it is a directory, expected a YAML or JSON file');
    if (info.size > MAX_POLICY_FILE_BYTES) {
      return report(`it is ${info.size} bytes; a policy file may have at most ${MAX_POLICY_FILE_BYTES} (1 MiB)`);
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return report('no such file');
    if (code === 'EACCES') return report('permission denied');
    return report((error as Error).message);
  }
}

async function readFromSource(
  source: PolicyTextSource,
  file: string,
  display: string,
  referencedAt: SourcePosition | undefined,
  problems: PolicyProblem[],
): Promise<string | undefined> {
  const read = await source.read(file);
  if ('text' in read) return read.text;
  problems.push(
    referencedAt
      ? { message: `cannot read the extended policy ${display}: ${read.problem}`, position: referencedAt }
      : { message: `cannot read the policy file: ${read.problem}`, position: { path: display } },
  );
  return undefined;
}

function relativeToCwd(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}
