import type { ContentFacts } from '../../src/image/layers/content-facts.js';
import { budgetUsage } from '../../src/checks/budgets.js';
import type { RunResult } from '../../src/report/run-result.js';
import { sampleResult } from './fixtures.js';

/**
 * The sample run (180 MB, 70.0 MB compressed, layers of 5, 150, 24 and 1 MB) with its layer contents read and the
 * budgets of a policy: `passingBudgets` leaves headroom on every one, `failingBudgets` exceeds every one.
 */

const layerFacts = (bytes: number, wastedBytes: number) => ({
  entries: 10,
  files: 5,
  bytes,
  whiteouts: 0,
  opaqueDirectories: 0,
  wastedBytes,
  wastedFiles: wastedBytes > 0 ? 2 : 0,
  removedBytes: 0,
  removedFiles: 0,
});

export const BUDGET_CONTENTS: ContentFacts = {
  totalBytes: 180_000_000,
  finalBytes: 153_000_000,
  wastedBytes: 27_000_000,
  efficiency: 0.85,
  finalFiles: 1500,
  wastedFiles: 12,
  layers: [
    layerFacts(5_000_000, 0),
    layerFacts(150_000_000, 25_000_000),
    layerFacts(24_000_000, 2_000_000),
    layerFacts(1_000_000, 0),
  ],
  topWasted: [
    { path: '/var/cache/apt/archives/gcc_12.deb', bytes: 20_000_000, layer: 1, removedBy: 2, how: 'deleted' },
  ],
  wastedByLayer: [{ layer: 1, removedBy: 2, bytes: 25_000_000, files: 10 }],
  leftovers: { packageCaches: [], toolchains: [] },
};

const size = (bytes: number, text: string) => ({ bytes, text });

export function passingBudgets(overrides: Partial<RunResult> = {}): RunResult {
  const base = sampleResult({ verdict: 'pass' });
  const image = { ...base.image, contents: BUDGET_CONTENTS };
  const budgets = budgetUsage(image, {
    size: { max: size(200_000_000, '200MB'), maxCompressed: size(100 * 2 ** 20, '100MiB') },
    layers: {
      max: 15,
      maxLayerSize: size(160_000_000, '160MB'),
      maxWasted: size(30_000_000, '30MB'),
      minEfficiency: 0.8,
    },
  });
  return { ...base, image, budgets, ...overrides };
}

export function failingBudgets(): RunResult {
  const base = sampleResult();
  const image = { ...base.image, contents: BUDGET_CONTENTS };
  const budgets = budgetUsage(image, {
    size: { max: size(10_000_000, '10MB'), maxCompressed: size(60_000_000, '60MB') },
    layers: {
      max: 3,
      maxLayerSize: size(20_000_000, '20MB'),
      maxWasted: size(20 * 2 ** 20, '20MiB'),
      minEfficiency: 0.9,
    },
  });
  return { ...base, image, budgets };
}
