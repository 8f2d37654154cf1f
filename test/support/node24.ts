import { execa } from 'execa';

/**
 * The Action runs on node24; this machine has Node 20. `npm exec --package=node@24` fetches Node 24 from the npm
 * registry (reachable in CI) and caches it. Returns its path, or undefined when it cannot be had.
 */
export async function node24Path(): Promise<string | undefined> {
  const result = await execa(
    'npm',
    ['exec', '--yes', '--package=node@24', '--', 'node', '-e', 'process.stdout.write(process.execPath)'],
    { reject: false, timeout: 300_000 },
  );
  return result.exitCode === 0 && result.stdout.startsWith('/') ? result.stdout : undefined;
}
