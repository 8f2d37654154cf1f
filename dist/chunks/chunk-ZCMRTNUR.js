import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/http/page-budget.ts
var DEFAULT_PAGE_CAPS = { maxPages: 1e3, maxItems: 1e5 };
var PageCapError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "PageCapError";
  }
};
var PageBudget = class {
  constructor(caps, itemsName) {
    this.caps = caps;
    this.itemsName = itemsName;
  }
  caps;
  itemsName;
  pages = 0;
  items = 0;
  /** Call before reading a page. */
  nextPage() {
    this.pages += 1;
    if (this.pages > this.caps.maxPages) {
      throw new PageCapError(`more than ${this.caps.maxPages} pages; imagegate stops there`);
    }
  }
  /** Call with each page's item count, before keeping them. */
  take(count) {
    this.items += count;
    if (this.items > this.caps.maxItems) {
      throw new PageCapError(`more than ${this.caps.maxItems} ${this.itemsName}; imagegate stops there`);
    }
  }
};

// src/http/link.ts
function nextLinkUrl(header, requestUrl) {
  const texts = header === void 0 ? [] : Array.isArray(header) ? header : [header];
  for (const text of texts) {
    for (const link of splitLinks(text)) {
      const match = /^\s*<([^>]*)>(.*)$/s.exec(link);
      if (!match) continue;
      const params = match[2] ?? "";
      const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
      const relations = (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/);
      if (!relations.includes("next")) continue;
      const target = match[1] ?? "";
      return requestUrl === void 0 ? target : new URL(target, requestUrl).toString();
    }
  }
  return void 0;
}
function splitLinks(text) {
  const links = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "<") depth += 1;
    else if (!quoted && c === ">") depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ",") {
      links.push(text.slice(start, i));
      start = i + 1;
    }
  }
  links.push(text.slice(start));
  return links;
}

export {
  DEFAULT_PAGE_CAPS,
  PageCapError,
  PageBudget,
  nextLinkUrl
};
//# sourceMappingURL=chunk-ZCMRTNUR.js.map
