/**
 * Appends without spreading: `target.push(...items)` passes every item as an argument and overflows the stack once
 * an array holds a few hundred thousand (a registry's tag page, a long list in a repository file).
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
