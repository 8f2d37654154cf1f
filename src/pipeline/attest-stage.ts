import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadAttestKey, type AttestKeySource, type LoadedAttestKey } from '../attest/attest-key.js';
import { pushAttestation } from '../attest/push-attestation.js';
import { githubOidcProvider, type KeylessSettings } from '../attest/keyless.js';
import type { DsseEnvelope } from '../attest/dsse.js';
import type { IdentityProvider } from '@sigstore/sign';
import { signStatement, statementBytes, writeAttestation, writeSigstoreBundle } from '../attest/write-attestation.js';
import {
  buildVsaStatement,
  IMAGEGATE_VERIFIER_ID,
  VSA_PREDICATE_TYPE,
  type PolicyFileBytes,
  type ResourceDescriptor,
} from '../attest/vsa-statement.js';
import { RegistryClient, type RegistryAccess } from '../image/source/registry/registry-client.js';
import type { ImageReference } from '../model/image-reference.js';
import type { DecidingPolicy } from '../policy/deciding-policy.js';
import { blockingFindings } from '../report/blocking.js';
import type { RunResult } from '../report/run-result.js';
import { ConfigurationError, describeError, ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';
import { VERSION } from '../version.js';

/** `--attest-key`'s name in messages. */
const OPTION = '--attest-key';

/** Loads the key before anything expensive runs: a wrong key is a configuration error, not a lost scan. */
export async function prepareAttestKey(
  source: AttestKeySource,
  context: { cwd: string; env: Record<string, string | undefined> },
): Promise<LoadedAttestKey> {
  return loadAttestKey(source, { ...context, option: OPTION });
}

/** How the summary is signed: with the workflow's key, or keylessly through Fulcio and Rekor. */
export type AttestSigning =
  { kind: 'key'; key: LoadedAttestKey } | { kind: 'keyless'; settings: KeylessSettings; identity: IdentityProvider };

/** The runner's OIDC token source, checked before anything expensive runs (exit 2 without `id-token: write`). */
export function prepareKeyless(
  settings: KeylessSettings,
  context: { env: Record<string, string | undefined>; logger: Logger; redactor: Redactor },
): AttestSigning {
  return { kind: 'keyless', settings, identity: githubOidcProvider(context.env, context) };
}

export interface AttestRequest {
  signing: AttestSigning;
  /** The signatures and provenance the verdict relied on (src/attest/input-attestations.ts). */
  inputAttestations: ResourceDescriptor[];
  result: RunResult;
  reference: ImageReference | undefined;
  decided: DecidingPolicy;
  workspace: string;
  outDir: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  redactor: Redactor;
  /** `--attest-push`: how to reach the image's registry (its credentials, insecure registries). */
  push?: RegistryAccess;
}

/**
 * Signs and writes the verification summary (after the reports). The statement is about a manifest digest: a
 * local build has none, and a summary about a tag would vouch for whatever is pushed under it later.
 */
export async function attestRun(request: AttestRequest): Promise<string> {
  const { result, reference } = request;
  const digest = result.image.digest ?? reference?.digest;
  if (!digest || !reference) {
    throw new ConfigurationError(
      '--attest needs the image by its manifest digest (a registry image, an OCI layout or an image pulled by digest); ' +
        'a local build has none: push it and check the pushed reference',
    );
  }
  const policyFiles = await policyFileBytes(request.decided, request.workspace);
  const statement = buildVsaStatement({
    repository: reference.name,
    digest,
    verdict: result.verdict,
    timeVerified: result.finishedAt,
    toolVersion: VERSION,
    policyUri: policyUri(request.decided, request.env),
    policyFiles,
    counts: {
      bySeverity: { ...result.counts },
      blocking: blockingFindings(result).length,
      suppressed: result.suppressedCount,
    },
    inputAttestations: request.inputAttestations,
  });
  const { signing } = request;
  let envelope: DsseEnvelope;
  let how: string;
  let keyless: { sigstoreBundle: Buffer; cosignAnnotations: Record<string, string> } | undefined;
  if (signing.kind === 'key') {
    envelope = signStatement(statement, signing.key);
    how = signing.key.kind;
  } else {
    // Loaded on use: @sigstore/sign is not initialised on runs that sign with a key or not at all.
    const { signKeyless, cosignKeylessAnnotations } = await import('../attest/keyless-sign.js');
    const signed = await signKeyless(statementBytes(statement), signing.settings, signing.identity, request.logger);
    envelope = signed.envelope;
    const bundleFile = await writeSigstoreBundle(signed.bundle, request.outDir, request.redactor);
    keyless = {
      sigstoreBundle: Buffer.from(JSON.stringify(signed.bundle)),
      cosignAnnotations: cosignKeylessAnnotations(signed.bundle),
    };
    how = `keyless, Sigstore bundle ${bundleFile}`;
  }
  const file = await writeAttestation(envelope, request.outDir, request.redactor);
  request.logger.info(
    `--attest: ${statement.predicate.verificationResult} for ${statement.predicate.resourceUri} signed (${how}) into ${file}`,
  );
  if (request.push) {
    await pushToRegistry(request.push, reference, digest, Buffer.from(JSON.stringify(envelope)), keyless, request);
  }
  return file;
}

/**
 * Attaches the envelope (exactly the bytes written to the file's JSON) to the image. Runs after the file is
 * written, so a registry that refuses loses nothing; any failure is exit 3 naming the request and its answer.
 */
async function pushToRegistry(
  access: RegistryAccess,
  reference: ImageReference,
  digest: string,
  envelope: Buffer,
  keyless: { sigstoreBundle: Buffer; cosignAnnotations: Record<string, string> } | undefined,
  request: Pick<AttestRequest, 'logger' | 'result'>,
): Promise<void> {
  const target = `${reference.name}@${digest}`;
  let client: RegistryClient | undefined;
  try {
    client = await RegistryClient.open(reference.registry, { ...access, logger: request.logger });
    const pushed = await pushAttestation({
      client,
      repository: reference.repository,
      subjectDigest: digest,
      envelope,
      predicateType: VSA_PREDICATE_TYPE,
      created: request.result.finishedAt,
      ...(keyless ? { keyless } : {}),
    });
    request.logger.info(
      `--attest-push: attached the summary to ${target} as ${pushed.digest} (` +
        (pushed.indexedBy === 'referrers-api' ? 'indexed by the registry' : `tag ${digest.replace(':', '-')} updated`) +
        `; also under cosign's ${pushed.cosignTag})`,
    );
  } catch (error) {
    throw new ToolError(`--attest-push could not attach the summary to ${target}: ${describeError(error)}`, {
      command: error instanceof ToolError ? error.command : `push to ${reference.registry}`,
    });
  } finally {
    client?.close();
  }
}

/**
 * The deciding policy's bytes, base first. Read again here, from where the decision read them (the working tree,
 * or the `--policy-ref` commit through git).
 */
async function policyFileBytes(decided: DecidingPolicy, workspace: string): Promise<PolicyFileBytes[]> {
  if (decided.source.origin === 'default') return [];
  const files: PolicyFileBytes[] = [];
  for (const shown of decided.policy.files) {
    if (decided.source.origin === 'base' && decided.baseFiles) {
      const relative = shown.slice(shown.indexOf(':') + 1);
      const read = await decided.baseFiles.read(path.join(workspace, relative));
      if (!('text' in read)) throw new ConfigurationError(`--attest: cannot read the policy ${shown}: ${read.problem}`);
      files.push({ path: relative, bytes: Buffer.from(read.text, 'utf8') });
    } else {
      files.push({ path: shown, bytes: await readFile(path.resolve(workspace, shown)) });
    }
  }
  return files;
}

/** A URL of the policy at the commit that decided when the CI names its repository; else its path. */
function policyUri(decided: DecidingPolicy, env: Record<string, string | undefined>): string {
  if (decided.source.origin === 'default')
    return `${IMAGEGATE_VERIFIER_ID}/blob/v${VERSION}/src/policy/default-policy.ts`;
  const file = decided.source.path ?? decided.policy.files.at(-1) ?? '';
  // A policy read at a ref is shown as `REF:path`; the path is what the URL needs.
  const relative = decided.source.origin === 'base' ? file.slice(file.indexOf(':') + 1) : file;
  const commit = decided.source.commit ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && commit) {
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${commit}/${relative}`;
  }
  if (env.CI_PROJECT_URL && commit) return `${env.CI_PROJECT_URL}/-/blob/${commit}/${relative}`;
  return relative;
}
