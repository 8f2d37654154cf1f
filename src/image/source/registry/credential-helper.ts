import { ConfigurationError, ToolError } from '../../../util/errors.js';
import { exec } from '../../../util/exec.js';
import type { Logger } from '../../../util/logger.js';
import { isObject } from '../../image-config.js';
import type { StoredAuth } from './docker-config.js';

/**
 * Docker credential helpers (`docker-credential-<name> get`, the server URL on stdin, JSON on stdout), which is how
 * `docker login` stores secrets with `credsStore`/`credHelpers` (desktop, pass, ecr-login, gcloud, …). Run the way
 * the docker CLI runs them, so whatever logged the user in works here too; the secret only travels over the pipe.
 */

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** What helpers print when they hold nothing for that server; not an error, just no credentials. */
const NOT_FOUND = /credentials not found|no credentials|not found in (native )?keychain/i;

export interface HelperResult {
  auth?: StoredAuth;
  /** Why there is none (helper missing, nothing stored): said again if the registry then asks for credentials. */
  note?: string;
}

export async function credentialsFromHelper(
  helper: string,
  serverUrl: string,
  options: { logger: Logger; environment: Record<string, string | undefined>; configPath: string },
): Promise<HelperResult> {
  if (!HELPER_NAME.test(helper)) {
    throw new ConfigurationError(`credential helper name ${JSON.stringify(helper)} is not a plain program name`, {
      path: options.configPath,
    });
  }
  const program = `docker-credential-${helper}`;
  let result;
  try {
    result = await exec(program, ['get'], {
      logger: options.logger,
      input: serverUrl,
      env: options.environment,
      timeoutMs: 60_000,
      okExitCodes: [0, 1],
      maxStdoutBytes: 1024 * 1024,
    });
  } catch (error) {
    if (error instanceof ToolError && /was not found on PATH/.test(error.message)) {
      const note = `${options.configPath} names credential helper ${program}, which is not installed`;
      options.logger.warning(`${note}; going on without credentials for ${serverUrl}`);
      return { note };
    }
    throw error;
  }
  if (result.exitCode !== 0) {
    const said = `${result.stdout}\n${result.stderr}`.trim();
    if (NOT_FOUND.test(said) || said === '') {
      options.logger.debug(`${program}: no credentials for ${serverUrl}`);
      return { note: `${program} holds no credentials for ${serverUrl}` };
    }
    throw new ToolError(`${program} get failed for ${serverUrl}`, {
      command: `${program} get`,
      exitCode: result.exitCode,
      stderrTail: said.slice(-2000),
    });
  }
  return { auth: parseHelperOutput(result.stdout, program, options.logger) };
}

function parseHelperOutput(stdout: string, program: string, logger: Logger): StoredAuth {
  let value: unknown;
  try {
    value = JSON.parse(stdout) as unknown;
  } catch {
    // Never echo the output: it may hold the secret.
    throw new ToolError(`${program} get printed something that is not JSON`, { command: `${program} get` });
  }
  const username = isObject(value) && typeof value.Username === 'string' ? value.Username : '';
  const secret = isObject(value) && typeof value.Secret === 'string' ? value.Secret : '';
  if (secret === '') return {};
  logger.mask(secret);
  // Helpers return an identity (refresh) token under this conventional user name.
  if (username === '<token>') return { identityToken: secret };
  return { username, password: secret };
}
