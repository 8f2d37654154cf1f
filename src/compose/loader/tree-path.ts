/**
 * Paths into a compose tree, as compose-go's `tree.Path` uses them to pick merge, unicity and type-cast rules:
 * map keys are segments, list items are `[n]`. Patterns use `*` for any one segment and `[]` for any list item.
 */

export type TreePath = readonly string[];

/** A list item's segment. */
export function itemSegment(index: number): string {
  return `[${index}]`;
}

function isItemSegment(segment: string): boolean {
  return /^\[\d+\]$/.test(segment);
}

/** Splits a dotted pattern such as `services.*.volumes.[]` once, so rule tables can be matched quickly. */
export function compilePattern(pattern: string): readonly string[] {
  return pattern.split('.');
}

export function matchesPattern(path: TreePath, pattern: readonly string[]): boolean {
  if (path.length !== pattern.length) return false;
  return pattern.every((part, index) => {
    const segment = path[index] as string;
    if (part === '*') return true;
    if (part === '[]') return isItemSegment(segment);
    return part === segment;
  });
}

/** `services.web.volumes[0]`, the way messages name a place in the model. */
export function formatPath(path: TreePath): string {
  let text = '';
  for (const segment of path) {
    if (isItemSegment(segment)) text += segment;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(top level)' : text;
}
