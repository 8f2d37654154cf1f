import { createVerify, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { verifyEnvelope, type DsseEnvelope } from '../../src/attest/dsse.js';
import type { InTotoStatement } from '../../src/attest/vsa-statement.js';
import { cli } from '../support/cli.js';
import { sharedFile } from '../support/shared.js';
import { canonicalJson, startSigstoreServices, type SigstoreServices } from '../support/sigstore-services.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 15 item 5, `--attest-keyless`: @sigstore/sign pointed at local stand-ins of the GitHub OIDC token endpoint,
 * Fulcio and Rekor (test/support/sigstore-services.ts; a test CA and log key made here). The bundle it writes
 * carries a certificate from that CA for the workflow identity, a DSSE signature that verifies with it, and a Rekor
 * entry whose signed entry timestamp verifies with the log key; the tokens never reach any output.
 */

const golden = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!golden) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
const DIGEST = `sha256:${'cd'.repeat(32)}`;
const root = await tempDir('imagegate-keyless-');
let services: SigstoreServices;

beforeAll(async () => {
  services = await startSigstoreServices();
});
afterAll(async () => {
  await services.close();
});

const saved: Record<string, string | undefined> = {};
function setEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(name in saved)) saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    delete saved[name];
  }
});

async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'ws-'));
  const report = JSON.parse(await readFile(golden!, 'utf8')) as {
    ArtifactName: string;
    Metadata: Record<string, unknown>;
  };
  report.ArtifactName = 'registry.example:5000/team/api:1.0';
  report.Metadata.RepoTags = ['registry.example:5000/team/api:1.0'];
  report.Metadata.RepoDigests = [`registry.example:5000/team/api@${DIGEST}`];
  await writeFile(path.join(dir, 'trivy.json'), JSON.stringify(report));
  await writeFile(path.join(dir, '.imagegate.yml'), 'version: 1\ngate: { failOn: never }\n');
  return dir;
}

const check = (dir: string, ...args: string[]) =>
  cli(['check', '--trivy-report', 'trivy.json', '--skip-compose', '--out-dir', 'out', '--attest', ...args], dir);

const oidcEnv = () => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: `${services.oidcUrl}?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: services.requestToken,
});

async function allOutput(dir: string, run: { stdout: string; stderr: string }): Promise<string> {
  const out = path.join(dir, 'out');
  const files = await Promise.all((await readdir(out)).map((name) => readFile(path.join(out, name), 'utf8')));
  return [run.stdout, run.stderr, ...files].join('\n');
}

test('signs through the stand-ins: Fulcio certificate for the workflow, Rekor entry, bundle that verifies', async () => {
  setEnv(oidcEnv());
  const dir = await workspace();
  const run = await check(
    dir,
    '--attest-keyless',
    '--fulcio-url',
    services.fulcioUrl,
    '--rekor-url',
    services.rekorUrl,
  );
  expect(run.stderr).toContain('signed (keyless, Sigstore bundle');
  expect(run.code).toBe(0);

  // What went over the wire, in order: token (bearer, audience sigstore), certificate, log entry.
  expect(services.requests.map((request) => request.service)).toEqual(['oidc', 'fulcio', 'rekor']);
  const [oidc, fulcio, rekor] = services.requests;
  expect(oidc!.authorization).toBe(`Bearer ${services.requestToken}`);
  expect(new URL(oidc!.url, 'http://x').searchParams.get('audience')).toBe('sigstore');
  expect(JSON.parse(fulcio!.body)).toMatchObject({ credentials: { oidcIdentityToken: services.idToken } });
  const proposed = JSON.parse(rekor!.body) as { kind: string; spec: { proposedContent: { envelope: string } } };
  expect(proposed.kind).toBe('dsse');

  const bundle = JSON.parse(await readFile(path.join(dir, 'out', 'imagegate.vsa.sigstore.json'), 'utf8')) as {
    mediaType: string;
    verificationMaterial: {
      certificate: { rawBytes: string };
      tlogEntries: Array<{
        logIndex?: string;
        logId: { keyId: string };
        integratedTime: string;
        canonicalizedBody: string;
        inclusionPromise: { signedEntryTimestamp: string };
      }>;
    };
    dsseEnvelope: DsseEnvelope;
  };
  expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
  // The certificate: issued by the test CA, for the workflow identity, for the key that signed the envelope.
  const certificate = new X509Certificate(Buffer.from(bundle.verificationMaterial.certificate.rawBytes, 'base64'));
  expect(certificate.verify(new X509Certificate(services.caCertificate).publicKey)).toBe(true);
  expect(certificate.subjectAltName).toBe(`URI:${services.identity.subject}`);
  expect(verifyEnvelope(bundle.dsseEnvelope, certificate.publicKey)).toBe(true);
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as InTotoStatement;
  expect(statement.subject[0]!.digest.sha256).toBe('cd'.repeat(32));
  expect(statement.predicate.verificationResult).toBe('PASSED');
  // The envelope Rekor logged is the one in the bundle; its signed entry timestamp verifies with the log key.
  expect(JSON.parse(proposed.spec.proposedContent.envelope)).toMatchObject({ payload: bundle.dsseEnvelope.payload });
  const [entry] = bundle.verificationMaterial.tlogEntries;
  const signed = canonicalJson({
    body: entry!.canonicalizedBody,
    integratedTime: Number(entry!.integratedTime),
    logID: Buffer.from(entry!.logId.keyId, 'base64').toString('hex'),
    // protobuf JSON leaves out zero values: the first entry's index 0 is absent.
    logIndex: Number(entry!.logIndex ?? '0'),
  });
  const set = Buffer.from(entry!.inclusionPromise.signedEntryTimestamp, 'base64');
  expect(createVerify('sha256').update(signed).verify(services.rekorPublicKey, set)).toBe(true);
  // And the maintained verifier agrees: @sigstore/verify with a trust root of the stand-ins' CA and log key checks
  // the signature, the chain at the log's time, the log entry against the envelope, and names the identity
  // (no SCT: the stand-in Fulcio has no CT log, so that one check is off).
  const trust = toTrustMaterial(TrustedRoot.fromJSON(services.trustedRoot()));
  const signer = new Verifier(trust, { ctlogThreshold: 0 }).verify(toSignedEntity(bundleFromJSON(bundle)));
  expect(signer.identity).toMatchObject({
    subjectAlternativeName: services.identity.subject,
    extensions: { issuer: services.identity.issuer },
  });
  // The DSSE file beside it is the bundle's envelope, so --attest-push and verifiers see one signature.
  const envelope = JSON.parse(await readFile(path.join(dir, 'out', 'imagegate.vsa.dsse.json'), 'utf8')) as DsseEnvelope;
  expect(envelope).toEqual(bundle.dsseEnvelope);

  const output = await allOutput(dir, run);
  expect(output).not.toContain(services.requestToken);
  expect(output).not.toContain(services.idToken);
  expect(output).not.toContain(services.idToken.split('.')[1]!);
});

test("without the runner's OIDC variables it is a configuration error before any work", async () => {
  setEnv({
    ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
    SIGSTORE_ID_TOKEN: undefined,
  });
  const run = await check(await workspace(), '--attest-keyless');
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--attest-keyless needs the runner to provide an OIDC token');
  expect(run.stderr).toContain('id-token: write');
});

test('SIGSTORE_ID_TOKEN (GitLab id_tokens) is used when the Actions variables are absent, and never printed', async () => {
  setEnv({
    ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
    SIGSTORE_ID_TOKEN: services.idToken,
  });
  const before = services.requests.length;
  const dir = await workspace();
  const run = await check(
    dir,
    '--attest-keyless',
    '--fulcio-url',
    services.fulcioUrl,
    '--rekor-url',
    services.rekorUrl,
  );
  expect(run.code).toBe(0);
  // No token endpoint involved: straight to Fulcio with the given token, then Rekor.
  expect(services.requests.slice(before).map((request) => request.service)).toEqual(['fulcio', 'rekor']);
  expect(await allOutput(dir, run)).not.toContain(services.idToken);
});

test('a Fulcio that refuses is exit 3 naming the service; the token is not printed', async () => {
  setEnv(oidcEnv());
  const before = services.requests.length;
  const dir = await workspace();
  const run = await check(
    dir,
    '--attest-keyless',
    '--fulcio-url',
    `${services.fulcioUrl}/missing`,
    '--rekor-url',
    services.rekorUrl,
  );
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('keyless signing failed');
  expect(run.stderr).toContain(`Fulcio ${services.fulcioUrl}/missing`);
  expect(services.requests.slice(before).map((request) => request.service)).toEqual(['oidc']);
  const output = await allOutput(dir, run);
  expect(output).not.toContain(services.requestToken);
  expect(output).not.toContain(services.idToken);
});

test.each([
  [['--attest-keyless', '--attest-key', 'env:X'], '--attest-key and --attest-keyless exclude each other'],
  [
    ['--attest-keyless', '--fulcio-url', 'http://fulcio.example'],
    '--fulcio-url must be https (http only on localhost)',
  ],
  [['--attest-key', 'env:X', '--rekor-url', 'https://rekor.example'], '--rekor-url is only for --attest-keyless'],
])('%j is a configuration error', async (args, message) => {
  setEnv(oidcEnv());
  const run = await check(await workspace(), ...args);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
});
