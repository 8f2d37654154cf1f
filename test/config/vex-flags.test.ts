import path from 'node:path';
import { cliOptionName, parseCliArgs } from '../../src/cli/cli-args.js';
import { resolveRunConfig, type RawRunOptions } from '../../src/config/resolve.js';

/** `--vex` (repeatable) and `--vex-out` from the command line to the RunConfig, relative to the working directory. */

function runConfig(args: string[]) {
  const command = parseCliArgs(['check', '--image', 'app:1', ...args]);
  if (command.name !== 'check') throw new Error('not check');
  return resolveRunConfig(command.options as RawRunOptions, {
    cwd: '/work/repo',
    environment: {},
    optionName: cliOptionName,
  });
}

test('--vex is repeatable and --vex-out is one file, both absolute', () => {
  const config = runConfig(['--vex', 'a.vex.json', '--vex', '/abs/b.json', '--vex-out', 'out/accepted.vex.json']);
  expect(config.vex).toEqual([path.resolve('/work/repo', 'a.vex.json'), '/abs/b.json']);
  expect(config.vexOut).toBe(path.resolve('/work/repo', 'out/accepted.vex.json'));
});

test('without them the config has neither', () => {
  const config = runConfig([]);
  expect(config).not.toHaveProperty('vex');
  expect(config).not.toHaveProperty('vexOut');
});
