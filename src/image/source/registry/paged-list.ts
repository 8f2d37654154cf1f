import { PageBudget, PageCapError, type PageCaps } from '../../../http/page-budget.js';
import { ToolError } from '../../../util/errors.js';
import { isObject } from '../../image-config.js';
import { nextLinkUrl } from '../../../http/link.js';
import type { RegistryResponse } from './transport.js';

/**
 * Lists a registry pages with `n=` and `Link: <…>; rel="next"` (`/v2/<name>/tags/list`, `/v2/_catalog`). A page
 * linking to another host, or back to a page already read, is refused rather than followed: the first would carry
 * the token elsewhere, the second would never end. A chain that never ends by other means (a new URL every time), or
 * that lists more names than anyone has, stops at the caps (page-budget.ts) with an error: a re-scan that silently
 * skipped tags would pass images it never looked at.
 */

export interface ListRequest {
  registry: string;
  /** The first page's URL, without `n`. */
  url: string;
  pageSize?: number;
  key: 'tags' | 'repositories';
  /** `tag list`, `repository catalog`. */
  what: string;
  subject: string;
  caps: PageCaps;
}

const LIST_PAGE_MAX_BYTES = 32 * 1024 * 1024;

export async function* pagedList(
  request: ListRequest,
  get: (url: string) => Promise<RegistryResponse>,
): AsyncGenerator<string[]> {
  const { pageSize, registry, what } = request;
  if (pageSize !== undefined && (!Number.isSafeInteger(pageSize) || pageSize < 1)) {
    throw new Error(`page size ${pageSize}: expected a positive integer`);
  }
  let url: string | undefined = `${request.url}${pageSize ? `?n=${pageSize}` : ''}`;
  const seen = new Set<string>();
  const budget = new PageBudget(request.caps, request.key === 'tags' ? 'tags' : 'repositories');
  const capped = (error: unknown, at: string): never => {
    if (!(error instanceof PageCapError)) throw error;
    throw new ToolError(`registry ${registry} lists the ${what} of ${request.subject} in ${error.message}`, {
      command: `GET ${at}`,
    });
  };
  while (url !== undefined) {
    if (seen.has(url)) {
      throw new ToolError(`registry ${registry} pages its ${what} in a loop`, { command: `GET ${url}` });
    }
    seen.add(url);
    try {
      budget.nextPage();
    } catch (error) {
      capped(error, url);
    }
    const response = await get(url);
    const next = nextLinkUrl(response.headers.link, url);
    const bytes = await response.bytes(LIST_PAGE_MAX_BYTES, what);
    const names = parseList(bytes, request.key, `${what} of ${request.subject}`, url);
    try {
      budget.take(names.length);
    } catch (error) {
      capped(error, url);
    }
    yield names;
    if (next !== undefined && new URL(next).origin !== new URL(url).origin) {
      throw new ToolError(`registry ${registry} links the next page of its ${what} to another host`, {
        command: `GET ${url}`,
      });
    }
    url = next;
  }
}

function parseList(bytes: Buffer, key: 'tags' | 'repositories', what: string, url: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new ToolError(`the ${what} is not JSON`, { command: `GET ${url}` });
  }
  const list = isObject(value) ? value[key] : undefined;
  // distribution answers `"tags": null` for a repository whose tags were all deleted.
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new ToolError(`the ${what} has no list of names under "${key}"`, { command: `GET ${url}` });
  }
  return list as string[];
}
