import { startFakeGitHub, type FakeGitHub } from '../github/support/github-api-server.js';

/** The fake GitHub of useFakeGitHub(), plus the environment that points the Action at it. */
export interface UsedFakeGitHub extends FakeGitHub {
  /** GITHUB_API_URL for the bundled Action (or a CLI run), plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
}

export interface UseFakeGitHubOptions {
  /** Forget requests, comments and scripts before each test (default true). */
  resetEach?: boolean;
}

/**
 * The local GitHub API stand-in (test/github/support/github-api-server.ts) for the tests of the enclosing
 * `describe` (or file): started in beforeAll, closed in afterAll, reset before each test. The returned object
 * forwards to the running server, so it can be kept in a `const` at collection time and used from tests.
 */
export function useFakeGitHub(options: UseFakeGitHubOptions = {}): UsedFakeGitHub {
  let server: FakeGitHub | undefined;
  beforeAll(async () => {
    server = await startFakeGitHub();
  });
  afterAll(async () => {
    await server?.close();
    server = undefined;
  });
  if (options.resetEach ?? true) beforeEach(() => server?.reset());

  const running = (): FakeGitHub => {
    if (!server) throw new Error('useFakeGitHub(): the server runs only between beforeAll and afterAll');
    return server;
  };
  const env = (extra: Record<string, string> = {}) => ({ GITHUB_API_URL: running().url, ...extra });
  return new Proxy({} as UsedFakeGitHub, {
    get(_target, key) {
      if (key === 'env') return env;
      const target = running();
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(_target, key, value) {
      return Reflect.set(running(), key, value);
    },
  });
}
