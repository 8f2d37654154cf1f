import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseHTML } from 'linkedom';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/**
 * Markdown as a reader sees it on GitHub: GitHub-flavoured Markdown rendered by micromark with its GFM extension
 * (CommonMark and GFM exact: tables, autolinked literals, strikethrough, task lists; raw HTML passed through, as
 * GitHub does), then the sanitization GitHub applies to comments and job summaries (html-pipeline's
 * SanitizationFilter): only its allowed elements and attributes stay, script/style and friends go with their
 * contents, other elements are unwrapped, links keep http(s)/mailto/relative hrefs only.
 *
 * Used by the reader tests (test/support/render-gfm.ts), `npm run screenshots` and the demo's HTML preview, so the
 * three see the same thing. What this does not do: GitHub's own post-processing (issue references `#12`, mentions,
 * emoji shortcodes, heading anchors); the tests check imagegate's text never gives GitHub a reason to do those.
 */

/** The column of a PR comment on github.com at a desktop width, in CSS pixels (the `.comment-body` box). */
export const COMMENT_WIDTH_PX = 850;

const ALLOWED_ELEMENTS = new Set(
  (
    'h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div ins del sup sub p ol ul table thead tbody tfoot ' +
    'blockquote dl dt dd kbd q samp var hr ruby rt rp li tr td th s strike summary details caption figure ' +
    'figcaption abbr bdo cite dfn mark small span time wbr input'
  ).split(' '),
);
/** Removed with everything inside them (the sanitize gem's remove_contents). */
const REMOVED_WITH_CONTENTS = new Set(
  'script style iframe math noembed noframes noscript plaintext svg xmp template'.split(' '),
);
const ALLOWED_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(['href']),
  img: new Set(['src', 'longdesc']),
  div: new Set(['itemscope', 'itemtype']),
  blockquote: new Set(['cite']),
  del: new Set(['cite']),
  ins: new Set(['cite']),
  q: new Set(['cite']),
  input: new Set(['type', 'checked', 'disabled']),
};
const ALLOWED_EVERYWHERE = new Set(
  (
    'abbr accept accept-charset accesskey action align alt aria-describedby aria-hidden aria-label aria-labelledby ' +
    'axis border cellpadding cellspacing char charoff charset checked clear cols colspan color compact coords ' +
    'datetime dir disabled enctype for frame headers height hreflang hspace ismap label lang maxlength media ' +
    'method multiple name nohref noshade nowrap open progress prompt readonly rel rev role rows rowspan rules scope ' +
    'selected shape size span start summary tabindex target title type usemap valign value vspace width itemprop'
  ).split(' '),
);
const URL_ATTRIBUTES = new Set(['href', 'src', 'longdesc', 'cite']);

/** The part of the DOM (linkedom's) this file and the reader tests use; the project's tsconfig has no DOM lib. */
export interface DomNode {
  nodeType: number;
  parentNode: DomNode | null;
  childNodes: Iterable<DomNode> & ArrayLike<DomNode>;
  textContent: string | null;
  remove(): void;
}
export interface DomText extends DomNode {
  data: string;
}
export interface DomElement extends DomNode {
  tagName: string;
  innerHTML: string;
  attributes: Iterable<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  replaceWith(...nodes: DomNode[]): void;
  querySelectorAll(selector: string): Iterable<DomElement> & ArrayLike<DomElement>;
}

/** `html` parsed as the body of a page, inside an element whose id is `root`; returns that element. */
export function parseFragment(html: string): DomElement {
  const { document } = parseHTML(
    `<!doctype html><html><body><div id="root">${html}</div></body></html>`,
  ) as unknown as {
    document: { getElementById(id: string): DomElement | null };
  };
  return document.getElementById('root')!;
}

/** GFM → HTML → GitHub's sanitization; returns the HTML a reader's browser gets. */
export function renderGfm(markdown: string): string {
  const raw = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  return sanitize(raw);
}

function sanitize(html: string): string {
  const root = parseFragment(html);
  cleanChildren(root);
  return root.innerHTML;
}

// Iterative over a worklist, not recursive: a report's nesting depth is not ours to bound.
function cleanChildren(start: DomElement): void {
  const work: DomElement[] = [start];
  while (work.length > 0) {
    const parent = work.pop()!;
    for (const child of [...parent.childNodes]) {
      if (child.nodeType === 8) {
        child.remove(); // comments (imagegate's markers) are not shown
        continue;
      }
      if (child.nodeType !== 1) continue;
      const element = child as DomElement;
      const name = element.tagName.toLowerCase();
      if (REMOVED_WITH_CONTENTS.has(name)) {
        element.remove();
        continue;
      }
      if (!ALLOWED_ELEMENTS.has(name)) {
        // Unwrapped: its children take its place and are cleaned with the parent's next pass.
        element.replaceWith(...element.childNodes);
        work.push(parent);
        break;
      }
      for (const attribute of [...element.attributes]) {
        const allowed = ALLOWED_EVERYWHERE.has(attribute.name) || ALLOWED_ATTRIBUTES[name]?.has(attribute.name);
        if (!allowed || (URL_ATTRIBUTES.has(attribute.name) && !safeUrl(attribute.value, name))) {
          element.removeAttribute(attribute.name);
        }
      }
      work.push(element);
    }
  }
}

function safeUrl(value: string, element: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.trim())?.[1]?.toLowerCase();
  if (scheme === undefined) return true; // relative, anchor
  return scheme === 'http' || scheme === 'https' || (element === 'a' && scheme === 'mailto');
}

const require = createRequire(import.meta.url);

/** A standalone page: GitHub's Markdown CSS (github-markdown-css, MIT) around the rendered body at comment width. */
export function githubPage(markdown: string, title: string): string {
  const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    "<!-- github-markdown-css 5.9.0 (MIT, Sindre Sorhus): GitHub's Markdown styles -->",
    `<style>\n${css}\n</style>`,
    '<style>',
    'html, body { margin: 0; background: #ffffff; }',
    `.markdown-body { box-sizing: border-box; width: ${COMMENT_WIDTH_PX}px; padding: 16px; }`,
    '</style>',
    '</head>',
    '<body>',
    `<article class="markdown-body">\n${renderGfm(markdown)}\n</article>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
