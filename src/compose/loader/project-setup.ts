import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isScalar, parseAllDocuments, isMap } from 'yaml';
import { ConfigurationError } from '../../util/errors.js';
import type { WorkspacePaths } from '../../util/workspace-paths.js';
import { readEnvFiles } from './dotenv.js';
import { describeTemplateError, substitute } from './template.js';
import { readComposeText, type Warn } from './yaml-tree.js';

/**
 * What `docker compose` settles before reading the model (compose-go cli/options.go): which files, the project
 * directory, the interpolation environment and the project name.
 */

/** compose's default file names, in order of preference, looked up in the working directory and its parents. */
export const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** The override file picked up next to the default file. */
export const DEFAULT_OVERRIDE_FILES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/** The `-f` files as absolute paths, each checked to exist. */
export async function explicitFiles(
  files: readonly string[],
  cwd: string,
  paths: WorkspacePaths,
  display: (absolute: string) => string,
): Promise<string[]> {
  const result: string[] = [];
  for (const file of files) {
    if (file === '-')
      throw new ConfigurationError('reading a compose file from standard input (-f -) is not supported');
    const absolute = path.resolve(cwd, file);
    const checked = await paths.check(absolute);
    if (!checked.ok && checked.problem === 'refused') {
      throw new ConfigurationError(`compose file ${display(absolute)} is refused: ${checked.reason}`, {
        path: display(absolute),
      });
    }
    if (!(await isFile(absolute)))
      throw new ConfigurationError(`compose file ${file} not found (looked at ${absolute})`);
    result.push(absolute);
  }
  return result;
}

/** compose's lookup without `-f`: the first default name in `cwd` or the nearest parent, plus its override file. */
export async function discoverFiles(
  cwd: string,
  warn: Warn,
  display: (absolute: string) => string,
  paths: WorkspacePaths,
): Promise<string[]> {
  let dir = cwd;
  for (;;) {
    const candidates = await existing(DEFAULT_COMPOSE_FILES.map((name) => path.join(dir, name)));
    const [winner] = candidates;
    if (winner) {
      if (candidates.length > 1) {
        warn(
          `found several compose files (${candidates.map(display).join(', ')}); using ${display(winner)} as compose does`,
        );
      }
      const overrides = await existing(DEFAULT_OVERRIDE_FILES.map((name) => path.join(dir, name)));
      if (overrides.length > 1) {
        warn(
          `found several override files (${overrides.map(display).join(', ')}); using ${display(overrides[0] as string)}`,
        );
      }
      const found = overrides[0] ? [winner, overrides[0]] : [winner];
      // A default file found in a parent outside the workspace, or a committed symlink, is not read.
      for (const file of found) {
        const checked = await paths.check(file);
        if (!checked.ok) {
          throw new ConfigurationError(`compose file ${display(file)} is refused: ${checked.reason}`, {
            path: display(file),
          });
        }
      }
      return found;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new ConfigurationError(
        `no compose file found in ${cwd} or its parent directories (looked for ${DEFAULT_COMPOSE_FILES.join(', ')}); ` +
          'name the files to check',
      );
    }
    dir = parent;
  }
}

/**
 * The interpolation environment: the given variables, then the env files (`--env-file`, or `<project>/.env` when
 * it exists), which never override a variable that is already set.
 */
export async function projectEnvironment(
  given: Readonly<Record<string, string | undefined>>,
  envFiles: readonly string[] | undefined,
  cwd: string,
  projectDir: string,
  display: (absolute: string) => string,
  warn: Warn,
  paths: WorkspacePaths,
  onUnset?: (variable: string, position: { path: string; line: number; column: number }) => void,
): Promise<Record<string, string>> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) if (value !== undefined) environment[key] = value;
  let files: string[];
  if (envFiles !== undefined && envFiles.length > 0) {
    files = envFiles.map((file) => path.resolve(cwd, file));
  } else {
    const dotenv = path.join(projectDir, '.env');
    files = (await isFile(dotenv)) ? [dotenv] : [];
  }
  const values = await readEnvFiles(
    files.map((absolute) => ({ absolute, display: display(absolute) })),
    environment,
    (variable, file, line) => {
      warn(`the ${JSON.stringify(variable)} variable is not set; compose substitutes an empty string`, {
        path: file,
        line,
        column: 1,
      });
      onUnset?.(variable, { path: file, line, column: 1 });
    },
    undefined,
    paths,
  );
  for (const [key, value] of values) if (!Object.hasOwn(environment, key)) environment[key] = value;
  return environment;
}

/** compose's NormalizeProjectName: lower case, only [a-z0-9_-], no leading `_` or `-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/** COMPOSE_PROJECT_NAME, else the last `name:` of the files (interpolated), else the project directory's name. */
export async function projectName(
  files: readonly string[],
  environment: Readonly<Record<string, string>>,
  projectDir: string,
  display: (absolute: string) => string,
  warn: Warn,
  paths: WorkspacePaths,
): Promise<string> {
  const fromEnvironment = environment.COMPOSE_PROJECT_NAME;
  if (fromEnvironment) {
    const normalized = normalizeProjectName(fromEnvironment);
    if (normalized !== fromEnvironment) {
      warn(
        `COMPOSE_PROJECT_NAME=${fromEnvironment} is not a valid project name (compose refuses it); using ${normalized}`,
      );
    }
    if (normalized) return normalized;
  }
  let fromFiles: { text: string; position: { path: string; line: number; column: number } } | undefined;
  for (const file of files) {
    const source = { absolute: file, display: display(file), baseDir: projectDir };
    const text = await readComposeText(source, undefined, paths);
    for (const document of parseAllDocuments(text)) {
      const contents = document.contents;
      if (!isMap(contents)) continue;
      const pair = contents.items.find((item) => isScalar(item.key) && item.key.value === 'name');
      if (pair && isScalar(pair.value) && typeof pair.value.value === 'string' && pair.value.value !== '') {
        const offset = pair.value.range?.[0] ?? 0;
        const before = text.slice(0, offset);
        const line = before.split('\n').length;
        fromFiles = {
          text: pair.value.value,
          position: { path: source.display, line, column: offset - before.lastIndexOf('\n') },
        };
      }
    }
  }
  if (fromFiles) {
    const result = substitute(fromFiles.text, (name) =>
      Object.hasOwn(environment, name) ? environment[name] : undefined,
    );
    if (result.error)
      throw new ConfigurationError(`${describeTemplateError(result.error)} (in name)`, fromFiles.position);
    const normalized = normalizeProjectName(result.value);
    if (normalized) return normalized;
  }
  return normalizeProjectName(path.basename(projectDir));
}

async function existing(files: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) if (await isFile(file)) found.push(file);
  return found;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
