import {
  parseFragment,
  renderGfm,
  type DomElement as Element,
  type DomNode as Node,
  type DomText as Text,
} from '../../scripts/github-markdown.js';

/**
 * A report as a reader sees it: rendered as GitHub renders Markdown and sanitized as GitHub sanitizes it
 * (scripts/github-markdown.ts), parsed into a DOM the tests can query: which table sits outside `<details>`, where
 * links go, what text is visible, how long a code span runs without a place to break.
 */
export interface Rendered {
  html: string;
  root: Element;
}

export function renderForReader(markdown: string): Rendered {
  const html = renderGfm(markdown);
  return { html, root: parseFragment(html) };
}

/**
 * The longest code span (or line of a code block) a reader's column may hold, in characters. GitHub's comment column
 * is ~850 px wide at a desktop width (minus 16 px padding each side); code renders at 85% of 14 px in a monospace
 * font whose advance is ~0.6 em, ~7.1 px a character: ~115 characters fit. 100 leaves room for the table cell and
 * its padding around a code span, so a token longer than this without a break opportunity widens the page.
 */
export const MAX_UNBROKEN_CODE = 100;

/** The elements a text node sits in, innermost first. */
function ancestors(node: Node): Element[] {
  const found: Element[] = [];
  for (let current = node.parentNode; current; current = current.parentNode) {
    if (current.nodeType === 1) found.push(current as Element);
  }
  return found;
}

function tag(element: Element): string {
  return element.tagName.toLowerCase();
}

export function insideDetails(node: Node): boolean {
  return ancestors(node).some((element) => tag(element) === 'details');
}

/** Every text node under `root`, in document order. */
export function textNodes(root: Element): Text[] {
  const found: Text[] = [];
  const work: Node[] = [root];
  while (work.length > 0) {
    const node = work.pop()!;
    if (node.nodeType === 3) found.push(node as Text);
    else for (const child of [...node.childNodes].reverse()) work.push(child);
  }
  return found;
}

/** The text a reader can see, expanded or not (`<details>` included), tags gone. */
export function visibleText(root: Element): string {
  return textNodes(root)
    .map((node) => node.data)
    .join('');
}

/** The text a reader sees without expanding anything: everything outside `<details>` (a summary line included). */
export function textOutsideDetails(root: Element): string {
  return textNodes(root)
    .filter((node) => {
      const chain = ancestors(node);
      const details = chain.findIndex((element) => tag(element) === 'details');
      if (details < 0) return true;
      // The <summary> of the outermost collapsed section is visible.
      return chain.slice(0, details).some((element) => tag(element) === 'summary') && !insideDetails(chain[details]!);
    })
    .map((node) => node.data)
    .join('');
}

export interface Link {
  text: string;
  href: string;
  inDetails: boolean;
}

export function links(root: Element): Link[] {
  return [...root.querySelectorAll('a')].map((anchor) => ({
    text: anchor.textContent ?? '',
    href: anchor.getAttribute('href') ?? '',
    inDetails: insideDetails(anchor),
  }));
}

export function tablesOutsideDetails(root: Element): Element[] {
  return [...root.querySelectorAll('table')].filter((table) => !insideDetails(table));
}

/** Heading levels (1–6) in document order, with their text. */
export function headings(root: Element): Array<{ level: number; text: string }> {
  return [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((heading) => ({
    level: Number(tag(heading).slice(1)),
    text: heading.textContent ?? '',
  }));
}

/**
 * The longest run of characters without a break opportunity: whitespace, a hyphen (browsers break after one) or a
 * zero-width space / soft hyphen. `/`, `.`, `:` and `_` are not reliable break points in code.
 */
export function longestUnbroken(text: string): string {
  let longest = '';
  for (const token of text.split(/[\s\u200b\u00ad-]+/u)) if ([...token].length > [...longest].length) longest = token;
  return longest;
}

/** Code spans and code-block lines longer than MAX_UNBROKEN_CODE without a break opportunity. */
export function overlongCode(root: Element): string[] {
  const found: string[] = [];
  for (const code of root.querySelectorAll('code')) {
    const inBlock = code.parentNode && (code.parentNode as Element).tagName?.toLowerCase() === 'pre';
    // A <pre> never wraps: each line is one unbreakable run. A code span wraps where it may.
    const runs = inBlock ? (code.textContent ?? '').split('\n') : [longestUnbroken(code.textContent ?? '')];
    for (const run of runs) if ([...run].length > MAX_UNBROKEN_CODE) found.push(run);
  }
  return found;
}

/**
 * Text GitHub would turn into a link to an issue or pull request: `#12` or `GH-12` in plain text (not in code, a code
 * block or a link), preceded by nothing that is part of a word.
 */
export function autoReferences(root: Element): string[] {
  const found: string[] = [];
  for (const node of textNodes(root)) {
    if (ancestors(node).some((element) => ['code', 'pre', 'a'].includes(tag(element)))) continue;
    for (const match of node.data.matchAll(/(?<![\p{L}\p{N}_&/#-])(?:#|GH-)\d+\b/giu)) found.push(match[0]);
  }
  return found;
}

/** Markdown backslash-escapes a reader would see as text: `` \` ``, `\*`, `\_` (and the other punctuation ones). */
export function literalEscapes(root: Element): string[] {
  return [...visibleText(root).matchAll(/\\[`*_[\]#|<>()!~]/g)].map((match) => match[0]);
}

/**
 * Backticks a reader sees as text outside code: Markdown meant as a code span that was escaped as if it were
 * untrusted text ("Add `USER <uid>`" shown with its backticks instead of as code).
 */
export function strayBackticks(root: Element): string[] {
  return textNodes(root)
    .filter((node) => !ancestors(node).some((element) => ['code', 'pre'].includes(tag(element))))
    .filter((node) => node.data.includes('`'))
    .map((node) => node.data.trim());
}
