import type { Logger } from '../../util/logger.js';

/** Where downloaded Trivy versions are kept, for one version and platform. */
export interface TrivyStore {
  /** The installed binary when one is present and still matches its recorded SHA-256. */
  find(logger: Logger): Promise<string | undefined>;
  /**
   * Installs what `fill` puts into an empty staging directory (`trivy`, `trivy.sha256`) and returns the binary's
   * path. When anything fails, nothing a later `find` would accept is left behind.
   */
  install(fill: (stagingDir: string) => Promise<void>, logger: Logger): Promise<string>;
}
