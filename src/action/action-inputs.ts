import * as core from '@actions/core';
import { ConfigurationError } from '../util/errors.js';
import type { RawRunOptions } from '../config/resolve.js';

/** Action inputs as RawRunOptions; names match action.yml. Read once here, never deeper in the code. */
export interface ActionInputs extends RawRunOptions {
  annotations: boolean;
  jobSummary: boolean;
  /** Restore and save Trivy's DB with the Actions cache. */
  cacheTrivyDb: boolean;
  /** Registry credentials: handed to the run as IMAGEGATE_REGISTRY_USERNAME/PASSWORD (see registryEnvironment). */
  registryUsername?: string;
  registryPassword?: string;
  /** For the code-scanning upload and the PR comment; masked before anything logs (see run-action.ts). */
  githubToken: string;
  upload: boolean;
  waitForProcessing: boolean;
  comment: boolean;
  /** `base` or `head`; unset: base on pull-request events (see src/action/policy-source.ts). */
  policySource?: string;
  /** Submit the image's packages to GitHub's dependency graph (needs `contents: write`). */
  dependencySnapshot: boolean;
}

export function readActionInputs(): ActionInputs {
  const optional = (name: string) => core.getInput(name) || undefined;
  return {
    context: optional('context'),
    dockerfile: optional('dockerfile'),
    image: optional('image'),
    archive: optional('archive'),
    ociLayout: optional('oci-layout'),
    policy: optional('policy'),
    outDir: optional('out-dir'),
    buildArgs: lines('build-args'),
    target: optional('target'),
    platform: optional('platform'),
    tag: optional('tag'),
    failOn: optional('fail-on'),
    category: optional('category'),
    trivyReport: optional('trivy-report'),
    skipScan: booleanInput('skip-scan', false),
    scanners: optional('scanners'),
    trivyVersion: optional('trivy-version'),
    trivyTimeout: optional('trivy-timeout'),
    trivyDbRepositories: lines('trivy-db-repositories'),
    trivyJavaDbRepositories: lines('trivy-java-db-repositories'),
    trivyCacheDir: optional('trivy-cache-dir'),
    baselineReport: optional('baseline-report'),
    baselineImage: optional('baseline-image'),
    compose: lines('compose-files'),
    composeEnvFiles: lines('compose-env-files'),
    composeProfiles: lines('compose-profiles'),
    skipCompose: booleanInput('skip-compose', false),
    pull: optional('pull'),
    insecureRegistries: lines('insecure-registries'),
    trivySha256: optional('trivy-sha256'),
    trivyTrustOnFirstUse: booleanInput('trivy-trust-on-first-use', false),
    allowPaths: lines('allowed-paths')
      .flatMap((line) => line.split(','))
      .map((entry) => entry.trim())
      .filter(Boolean),
    registryUsername: optional('registry-username'),
    registryPassword: optional('registry-password'),
    cacheTrivyDb: booleanInput('cache-trivy-db', true),
    annotations: booleanInput('annotations', true),
    jobSummary: booleanInput('job-summary', true),
    githubToken: optional('github-token') ?? '',
    upload: booleanInput('upload', true),
    waitForProcessing: booleanInput('wait-for-processing', true),
    comment: booleanInput('comment', true),
    secretEnv: lines('secret-env'),
    policySource: optional('policy-source'),
    evaluateHeadPolicy: booleanInput('evaluate-head-policy', false),
    dependencySnapshot: booleanInput('dependency-snapshot', false),
    sbom: lines('sbom'),
    vex: lines('vex'),
    vexOut: optional('vex-out'),
    attest: booleanInput('attest', false),
    attestKey: optional('attest-key'),
    attestPush: booleanInput('attest-push', false),
    attestKeyless: booleanInput('attest-keyless', false),
    k8s: lines('k8s-manifests'),
    noScanCache: !booleanInput('scan-cache', true),
    kevFile: optional('kev-file'),
    epssFile: optional('epss-file'),
    kevUrls: lines('kev-urls'),
    epssUrls: lines('epss-urls'),
    offline: booleanInput('offline', false),
    offlineBundle: optional('offline-bundle'),
  };
}

/** How the Action names an option in messages: the input name. */
export function actionInputName(option: keyof RawRunOptions): string {
  const names: Record<keyof RawRunOptions, string> = {
    context: 'context',
    dockerfile: 'dockerfile',
    image: 'image',
    archive: 'archive',
    ociLayout: 'oci-layout',
    policy: 'policy',
    outDir: 'out-dir',
    buildArgs: 'build-args',
    target: 'target',
    platform: 'platform',
    tag: 'tag',
    failOn: 'fail-on',
    category: 'category',
    trivyReport: 'trivy-report',
    skipScan: 'skip-scan',
    trivyVersion: 'trivy-version',
    scanners: 'scanners',
    trivyTimeout: 'trivy-timeout',
    trivyDbRepositories: 'trivy-db-repositories',
    trivyJavaDbRepositories: 'trivy-java-db-repositories',
    trivyCacheDir: 'trivy-cache-dir',
    baselineReport: 'baseline-report',
    baselineImage: 'baseline-image',
    compose: 'compose-files',
    composeEnvFiles: 'compose-env-files',
    composeProfiles: 'compose-profiles',
    skipCompose: 'skip-compose',
    pull: 'pull',
    insecureRegistries: 'insecure-registries',
    trivySha256: 'trivy-sha256',
    trivyTrustOnFirstUse: 'trivy-trust-on-first-use',
    secretEnv: 'secret-env',
    policyRef: 'policy-source',
    evaluateHeadPolicy: 'evaluate-head-policy',
    allowPaths: 'allowed-paths',
    sbom: 'sbom',
    vex: 'vex',
    vexOut: 'vex-out',
    attest: 'attest',
    attestKey: 'attest-key',
    attestPush: 'attest-push',
    attestKeyless: 'attest-keyless',
    fulcioUrl: 'IMAGEGATE_FULCIO_URL',
    rekorUrl: 'IMAGEGATE_REKOR_URL',
    k8s: 'k8s-manifests',
    noScanCache: 'scan-cache',
    kevFile: 'kev-file',
    epssFile: 'epss-file',
    kevUrls: 'kev-urls',
    epssUrls: 'epss-urls',
    offline: 'offline',
    offlineBundle: 'offline-bundle',
  };
  return `input '${names[option]}'`;
}

function lines(name: string): string[] {
  return core.getMultilineInput(name).filter((line) => line.trim() !== '');
}

function booleanInput(name: string, fallback: boolean): boolean {
  const value = core.getInput(name).trim().toLowerCase();
  if (value === '') return fallback;
  // Not core.getBooleanInput: it throws a TypeError, and a bad input is a configuration error (exit 2).
  if (['true', 'yes', 'on'].includes(value)) return true;
  if (['false', 'no', 'off'].includes(value)) return false;
  throw new ConfigurationError(`input '${name}': expected true or false, got '${value}'`);
}

/**
 * The `registry-username`/`registry-password` inputs as the environment variables the registry client reads, the
 * password masked in the log first. Inputs win over variables already set.
 */
export function registryEnvironment(inputs: ActionInputs): Record<string, string> {
  if (inputs.registryPassword) core.setSecret(inputs.registryPassword);
  return {
    ...(inputs.registryUsername ? { IMAGEGATE_REGISTRY_USERNAME: inputs.registryUsername } : {}),
    ...(inputs.registryPassword ? { IMAGEGATE_REGISTRY_PASSWORD: inputs.registryPassword } : {}),
  };
}
