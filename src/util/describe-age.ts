import { plural } from './plural.js';

/**
 * How reports say an age: `3 days`, `5 hours`, `42 minutes` (days from two days, hours from two hours). With
 * `seconds`, an age under two minutes is said in seconds (`42 seconds`), as the cached-scan line does; the DB's age
 * stays in minutes. One function so the summary, the terminal and the db-age finding count alike.
 */
export function describeAge(seconds: number, options: { seconds?: boolean } = {}): string {
  // The one plural helper: digits grouped (`1,204 days`), as every count in the reports is.
  const unit = (n: number, one: string) => plural(n, one);
  if (options.seconds && seconds < 120) return unit(seconds, 'second');
  if (seconds >= 2 * 86_400) return unit(Math.floor(seconds / 86_400), 'day');
  if (seconds >= 2 * 3600) return unit(Math.floor(seconds / 3600), 'hour');
  return unit(Math.floor(seconds / 60), 'minute');
}
