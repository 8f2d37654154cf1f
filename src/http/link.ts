/**
 * The one reader of RFC 8288 `Link` headers, as GitHub pages its lists and registries page `/v2/<name>/tags/list`
 * and `/v2/_catalog`: `</v2/_catalog?last=b&n=100>; rel="next"`. The target may be relative to the request. The
 * scan is linear in the header's length (no backtracking regex over the whole header).
 */

/** The `rel="next"` target, resolved against `requestUrl` when given, or undefined on the last page. */
export function nextLinkUrl(header: string | string[] | undefined, requestUrl?: string): string | undefined {
  const texts = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const text of texts) {
    for (const link of splitLinks(text)) {
      const match = /^\s*<([^>]*)>(.*)$/s.exec(link);
      if (!match) continue;
      const params = match[2] ?? '';
      const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
      const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
      if (!relations.includes('next')) continue;
      const target = match[1] ?? '';
      return requestUrl === undefined ? target : new URL(target, requestUrl).toString();
    }
  }
  return undefined;
}

/** Splits on the commas between links, not those inside `<…>` or quotes. */
function splitLinks(text: string): string[] {
  const links: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') depth += 1;
    else if (!quoted && c === '>') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ',') {
      links.push(text.slice(start, i));
      start = i + 1;
    }
  }
  links.push(text.slice(start));
  return links;
}
