import { POLICY_EXPECTATIONS, POLICY_SCHEMA } from '../../src/policy/schema-validate.js';

/**
 * Issue 17, item 3: the policy validator is generated at build time and carries its own copy of the schema, so the
 * friendly expectations ("a size such as 300MB…") are found by a schema part's JSON text rather than by its object.
 * That is only as exact as the old identity lookup while no other part of the schema has the same text: a schema edit
 * that adds such a twin fails here (give the twin a description, or move both to one definition).
 */

test('every part of the schema with a friendly expectation is the only part with its text', () => {
  const counts = new Map<string, number>([...POLICY_EXPECTATIONS.keys()].map((key) => [key, 0]));
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (!Array.isArray(node)) {
      const text = JSON.stringify(node);
      const count = counts.get(text);
      if (count !== undefined) counts.set(text, count + 1);
    }
    for (const child of Object.values(node)) walk(child);
  };
  walk(POLICY_SCHEMA);
  expect(POLICY_EXPECTATIONS.size).toBe(15);
  expect([...counts.values()]).toEqual(new Array(POLICY_EXPECTATIONS.size).fill(1));
});
