import { RULE_FAMILIES, RULES } from '../src/checks/catalog.js';

/** The README's rule table, generated from the catalog so the two cannot drift (test/docs keeps them equal). */
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

export const RULES_START = '<!-- rules:start (generated from src/checks/catalog.ts; a test keeps it in sync) -->';
export const RULES_END = '<!-- rules:end -->';

export function withRulesTable(readme: string): string {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start === -1 || end === -1 || end < start) throw new Error('README.md has no rules:start/rules:end markers');
  return `${readme.slice(0, start + RULES_START.length)}\n${rulesTable()}\n${readme.slice(end)}`;
}
