import { ToolError } from '../../util/errors.js';
import type { KevEntry, KevFacts } from './feed-types.js';

/**
 * The CISA KEV catalogue (`known_exploited_vulnerabilities.json`): `{catalogVersion, vulnerabilities: [{cveID,
 * dateAdded, knownRansomwareCampaignUse, …}]}`. Read defensively: the text is capped by the caller's download,
 * entries are capped here, and a malformed document is a ToolError that names where it came from, never its content.
 */

/** Today's catalogue has ~1,400 entries and ~1.3 MB; the caps leave room to grow by two orders of magnitude. */
export const MAX_KEV_BYTES = 64 * 2 ** 20;
const MAX_KEV_ENTRIES = 200_000;

const CVE_ID = /^CVE-\d{4}-\d{4,12}$/;

export function parseKev(text: string, source: string): KevFacts {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ToolError(`the KEV catalogue from ${source} is not valid JSON (${(error as Error).name})`, {
      command: `read ${source}`,
    });
  }
  const bad = (what: string) =>
    new ToolError(`the KEV catalogue from ${source} is not a CISA KEV catalogue: ${what}`, {
      command: `read ${source}`,
    });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('expected a JSON object');
  const record = raw as Record<string, unknown>;
  const list = record.vulnerabilities;
  if (!Array.isArray(list)) throw bad('expected a "vulnerabilities" array');
  if (list.length > MAX_KEV_ENTRIES) throw bad(`more than ${MAX_KEV_ENTRIES} entries`);
  // A syntactically valid catalogue with nothing in it would silently turn off every KEV rule: a broken or hijacked
  // mirror, not CISA (whose catalogue has well over a thousand entries). Refused like a document that does not parse.
  if (list.length === 0) throw bad('its "vulnerabilities" array is empty');
  // CISA writes the entry count beside the list; a count that disagrees means a truncated or edited document.
  const count = record.count;
  if (count !== undefined && count !== list.length) {
    throw bad(`its "count" field disagrees with the ${list.length} entries in "vulnerabilities"`);
  }
  const entries = new Map<string, KevEntry>();
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const entry = item as Record<string, unknown>;
    const id = typeof entry.cveID === 'string' ? entry.cveID.trim().toUpperCase() : '';
    // An entry without a well-formed CVE id matches nothing a scanner reports: skipped, not fatal.
    if (id.length > 24 || !CVE_ID.test(id)) continue;
    const kev: KevEntry = {};
    if (typeof entry.dateAdded === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(entry.dateAdded)) {
      kev.dateAdded = entry.dateAdded;
    }
    const ransomware = entry.knownRansomwareCampaignUse;
    if (ransomware === 'Known' || ransomware === 'Unknown') kev.knownRansomwareCampaignUse = ransomware;
    entries.set(id, kev);
  }
  if (entries.size === 0) throw bad('no entry has a CVE id in "cveID"');
  const version = record.catalogVersion;
  return {
    ...(typeof version === 'string' && version.length <= 40 ? { catalogVersion: version } : {}),
    entries,
  };
}
