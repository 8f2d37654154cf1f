import { existsSync, realpathSync, statSync } from 'node:fs';
import { checkFeedUrl } from '../scan/feeds/feed-url.js';
import path from 'node:path';
import { SEVERITIES } from '../model/findings.js';
import { parseImageReference } from '../model/image-reference.js';
import { PULL_POLICIES, type PullPolicy } from '../image/source/registry/pull-policy-names.js';
import { parseInsecureRegistry } from '../image/source/registry/registry-endpoint.js';
import type { FailOn } from '../policy/types.js';
import { parseAttestKeySource, type AttestKeySource } from '../attest/attest-key.js';
import {
  checkSigstoreUrl,
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  FULCIO_URL_ENV,
  REKOR_URL_ENV,
  type KeylessSettings,
} from '../attest/keyless.js';
import { ConfigurationError } from '../util/errors.js';
import { VARIABLE_NAME } from '../util/secret-env.js';
import type { ComposeRequest } from '../pipeline/compose-stage.js';
import { normalizeTrivySha256 } from '../scan/install/release-trust.js';
import { checkOutDir } from '../util/out-dir.js';
import { isInside, WorkspacePaths } from '../util/workspace-paths.js';
import type { FeedOptions, ImageInput, RunConfig, SbomFormat, ScanConfig, TrivyScanner } from './run-config.js';
import { SBOM_FORMATS } from './run-config.js';

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
  trivyReport?: string;
  skipScan?: boolean;
  trivyVersion?: string;
  /** Comma-separated: vuln, secret, license. */
  scanners?: string;
  trivyTimeout?: string;
  trivyDbRepositories?: string[];
  trivyJavaDbRepositories?: string[];
  trivyCacheDir?: string;
  baselineReport?: string;
  /** An image reference in the daemon to compare with. */
  baselineImage?: string;
  compose?: string[];
  composeEnvFiles?: string[];
  composeProfiles?: string[];
  skipCompose?: boolean;
  /** `never`, `missing` or `always`; applies to `image`. */
  pull?: string;
  insecureRegistries?: string[];
  /** SHA-256 of the Trivy release archive or of the trivy binary. */
  trivySha256?: string;
  trivyTrustOnFirstUse?: boolean;
  /** Names of variables that hold secrets, beyond the ones src/util/secret-env.ts knows. */
  secretEnv?: string[];
  /** A git ref (the pull request's base) to read the deciding policy at; see src/policy/deciding-policy.ts. */
  policyRef?: string;
  /** With a policy ref: also evaluate the working tree's policy and report its verdict beside. */
  evaluateHeadPolicy?: boolean;
  /** More directories files may be read from (`--allow-path`, `allowed-paths`). */
  allowPaths?: string[];
  /** `--sbom` / `sbom`: `cyclonedx`, `spdx`, each entry possibly a comma list. */
  sbom?: string[];
  /** VEX documents (`--vex`, `vex`), relative to cwd. */
  vex?: string[];
  /** Where to write the accepted exceptions as OpenVEX (`--vex-out`, `vex-out`), relative to cwd. */
  vexOut?: string;
  /** Write the signed verification summary (`--attest`, `attest`). */
  attest?: boolean;
  /** Where its key is (`--attest-key`, `attest-key`): `env:NAME` or `file:PATH`, never the key. */
  attestKey?: string;
  /** Attach it to the image in its registry (`--attest-push`, `attest-push`). */
  attestPush?: boolean;
  /** Sign it keylessly through Fulcio and Rekor with the runner's OIDC token (`--attest-keyless`, `attest-keyless`). */
  attestKeyless?: boolean;
  /** Fulcio and Rekor for keyless signing (`--fulcio-url`, `--rekor-url`); default IMAGEGATE_*_URL, else public good. */
  fulcioUrl?: string;
  rekorUrl?: string;
  /** Kubernetes manifests (`--k8s`, `k8s-manifests`): files, directories, `-` for standard input. */
  k8s?: string[];
  /** `--no-scan-cache` / input `scan-cache: false`: always run Trivy (src/scan/runner/scan-cache.ts). */
  noScanCache?: boolean;
  /** Exploit-priority feeds (issue 18): files for offline runs, mirrors in order. */
  kevFile?: string;
  epssFile?: string;
  kevUrls?: string[];
  epssUrls?: string[];
  /** `--offline` / input `offline` / IMAGEGATE_OFFLINE: no network for Trivy, its DB, the feeds or the installers. */
  offline?: boolean;
  /** `--offline-bundle DIR` / input `offline-bundle`: what `imagegate offline bundle` wrote; implies offline. */
  offlineBundle?: string;
}

export interface ResolveEnvironment {
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Repository root; defaults to cwd. */
  workspace?: string;
  /**
   * More roots the entry point trusts besides the workspace (the CLI: GITHUB_WORKSPACE, CI_PROJECT_DIR and its
   * working directory). Files named by the repository must stay inside these, the workspace and `allowPaths`.
   */
  workspaceRoots?: string[];
  /** The process environment, for compose interpolation. */
  environment: Record<string, string | undefined>;
  /** How this entry point names an option in messages: `--oci-layout` or `oci-layout`. */
  optionName: (option: keyof RawRunOptions) => string;
}

export const POLICY_FILE_NAMES = ['.imagegate.yml', '.imagegate.yaml', '.imagegate.json'] as const;
const BUILD_ARG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function resolveRunConfig(raw: RawRunOptions, env: ResolveEnvironment): RunConfig {
  const { optionName } = env;
  const abs = (file: string) => path.resolve(env.cwd, file);
  const workspace = path.resolve(env.cwd, env.workspace ?? '.');
  const allowedRoots = resolveAllowedRoots(raw, env, workspace);
  const paths = WorkspacePaths.within(allowedRoots);
  const existingFile = (file: string, option: string): string => guardedFile(paths, file, option);

  const sources = (['context', 'image', 'archive', 'ociLayout'] as const).filter((key) => nonEmpty(raw[key]));
  // `--compose FILE` with no image source gates the compose files alone (a repository that deploys upstream images).
  // Kubernetes manifests alone are gated the same way.
  const composeOnly =
    sources.length === 0 &&
    !nonEmpty(raw.trivyReport) &&
    ((raw.compose ?? []).some(nonEmpty) || (raw.k8s ?? []).some(nonEmpty));
  if (sources.length === 0 && !nonEmpty(raw.trivyReport) && !composeOnly) {
    throw new ConfigurationError(
      `no image given: pass one of ${(['context', 'image', 'archive', 'ociLayout', 'trivyReport'] as const).map(optionName).join(', ')}, ` +
        `or ${optionName('compose')} alone to check compose files only`,
    );
  }
  if (composeOnly && nonEmpty(raw.baselineImage)) {
    throw new ConfigurationError(
      `${optionName('baselineImage')} compares images, and no image is checked: give one of ${(['context', 'image', 'archive', 'ociLayout'] as const).map(optionName).join(', ')}`,
    );
  }
  if (sources.length > 1) {
    throw new ConfigurationError(
      `${sources.map(optionName).join(' and ')} both name an image; give exactly one image source`,
    );
  }

  if (nonEmpty(raw.pull) && !nonEmpty(raw.image)) {
    throw new ConfigurationError(`${optionName('pull')} applies to ${optionName('image')} only`);
  }
  const buildArgs = parseBuildArgs(raw.buildArgs, optionName('buildArgs'));
  const image: ImageInput = composeOnly
    ? { kind: 'none' }
    : sources.length === 0
      ? { kind: 'trivy-report' }
      : resolveImageInput(raw, abs, optionName, paths);
  // Nothing to scan without an image: scan options are accepted (one workflow, two modes) and have no effect.
  const scan: ScanConfig = composeOnly ? { kind: 'skip' } : resolveScan(raw, abs, optionName, existingFile);
  const baselineReport = nonEmpty(raw.baselineReport)
    ? existingFile(abs(raw.baselineReport), optionName('baselineReport'))
    : undefined;
  const baselineImage = nonEmpty(raw.baselineImage) ? raw.baselineImage.trim() : undefined;
  if (baselineImage) {
    if (baselineReport) {
      throw new ConfigurationError(
        `${optionName('baselineReport')} and ${optionName('baselineImage')} both name a baseline; give one`,
      );
    }
    parseImageReference(baselineImage, { path: optionName('baselineImage') });
  }
  let dockerfile: string | undefined;
  if (nonEmpty(raw.dockerfile)) {
    // Like `docker build -f`, relative to the working directory rather than the context.
    dockerfile = abs(raw.dockerfile);
    if (!isFile(dockerfile)) throw new ConfigurationError(`${optionName('dockerfile')}: no such file: ${dockerfile}`);
    existingFile(dockerfile, optionName('dockerfile'));
  } else if (image.kind === 'build') {
    dockerfile = path.join(image.context, 'Dockerfile');
    if (!isFile(dockerfile)) {
      throw new ConfigurationError(
        `${optionName('context')} ${raw.context}: there is no Dockerfile in the context; pass ${optionName('dockerfile')}`,
      );
    }
    existingFile(dockerfile, optionName('context'));
  }

  const outDir = abs(nonEmpty(raw.outDir) ? raw.outDir : 'imagegate-out');
  checkOutDir(outDir, workspace, optionName('outDir'));
  const policyRef = nonEmpty(raw.policyRef) ? raw.policyRef.trim() : undefined;
  // With a ref the named file may exist only there (a pull request that deletes it is judged by it all the same).
  const policyFile = nonEmpty(raw.policy) ? abs(raw.policy) : policyRef ? undefined : discoverPolicy(workspace);
  if (policyFile && !policyRef && !isFile(policyFile))
    throw new ConfigurationError(`${optionName('policy')}: no such file: ${policyFile}`);
  if (policyFile) existingFile(policyFile, optionName('policy'));

  return {
    workspace,
    image,
    ...(dockerfile ? { dockerfile } : {}),
    buildArgs,
    ...(nonEmpty(raw.target) ? { target: raw.target } : {}),
    ...(nonEmpty(raw.platform) ? { platform: raw.platform.trim() } : {}),
    ...(policyFile ? { policyFile } : {}),
    outDir,
    ...(nonEmpty(raw.failOn) ? { failOn: parseFailOn(raw.failOn, optionName('failOn')) } : {}),
    ...(nonEmpty(raw.category) ? { category: raw.category } : {}),
    ...insecureRegistriesOf(raw, optionName),
    scan,
    ...(baselineReport ? { baselineReport } : {}),
    ...(baselineImage ? { baselineImage: { kind: 'daemon' as const, reference: baselineImage } } : {}),
    compose: resolveCompose(raw, abs, optionName, existingFile),
    environment: env.environment,
    ...secretEnvOf(raw, optionName),
    ...(policyRef ? { policyRef } : {}),
    ...(raw.evaluateHeadPolicy ? { evaluateHeadPolicy: true } : {}),
    allowedRoots,
    ...sbomOf(raw, optionName),
    ...((raw.vex ?? []).filter(nonEmpty).length > 0 ? { vex: (raw.vex ?? []).filter(nonEmpty).map(abs) } : {}),
    ...(nonEmpty(raw.vexOut) ? { vexOut: abs(raw.vexOut) } : {}),
    ...attestOf(raw, optionName, env.environment),
    ...k8sOf(raw, abs),
    ...(raw.noScanCache ? { noScanCache: true } : {}),
    ...feedsOf(raw, abs, existingFile, optionName),
    ...offlineOf(raw, abs, optionName, paths),
  };
}

/** `--offline`, `--offline-bundle DIR` (a directory; its manifest is checked when the scan needs it). */
function offlineOf(
  raw: RawRunOptions,
  abs: (file: string) => string,
  optionName: (key: keyof RawRunOptions) => string,
  paths: WorkspacePaths,
): { offline?: boolean; offlineBundle?: string } {
  if (!nonEmpty(raw.offlineBundle)) return raw.offline ? { offline: true } : {};
  const dir = abs(raw.offlineBundle.trim());
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigurationError(`${optionName('offlineBundle')} ${dir}: not a directory`);
  }
  // As for an OCI layout: a bundle directory committed as a symlink must not lead out of the workspace.
  const checked = paths.checkSync(dir);
  if (!checked.ok && checked.problem === 'refused') {
    throw new ConfigurationError(`${optionName('offlineBundle')}: ${dir} is refused: ${checked.reason}`);
  }
  return { offline: true, offlineBundle: dir };
}

/** `--kev-file`, `--epss-file` (must exist), `--kev-url`, `--epss-url`; nothing when none is given. */
function feedsOf(
  raw: RawRunOptions,
  abs: (file: string) => string,
  existingFile: (file: string, option: string) => string,
  optionName: (key: keyof RawRunOptions) => string,
): { feeds?: FeedOptions } {
  // Checked here, before any build, whether or not the policy will read the feeds: a URL never carries a secret.
  const urls = (values: string[] | undefined, key: 'kevUrls' | 'epssUrls') =>
    (values ?? [])
      .map((value) => value.trim())
      .filter(Boolean)
      .map((url) => checkFeedUrl(url, optionName(key)));
  const kevUrls = urls(raw.kevUrls, 'kevUrls');
  const epssUrls = urls(raw.epssUrls, 'epssUrls');
  const feeds: FeedOptions = {
    ...(nonEmpty(raw.kevFile) ? { kevFile: existingFile(abs(raw.kevFile), optionName('kevFile')) } : {}),
    ...(nonEmpty(raw.epssFile) ? { epssFile: existingFile(abs(raw.epssFile), optionName('epssFile')) } : {}),
    ...(kevUrls.length > 0 ? { kevUrls } : {}),
    ...(epssUrls.length > 0 ? { epssUrls } : {}),
  };
  return Object.keys(feeds).length > 0 ? { feeds } : {};
}

/** `--k8s` paths: absolute, `-` (standard input) kept as it is; whether each exists is the loader's to say. */
function k8sOf(raw: RawRunOptions, abs: (file: string) => string): { k8s?: string[] } {
  const inputs = (raw.k8s ?? []).filter(nonEmpty).map((each) => (each.trim() === '-' ? '-' : abs(each.trim())));
  return inputs.length > 0 ? { k8s: inputs } : {};
}

/** `--sbom cyclonedx,spdx` (or repeated): the formats in the order first named, each once. */
function sbomOf(raw: RawRunOptions, optionName: ResolveEnvironment['optionName']): { sbom?: SbomFormat[] } {
  const formats: SbomFormat[] = [];
  for (const entry of (raw.sbom ?? []).flatMap((value) => value.split(','))) {
    const name = entry.trim().toLowerCase();
    if (name === '') continue;
    const format = SBOM_FORMATS.find((known) => known === name);
    if (!format) {
      throw new ConfigurationError(
        `${optionName('sbom')} '${entry.trim().slice(0, 40)}': expected ${SBOM_FORMATS.join(' or ')}`,
      );
    }
    if (!formats.includes(format)) formats.push(format);
  }
  return formats.length > 0 ? { sbom: formats } : {};
}

type ExistingFile = (file: string, option: string) => string;

function resolveCompose(
  raw: RawRunOptions,
  abs: (file: string) => string,
  optionName: ResolveEnvironment['optionName'],
  existingFile: ExistingFile,
): ComposeRequest {
  const files = (raw.compose ?? []).filter(nonEmpty).map((file) => existingFile(abs(file), optionName('compose')));
  const envFiles = (raw.composeEnvFiles ?? [])
    .filter(nonEmpty)
    .map((file) => existingFile(abs(file), optionName('composeEnvFiles')));
  if (raw.skipCompose && files.length > 0) {
    throw new ConfigurationError(`${optionName('skipCompose')} and ${optionName('compose')} contradict each other`);
  }
  const profiles = (raw.composeProfiles ?? []).map((profile) => profile.trim()).filter(Boolean);
  return { files, envFiles, skip: raw.skipCompose ?? false, ...(profiles.length > 0 ? { profiles } : {}) };
}

const SCANNERS: readonly TrivyScanner[] = ['vuln', 'secret', 'license'];
/** Trivy durations: `90s`, `10m`, `1h30m`. */
const DURATION = /^(?:\d+(?:\.\d+)?(?:h|m|s|ms))+$/;

function resolveScan(
  raw: RawRunOptions,
  abs: (file: string) => string,
  optionName: ResolveEnvironment['optionName'],
  existingFile: ExistingFile,
): ScanConfig {
  if (raw.skipScan) {
    if (nonEmpty(raw.trivyReport)) {
      throw new ConfigurationError(`${optionName('skipScan')} and ${optionName('trivyReport')} contradict each other`);
    }
    return { kind: 'skip' };
  }
  if (nonEmpty(raw.trivyReport))
    return { kind: 'report', file: existingFile(abs(raw.trivyReport), optionName('trivyReport')) };
  const scanners = nonEmpty(raw.scanners)
    ? parseScanners(raw.scanners, optionName('scanners'))
    : (['vuln'] as TrivyScanner[]);
  const timeout = raw.trivyTimeout?.trim();
  if (timeout && !DURATION.test(timeout)) {
    throw new ConfigurationError(
      `${optionName('trivyTimeout')} '${timeout}': expected a duration such as 90s, 10m or 1h`,
    );
  }
  const version = raw.trivyVersion?.trim().replace(/^v/, '');
  if (version && !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new ConfigurationError(
      `${optionName('trivyVersion')} '${raw.trivyVersion}': expected a version such as 0.72.0`,
    );
  }
  const repositories = (values: string[] | undefined) => values?.map((value) => value.trim()).filter(Boolean);
  const dbRepositories = repositories(raw.trivyDbRepositories);
  const javaDbRepositories = repositories(raw.trivyJavaDbRepositories);
  return {
    kind: 'trivy',
    scanners,
    ...(version ? { version } : {}),
    ...(timeout ? { timeout } : {}),
    ...(dbRepositories?.length ? { dbRepositories } : {}),
    ...(javaDbRepositories?.length ? { javaDbRepositories } : {}),
    ...(nonEmpty(raw.trivyCacheDir) ? { cacheDir: abs(raw.trivyCacheDir) } : {}),
    ...(nonEmpty(raw.trivySha256)
      ? { sha256: normalizeTrivySha256(raw.trivySha256, `${optionName('trivySha256')} '${raw.trivySha256}'`) }
      : {}),
    ...(raw.trivyTrustOnFirstUse ? { trustOnFirstUse: true } : {}),
    ...(nonEmpty(raw.scanners) ? { scannersOption: optionName('scanners') } : {}),
  };
}

function parseScanners(value: string, option: string): TrivyScanner[] {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!(SCANNERS as readonly string[]).includes(name)) {
      throw new ConfigurationError(`${option} '${name}': expected a comma-separated list of ${SCANNERS.join(', ')}`);
    }
  }
  if (names.length === 0) throw new ConfigurationError(`${option}: expected at least one of ${SCANNERS.join(', ')}`);
  return [...new Set(names)] as TrivyScanner[];
}

/**
 * A file a flag or input names: the workflow author's choice, but the file must still be a regular file inside
 * the allowed roots (a committed symlink may point anywhere). Returns the path as given, for display.
 */
function guardedFile(paths: WorkspacePaths, file: string, option: string): string {
  const result = paths.checkSync(file);
  if (result.ok) return file;
  if (result.problem !== 'refused') throw new ConfigurationError(`${option}: no such file: ${file}`);
  throw new ConfigurationError(`${option}: ${file} is refused: ${result.reason}`);
}

/**
 * The workspace, the entry point's roots and `allowPaths` (existing directories, relative to cwd); plus, for a
 * file or directory a flag names outside all of those (`--policy /etc/imagegate/org.yml`, a context elsewhere),
 * its directory: the workflow author pointed there explicitly. A flag path inside the workspace gets no such
 * widening, so a symlink committed there still cannot lead out.
 */
function resolveAllowedRoots(raw: RawRunOptions, env: ResolveEnvironment, workspace: string): string[] {
  const roots = [workspace, ...(env.workspaceRoots ?? []).filter(nonEmpty).map((root) => path.resolve(env.cwd, root))];
  for (const entry of (raw.allowPaths ?? []).filter(nonEmpty)) {
    const dir = path.resolve(env.cwd, entry.trim());
    if (!isDirectory(dir)) throw new ConfigurationError(`${env.optionName('allowPaths')}: no such directory: ${dir}`);
    roots.push(dir);
  }
  const base = WorkspacePaths.within(roots);
  const named = [
    ...[
      raw.policy,
      raw.dockerfile,
      raw.baselineReport,
      raw.trivyReport,
      ...(raw.compose ?? []),
      ...(raw.composeEnvFiles ?? []),
      ...(raw.k8s ?? []).filter((each) => each.trim() !== '-'),
    ]
      .filter(nonEmpty)
      .map((file) => path.dirname(path.resolve(env.cwd, file))),
    ...[raw.context, raw.ociLayout, raw.offlineBundle].filter(nonEmpty).map((dir) => path.resolve(env.cwd, dir)),
    ...(nonEmpty(raw.archive) ? [path.dirname(path.resolve(env.cwd, raw.archive))] : []),
  ];
  for (const dir of named) {
    const inside = roots.some((root) => isInside(root, dir)) || base.contains(realDirectory(dir));
    if (!inside) roots.push(dir);
  }
  return [...new Set(roots)];
}

function realDirectory(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

function resolveImageInput(
  raw: RawRunOptions,
  abs: (file: string) => string,
  optionName: ResolveEnvironment['optionName'],
  paths: WorkspacePaths,
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
    const pull = nonEmpty(raw.pull) ? parsePull(raw.pull, optionName('pull')) : undefined;
    return { kind: 'daemon', reference: raw.image, ...(pull ? { pull } : {}) };
  }
  if (nonEmpty(raw.archive)) {
    const file = abs(raw.archive);
    if (!isFile(file)) throw new ConfigurationError(`${optionName('archive')}: no such file: ${file}`);
    guardedFile(paths, file, optionName('archive'));
    return { kind: 'archive', path: file };
  }
  const layout = abs(raw.ociLayout ?? '');
  if (!existsSync(layout))
    throw new ConfigurationError(`${optionName('ociLayout')}: no such directory or file: ${layout}`);
  // A layout directory (or a tar of one) committed as a symlink must not lead out of the workspace either.
  const checked = paths.checkSync(layout);
  if (!checked.ok && checked.problem === 'refused') {
    throw new ConfigurationError(`${optionName('ociLayout')}: ${layout} is refused: ${checked.reason}`);
  }
  return { kind: 'oci-layout', path: layout };
}

function parsePull(value: string, option: string): PullPolicy {
  const normalized = value.trim().toLowerCase();
  if ((PULL_POLICIES as readonly string[]).includes(normalized)) return normalized as PullPolicy;
  throw new ConfigurationError(`${option} '${value}': expected one of ${PULL_POLICIES.join(', ')}`);
}

function insecureRegistriesOf(
  raw: RawRunOptions,
  optionName: ResolveEnvironment['optionName'],
): { insecureRegistries?: string[] } {
  const entries = (raw.insecureRegistries ?? []).filter(nonEmpty);
  if (entries.length === 0) return {};
  return { insecureRegistries: entries.map((entry) => parseInsecureRegistry(entry, optionName('insecureRegistries'))) };
}

function secretEnvOf(raw: RawRunOptions, optionName: ResolveEnvironment['optionName']): { secretEnv?: string[] } {
  const names = (raw.secretEnv ?? []).map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!VARIABLE_NAME.test(name)) {
      throw new ConfigurationError(
        `${optionName('secretEnv')} '${name}': expected a variable name (letters, digits and _, not starting with a digit)`,
      );
    }
  }
  return names.length > 0 ? { secretEnv: [...new Set(names)] } : {};
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

/**
 * `--attest` with `--attest-key` or `--attest-keyless` (one of them): where the key is, parsed here so a key pasted
 * as the value fails before any work; or the Fulcio and Rekor URLs (flags, else IMAGEGATE_FULCIO_URL/REKOR_URL,
 * else Sigstore's public good).
 */
function attestOf(
  raw: RawRunOptions,
  optionName: ResolveEnvironment['optionName'],
  environment: Record<string, string | undefined>,
): { attestKey?: AttestKeySource; attestPush?: boolean; attestKeyless?: KeylessSettings } {
  const key = raw.attestKey?.trim() ? parseAttestKeySource(raw.attestKey, optionName('attestKey')) : undefined;
  if (!raw.attest) {
    for (const option of ['attestKey', 'attestPush', 'attestKeyless', 'fulcioUrl', 'rekorUrl'] as const) {
      const value = raw[option];
      if (value === true || (typeof value === 'string' && value.trim() !== '')) {
        throw new ConfigurationError(`${optionName(option)} is set but ${optionName('attest')} is not`);
      }
    }
    return {};
  }
  if (key && raw.attestKeyless) {
    throw new ConfigurationError(`${optionName('attestKey')} and ${optionName('attestKeyless')} exclude each other`);
  }
  const push = raw.attestPush ? { attestPush: true } : {};
  if (raw.attestKeyless) {
    const url = (option: 'fulcioUrl' | 'rekorUrl', variable: string, fallback: string) => {
      const given = raw[option]?.trim() || environment[variable]?.trim();
      return given ? checkSigstoreUrl(given, raw[option]?.trim() ? optionName(option) : variable) : fallback;
    };
    return {
      ...push,
      attestKeyless: {
        fulcioUrl: url('fulcioUrl', FULCIO_URL_ENV, DEFAULT_FULCIO_URL),
        rekorUrl: url('rekorUrl', REKOR_URL_ENV, DEFAULT_REKOR_URL),
      },
    };
  }
  if (!key) {
    throw new ConfigurationError(
      `${optionName('attest')} needs ${optionName('attestKey')} (env:NAME or file:PATH of a PEM private key) ` +
        `or ${optionName('attestKeyless')}`,
    );
  }
  for (const option of ['fulcioUrl', 'rekorUrl'] as const) {
    if (raw[option]?.trim())
      throw new ConfigurationError(`${optionName(option)} is only for ${optionName('attestKeyless')}`);
  }
  return { attestKey: key, ...push };
}
