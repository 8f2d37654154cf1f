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

export interface TrivyEnvRequest {
  credentials?: { username: string; password: string };
  extraEnv?: Record<string, string>;
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
  Object.assign(env, request.extraEnv ?? {});
  if (request.credentials) {
    // Only through the environment: arguments are visible in `ps`, in logs and in the ToolError's command line.
    env.TRIVY_USERNAME = request.credentials.username;
    env.TRIVY_PASSWORD = request.credentials.password;
  }
  return { env, dropped };
}
