import type { BudgetUsage } from '../checks/budgets.js';
import { formatBytes, formatPercent } from '../util/units.js';
import { plural } from '../util/plural.js';
import { codeSpan } from '../util/markdown-escape.js';
import { header, row } from './markdown-table.js';

/**
 * The budgets the policy sets, one row each: what the image uses, the limit, and the headroom left (or how far over
 * it is), for a passing image too, so a team sees a budget coming before it fails. Every size is printed by
 * formatBytes, limits included: the policy's own spelling (`10MB`, `9.5MiB`) never stands next to a measured `33.4 MB`.
 * The same rows serve the summary and the PR comment; imagegate.json has the numbers (`budgets`).
 */

export function budgetsTable(budgets: readonly BudgetUsage[]): string {
  if (budgets.length === 0) return '';
  return [...header(['Budget', 'Used', 'Limit', 'Headroom']), ...budgets.map(budgetRow)].join('\n');
}

/** The summary's section: its heading, one line on what the numbers mean, the table. */
export function budgetsSection(budgets: readonly BudgetUsage[] | undefined, heading: string): string {
  if (!budgets || budgets.length === 0) return '';
  return [`${heading} Budgets`, '', budgetsTable(budgets)].join('\n');
}

function budgetRow(budget: BudgetUsage): string {
  return row([codeSpan(budget.key), usedCell(budget), limitCell(budget), headroomCell(budget)]);
}

/** A value in the budget's unit: `33.4 MB`, `12 layers`, `84.9%`. */
export function formatBudgetValue(budget: Pick<BudgetUsage, 'unit'>, value: number): string {
  if (budget.unit === 'bytes') return formatBytes(value);
  if (budget.unit === 'layers') return plural(value, 'layer');
  return formatPercent(value);
}

function usedCell(budget: BudgetUsage): string {
  if (budget.used === null) return '—';
  const used = formatBudgetValue(budget, budget.used);
  return budget.key === 'layers.maxLayerSize' && budget.layer !== undefined
    ? `${used} (largest: layer ${budget.layer + 1})`
    : used;
}

function limitCell(budget: BudgetUsage): string {
  const limit = formatBudgetValue(budget, budget.limit);
  return budget.bound === 'min' ? `at least ${limit}` : limit;
}

/** `✅ 40.0 MB left (26.6%)`, `❌ over by 3.40 MB`, `✅ 2.5 points above`, or why it was not measured. */
export function headroomCell(budget: BudgetUsage): string {
  if (budget.headroom === null) return `— ${NOT_MEASURED[budget.key] ?? 'not measured'}`;
  const amount = Math.abs(budget.headroom);
  if (budget.unit === 'fraction') {
    const points = `${(Math.floor(Math.round(amount * 1e6) / 1000) / 10).toFixed(1)} points`;
    return budget.headroom >= 0 ? `✅ ${points} above` : `❌ ${points} below`;
  }
  const value = formatBudgetValue(budget, amount);
  if (budget.headroom < 0) {
    const layers =
      budget.key === 'layers.maxLayerSize' && budget.layersOver !== undefined && budget.layersOver > 1
        ? ` (${budget.layersOver} layers over)`
        : '';
    return `❌ over by ${value}${layers}`;
  }
  const share = budget.unit === 'bytes' && budget.limit > 0 ? ` (${formatPercent(amount / budget.limit)})` : '';
  return `✅ ${value} left${share}`;
}

const NOT_MEASURED: Partial<Record<BudgetUsage['key'], string>> = {
  'size.maxCompressed': 'the image source gives no compressed size',
  'layers.maxWasted': 'layer contents not read',
  'layers.minEfficiency': 'layer contents not read',
};
