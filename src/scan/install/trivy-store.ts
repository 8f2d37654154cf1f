import type { Logger } from '../../util/logger.js';
import type { VerifyInstall } from './installed-binary.js';
import type { TrivyVerification } from './release-trust.js';

export interface StoredTrivy {
  path: string;
  verification: TrivyVerification;
}

/** Where downloaded Trivy versions are kept, for one version and platform. */
export interface TrivyStore {
  /** The installed binary when one is present and `verify` (pins or the author's SHA-256, never a file) accepts it. */
  find(verify: VerifyInstall, logger: Logger): Promise<StoredTrivy | undefined>;
  /**
   * Installs what `fill` puts into an empty staging directory (`trivy`, `trivy.sha256`, maybe the archive), checks
   * the result with `verify` and returns the binary. When anything fails, nothing a later `find` would accept is
   * left behind.
   */
  install(fill: (stagingDir: string) => Promise<void>, verify: VerifyInstall, logger: Logger): Promise<StoredTrivy>;
}
