import { readFile } from 'node:fs/promises';
import { withRulesTable } from '../../scripts/readme-rules.js';
import { VERSION } from '../../src/version.js';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');

test('the README rule table is the catalog (run `npm run docs` after changing rules)', () => {
  expect(withRulesTable(readme)).toBe(readme);
});

test('the Quick start is exactly two commands', () => {
  const section = readme.split('## Quick start')[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  expect(block.trim().split('\n')).toEqual(['npm ci && npm run demo', 'npm test']);
});

test('src/version.ts matches package.json', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
