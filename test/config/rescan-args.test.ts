import { parseRescanArgs, parseShard, RESCAN_HELP } from '../../src/rescan/rescan-args.js';
import { ConfigurationError } from '../../src/util/errors.js';

describe('rescan command lines', () => {
  test('plan: every option, repeatable ones collected', () => {
    const command = parseRescanArgs([
      'plan',
      '--registry',
      'https://registry.example:5000',
      '--repository',
      'team/api',
      '--repository',
      'team/web',
      '--tags',
      'semver:>=2.0.0',
      '--tags',
      'latest:3/minor',
      '--ledger',
      'ledger.json',
      '--shards',
      '4',
      '--out-dir',
      'out',
      '--concurrency',
      '16',
      '--trivy-db-updated-at',
      '2026-11-27T00:00:00Z',
    ]);
    expect(command).toEqual({
      name: 'rescan-plan',
      args: {
        registry: 'https://registry.example:5000',
        repositories: ['team/api', 'team/web'],
        tagRules: ['semver:>=2.0.0', 'latest:3/minor'],
        ledger: 'ledger.json',
        shards: 4,
        outDir: 'out',
        concurrency: 16,
        trivyDbUpdatedAt: '2026-11-27T00:00:00Z',
        insecureRegistries: [],
        verbose: false,
      },
    });
  });

  test('run: a plan and a shard, or one reference', () => {
    const planned = parseRescanArgs(['run', '--plan', 'p.json', '--shard', '2/8', '--out-dir', 'o']);
    expect(planned).toMatchObject({ name: 'rescan-run', args: { plan: 'p.json', shard: { index: 2, count: 8 } } });
    expect(planned).toMatchObject({ args: { failOn: 'new' } });
    const single = parseRescanArgs([
      'run',
      '--reference',
      'r.example/a@sha256:ab',
      '--out-dir',
      'o',
      '--fail-on',
      'any',
    ]);
    expect(single).toMatchObject({ args: { reference: 'r.example/a@sha256:ab', failOn: 'any' } });
    expect(single).not.toHaveProperty('args.shard');
  });

  test('merge: several result dirs', () => {
    expect(
      parseRescanArgs(['merge', '--ledger', 'l.json', '--results', 'a', '--results', 'b', '--out', 'n.json']),
    ).toEqual({
      name: 'rescan-merge',
      args: { ledger: 'l.json', results: ['a', 'b'], out: 'n.json', verbose: false },
    });
  });

  test('merge: --sarif-dir and --sarif-store', () => {
    const args = ['merge', '--ledger', 'l.json', '--results', 'a', '--out', 'n.json', '--sarif-dir', 'sarif'];
    expect(parseRescanArgs([...args, '--sarif-store', 'store'])).toMatchObject({
      args: { sarifDir: 'sarif', sarifStore: 'store' },
    });
    expect(parseRescanArgs(args)).not.toHaveProperty('args.sarifStore');
    expect(RESCAN_HELP).toMatch(/--sarif-dir DIR/);
    expect(RESCAN_HELP).toMatch(/--sarif-store DIR/);
    for (const line of RESCAN_HELP.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });

  test('help', () => {
    expect(parseRescanArgs([])).toEqual({ name: 'help', topic: 'rescan' });
    expect(parseRescanArgs(['plan', '--help'])).toEqual({ name: 'help', topic: 'rescan' });
  });

  test.each([
    [['scan'], /unknown rescan command 'scan'/],
    [['plan', '--out-dir', 'o'], /rescan plan needs --registry/],
    [['plan', '--registry', 'r'], /rescan plan needs --out-dir/],
    [['plan', '--registry', 'r', '--out-dir', 'o', '--shards', '0'], /--shards: expected a whole number ≥ 1, got '0'/],
    [['plan', '--registry', 'r', '--out-dir', 'o', '--shards', '2.5'], /--shards: expected a whole number/],
    [['plan', '--registry', 'r', '--out-dir', 'o', 'extra'], /takes no positional arguments \(got 'extra'\)/],
    [['plan', '--registry', 'r', '--out-dir', 'o', '--password', 'x'], /rescan plan: Unknown option '--password'/],
    [['run', '--out-dir', 'o'], /needs --plan FILE .* or --reference REF/],
    [
      ['run', '--plan', 'p', '--reference', 'r', '--out-dir', 'o'],
      /either --plan FILE --shard K\/N or --reference REF/,
    ],
    [['run', '--plan', 'p', '--shard', '3/2', '--out-dir', 'o'], /--shard: expected K\/N with 1 ≤ K ≤ N/],
    [['run', '--plan', 'p', '--out-dir', 'o', '--fail-on', 'high'], /--fail-on: expected new, any or never/],
    [['merge', '--ledger', 'l', '--out', 'n'], /at least one --results DIR/],
  ])('%j is a configuration error', (argv, message) => {
    expect(() => parseRescanArgs(argv)).toThrow(ConfigurationError);
    expect(() => parseRescanArgs(argv)).toThrow(message);
  });

  test('shards', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard(' 7/200 ')).toEqual({ index: 7, count: 200 });
    for (const bad of ['0/1', '1/0', '1', '1/2/3', 'a/b', '-1/2']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});
