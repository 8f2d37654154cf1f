/** Where the image comes from. Exactly one per run. */
export type ImageInput =
  | { kind: 'build'; context: string; tag: string }
  /** `pull`: see src/image/source/registry/pull-policy.ts; unset = the daemon only. */
  | { kind: 'daemon'; reference: string; pull?: 'never' | 'missing' | 'always' }
  /** Read straight from the registry (what `--pull=never` falls back to; the re-scan runner). */
  | { kind: 'registry'; reference: string }
  | { kind: 'archive'; path: string }
  | { kind: 'oci-layout'; path: string }
  /** No image: its facts come from the Trivy report's Metadata (`--trivy-report` alone). */
  | { kind: 'trivy-report' }
  /** No image at all: only compose files are checked (`--compose` alone). */
  | { kind: 'none' };
