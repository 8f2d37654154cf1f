import { distance } from 'fastest-levenshtein';

/**
 * The allowed word closest to a misspelt one, when it is close enough to be a likely typo: case is ignored and
 * up to a third of the word may differ (at least one edit), so `maxLayerSise` suggests `maxLayerSize` but
 * `colour` suggests nothing among `size` and `layers`.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; edits: number } | undefined;
  for (const candidate of candidates) {
    const edits = distance(lower, candidate.toLowerCase());
    if (best === undefined || edits < best.edits) best = { candidate, edits };
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return best.edits <= allowed ? best.candidate : undefined;
}
