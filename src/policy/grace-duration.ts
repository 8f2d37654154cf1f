/**
 * Grace-period durations as policies write them: a whole number of hours, days or weeks (`48h`, `7d`, `2w`). The
 * schema holds the same pattern; anything else is left to the schema to report.
 */
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

export function parseGraceDuration(text: string): number | undefined {
  if (!/^[0-9]{1,4}[hdw]$/.test(text)) return undefined;
  const unit = text.slice(-1) as keyof typeof UNIT_MS;
  return Number(text.slice(0, -1)) * UNIT_MS[unit];
}

/** A duration in the largest unit that divides it (`7d`, `36h`): for policy diffs and summaries. */
export function formatGraceDuration(ms: number): string {
  if (ms % UNIT_MS.w === 0 && ms > 0) return `${ms / UNIT_MS.w}w`;
  if (ms % UNIT_MS.d === 0) return `${ms / UNIT_MS.d}d`;
  return `${Math.round(ms / UNIT_MS.h)}h`;
}
