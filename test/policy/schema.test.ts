import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { RULES } from '../../src/model/catalog.js';
import { SEVERITIES } from '../../src/model/findings.js';
import { POLICY_SCHEMA } from '../../src/policy/schema-validate.js';
import { validatePolicyFiles } from '../../src/policy/load.js';

const root = path.resolve(import.meta.dirname, '../..');
const shipped = ['policies/recommended.yml', 'policies/strict.yml'];

async function schemaFromDisk(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(root, 'policies/policy.schema.json'), 'utf8')) as Record<string, unknown>;
}

describe('policies/policy.schema.json', () => {
  it('compiles under ajv strict mode, as published on disk', async () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const schema = await schemaFromDisk();
    const validate = ajv.compile(schema);
    expect(validate({ version: 1 })).toBe(true);
    expect(validate({ version: 1, surprise: true })).toBe(false);
    // Strict mode is really on: the same schema with a keyword ajv does not know is refused.
    expect(() => new Ajv({ strict: true }).compile({ ...schema, markdownDescription: 'x' })).toThrow(/unknown keyword/);
  });

  it('is the schema the loader validates with', async () => {
    expect(POLICY_SCHEMA).toEqual(await schemaFromDisk());
  });

  it('lists exactly the rule ids of the catalog under `rules`', () => {
    const rules = (POLICY_SCHEMA.properties as Record<string, { properties: Record<string, unknown> }>).rules;
    expect(Object.keys(rules?.properties ?? {}).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it('offers the severities of findings.ts plus never / off', () => {
    const definitions = POLICY_SCHEMA.definitions as Record<string, { enum: string[] }>;
    expect(definitions.severity?.enum).toEqual([...SEVERITIES]);
    expect(definitions.failOn?.enum).toEqual([...SEVERITIES, 'never']);
    expect(definitions.ruleSeverity?.enum).toEqual([...SEVERITIES, 'off']);
  });

  it('forbids unknown keys in every object it describes', () => {
    const objects: Array<{ where: string; schema: Record<string, unknown> }> = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${where}/${index}`));
      else if (node && typeof node === 'object') {
        const schema = node as Record<string, unknown>;
        if (schema.type === 'object') objects.push({ where, schema });
        for (const [key, value] of Object.entries(schema)) walk(value, `${where}/${key}`);
      }
    };
    walk(POLICY_SCHEMA, '#');
    expect(objects.length).toBeGreaterThan(8);
    for (const { where, schema } of objects)
      expect({ where, additionalProperties: schema.additionalProperties }).toEqual({
        where,
        additionalProperties: false,
      });
  });

  it('accepts its own examples', async () => {
    const validate = new Ajv({ strict: true }).compile(await schemaFromDisk());
    const definitions = POLICY_SCHEMA.definitions as Record<string, { examples?: unknown[] }>;
    for (const example of definitions.size?.examples ?? []) {
      expect(validate({ version: 1, defaults: { size: { max: example } } })).toBe(true);
    }
    for (const example of definitions.imagePattern?.examples ?? []) {
      expect(validate({ version: 1, images: [{ match: example }] })).toBe(true);
    }
  });
});

describe('shipped policies', () => {
  it.each(shipped)('%s validates', async (file) => {
    const [result] = await validatePolicyFiles([path.join(root, file)]);
    expect(result?.errors.map((error) => error.message)).toEqual([]);
    expect(result?.ok).toBe(true);
  });

  it.each(shipped)('%s points editors at the schema', async (file) => {
    const text = await readFile(path.join(root, file), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./policy.schema.json');
    expect(parse(text)).toMatchObject({ version: 1 });
  });
});
