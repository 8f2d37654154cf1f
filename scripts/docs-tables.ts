import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { RULE_FAMILIES, RULES } from '../src/model/catalog.js';
import { familyAnchor, ruleAnchor } from '../src/report/rule-docs.js';

/**
 * The generated tables of docs/: the rules from the catalog, the Action's inputs and outputs from action.yml, so the
 * pages cannot drift from what the code does. `npm run docs` writes them; test/docs/docs-tables.test.ts fails when a
 * page is stale. Each table sits between `<!-- generated:NAME:start … -->` and `<!-- generated:NAME:end -->`.
 */

interface ActionYml {
  inputs: Record<string, { description: string; default?: string | boolean }>;
  outputs: Record<string, { description: string }>;
}

/** Markdown table cell text: `|` would end the cell, and outside code spans `*` and `<` would be read as markup. */
function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split('`')
    .map((part, index) =>
      index % 2 === 1 ? part.replaceAll('|', '\\|') : part.replace(/([|*\\])/g, '\\$1').replaceAll('<', '&lt;'),
    )
    .join('`');
}

export function rulesTable(): string {
  const rows = RULES.map(
    (rule) => `| \`${rule.id}\` | ${rule.title} | \`${rule.policyKey}\` | ${rule.defaultSeverity} |`,
  );
  const families = RULE_FAMILIES.map(
    (family) => `| \`${family.pattern}\` | ${family.title} | \`${family.policyKey}\` | ${family.severity} |`,
  );
  return ['| rule | what it reports | policy key | default severity |', '|---|---|---|---|', ...rows, ...families].join(
    '\n',
  );
}

/**
 * docs/rules.md: one section per rule and per family, each under an explicit anchor (rule-docs.ts names them) so
 * reports can link a rule id to it whatever GitHub's heading slugs do.
 */
export function rulesPage(): string {
  const sections = RULES.map((rule) =>
    [
      `<a id="${ruleAnchor(rule.id) ?? ''}"></a>`,
      '',
      `### \`${rule.id}\`: ${rule.title}`,
      '',
      `**Default severity:** ${rule.defaultSeverity} · **Policy key:** \`${rule.policyKey}\``,
      '',
      rule.help,
    ].join('\n'),
  );
  const families = RULE_FAMILIES.map((family) =>
    [
      `<a id="${familyAnchor(family.pattern)}"></a>`,
      '',
      `### \`${family.pattern}\`: ${family.title}`,
      '',
      `**Severity:** ${family.severity} · **Policy key:** \`${family.policyKey}\``,
    ].join('\n'),
  );
  // A blank line after the start marker, as Prettier formats the page.
  return `\n${[...sections, ...families].join('\n\n')}`;
}

export function actionInputsTable(actionYml: string): string {
  const { inputs } = parse(actionYml) as ActionYml;
  const rows = Object.entries(inputs).map(([name, input]) => {
    const fallback = input.default === undefined || input.default === '' ? '' : `\`${String(input.default)}\``;
    return `| \`${name}\` | ${fallback} | ${cell(input.description)} |`;
  });
  return ['| input | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

export function actionOutputsTable(actionYml: string): string {
  const { outputs } = parse(actionYml) as ActionYml;
  const rows = Object.entries(outputs).map(([name, output]) => `| \`${name}\` | ${cell(output.description)} |`);
  return ['| output | meaning |', '|---|---|', ...rows].join('\n');
}

/** Replaces the block NAME in `text` with `content`; a page without the block's markers is an error, not a no-op. */
export function withGenerated(text: string, name: string, content: string, file: string): string {
  const start = new RegExp(`<!-- generated:${name}:start[^\\n]*-->\\n`).exec(text);
  const endMarker = `<!-- generated:${name}:end -->`;
  const end = text.indexOf(endMarker);
  if (!start || end === -1 || end < start.index) throw new Error(`${file} has no generated:${name} start/end markers`);
  return `${text.slice(0, start.index + start[0].length)}${content}\n${text.slice(end)}`;
}

/** Every page with generated tables, and the tables it holds. */
export async function generatedPages(root: URL): Promise<{ file: string; render: (text: string) => string }[]> {
  const actionYml = await readFile(new URL('action.yml', root), 'utf8');
  return [
    { file: 'docs/policy.md', render: (text) => withGenerated(text, 'rules', rulesTable(), 'docs/policy.md') },
    { file: 'docs/rules.md', render: (text) => withGenerated(text, 'rule-docs', rulesPage(), 'docs/rules.md') },
    {
      file: 'docs/github-action.md',
      render: (text) =>
        withGenerated(
          withGenerated(text, 'action-inputs', actionInputsTable(actionYml), 'docs/github-action.md'),
          'action-outputs',
          actionOutputsTable(actionYml),
          'docs/github-action.md',
        ),
    },
  ];
}
