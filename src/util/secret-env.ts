/**
 * Which environment variables are credentials. Two questions with two answers:
 *
 * - What the repository's files may interpolate (compose `${VAR}`, `.env`): everything except imagegate's own
 *   variables, the CI systems' credentials and the names the workflow author lists (`--secret-env`). A pull request
 *   controls the compose files, so a variable it can ask for is a variable it can copy into a report. Variables whose
 *   names say they hold a secret (below) read as SECRET_PLACEHOLDER: set, so `${NPM_TOKEN:?}` still passes, but the
 *   value never enters the model. Redacting it on the way out is not enough: compose splits a volume at `:`,
 *   lower-cases the project name, and reports cut long values, and each of those turns the value into text the
 *   redactor no longer recognises.
 * - Which values are secret and get replaced by `***` in every output (see redact.ts): the values of the credentials
 *   above, and of every variable whose name says it holds one (`*_TOKEN`, `*_PASSWORD`, `*_SECRET`, `*_KEY`).
 *   INPUT_* and IMAGEGATE_* are withheld from interpolation, but only their secret-looking ones are redacted: the
 *   others hold image names and paths, which reports must show.
 */

/** Prefixes of variables the repository never sees: imagegate's own, the Action's inputs, the runner's tokens. */
const WITHHELD_PREFIXES = ['IMAGEGATE_', 'INPUT_', 'ACTIONS_', 'CI_JOB_JWT'] as const;

/** The CI systems' credentials that have no common prefix. */
const WITHHELD_NAMES: ReadonlySet<string> = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'CI_JOB_TOKEN',
  'CI_REGISTRY_PASSWORD',
  'CI_DEPLOY_PASSWORD',
  'CI_DEPENDENCY_PROXY_PASSWORD',
]);

/** Variable names that say they hold a secret; compared in upper case. */
const SECRET_SUFFIXES = ['_TOKEN', '_PASSWORD', '_SECRET', '_KEY'] as const;

/** GitLab's OIDC tokens do not end in one of the suffixes; the runner's ID-token URL carries a credential too. */
const SECRET_PREFIXES = ['CI_JOB_JWT', 'ACTIONS_ID_TOKEN_REQUEST_'] as const;

/** A variable name the workflow author may list: the shell's grammar. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether interpolation of repository files is refused `name`; `listed` are the `--secret-env` names. */
export function isWithheldVariable(name: string, listed: ReadonlySet<string> = new Set()): boolean {
  if (listed.has(name) || WITHHELD_NAMES.has(name)) return true;
  return WITHHELD_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** Whether the value of `name` is a secret for redaction (before the length floor of redact.ts). */
export function isSecretVariable(name: string, listed: ReadonlySet<string> = new Set()): boolean {
  if (listed.has(name) || WITHHELD_NAMES.has(name)) return true;
  // The runner names inputs as written: `INPUT_GITHUB-TOKEN`, `INPUT_REGISTRY-PASSWORD`.
  const upper = name.toUpperCase().replaceAll('-', '_');
  return (
    SECRET_SUFFIXES.some((suffix) => upper.endsWith(suffix)) ||
    SECRET_PREFIXES.some((prefix) => upper.startsWith(prefix))
  );
}

/** What a repository file reads for a secret-named variable that is not withheld (see the top of this file). */
export const SECRET_PLACEHOLDER = '***';

/**
 * The environment repository files are interpolated with: `environment` without the withheld variables, and with
 * SECRET_PLACEHOLDER for the values of the other secret-named ones.
 */
export function interpolationEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
  listed: ReadonlySet<string> = new Set(),
): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (isWithheldVariable(name, listed)) continue;
    result[name] = value !== undefined && isSecretVariable(name, listed) ? SECRET_PLACEHOLDER : value;
  }
  return result;
}

/** The values of the secret variables of `environment`, for the redactor. */
export function secretValues(
  environment: Readonly<Record<string, string | undefined>>,
  listed: ReadonlySet<string> = new Set(),
): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(environment)) {
    if (value && isSecretVariable(name, listed)) values.push(value);
  }
  return values;
}
