import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { SEVERITIES } from '../findings.js';
import { parseImageReference } from '../image/reference.js';
import type { FailOn } from '../policy/types.js';
import { ConfigurationError } from '../util/errors.js';
import type { ImageInput, RunConfig } from './run-config.js';

/**
 * The options both entry points collect, still as the user typed them. `resolveRunConfig` turns them into a
 * RunConfig or a ConfigurationError that names the flag (CLI) or input (Action) at fault.
 */
export interface RawRunOptions {
  context?: string;
  dockerfile?: string;
  image?: string;
  archive?: string;
  ociLayout?: string;
  policy?: string;
  outDir?: string;
  buildArgs: string[];
  target?: string;
  platform?: string;
  tag?: string;
  failOn?: string;
  category?: string;
}

export interface ResolveEnvironment {
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Repository root; defaults to cwd. */
  workspace?: string;
  /** How this entry point names an option in messages: `--oci-layout` or `oci-layout`. */
  optionName: (option: keyof RawRunOptions) => string;
}

export const POLICY_FILE_NAMES = ['.imagegate.yml', '.imagegate.yaml', '.imagegate.json'] as const;
const BUILD_ARG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function resolveRunConfig(raw: RawRunOptions, env: ResolveEnvironment): RunConfig {
  const { optionName } = env;
  const abs = (file: string) => path.resolve(env.cwd, file);
  const workspace = path.resolve(env.cwd, env.workspace ?? '.');

  const sources = (['context', 'image', 'archive', 'ociLayout'] as const).filter((key) => nonEmpty(raw[key]));
  if (sources.length === 0) {
    throw new ConfigurationError(
      `no image given: pass one of ${['context', 'image', 'archive', 'ociLayout'].map((k) => optionName(k as keyof RawRunOptions)).join(', ')}`,
    );
  }
  if (sources.length > 1) {
    throw new ConfigurationError(
      `${sources.map(optionName).join(' and ')} both name an image; give exactly one image source`,
    );
  }

  const buildArgs = parseBuildArgs(raw.buildArgs, optionName('buildArgs'));
  const image = resolveImageInput(raw, abs, optionName);
  let dockerfile: string | undefined;
  if (nonEmpty(raw.dockerfile)) {
    // Like `docker build -f`, relative to the working directory rather than the context.
    dockerfile = abs(raw.dockerfile);
    if (!isFile(dockerfile)) throw new ConfigurationError(`${optionName('dockerfile')}: no such file: ${dockerfile}`);
  } else if (image.kind === 'build') {
    dockerfile = path.join(image.context, 'Dockerfile');
    if (!isFile(dockerfile)) {
      throw new ConfigurationError(
        `${optionName('context')} ${raw.context}: there is no Dockerfile in the context; pass ${optionName('dockerfile')}`,
      );
    }
  }

  const policyFile = nonEmpty(raw.policy) ? abs(raw.policy) : discoverPolicy(workspace);
  if (policyFile && !isFile(policyFile))
    throw new ConfigurationError(`${optionName('policy')}: no such file: ${policyFile}`);

  return {
    workspace,
    image,
    ...(dockerfile ? { dockerfile } : {}),
    buildArgs,
    ...(nonEmpty(raw.target) ? { target: raw.target } : {}),
    ...(nonEmpty(raw.platform) ? { platform: raw.platform.trim() } : {}),
    ...(policyFile ? { policyFile } : {}),
    outDir: abs(nonEmpty(raw.outDir) ? raw.outDir : 'imagegate-out'),
    ...(nonEmpty(raw.failOn) ? { failOn: parseFailOn(raw.failOn, optionName('failOn')) } : {}),
    ...(nonEmpty(raw.category) ? { category: raw.category } : {}),
  };
}

function resolveImageInput(
  raw: RawRunOptions,
  abs: (file: string) => string,
  optionName: ResolveEnvironment['optionName'],
): ImageInput {
  if (nonEmpty(raw.context)) {
    const context = abs(raw.context);
    if (!isDirectory(context)) throw new ConfigurationError(`${optionName('context')}: no such directory: ${context}`);
    const tag = nonEmpty(raw.tag) ? raw.tag : defaultBuildTag(context);
    parseImageReference(tag, { path: optionName('tag') });
    return { kind: 'build', context, tag };
  }
  if (nonEmpty(raw.image)) {
    parseImageReference(raw.image, { path: optionName('image') });
    return { kind: 'daemon', reference: raw.image };
  }
  if (nonEmpty(raw.archive)) {
    const file = abs(raw.archive);
    if (!isFile(file)) throw new ConfigurationError(`${optionName('archive')}: no such file: ${file}`);
    return { kind: 'archive', path: file };
  }
  const layout = abs(raw.ociLayout ?? '');
  if (!existsSync(layout))
    throw new ConfigurationError(`${optionName('ociLayout')}: no such directory or file: ${layout}`);
  return { kind: 'oci-layout', path: layout };
}

/** `imagegate-local/<context dir>:latest`: a stable local name, so fingerprints survive rebuilds. */
export function defaultBuildTag(context: string): string {
  const name =
    path
      .basename(context)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'image';
  return `imagegate-local/${name}:latest`;
}

export function parseBuildArgs(values: readonly string[], option: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const key = eq === -1 ? value : value.slice(0, eq);
    if (!BUILD_ARG_KEY.test(key)) {
      throw new ConfigurationError(`${option} '${value}': expected KEY=VALUE with KEY made of letters, digits and _`);
    }
    if (eq === -1) throw new ConfigurationError(`${option} '${value}': expected KEY=VALUE (no '=' found)`);
    args[key] = value.slice(eq + 1);
  }
  return args;
}

export function parseFailOn(value: string, option: string): FailOn {
  const normalized = value.trim().toLowerCase();
  if (normalized === 'never' || (SEVERITIES as readonly string[]).includes(normalized)) return normalized as FailOn;
  throw new ConfigurationError(`${option} '${value}': expected one of ${[...SEVERITIES, 'never'].join(', ')}`);
}

function discoverPolicy(workspace: string): string | undefined {
  return POLICY_FILE_NAMES.map((name) => path.join(workspace, name)).find(isFile);
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}
