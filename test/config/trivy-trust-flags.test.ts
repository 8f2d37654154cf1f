import { cliOptionName, parseCliArgs } from '../../src/cli/cli-args.js';
import { parseRescanArgs } from '../../src/rescan/rescan-args.js';
import { resolveRunConfig, type RawRunOptions } from '../../src/config/resolve.js';
import { ConfigurationError, exitCodeFor } from '../../src/util/errors.js';

/** `--trivy-sha256` and `--trivy-trust-on-first-use` from the command line to the scan config. */

function scanConfig(args: string[]) {
  const command = parseCliArgs(['check', '--image', 'app:1', ...args]);
  if (command.name !== 'check') throw new Error('not check');
  return resolveRunConfig(command.options as RawRunOptions, {
    cwd: process.cwd(),
    environment: {},
    optionName: cliOptionName,
  }).scan;
}

const HEX = 'ab'.repeat(32);

test('a SHA-256 is taken in any case, with or without a sha256: prefix, and stored lower-case', () => {
  expect(scanConfig(['--trivy-version', '0.71.9', '--trivy-sha256', `sha256:${HEX.toUpperCase()}`])).toMatchObject({
    kind: 'trivy',
    version: '0.71.9',
    sha256: HEX,
  });
  expect(scanConfig(['--trivy-trust-on-first-use'])).toMatchObject({ kind: 'trivy', trustOnFirstUse: true });
  const plain = scanConfig([]);
  expect(plain).not.toHaveProperty('sha256');
  expect(plain).not.toHaveProperty('trustOnFirstUse');
});

test('a malformed SHA-256 is exit 2 naming the option', () => {
  let error: unknown;
  try {
    scanConfig(['--trivy-sha256', 'deadbeef']);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(exitCodeFor(error)).toBe(2);
  expect((error as Error).message).toContain("--trivy-sha256 'deadbeef': expected the 64 hex digits of a SHA-256");
});

test('trivy install and rescan run take them too', () => {
  expect(parseCliArgs(['trivy', 'install', '--version', '0.71.9', '--sha256', HEX, '--trust-on-first-use'])).toEqual({
    name: 'trivy-install',
    version: '0.71.9',
    sha256: HEX,
    trustOnFirstUse: true,
    verbose: false,
  });
  const run = parseRescanArgs([
    'run',
    '--reference',
    'r@sha256:' + 'c'.repeat(64),
    '--out-dir',
    'o',
    '--trivy-sha256',
    HEX,
    '--trivy-trust-on-first-use',
  ]);
  expect(run).toMatchObject({ name: 'rescan-run', args: { trivySha256: HEX, trivyTrustOnFirstUse: true } });
});
