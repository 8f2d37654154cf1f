import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import {
  actionInputsTable,
  actionOutputsTable,
  generatedPages,
  rulesPage,
  rulesTable,
  withGenerated,
} from '../../scripts/docs-tables.js';
import { RULE_FAMILIES, RULES } from '../../src/model/catalog.js';

/** The generated tables of docs/ are current (run `npm run docs` after changing rules or action.yml). */

const root = new URL('../../', import.meta.url);
const pages = await generatedPages(root);

test.each(pages.map((page) => [page.file, page]))('%s: its generated tables are current', async (_, page) => {
  const text = await readFile(new URL(page.file, root), 'utf8');
  expect(page.render(text)).toBe(text);
});

test('the rule table in docs/policy.md is the catalog', async () => {
  const policy = await readFile(new URL('docs/policy.md', root), 'utf8');
  expect(policy).toContain(rulesTable());
  for (const rule of RULES) expect(policy).toContain(`| \`${rule.id}\` |`);
  for (const family of RULE_FAMILIES) expect(policy).toContain(`| \`${family.pattern}\` |`);
});

test('docs/rules.md has a section per rule and family, with its severity, policy key and help', async () => {
  const page = await readFile(new URL('docs/rules.md', root), 'utf8');
  expect(page).toContain(rulesPage());
  for (const rule of RULES) {
    expect(page).toContain(`### \`${rule.id}\`: ${rule.title}`);
    expect(page).toContain(`**Default severity:** ${rule.defaultSeverity} · **Policy key:** \`${rule.policyKey}\``);
    expect(page).toContain(rule.help.split('\n')[0]);
  }
  for (const family of RULE_FAMILIES) expect(page).toContain(`### \`${family.pattern}\`: ${family.title}`);
});

test('docs/github-action.md documents every input and output of action.yml', async () => {
  const actionYml = await readFile(new URL('action.yml', root), 'utf8');
  const action = parse(actionYml) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
  const page = await readFile(new URL('docs/github-action.md', root), 'utf8');
  for (const name of Object.keys(action.inputs)) expect(page).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  for (const name of Object.keys(action.outputs)) expect(page).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  expect(page).toContain(actionInputsTable(actionYml));
  expect(page).toContain(actionOutputsTable(actionYml));
});

test('a stale table is caught, and a page without markers is an error', () => {
  const page = [
    'before',
    '<!-- generated:rules:start (x) -->',
    '| rule | old |',
    '<!-- generated:rules:end -->',
    'after',
  ].join('\n');
  const rendered = withGenerated(page, 'rules', rulesTable(), 'page.md');
  expect(rendered).not.toBe(page);
  expect(rendered).toContain(`(x) -->\n${rulesTable()}\n<!-- generated:rules:end -->\nafter`);
  expect(withGenerated(rendered, 'rules', rulesTable(), 'page.md')).toBe(rendered);
  expect(() => withGenerated('no markers', 'rules', rulesTable(), 'page.md')).toThrow(
    'page.md has no generated:rules start/end markers',
  );
});

test('table cells escape what would break the table or read as markup, but not inside code', () => {
  const table = actionInputsTable(
    'inputs:\n  a:\n    description: "one | two, *_TOKEN and <b>, `x|y`"\n    default: "on"\noutputs: {}\n',
  );
  expect(table.split('\n')[2]).toBe('| `a` | `on` | one \\| two, \\*_TOKEN and &lt;b>, `x\\|y` |');
});
