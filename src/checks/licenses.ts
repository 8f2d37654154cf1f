import type { Finding } from '../model/findings.js';
import { compileGlob } from '../util/glob.js';
import type { LicenseFacts } from '../scan/types.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';
import { md, type Message } from '../util/markdown-message.js';
import { scanLocator } from './scan-location.js';

/**
 * `licenses.forbid`: each package (or license file) the scan found under a forbidden license is a
 * `license/forbidden` finding. Patterns are SPDX ids or globs on them, matched case-insensitively as SPDX ids are.
 */
export function checkLicenses(context: CheckContext): Finding[] {
  const scan = context.scan;
  const forbid = context.rules.licenses.forbid ?? [];
  if (!scan || scan.licenses.length === 0 || forbid.length === 0) return [];
  const patterns = forbid.map((pattern) => ({ pattern, matches: compileGlob(pattern, { nocase: true }) }));
  const locate = scanLocator(context);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const license of scan.licenses) {
    const forbidden = patterns.find(({ matches }) => matches(license.name));
    if (!forbidden) continue;
    const place = license.filePath || license.target;
    const key = `${license.name}\u0000${license.pkgName ?? ''}\u0000${place}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(
      makeFinding('license/forbidden', context, {
        message: licenseMessage(license, forbidden.pattern),
        location: locate(license.layerDiffId),
        key,
        properties: {
          license: license.name,
          pkgName: license.pkgName ?? null,
          filePath: license.filePath || null,
          target: license.target,
          category: license.category,
          matched: forbidden.pattern,
          layerDiffId: license.layerDiffId ?? null,
        },
      }),
    );
  }
  return findings;
}

function licenseMessage(license: LicenseFacts, pattern: string): Message {
  const matched = pattern === license.name ? md`` : md` (matched '${pattern}')`;
  const subject = license.pkgName
    ? md`Package ${license.pkgName}${license.filePath ? md` (${license.filePath})` : md``} is licensed`
    : md`${license.filePath || license.target} is licensed`;
  return md`${subject} under ${license.name}, which licenses.forbid forbids${matched}.`;
}
