import type { ImageFacts } from '../image/facts.js';
import type { ImageRules } from '../policy/types.js';

/**
 * How much of each budget the policy sets the image uses, passing or not: the numbers behind the "Budgets" lines of
 * the summary and the PR comment (a passing image shows its headroom, a failing one how far over it is). Pure, like
 * the checks: the findings (size.ts, layers.ts) say the same for the budgets that are exceeded.
 */

export type BudgetKey =
  | 'size.max'
  | 'size.maxCompressed'
  | 'layers.max'
  | 'layers.maxLayerSize'
  | 'layers.maxWasted'
  | 'layers.minEfficiency';

export interface BudgetUsage {
  /** The policy key, as written under `defaults:` or `images[]`. */
  key: BudgetKey;
  /** The rule that reports the budget when it is exceeded. */
  ruleId: string;
  /** What `used` and `limit` count: bytes, layers, or a fraction 0–1 (efficiency). */
  unit: 'bytes' | 'layers' | 'fraction';
  /** `max`: used may not exceed limit; `min`: used may not fall below it. */
  bound: 'max' | 'min';
  limit: number;
  /** What the image uses; null when the image does not tell (no compressed size, layer contents not read). */
  used: number | null;
  /** limit − used for a max, used − limit for a min: negative when the budget is exceeded; null with `used`. */
  headroom: number | null;
  /** layers.maxLayerSize: the largest layer (index into image.layers) and how many layers exceed the budget. */
  layer?: number;
  layersOver?: number;
}

/** The budgets `rules` sets, in policy order, with what `image` uses of each. */
export function budgetUsage(image: ImageFacts, rules: Pick<ImageRules, 'size' | 'layers'>): BudgetUsage[] {
  const budgets: BudgetUsage[] = [];
  const add = (
    key: BudgetKey,
    ruleId: string,
    unit: BudgetUsage['unit'],
    bound: BudgetUsage['bound'],
    limit: number,
    used: number | undefined,
    extra: Partial<BudgetUsage> = {},
  ) => {
    const known = used === undefined ? null : used;
    const headroom = known === null ? null : bound === 'max' ? limit - known : known - limit;
    budgets.push({ key, ruleId, unit, bound, limit, used: known, headroom, ...extra });
  };
  const { size, layers } = rules;
  if (size.max) add('size.max', 'size/max', 'bytes', 'max', size.max.bytes, image.size);
  if (size.maxCompressed) {
    add('size.maxCompressed', 'size/max-compressed', 'bytes', 'max', size.maxCompressed.bytes, image.compressedSize);
  }
  if (layers.max !== undefined) add('layers.max', 'layers/max', 'layers', 'max', layers.max, image.layers.length);
  if (layers.maxLayerSize) {
    const limit = layers.maxLayerSize.bytes;
    let largest: number | undefined;
    image.layers.forEach((layer, index) => {
      if (largest === undefined || layer.size > (image.layers[largest]?.size ?? 0)) largest = index;
    });
    const used = largest === undefined ? undefined : image.layers[largest]?.size;
    add('layers.maxLayerSize', 'layers/max-layer-size', 'bytes', 'max', limit, used, {
      ...(largest === undefined ? {} : { layer: largest }),
      layersOver: image.layers.filter((layer) => layer.size > limit).length,
    });
  }
  const contents = image.contents;
  if (layers.maxWasted) {
    add('layers.maxWasted', 'layers/max-wasted', 'bytes', 'max', layers.maxWasted.bytes, contents?.wastedBytes);
  }
  if (layers.minEfficiency !== undefined) {
    add('layers.minEfficiency', 'layers/min-efficiency', 'fraction', 'min', layers.minEfficiency, contents?.efficiency);
  }
  return budgets;
}
