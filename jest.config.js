/**
 * Jest runs TypeScript as native ESM through @swc/jest; type checking is `npm run typecheck`.
 *
 * Two projects, split by what a test needs (`npm run test:unit` and `npm run test:integration` run one each through
 * jest.unit.config.js and jest.integration.config.js; `npm test` runs both):
 * - `unit`: files, in-process servers on 127.0.0.1 (the fake GitHub/GitLab, release and hostile servers) and the Trivy
 *   stand-in only. No Docker daemon, no docker-registry, no bundled Action, nothing fetched: the quick inner loop.
 * - `integration`: the files listed in test/integration-files.json, which need a real slow part (the daemon,
 *   docker-registry, the Action bundled from the current source, docker-compose v1, Node 24 from npm). Its
 *   globalSetup bundles the Action once per run for every suite (test/support/action-bundle.ts).
 * test/shipping/test-projects.test.ts keeps the list honest: a file outside it may not start those parts.
 */
import { readFileSync } from 'node:fs';

const groups = JSON.parse(readFileSync(new URL('./test/integration-files.json', import.meta.url), 'utf8'));
const integrationFiles = Object.values(groups).flat();

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', importAttributes: true },
          target: 'es2022',
          experimental: { keepImportAttributes: true },
        },
        module: { type: 'es6' },
      },
    ],
  },
};

export const unit = {
  ...base,
  displayName: 'unit',
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...integrationFiles.map((file) => `^<rootDir>/${escape(file)}$`)],
};

export const integration = {
  ...base,
  displayName: 'integration',
  testMatch: integrationFiles.map((file) => `<rootDir>/${file}`),
  globalSetup: '<rootDir>/test/support/action-bundle-setup.js',
  globalTeardown: '<rootDir>/test/support/action-bundle-teardown.js',
};

/** Options for the whole run (not per project). */
export const run = { testTimeout: 120000 };

export default { ...run, projects: [unit, integration] };
