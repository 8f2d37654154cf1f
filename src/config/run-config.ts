import type { KeylessSettings } from '../attest/keyless.js';
import type { AttestKeySource } from '../attest/attest-key.js';
import type { ImageInput } from '../image/image-input.js';
import type { ScanOptions } from '../scan/scan-options.js';
import type { ComposeRequest } from '../pipeline/compose-stage.js';
import type { FailOn } from '../policy/types.js';

/**
 * Everything one run needs, typed and validated once by the entry point (CLI flags, Action inputs or GitLab
 * variables). Nothing below the entry points reads process.env or raw input strings.
 */

export type { ImageInput } from '../image/image-input.js';
export type { TrivyScanner } from '../scan/scan-options.js';
/** Whether and how the image is scanned (the type is src/scan/'s own). */
export type ScanConfig = ScanOptions;
import type { SbomFormat } from '../report/sbom/sbom-format.js';

export interface RunConfig {
  /** Repository root (absolute): locations in reports are relative to it. */
  workspace: string;
  image: ImageInput;
  /** Absolute Dockerfile path: built for `build`, used only to locate findings otherwise. */
  dockerfile?: string;
  /** Build args: passed to the build, and used to resolve `FROM ${ARG}` lines either way. */
  buildArgs: Record<string, string>;
  /** `os/arch[/variant]`: the platform to build, or to pick from a multi-platform archive or layout. */
  platform?: string;
  /** The Dockerfile stage that produced the image (`--target`); the last stage when unset. */
  target?: string;
  /** Policy file (absolute); undefined means the built-in default policy. */
  policyFile?: string;
  /** Absolute directory the reports are written to. */
  outDir: string;
  /** Overrides the policy's gate.failOn when set. */
  failOn?: FailOn;
  scan: ScanConfig;
  /** Compose files to check beside the image (and the policy's `compose.files`). */
  compose: ComposeRequest;
  /** The environment compose files are interpolated with (and HOME for `~`): the entry point passes its own. */
  environment: Record<string, string | undefined>;
  /** A previous imagegate.json to report new and fixed findings against. */
  baselineReport?: string;
  /**
   * An image to compare with (e.g. the main branch's build): read and, when Trivy runs, scanned like the image
   * under test. Excludes `baselineReport`.
   */
  baselineImage?: Exclude<ImageInput, { kind: 'build' } | { kind: 'trivy-report' } | { kind: 'none' }>;
  /** SARIF category (automationDetails.id prefix); defaults to `imagegate/image/<repository>`. */
  category?: string;
  /**
   * With no Dockerfile, SARIF results of findings located in the image point at line 1 of this URI (e.g. the image's
   * repository) instead of becoming run notifications, so code scanning keeps them as alerts.
   */
  sarifAnchor?: string;
  /** Registries reached over plain http besides loopback ones (`host` or `host:port`). */
  insecureRegistries?: string[];
  /**
   * `--secret-env` / `secret-env`: more variables that hold secrets, withheld from compose interpolation and redacted
   * in every output like the ones src/util/secret-env.ts knows.
   */
  secretEnv?: string[];
  /**
   * A git ref (a pull request's base commit) whose policy file decides, read through git; the working tree's
   * policy is then only compared (the Policy changes section). Unset: the working tree's policy decides.
   */
  policyRef?: string;
  /** With `policyRef`: also evaluate the working tree's policy and report its verdict beside (never deciding). */
  evaluateHeadPolicy?: boolean;
  /**
   * Absolute directories files named by the repository may be read from: the workspace, the CI's workspace
   * variables the entry point trusts and `--allow-path`/`allowed-paths`. See src/util/workspace-paths.ts.
   */
  allowedRoots?: string[];
  /** `--sbom` / `sbom`: SBOM files to write beside the reports (imagegate.cdx.json, imagegate.spdx.json). */
  sbom?: SbomFormat[];
  /** `--vex` / input `vex`: VEX documents (absolute paths) applied beside the policy's `vulnerabilities.vex`. */
  vex?: string[];
  /** `--vex-out` / input `vex-out`: where to write the run's accepted exceptions as an OpenVEX document. */
  vexOut?: string;
  /** `--attest` / input `attest`: sign the verdict with this key into imagegate.vsa.dsse.json (src/attest/). */
  attestKey?: AttestKeySource;
  /** `--attest-push` / input `attest-push`: attach the signed summary to the image as an OCI 1.1 referrer. */
  attestPush?: boolean;
  /** `--attest-keyless` / input `attest-keyless`: sign through Fulcio and Rekor instead of with `attestKey`. */
  attestKeyless?: KeylessSettings;
  /** `--k8s` / input `k8s-manifests`: manifest files and directories (absolute), `-` for standard input. */
  k8s?: string[];
  /** `--no-scan-cache` / input `scan-cache: false`: run Trivy even when the scan cache holds this image's results. */
  noScanCache?: boolean;
  /** `--kev-file`, `--epss-file`, `--kev-url`, `--epss-url`: where the exploit-priority feeds come from (issue 18). */
  feeds?: FeedOptions;
  /** `--offline` (or a bundle): nothing is downloaded for Trivy, its DB, the feeds or the installers (issue 18). */
  offline?: boolean;
  /** `--offline-bundle DIR` (absolute): Trivy, its DBs and the feeds from `imagegate offline bundle`. */
  offlineBundle?: string;
}

/** Files (absolute) replace any download; URLs replace the default mirror lists. */
export interface FeedOptions {
  kevFile?: string;
  epssFile?: string;
  kevUrls?: string[];
  epssUrls?: string[];
}

export type { SbomFormat } from '../report/sbom/sbom-format.js';
export { SBOM_FORMATS } from '../report/sbom/sbom-format.js';
