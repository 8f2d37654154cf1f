import type { SourceLocation } from './findings.js';

/**
 * A healthcheck that the runtime, not the image, gives a container of the checked image: a compose service's
 * `healthcheck.test`, later a Kubernetes liveness or readiness probe. It satisfies `dockerfile/no-healthcheck`
 * for that image, and the finding's absence is explained by where it is.
 */
export interface RuntimeHealthcheck {
  kind: 'compose' | 'kubernetes';
  /** The compose service (or Kubernetes container) that runs the image. */
  name: string;
  /** Where the healthcheck is written. */
  location: SourceLocation;
}
