import type { ScanEnvironment } from '../pipeline/scan-stage.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';

/** What a rescan command gets from the CLI: where it runs, its environment, logging and output. */
export interface RescanContext {
  cwd: string;
  /** Registry credentials (IMAGEGATE_REGISTRY_USERNAME/PASSWORD, DOCKER_CONFIG) and Trivy's settings come from here. */
  env: Record<string, string | undefined>;
  logger: Logger;
  /** The command's result for people (a short summary; the files are the contract). */
  stdout: (text: string) => void;
  /** Where Trivy and its DB live (the CLI's ~/.cache/imagegate). */
  scan: ScanEnvironment;
  /** The run's Redactor (shared with the logger); built from `env` when absent. */
  redactor?: Redactor;
}
