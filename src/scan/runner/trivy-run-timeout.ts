import { ConfigurationError } from '../../util/errors.js';

/**
 * Trivy's `--timeout` is a Go duration and bounds the whole command, DB download included. imagegate passes it on
 * and stops the process itself a little later, so a Trivy that honours its timeout reports its own error first and
 * one that hangs (a stuck registry socket, a wedged daemon) still cannot hold the pipeline forever.
 */

/** Trivy's default when `--timeout` is not given. */
export const TRIVY_DEFAULT_TIMEOUT = '5m';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const PART_SOURCE = String.raw`(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)`;

/** Milliseconds in a Go duration such as `10m`, `1h30m` or `90s`; a ConfigurationError for anything else or ≤ 0. */
export function parseTrivyTimeout(text: string): number {
  const source = text.trim();
  let total = 0;
  let consumed = 0;
  const part = new RegExp(PART_SOURCE, 'y');
  for (let match = part.exec(source); match !== null; match = part.exec(source)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    consumed = part.lastIndex;
  }
  if (source.length === 0 || consumed !== source.length || !(total >= 1)) {
    throw new ConfigurationError(
      `trivy-timeout '${text}': expected a positive Go duration such as 10m, 1h30m or 90s (Trivy's --timeout)`,
    );
  }
  return Math.round(total);
}

/** How long after Trivy's own timeout imagegate kills it: 10 % of the timeout, at least 2 s and at most 60 s. */
export function killGraceMs(timeoutMs: number): number {
  return Math.min(60_000, Math.max(2_000, Math.round(timeoutMs * 0.1)));
}
