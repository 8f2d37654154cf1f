import { actionInputName, readActionInputs } from '../../src/action/action-inputs.js';
import { cliOptionName, parseCliArgs } from '../../src/cli/cli-args.js';
import { resolveRunConfig, type RawRunOptions } from '../../src/config/resolve.js';

/**
 * The attestation options from the command line and from the Action's inputs to the RunConfig: keyless signing's
 * Fulcio and Rekor default to Sigstore's public good, IMAGEGATE_FULCIO_URL/REKOR_URL override that, the flags
 * override both; push and keyless need --attest.
 */

function cliConfig(args: string[], environment: Record<string, string> = {}) {
  const command = parseCliArgs(['check', '--image', 'ghcr.io/acme/api:1', ...args]);
  if (command.name !== 'check') throw new Error('not check');
  return resolveRunConfig(command.options as RawRunOptions, {
    cwd: '/work/repo',
    environment,
    optionName: cliOptionName,
  });
}

test('keyless: public good by default, the variables next, the flags first', () => {
  expect(cliConfig(['--attest', '--attest-keyless']).attestKeyless).toEqual({
    fulcioUrl: 'https://fulcio.sigstore.dev',
    rekorUrl: 'https://rekor.sigstore.dev',
  });
  const environment = {
    IMAGEGATE_FULCIO_URL: 'https://fulcio.corp.example/',
    IMAGEGATE_REKOR_URL: 'https://rekor.corp.example',
  };
  expect(cliConfig(['--attest', '--attest-keyless'], environment).attestKeyless).toEqual({
    fulcioUrl: 'https://fulcio.corp.example',
    rekorUrl: 'https://rekor.corp.example',
  });
  expect(
    cliConfig(['--attest', '--attest-keyless', '--fulcio-url', 'http://127.0.0.1:5555/fulcio'], environment)
      .attestKeyless,
  ).toEqual({ fulcioUrl: 'http://127.0.0.1:5555/fulcio', rekorUrl: 'https://rekor.corp.example' });
  expect(cliConfig(['--attest', '--attest-keyless'])).not.toHaveProperty('attestKey');
});

test.each([
  [['--attest-push'], '--attest-push is set but --attest is not'],
  [['--attest-keyless'], '--attest-keyless is set but --attest is not'],
  [
    ['--attest', '--attest-keyless', '--rekor-url', 'https://user:pw@rekor.example'],
    '--rekor-url must not carry credentials',
  ],
])('%j is refused', (args, message) => {
  expect(() => cliConfig(args)).toThrow(message);
});

test('an insecure URL from the environment is named by its variable', () => {
  expect(() => cliConfig(['--attest', '--attest-keyless'], { IMAGEGATE_REKOR_URL: 'http://rekor.example' })).toThrow(
    'IMAGEGATE_REKOR_URL must be https (http only on localhost)',
  );
});

describe('Action inputs', () => {
  const names = ['INPUT_IMAGE', 'INPUT_ATTEST', 'INPUT_ATTEST-KEYLESS', 'INPUT_ATTEST-PUSH'];
  afterEach(() => {
    for (const name of names) delete process.env[name];
  });

  test('attest, attest-keyless and attest-push reach the RunConfig', () => {
    Object.assign(process.env, {
      INPUT_IMAGE: 'ghcr.io/acme/api:1',
      INPUT_ATTEST: 'true',
      'INPUT_ATTEST-KEYLESS': 'true',
      'INPUT_ATTEST-PUSH': 'true',
    });
    const config = resolveRunConfig(readActionInputs(), {
      cwd: '/work/repo',
      environment: {},
      optionName: actionInputName,
    });
    expect(config.attestPush).toBe(true);
    expect(config.attestKeyless).toEqual({
      fulcioUrl: 'https://fulcio.sigstore.dev',
      rekorUrl: 'https://rekor.sigstore.dev',
    });
  });
});
