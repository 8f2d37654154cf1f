import type { FailOn } from '../policy/types.js';

/**
 * Everything one run needs, typed and validated once by the entry point (CLI flags, Action inputs or GitLab
 * variables). Nothing below the entry points reads process.env or raw strings of inputs.
 */

/** Where the image comes from. Exactly one per run. */
export type ImageInput =
  | {
      kind: 'build';
      context: string;
      dockerfile: string;
      buildArgs: Record<string, string>;
      target?: string;
      platform?: string;
      tag?: string;
    }
  | { kind: 'daemon'; reference: string }
  | { kind: 'archive'; path: string }
  | { kind: 'oci-layout'; path: string };

export interface RunConfig {
  /** Repository root: locations in reports are relative to it. */
  workspace: string;
  image: ImageInput;
  /** Dockerfile used to locate findings; for `build` it is the one built. Undefined when none is known. */
  dockerfile?: string;
  /** Build args for FROM substitution when the image was not built here (and passed to the build when it is). */
  buildArgs: Record<string, string>;
  /** Policy file; undefined means the built-in default policy. */
  policyFile?: string;
  outDir: string;
  /** Overrides the policy's gate.failOn when set. */
  failOn?: FailOn;
  /** SARIF automationDetails.id prefix; defaults to `imagegate/<image repository>`. */
  category?: string;
}
