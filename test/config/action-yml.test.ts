import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** action.yml and the code agree: every declared input is read, every read input is declared, outputs likewise. */

const root = new URL('../../', import.meta.url);
const action = parse(await readFile(new URL('action.yml', root), 'utf8')) as {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string }>;
  outputs: Record<string, { description: string }>;
  branding: unknown;
};
const inputsSource = await readFile(new URL('src/action/action-inputs.ts', root), 'utf8');
const publishSource = await readFile(new URL('src/action/publish-results.ts', root), 'utf8');

test('runs on node24 from the bundled entry, with branding', () => {
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/action.js' });
  expect(action.branding).toBeDefined();
});

test('every input is documented and read, and nothing undeclared is read', () => {
  const read = new Set(
    [...inputsSource.matchAll(/(?:optional|booleanInput|lines)\('([a-z0-9-]+)'/g)].map((match) => match[1] as string),
  );
  expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
  for (const [name, input] of Object.entries(action.inputs)) expect(`${name}: ${input.description}`).toMatch(/\w{3,}/);
});

test('every output is documented and set', () => {
  const set = new Set([...publishSource.matchAll(/setOutput\('([a-z-]+)'/g)].map((match) => match[1] as string));
  for (const severity of ['critical', 'high', 'medium', 'low', 'info']) set.add(`findings-${severity}`);
  expect([...set].sort()).toEqual(Object.keys(action.outputs).sort());
});
