import { BUILT_ON_SOURCES, type BaseFreshness } from '../model/base-freshness.js';
import type { Finding } from '../model/findings.js';
import { formatGraceDuration } from '../policy/grace-duration.js';
import type { ScanFacts } from '../scan/types.js';
import { code, md, type Message } from '../util/markdown-message.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';

const DAY_MS = 86_400_000;

/**
 * `base.requireCurrent` (the FROM's tag moved to another digest since the build: `base/stale`) and `base.maxAge`
 * (the built-on base was created too long ago: `base/too-old`), from the facts the base-freshness stage read. A
 * base the registry could not tell about is a run warning there, never a finding here.
 */
export function checkBaseFreshness(context: CheckContext): Finding[] {
  const rules = context.rules.base;
  const findings: Finding[] = [];
  for (const base of context.baseFreshness ?? []) {
    const properties = {
      base: base.reference,
      ...(base.newerTags.length > 0 ? { newerTags: base.newerTags.join(', ') } : {}),
    };
    if (rules.requireCurrent && base.moved && base.builtOn && base.current) {
      findings.push(
        makeFinding('base/stale', context, {
          message: md`Base ${code(base.reference)} has moved on: the image was built on ${base.builtOn.digest} (${BUILT_ON_SOURCES[base.builtOn.source]}), and the tag ${code(base.tag)} now points at ${base.current.digest}.${fixesText(base)}${newerText(base)}`,
          location: base.location,
          key: base.repository,
          properties: { ...properties, builtOn: base.builtOn.digest, current: base.current.digest },
        }),
      );
    }
    const maxAge = rules.maxAge;
    if (maxAge !== undefined && base.created && base.builtOn) {
      const created = Date.parse(base.created);
      const age = context.now.getTime() - created;
      if (Number.isFinite(created) && age > maxAge) {
        findings.push(
          makeFinding('base/too-old', context, {
            message: md`Base ${code(base.reference)} (${base.builtOn.digest}) was created on ${base.created.slice(0, 10)}, ${Math.floor(age / DAY_MS)} days ago; base.maxAge allows ${formatGraceDuration(maxAge)}.${newerText(base)}`,
            location: base.location,
            key: base.repository,
            properties: { ...properties, builtOn: base.builtOn.digest, created: base.created },
          }),
        );
      }
    }
  }
  return findings;
}

function fixesText(base: BaseFreshness): Message {
  if (!base.fixes) return md``;
  return md` The newer base fixes ${base.fixes.fixed} of the ${base.fixes.inBase} vulnerabilities in the image's base layers.`;
}

function newerText(base: BaseFreshness): Message {
  if (base.newerTags.length === 0) return md``;
  return md` Newer tags of the same base: ${base.newerTags.join(', ')}.`;
}

/**
 * How many of the image's vulnerabilities in the base's layers (`baseDiffIds`: the built-on base's rootfs) the
 * newer base's scan no longer reports: same id in the same package. Records of one id and package count once.
 */
export function countFixedByNewerBase(
  image: Pick<ScanFacts, 'vulnerabilities'>,
  baseDiffIds: readonly string[],
  newer: Pick<ScanFacts, 'vulnerabilities'>,
): { fixed: number; inBase: number } {
  const layers = new Set(baseDiffIds);
  const key = (v: { id: string; pkgName: string }) => `${v.id}\u0000${v.pkgName}`;
  const inBase = new Set(
    image.vulnerabilities.filter((v) => v.layerDiffId !== undefined && layers.has(v.layerDiffId)).map(key),
  );
  const stillThere = new Set(newer.vulnerabilities.map(key));
  let fixed = 0;
  for (const entry of inBase) if (!stillThere.has(entry)) fixed += 1;
  return { fixed, inBase: inBase.size };
}
