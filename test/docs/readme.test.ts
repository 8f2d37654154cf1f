import { readFile } from 'node:fs/promises';
import { VERSION } from '../../src/version.js';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');

test('the Quick start is exactly two commands', () => {
  const section = readme.split('## Quick start')[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  expect(block.trim().split('\n')).toEqual(['npm ci && npm run demo', 'npm test']);
});

test('src/version.ts matches package.json', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});

test('the README is for users first: short, with the Action example near the top', () => {
  const lines = readme.split('\n');
  expect(lines.length).toBeLessThanOrEqual(150);
  const firstUses = lines.findIndex((line) => /\buses:\s*imagegate\/imagegate@/.test(line));
  expect(firstUses).toBeGreaterThan(0);
  expect(firstUses).toBeLessThan(40);
});

test('every docs page is reachable from the README', () => {
  for (const page of [
    'cli',
    'policy',
    'github-action',
    'gitlab',
    'rescan',
    'reports',
    'security',
    'development',
    'benchmarks',
    'policy-on-pull-requests',
  ]) {
    expect(readme).toContain(`](docs/${page}.md)`);
  }
  expect(readme).toContain('](docs/workflows/)');
  expect(readme).toContain('](SECURITY.md)');
});
