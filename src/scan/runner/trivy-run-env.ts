/**
 * The environment Trivy runs with. Trivy reads a `TRIVY_<FLAG>` variable for every flag, and CI environments leak
 * them: trivy-action exports its inputs to later steps (trivy-action#422), so a `TRIVY_SEVERITY`, `TRIVY_EXIT_CODE`
 * or `TRIVY_IGNOREFILE` from an earlier step would silently filter imagegate's scan or turn findings into a failed
 * command. imagegate decides those itself, so inherited `TRIVY_*` variables are dropped except the ones that only
 * say how to reach registries and daemons.
 */

/** Inherited `TRIVY_*` variables that are kept: registry access, daemon sockets, diagnostics. */
export const KEPT_TRIVY_ENV: ReadonlySet<string> = new Set([
  'TRIVY_USERNAME',
  'TRIVY_PASSWORD',
  'TRIVY_REGISTRY_TOKEN',
  'TRIVY_INSECURE',
  'TRIVY_NON_SSL',
  'TRIVY_DOCKER_HOST',
  'TRIVY_PODMAN_HOST',
  'TRIVY_IMAGE_SRC',
  'TRIVY_OFFLINE_SCAN',
  'TRIVY_PARALLEL',
  'TRIVY_DEBUG',
]);

/**
 * The inherited variables that carry registry credentials. Trivy sends them to every registry it talks to, whatever
 * its host (trivy.dev, "Private registries": "Trivy will attempt to use these credentials for all registries"), so
 * they must not reach a scan of an image in a registry the job did not choose. The other credential-bearing ones
 * (`TRIVY_PASSWORD_STDIN`, the client/server `TRIVY_TOKEN`, `TRIVY_TOKEN_HEADER`, `TRIVY_CUSTOM_HEADERS`) are never
 * kept (see KEPT_TRIVY_ENV); Docker's config (`DOCKER_CONFIG`) holds credentials per registry and stays.
 */
export const TRIVY_CREDENTIAL_ENV: readonly string[] = ['TRIVY_USERNAME', 'TRIVY_PASSWORD', 'TRIVY_REGISTRY_TOKEN'];

export interface TrivyEnvRequest {
  credentials?: { username: string; password: string };
  extraEnv?: Record<string, string>;
  /**
   * The image is in a registry other than the one the job's credentials are for (a base's, named by the image or
   * its Dockerfile): inherited TRIVY_CREDENTIAL_ENV variables are removed from Trivy's environment.
   */
  dropInheritedCredentials?: boolean;
}

export interface TrivyEnv {
  /** Overrides on top of the parent environment; `undefined` removes an inherited variable. */
  env: Record<string, string | undefined>;
  /** Names (never values) of the inherited variables that were dropped. */
  dropped: string[];
}

/** The overrides for Trivy's process: leaked settings dropped, then `extraEnv`, then the registry credentials. */
export function trivyEnv(parent: NodeJS.ProcessEnv, request: TrivyEnvRequest): TrivyEnv {
  const env: Record<string, string | undefined> = {};
  const dropped: string[] = [];
  for (const name of Object.keys(parent).sort()) {
    if (name.toUpperCase().startsWith('TRIVY_') && !KEPT_TRIVY_ENV.has(name)) {
      env[name] = undefined;
      dropped.push(name);
    }
  }
  if (request.dropInheritedCredentials) {
    // Removed whether or not `parent` has them: exec starts Trivy from the entry point's real environment. Other
    // spellings (`trivy_password`) are not in KEPT_TRIVY_ENV, so the loop above removed them already.
    for (const name of TRIVY_CREDENTIAL_ENV) env[name] = undefined;
  }
  Object.assign(env, request.extraEnv ?? {});
  if (request.credentials) {
    // Only through the environment: arguments are visible in `ps`, in logs and in the ToolError's command line.
    env.TRIVY_USERNAME = request.credentials.username;
    env.TRIVY_PASSWORD = request.credentials.password;
  }
  return { env, dropped };
}

/**
 * Whether Trivy, started with these overrides (`trivyEnv(...).env`) on top of `inherited` (the entry point's process
 * environment, which exec extends), holds registry credentials. Trivy would send them to
 * the DB registries as well when it downloads a DB in the same run (see trivy-db-prefetch.ts).
 */
export function carriesRegistryCredentials(
  overrides: Record<string, string | undefined>,
  ...inherited: Array<Record<string, string | undefined>>
): boolean {
  return TRIVY_CREDENTIAL_ENV.some((name) => {
    if (Object.prototype.hasOwnProperty.call(overrides, name)) return Boolean(overrides[name]);
    return inherited.some((env) => Boolean(env[name]));
  });
}

/** The same overrides with every TRIVY_CREDENTIAL_ENV variable removed, inherited or set by imagegate. */
export function withoutRegistryCredentials(
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const stripped = { ...env };
  for (const name of TRIVY_CREDENTIAL_ENV) stripped[name] = undefined;
  return stripped;
}
