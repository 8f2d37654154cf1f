import type { SignatureRules, SignerRule } from '../policy/convert-signatures.js';
import type { SourceLocation } from '../model/findings.js';
import { ConfigurationError } from '../util/errors.js';
import { MAX_KEY_BYTES, MAX_ROOT_BYTES, readPolicyFile, type SignatureFilesRequest } from './policy-file.js';
import { compileSubjectRegExp, parsePublicKey, type Signer } from './signer-policy.js';
import { parseTrustRoot, publicGoodTrustRoot, type LoadedTrustRoot } from './trusted-root.js';
import { toTrustMaterial } from '@sigstore/verify';

/** The `signatures:` section with its files read: signers ready to verify with, and the trust root. */
export interface SignaturePolicy {
  image?: { required: boolean; signers: Signer[]; source?: SourceLocation };
  bases: { match: string; signers: Signer[]; source: SourceLocation }[];
  trust: LoadedTrustRoot;
}

/**
 * Reads the key files and the trusted root the policy names, at the edge (checks stay pure). Every problem is exit 2
 * at the policy line that names the file: a refused or missing path, a file that is no PEM public key of a supported
 * type, a trusted_root.json that does not parse. Never quotes the files' contents.
 */
export async function loadSignaturePolicy(
  rules: SignatureRules,
  request: SignatureFilesRequest,
): Promise<SignaturePolicy> {
  const keys = new Map<string, Signer>();
  const trust = await loadTrustRoot(rules.trustedRoot, request);
  const bases: SignaturePolicy['bases'] = [];
  for (const entry of rules.bases ?? []) {
    bases.push({ match: entry.match, signers: await loadSigners(entry.signers, request, keys), source: entry.source });
  }
  return {
    ...(rules.image
      ? { image: { required: rules.image.required, signers: await loadSigners(rules.image.signers, request, keys) } }
      : {}),
    bases,
    trust,
  };
}

/**
 * Signer rules made usable (also for `provenance.signers`): each key file read through the workspace gate (or from
 * the deciding base commit) and parsed, each subject pattern compiled on re2js. `keys` shares a file read twice.
 */
export async function loadSigners(
  rules: readonly SignerRule[],
  request: SignatureFilesRequest,
  keys = new Map<string, Signer>(),
): Promise<Signer[]> {
  const out: Signer[] = [];
  for (const rule of rules) out.push(await loadSigner(rule, request, keys));
  return out;
}

/** The policy's `signatures.trustedRoot`, or the Sigstore public-good root shipped with imagegate. */
export async function loadTrustRoot(
  root: SignatureRules['trustedRoot'],
  request: SignatureFilesRequest,
): Promise<LoadedTrustRoot> {
  return root ? loadRoot(root, request) : publicGoodTrustRoot();
}

async function loadSigner(
  rule: SignerRule,
  request: SignatureFilesRequest,
  keys: Map<string, Signer>,
): Promise<Signer> {
  if (rule.kind === 'identity') {
    if (rule.subject !== undefined) return { kind: 'identity', issuer: rule.issuer, subject: rule.subject };
    const compiled = compileSubjectRegExp(rule.subjectRegExp ?? '');
    // The converter already reported a pattern that does not compile; this is the same check, kept total.
    if ('problem' in compiled) throw new ConfigurationError(`subjectRegExp: ${compiled.problem}`, rule.source);
    return {
      kind: 'identity',
      issuer: rule.issuer,
      subjectRegExp: { text: rule.subjectRegExp ?? '', pattern: compiled.pattern },
    };
  }
  const known = keys.get(rule.file);
  if (known) return known;
  const { text, display } = await readPolicyFile(
    rule.file,
    rule.written,
    rule.source,
    'the public key',
    MAX_KEY_BYTES,
    request,
  );
  const parsed = parsePublicKey(text);
  if ('problem' in parsed) {
    throw new ConfigurationError(`the public key ${display} is not usable: ${parsed.problem}`, rule.source);
  }
  const signer: Signer = { kind: 'key', key: parsed.key, label: rule.written };
  keys.set(rule.file, signer);
  return signer;
}

async function loadRoot(
  root: NonNullable<SignatureRules['trustedRoot']>,
  request: SignatureFilesRequest,
): Promise<LoadedTrustRoot> {
  const { text, display } = await readPolicyFile(
    root.file,
    root.written,
    root.source,
    'the trusted root',
    MAX_ROOT_BYTES,
    request,
  );
  try {
    const parsed = parseTrustRoot(text, display);
    return { root: parsed, material: toTrustMaterial(parsed), name: display };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    // parseTrustRoot names the file; the position is where the policy names it.
    throw new ConfigurationError(error.message, root.source);
  }
}

export type { SignatureFilesRequest } from './policy-file.js';
