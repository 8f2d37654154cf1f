import { externalBase } from '../dockerfile/parse.js';
import { compileGlob } from '../util/glob.js';
import type { FromInstruction } from '../dockerfile/types.js';
import type { Finding, Location } from '../model/findings.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import { matchImagePattern } from '../policy/image-match.js';
import type { BaseRules } from '../policy/types.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';
import { md } from '../util/markdown-message.js';
import { ConfigurationError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';

/** The OCI annotation/label a builder may set to name the base; used when no Dockerfile is available. */
export const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';
/** The OCI annotation/label recording the base image's manifest digest, beside BASE_NAME_LABEL. */
export const BASE_DIGEST_LABEL = 'org.opencontainers.image.base.digest';

/** base.allow, base.requireDigest and base.forbidTags on every FROM in scope (or the base-name label). */
export function checkBase(context: CheckContext): Finding[] {
  const rules = context.rules.base;
  if (!hasBaseRules(rules)) return [];
  const { dockerfile, stage } = context;
  if (dockerfile && stage) {
    const froms =
      rules.scope === 'all-stages'
        ? dockerfile.stages.filter((s) => s.from.stageRef === undefined).map((s) => s.from)
        : [externalBase(dockerfile, stage)];
    return froms.flatMap((from) => checkFrom(from, dockerfile.path, rules, context));
  }
  const labelled = Object.hasOwn(context.image.config.labels, BASE_NAME_LABEL)
    ? context.image.config.labels[BASE_NAME_LABEL]
    : undefined;
  if (labelled) {
    let reference: ImageReference;
    try {
      reference = parseImageReference(labelled);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      return [invalidLabelFinding(labelled, rules, context)];
    }
    return checkReference(reference, labelled, context.imageLocation, rules, context);
  }
  return [
    makeFinding('base/unverifiable', context, {
      message: md`The policy restricts base images, but no Dockerfile was given and the image has no ${BASE_NAME_LABEL} label, so its base is unknown.`,
      location: context.imageLocation,
    }),
  ];
}

/**
 * The label is image data (often inherited from a base image a third party built), not the user's input: a value
 * that is no image reference is a finding that says where it was found, not a stop of the run. Fail closed like an
 * unresolved FROM: with an allowlist, an unnamed base cannot be on it.
 */
function invalidLabelFinding(value: string, rules: BaseRules, context: CheckContext): Finding {
  const step = context.image.history.findIndex((entry) => entry.createdBy.includes(BASE_NAME_LABEL));
  const origin =
    step >= 0
      ? `set by history step ${step + 1} of the image config`
      : 'in the image config, inherited from a base image or set by the build tool (no history step records it)';
  return makeFinding(rules.allow !== undefined ? 'base/not-allowed' : 'base/unverifiable', context, {
    message: md`The ${BASE_NAME_LABEL} label (${origin}) is ${excerpt(value)}, which is not an image reference, so the base image is unknown and the base rules cannot check it.`,
    location: context.imageLocation,
    key: `label:${BASE_NAME_LABEL}`,
    properties: { label: BASE_NAME_LABEL },
  });
}

function hasBaseRules(rules: BaseRules): boolean {
  return rules.allow !== undefined || rules.requireDigest === true || (rules.forbidTags?.length ?? 0) > 0;
}

function checkFrom(from: FromInstruction, path: string, rules: BaseRules, context: CheckContext): Finding[] {
  if (from.isScratch) return [];
  const location: Location = { kind: 'source', path, line: from.line, column: from.column };
  if (from.unresolved.length > 0) {
    // Fail closed: an image we cannot name cannot be on the allowlist.
    const names = from.unresolved.map((name) => `$${name}`).join(', ');
    const ruleId = rules.allow !== undefined ? 'base/not-allowed' : 'base/unverifiable';
    return [
      makeFinding(ruleId, context, {
        message: md`FROM ${from.rawImage} cannot be checked: ${names} has no default and no --build-arg value.`,
        location,
        key: from.rawImage,
      }),
    ];
  }
  const reference = parseImageReference(from.image, { path, line: from.line, column: from.column });
  return checkReference(reference, from.image, location, rules, context);
}

function checkReference(
  reference: ImageReference,
  written: string,
  location: Location,
  rules: BaseRules,
  context: CheckContext,
): Finding[] {
  const findings: Finding[] = [];
  const key = `${reference.registry}/${reference.repository}`;
  if (rules.allow !== undefined && !rules.allow.some((pattern) => matchImagePattern(pattern, reference))) {
    const allowed = rules.allow.length > 0 ? rules.allow.join(', ') : '(nothing: the allowlist is empty)';
    findings.push(
      makeFinding('base/not-allowed', context, {
        message: md`Base image ${reference.normalized} is not on the allowlist (base.allow: ${allowed}).`,
        location,
        key,
        properties: { base: reference.normalized },
      }),
    );
  }
  if (rules.requireDigest && !reference.digest) {
    findings.push(
      makeFinding('base/digest-required', context, {
        message: md`Base image ${written} is not pinned by digest (base.requireDigest); use ${`${written}@sha256:<digest>`}.`,
        location,
        key,
        properties: { base: reference.normalized },
      }),
    );
  }
  const forbidden = forbiddenTag(reference, rules.forbidTags ?? []);
  if (forbidden) {
    findings.push(
      makeFinding('base/forbidden-tag', context, {
        message: reference.tag
          ? md`Base image ${written} uses the tag '${reference.tag}', which base.forbidTags forbids (matched '${forbidden}').`
          : md`Base image ${written} has no tag, so Docker uses 'latest', which base.forbidTags forbids (matched '${forbidden}').`,
        location,
        key,
        properties: { base: reference.normalized },
      }),
    );
  }
  return findings;
}

/** The forbidTags pattern that matches, if any. An untagged, undigested reference is `<none>` and implicitly `latest`. */
function forbiddenTag(reference: ImageReference, patterns: readonly string[]): string | undefined {
  if (reference.digest && !reference.tag) return undefined;
  const tags = reference.tag ? [reference.tag] : ['<none>', 'latest'];
  return patterns.find((pattern) => {
    const isMatch = compileGlob(pattern);
    return tags.some((tag) => (pattern === '<none>' ? tag === '<none>' : isMatch(tag)));
  });
}
