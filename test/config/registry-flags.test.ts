import { parseCliArgs, cliOptionName } from '../../src/cli/cli-args.js';
import { resolveRunConfig, type RawRunOptions } from '../../src/config/resolve.js';
import { RegistryClient } from '../../src/image/source/registry/registry-client.js';
import { ConfigurationError, ToolError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { freePort } from '../support/registry.js';

/** `--pull` and `--insecure-registry` from the command line to the RunConfig. */

function resolve(args: string[]) {
  const command = parseCliArgs(['check', ...args]);
  if (command.name !== 'check') throw new Error('not check');
  return resolveRunConfig(command.options as RawRunOptions, {
    cwd: process.cwd(),
    environment: {},
    optionName: cliOptionName,
  });
}

test('--pull applies to --image; the image input carries it', () => {
  expect(resolve(['--image', 'ghcr.io/acme/api:1', '--pull', 'never']).image).toEqual({
    kind: 'daemon',
    reference: 'ghcr.io/acme/api:1',
    pull: 'never',
  });
  expect(resolve(['--image', 'ghcr.io/acme/api:1', '--pull=ALWAYS']).image).toMatchObject({ pull: 'always' });
  expect(resolve(['--image', 'ghcr.io/acme/api:1']).image).toEqual({ kind: 'daemon', reference: 'ghcr.io/acme/api:1' });
  expect(() => resolve(['--oci-layout', '.', '--pull', 'never'])).toThrow('--pull applies to --image only');
  expect(() => resolve(['--context', '.', '--pull', 'always'])).toThrow('--pull applies to --image only');
  expect(() => resolve(['--image', 'app:1', '--pull', 'if-needed'])).toThrow(ConfigurationError);
});

test('--insecure-registry is repeatable and takes hosts only', () => {
  const config = resolve([
    ...['--image', 'registry.internal:5000/app:1'],
    ...['--insecure-registry', 'registry.internal:5000', '--insecure-registry', 'Mirror.Internal'],
  ]);
  expect(config.insecureRegistries).toEqual(['registry.internal:5000', 'mirror.internal']);
  expect(() => resolve(['--image', 'app:1', '--insecure-registry', 'http://registry.internal'])).toThrow(
    "--insecure-registry 'http://registry.internal': expected a registry host with an optional port",
  );
});

test('a registry nobody listens on is a tool error (exit 3) after the retries', async () => {
  const port = await freePort();
  const client = await RegistryClient.open(`127.0.0.1:${port}`, {
    logger: new MemoryLogger(),
    environment: {},
    retry: { attempts: 2, baseDelayMs: 10 },
  });
  const error = await client.getManifest('app', '1').catch((caught: unknown) => caught as Error);
  client.close();
  expect(error).toBeInstanceOf(ToolError);
  expect((error as Error).message).toMatch(
    new RegExp(`^could not reach registry 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.* \\(after 2 attempts\\)$`),
  );
});
