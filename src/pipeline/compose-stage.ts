import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ComposeFileSet, ComposeRules } from '../policy/types.js';
import { ConfigurationError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { WorkspacePaths } from '../util/workspace-paths.js';
import { loadComposeProject } from '../compose/loader/load.js';
import { DEFAULT_COMPOSE_FILES } from '../compose/loader/project-setup.js';
import type { ComposeProject } from '../compose/types.js';
import { appendAll } from '../util/append-all.js';

/** What the entry point asked for: `--compose` files (one project, like `-f a -f b`), env files and profiles. */
export interface ComposeRequest {
  files: string[];
  envFiles: string[];
  /** `--compose-profile`; undefined = the policy's `compose.profiles`, else every service. */
  profiles?: string[];
  /** Do not look at compose files at all (`--no-compose`). */
  skip: boolean;
}

export interface ComposeStageContext {
  workspace: string;
  /** The interpolation environment, credentials already left out (see src/util/secret-env.ts). */
  environment: Record<string, string | undefined>;
  /** The variables left out, so a file that asks for one is reported (rule compose/secret-variable). */
  withheld?: (name: string) => boolean;
  displayPath: (absolute: string) => string;
  logger: Logger;
  /** Where compose files and what they name may be read from; default: the workspace alone. */
  paths?: WorkspacePaths;
}

/** Directories never searched for compose files: dependencies and VCS data are not the user's deployment. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'vendor', 'imagegate-out']);
const MAX_WALK_ENTRIES = 200_000;

/**
 * The compose projects a run checks: the `--compose` files as one project; each `compose.files` entry of the policy
 * (a glob: one project per matching file; a list: one project of those files in order); or, with neither, the
 * project `docker compose` would load in the workspace (compose.yaml … plus its override file), when there is one.
 */
export async function loadComposeProjects(
  request: ComposeRequest,
  rules: ComposeRules,
  context: ComposeStageContext,
): Promise<ComposeProject[]> {
  if (request.skip) return [];
  const profiles = request.profiles ?? rules.profiles;
  const paths = context.paths ?? WorkspacePaths.within([context.workspace]);
  const load = (files: string[], cwd: string) =>
    loadComposeProject({
      files,
      cwd,
      envFiles: request.envFiles,
      ...(profiles ? { profiles } : {}),
      environment: context.environment,
      displayPath: context.displayPath,
      ...(context.withheld ? { withheld: context.withheld } : {}),
      paths,
    });

  const groups: string[][] = [];
  if (request.files.length > 0) groups.push(request.files);
  for (const set of rules.files) appendAll(groups, await expandFileSet(set, context.displayPath, paths));
  if (groups.length === 0) {
    if (!DEFAULT_COMPOSE_FILES.some((name) => existsSync(path.join(context.workspace, name)))) return [];
    context.logger.info(`compose: checking the project in ${context.displayPath(context.workspace) || '.'}`);
    return [await load([], context.workspace)];
  }
  const projects: ComposeProject[] = [];
  for (const files of groups) {
    const project = await load(files, context.workspace);
    for (const warning of project.warnings) {
      const where = warning.position
        ? `${warning.position.path}:${warning.position.line}:${warning.position.column}: `
        : '';
      context.logger.warning(`compose: ${where}${warning.message}`);
    }
    projects.push(project);
  }
  return projects;
}

async function expandFileSet(
  set: ComposeFileSet,
  displayPath: (absolute: string) => string,
  paths: WorkspacePaths,
): Promise<string[][]> {
  const matches = await Promise.all(set.patterns.map((pattern) => expandGlob(pattern, set.baseDir)));
  for (const [index, files] of matches.entries()) {
    // The policy comes from the repository: what its globs match must stay in the workspace, refused at its line.
    for (const file of files) {
      await paths.regularFile(file, {
        what: `compose.files: '${set.patterns[index]}' matches`,
        display: displayPath(file),
        referencedAt: set.source,
      });
    }
    if (files.length === 0) {
      throw new ConfigurationError(
        `compose.files: '${set.patterns[index]}' matches no file under ${displayPath(set.baseDir) || '.'}`,
        set.source,
      );
    }
  }
  // One pattern: each matching file is a project of its own. Several: one project, files in the order written.
  return set.patterns.length === 1 ? (matches[0] ?? []).map((file) => [file]) : [matches.flat()];
}

/** Files under `baseDir` matching a glob (relative to it), sorted; a plain path is returned as it is when it exists. */
export async function expandGlob(pattern: string, baseDir: string): Promise<string[]> {
  const scanned = picomatch.scan(pattern);
  if (!scanned.isGlob) {
    const file = path.resolve(baseDir, pattern);
    return existsSync(file) ? [file] : [];
  }
  // Walk from the pattern's static prefix (`../deploy` of `../deploy/*.yml`), which may lie outside baseDir.
  const root = path.resolve(baseDir, scanned.base);
  if (!existsSync(root)) return [];
  const isMatch = picomatch(scanned.glob, { dot: false });
  const found: string[] = [];
  let visited = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      visited += 1;
      if (visited > MAX_WALK_ENTRIES) {
        throw new ConfigurationError(
          `compose.files: '${pattern}' searches more than ${MAX_WALK_ENTRIES} entries; narrow it`,
        );
      }
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(absolute);
      else if (entry.isFile() && isMatch(path.relative(root, absolute).split(path.sep).join('/'))) found.push(absolute);
    }
  };
  await walk(root);
  return found.sort();
}
