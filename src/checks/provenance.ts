import type { FromInstruction } from '../dockerfile/types.js';
import type { Finding, Location } from '../model/findings.js';
import { parseImageReference } from '../model/image-reference.js';
import { matchImagePattern } from '../policy/image-match.js';
import { describeSignerRule } from '../policy/signer-rule-label.js';
import type { ProvenanceRules } from '../policy/types.js';
import { baseMaterials, type BaseMaterial } from '../provenance/base-materials.js';
import type { ProvenanceFacts } from '../provenance/types.js';
import { compileGlob } from '../util/glob.js';
import { excerpt as cut } from '../util/excerpt.js';
import { md } from '../util/markdown-message.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';

/**
 * `provenance:` (issue 15 item 4) on the SLSA provenance attached to the image (context.provenance, read by the
 * pipeline only when this section is set). Each provenance document is checked on its own (an index carries one per
 * platform); a document's text is untrusted, so every value goes through `md` and `excerpt`.
 */
export function checkProvenance(context: CheckContext): Finding[] {
  const rules = context.rules.provenance;
  if (!rules || !asksAnything(rules)) return [];
  const documents = context.provenance ?? [];
  if (documents.length === 0) {
    if (!rules.required) return [];
    const why =
      context.provenance === undefined
        ? (context.provenanceUnread ??
          'the image was not read from a registry or an OCI layout, which is where attestations are kept')
        : 'neither a BuildKit attestation manifest in its index nor an OCI referrer holds a v0.2 or v1 predicate';
    return [
      makeFinding('provenance/missing', context, {
        message: md`The policy requires SLSA provenance (provenance.required), and the image has none: ${why}.`,
        location: context.imageLocation,
      }),
    ];
  }
  // With signers named, only provenance one of them signed is believed; each other document says why it is not.
  const signed = rules.signers !== undefined;
  const believed = signed ? documents.filter((document) => document.signature?.status === 'verified') : documents;
  const unverified = signed
    ? documents
        .filter((document) => document.signature?.status !== 'verified')
        .map((document) => signatureFinding(document, rules, context))
    : [];
  return [
    ...unverified,
    ...believed.flatMap((document) => [
      ...checkBuilder(document, rules, context),
      ...checkSource(document, rules, context),
      ...(rules.basesPinned ? checkBases(document, context) : []),
    ]),
  ];
}

function signatureFinding(document: ProvenanceFacts, rules: ProvenanceRules, context: CheckContext): Finding {
  const allowed = (rules.signers ?? []).map(describeSignerRule).join('; ') || '(none)';
  const signature = document.signature ?? { status: 'unsigned' as const, reason: 'it was not verified' };
  const origin = shown(document.origin);
  const message =
    signature.status === 'unsigned'
      ? md`The provenance (${origin}) is not signed: ${shown(signature.reason)}; provenance.signers requires a signature by ${allowed}.`
      : signature.status === 'invalid'
        ? md`The provenance (${origin}) has a signature that does not verify: ${shown(signature.reason)}.`
        : signature.status === 'untrusted-signer'
          ? md`The provenance (${origin}) is signed by ${shown(signature.signer)}, whom provenance.signers (${allowed}) does not name: ${shown(signature.reason)}.`
          : md`The provenance (${origin}) is verified.`;
  return makeFinding('provenance/invalid-signature', context, {
    message,
    location: context.imageLocation,
    key: `signature:${document.origin}`,
    properties: { signature: signature.status },
  });
}

/** Provenance values are URLs and origins: long enough to name them, escaped and capped (the text is untrusted). */
const shown = (text: string): string => cut(text, 200);

/** Whether `provenance:` asks anything: only then is provenance read (item 8) and checked. */
export function asksAnything(rules: ProvenanceRules): boolean {
  return (
    rules.required === true ||
    rules.builderIds !== undefined ||
    rules.sources !== undefined ||
    !!rules.basesPinned ||
    rules.signers !== undefined
  );
}

function checkBuilder(document: ProvenanceFacts, rules: ProvenanceRules, context: CheckContext): Finding[] {
  if (rules.builderIds === undefined) return [];
  const id = document.builderId;
  if (id !== '' && rules.builderIds.some((glob) => compileGlob(glob)(id))) return [];
  const allowed = rules.builderIds.length > 0 ? rules.builderIds.join(', ') : '(none)';
  return [
    makeFinding('provenance/untrusted-builder', context, {
      message:
        id === ''
          ? md`The provenance (${shown(document.origin)}) names no builder id; provenance.builderIds allows ${allowed}.`
          : md`The provenance (${shown(document.origin)}) names the builder ${shown(id)}, which provenance.builderIds (${allowed}) does not allow.`,
      location: context.imageLocation,
      key: `builder:${id}`,
      properties: { builderId: id },
    }),
  ];
}

function checkSource(document: ProvenanceFacts, rules: ProvenanceRules, context: CheckContext): Finding[] {
  if (rules.sources === undefined) return [];
  const source = document.source;
  const allowed = rules.sources.map((entry) => entry.repository + (entry.refs ? ` (${entry.refs.join(', ')})` : ''));
  const allowedText = allowed.length > 0 ? allowed.join(', ') : '(none)';
  if (source) {
    const ok = rules.sources.some(
      (entry) =>
        compileGlob(entry.repository)(source.repository) &&
        (entry.refs === undefined ||
          (source.ref !== undefined && entry.refs.some((ref) => compileGlob(ref)(source.ref!)))),
    );
    if (ok) return [];
  }
  const named = source ? `${source.repository}${source.ref ? `@${source.ref}` : ''}` : '';
  return [
    makeFinding('provenance/untrusted-source', context, {
      message: source
        ? md`The provenance (${shown(document.origin)}) says the image was built from ${shown(named)}, which provenance.sources (${allowedText}) does not allow.`
        : md`The provenance (${shown(document.origin)}) names no source repository; provenance.sources allows ${allowedText}.`,
      location: context.imageLocation,
      key: `source:${named}`,
      properties: { source: named },
    }),
  ];
}

function checkBases(document: ProvenanceFacts, context: CheckContext): Finding[] {
  const allow = context.rules.base.allow;
  return baseMaterials(document.materials).flatMap((base) => {
    const problems: string[] = [];
    if (!base.digest) problems.push('records no sha256 digest');
    if (!base.reference) problems.push('names no valid image reference');
    else if (allow !== undefined && !allow.some((pattern) => matchImagePattern(pattern, base.reference!)))
      problems.push(`is not allowed by base.allow (${allow.length > 0 ? allow.join(', ') : 'empty'})`);
    if (problems.length === 0) return [];
    return [
      makeFinding('provenance/unpinned-base', context, {
        message: md`Base ${shown(base.uri)} in the provenance (${shown(document.origin)}) ${problems.join(' and ')}.`,
        location: fromLocation(base, context) ?? context.imageLocation,
        key: `base:${base.reference?.name ?? base.uri}`,
        properties: { base: base.reference?.normalized ?? base.uri },
      }),
    ];
  });
}

/** The FROM line that names the base's repository, so the finding points where a person pins it. */
function fromLocation(base: BaseMaterial, context: CheckContext): Location | undefined {
  const { dockerfile } = context;
  if (!dockerfile || !base.reference) return undefined;
  const from = dockerfile.stages
    .map((stage) => stage.from)
    .find((candidate: FromInstruction) => {
      if (candidate.isScratch || candidate.stageRef !== undefined || candidate.unresolved.length > 0) return false;
      try {
        return parseImageReference(candidate.image).name === base.reference!.name;
      } catch {
        return false;
      }
    });
  return from ? { kind: 'source', path: dockerfile.path, line: from.line, column: from.column } : undefined;
}
