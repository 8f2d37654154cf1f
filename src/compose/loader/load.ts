import path from 'node:path';
import { ConfigurationError } from '../../util/errors.js';
import { WorkspacePaths } from '../../util/workspace-paths.js';
import { warnUnknownKeys } from './known-keys.js';
import { loadFiles, type LoadContext } from './load-file.js';
import { isMapNode, isNullNode, mapGet, mapNode, stringValue } from './node.js';
import { discoverFiles, explicitFiles, projectEnvironment, projectName } from './project-setup.js';
import type { ComposeMap, ComposeProject, ComposeService, ValuePosition } from '../types.js';

export interface LoadComposeOptions {
  /**
   * `-f` files in order (relative to `cwd`); none = compose's default lookup in the project directory (or `cwd`)
   * and its parents (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml) plus the override file
   * beside it (compose.override.yml, …).
   */
  files: string[];
  cwd: string;
  /** --project-directory; default: the first file's directory. */
  projectDirectory?: string;
  /** --env-file (relative to `cwd`); default: `<projectDir>/.env` when it exists. */
  envFiles?: string[];
  /**
   * undefined or a list with `*`: every service (imagegate checks everything by default). Otherwise compose's
   * rule: services without `profiles` plus those with one of these (so `[]` selects only services without any).
   */
  profiles?: string[];
  /** The process environment, passed in: the loader reads no globals. HOME is what `~` expands to. */
  environment: Record<string, string | undefined>;
  /** How positions and messages name a file (repository-relative for reports). */
  displayPath: (absolute: string) => string;
  /**
   * Variables left out of `environment` on purpose (credentials, see src/util/secret-env.ts): a file that asks for
   * one reads it as unset, like any missing variable, and the project lists where it asked (`withheldVariables`).
   */
  withheld?: (name: string) => boolean;
  /**
   * Where compose files, their includes, extends and env files may be read from. The entry points pass the
   * workspace and the allowed roots; without it only the file-type checks apply (no /proc, no FIFOs).
   */
  paths?: WorkspacePaths;
}

/**
 * Loads a compose project the way `docker compose config` resolves it (compose-go v2's loader): interpolation,
 * merge keys, `!reset`/`!override`, `-f` and override files, `extends`, `include` and profiles, keeping for every
 * value the file, line and column that decided it. Problems compose would reject are ConfigurationErrors that name
 * the place; problems imagegate can read past (unknown keys, unset variables) are warnings.
 */
export async function loadComposeProject(options: LoadComposeOptions): Promise<ComposeProject> {
  const cwd = path.resolve(options.cwd);
  const display = options.displayPath;
  const paths = options.paths ?? WorkspacePaths.unrestricted();
  const warnings: ComposeProject['warnings'] = [];
  const seen = new Set<string>();
  const warn = (message: string, position?: ValuePosition): void => {
    const key = `${message}\u0000${position ? `${position.path}:${position.line}:${position.column}` : ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    warnings.push(position ? { message, position } : { message });
  };

  const givenProjectDir = options.projectDirectory ? path.resolve(cwd, options.projectDirectory) : undefined;
  // Without -f, compose looks for the default files in the project directory when one is given.
  const files =
    options.files.length > 0
      ? await explicitFiles(options.files, cwd, paths, display)
      : await discoverFiles(givenProjectDir ?? cwd, warn, display, paths);
  const projectDir = givenProjectDir ?? path.dirname(files[0] as string);
  const withheldVariables: NonNullable<ComposeProject['withheldVariables']> = [];
  const onUnsetLookup = (variable: string, position: ValuePosition): void => {
    if (!options.withheld?.(variable)) return;
    const { path: file, line, column } = position;
    const seenAlready = withheldVariables.some(
      (entry) =>
        entry.variable === variable &&
        entry.position.path === file &&
        entry.position.line === line &&
        entry.position.column === column,
    );
    if (!seenAlready) withheldVariables.push({ variable, position });
  };
  const environment = await projectEnvironment(
    options.environment,
    options.envFiles,
    cwd,
    projectDir,
    display,
    warn,
    paths,
    onUnsetLookup,
  );
  const name = await projectName(files, environment, projectDir, display, warn, paths);
  environment.COMPOSE_PROJECT_NAME = name;

  const context: LoadContext = {
    workingDir: projectDir,
    environment,
    displayPath: display,
    warn,
    onUnsetLookup,
    files: [],
    includeStack: [],
    serviceDirs: new Map(),
    declarations: new Map(),
    extendsBases: new Map(),
    paths,
  };
  const model = await loadFiles(
    files.map((absolute) => ({ absolute, display: display(absolute), baseDir: projectDir })),
    context,
  );
  if (!model || model.entries.size === 0) {
    throw new ConfigurationError(
      `empty compose file: ${files.map(display).join(', ')} ${files.length === 1 ? 'defines' : 'define'} nothing`,
      {
        path: display(files[0] as string),
      },
    );
  }
  const version = model.entries.get('version');
  if (version) warn('the attribute `version` is obsolete; compose ignores it', version.keyPosition);
  warnUnknownKeys(model, warn);

  const { enabled, disabled } = buildServices(model, options.profiles, context, projectDir, warn);
  const volumes = mapGet(model, 'volumes');
  const homeDir = options.environment.HOME;
  return {
    name,
    projectDir,
    files: context.files,
    services: enabled,
    volumes: isMapNode(volumes) ? volumes : undefined,
    warnings,
    ...(homeDir ? { homeDir } : {}),
    disabledServices: disabled,
    ...(withheldVariables.length > 0 ? { withheldVariables } : {}),
  };
}

function buildServices(
  model: ComposeMap,
  profiles: readonly string[] | undefined,
  context: LoadContext,
  projectDir: string,
  warn: (message: string, position?: ValuePosition) => void,
): { enabled: ComposeService[]; disabled: string[] } {
  const enabled: ComposeService[] = [];
  const disabled: string[] = [];
  const services = mapGet(model, 'services');
  if (!isMapNode(services)) return { enabled, disabled };
  const everything = profiles === undefined || profiles.includes('*');
  for (const [name, { keyPosition, value }] of services.entries) {
    let body: ComposeMap;
    if (isMapNode(value)) {
      body = value;
    } else {
      warn(
        `service \`${name}\` has an empty body; docker compose rejects it (services.${name} must be a mapping), ` +
          'imagegate reads it as a service without settings',
        keyPosition,
      );
      body = mapNode(new Map(), isNullNode(value) ? keyPosition : value.position, projectDir);
    }
    const own = serviceProfiles(body);
    const service: ComposeService = {
      name,
      body,
      position: context.declarations.get(name) ?? keyPosition,
      profiles: own,
      workingDir: context.serviceDirs.get(name) ?? projectDir,
    };
    if (everything || own.length === 0 || own.some((profile) => profiles.includes(profile))) enabled.push(service);
    else disabled.push(name);
  }
  return { enabled, disabled };
}

function serviceProfiles(body: ComposeMap): string[] {
  const node = mapGet(body, 'profiles');
  if (node === undefined || isNullNode(node)) return [];
  const single = stringValue(node);
  if (single !== undefined) return [single];
  if (node.kind !== 'sequence') {
    throw new ConfigurationError('`profiles` must be a list of profile names', node.position);
  }
  return node.items.map((item) => {
    const profile = stringValue(item);
    if (profile === undefined) throw new ConfigurationError('a profile name must be a string', item.position);
    return profile;
  });
}
