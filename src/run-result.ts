import type { Finding, SeverityCounts, SourceLocation } from './findings.js';
import type { ImageFacts } from './image/facts.js';
import type { FailOn } from './policy/types.js';

/**
 * What one run decided, with the facts behind it. Every report (JSON, SARIF, Markdown) is rendered from this;
 * `imagegate.json` is its documented serialization (schemas/imagegate-result.schema.json).
 */

export type Verdict = 'pass' | 'fail';

export interface RunResult {
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  failOn: FailOn;
  image: ImageFacts;
  /** Per layer (same order as `image.layers`): the Dockerfile instruction that made it, when known. */
  layerInstructions: Array<SourceLocation | undefined>;
  /** Repository-relative Dockerfile path used for locations; undefined when none was given. */
  dockerfile?: string;
  /** Policy files applied, base first; empty for the built-in default. */
  policyFiles: string[];
  /** All findings, most severe first; suppressed ones included and marked. */
  findings: Finding[];
  counts: SeverityCounts;
  suppressedCount: number;
}

export type { SourceLocation };
