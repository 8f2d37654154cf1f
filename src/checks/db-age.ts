import type { Finding } from '../model/findings.js';
import { describeAge } from '../util/describe-age.js';
import { md } from '../util/markdown-message.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';

/**
 * `scan/db-too-old` (issue 18 item 3): the DB the scan used is older than the policy's `scan.maxDbAge`. Online or
 * offline alike: the rule is about the data the verdict rests on, not about how it got here. Located at the
 * policy's `maxDbAge` line, the line a person would change (or the reason to bring a newer DB). No finding when the
 * DB's age is unknown (a report the user brought): nothing says it is old.
 */
export function checkDbAge(context: CheckContext): Finding[] {
  const limit = context.scanPolicy?.maxDbAge;
  const db = context.scan?.db;
  if (!limit || !db || db.ageSeconds * 1000 <= limit.ms) return [];
  const how = db.offline ? ' (offline run: the cached DB was used whatever its age)' : '';
  return [
    makeFinding('scan/db-too-old', context, {
      message: md`The Trivy vulnerability DB is ${describeAge(db.ageSeconds)} old (updated ${db.updatedAt})${how}, more than the ${limit.text} scan.maxDbAge allows: vulnerabilities published since are missing.`,
      location: limit.source,
      key: 'db',
      properties: {
        dbUpdatedAt: db.updatedAt,
        dbAgeSeconds: db.ageSeconds,
        maxDbAge: limit.text,
        offline: db.offline,
      },
    }),
  ];
}
