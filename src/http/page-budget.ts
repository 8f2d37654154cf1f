/**
 * Caps on what a paged listing may make imagegate read: a server that links page after page forever, or answers
 * with millions of names, ends the listing with an error instead of filling memory. The caps are far above any
 * real registry or API listing a CI job needs (and stated in the error, so a user who meets one knows it).
 */

export interface PageCaps {
  /** Pages read at most. */
  maxPages: number;
  /** Items (tags, repositories, comments) kept at most over all pages. */
  maxItems: number;
}

export const DEFAULT_PAGE_CAPS: Readonly<PageCaps> = { maxPages: 1_000, maxItems: 100_000 };

export class PageCapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageCapError';
  }
}

/** Counts pages and items; `take` throws a PageCapError (with `items` naming what is counted) past a cap. */
export class PageBudget {
  private pages = 0;
  private items = 0;

  constructor(
    private readonly caps: PageCaps,
    private readonly itemsName: string,
  ) {}

  /** Call before reading a page. */
  nextPage(): void {
    this.pages += 1;
    if (this.pages > this.caps.maxPages) {
      throw new PageCapError(`more than ${this.caps.maxPages} pages; imagegate stops there`);
    }
  }

  /** Call with each page's item count, before keeping them. */
  take(count: number): void {
    this.items += count;
    if (this.items > this.caps.maxItems) {
      throw new PageCapError(`more than ${this.caps.maxItems} ${this.itemsName}; imagegate stops there`);
    }
  }
}
