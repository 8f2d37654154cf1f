import { execa } from 'execa';
import {
  createHash,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomUUID,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Local stand-ins for the three services keyless signing talks to, at their HTTP boundary (they cannot be reached
 * from here, and the real ones would publish test identities):
 * - the GitHub Actions OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL): checks the bearer request token and the
 *   `audience`, answers `{value: <JWT>}`;
 * - Fulcio (`POST /api/v2/signingCert`): checks the proof of possession (the token's subject signed with the
 *   requested key) and issues a code-signing certificate for that key from a test CA made here with openssl, with
 *   the workflow identity as URI SAN and Fulcio's issuer extensions;
 * - Rekor (`POST /api/v1/log/entries`): records the proposed entry, stores it as Rekor does (hashes and
 *   signatures), and answers it signed with a P-256 log key made here: a signed entry timestamp over the canonical
 *   entry, and an inclusion proof with a signed checkpoint (each entry the only leaf of its own tree).
 * Every request is recorded, with its Authorization header, so tests can assert what was sent and where.
 */

export interface RecordedRequest {
  service: 'oidc' | 'fulcio' | 'rekor';
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

export interface SigstoreServices {
  oidcUrl: string;
  /** The bearer the OIDC endpoint expects (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  requestToken: string;
  /** The JWT it hands out. */
  idToken: string;
  fulcioUrl: string;
  rekorUrl: string;
  /** The test CA's certificate (PEM). */
  caCertificate: string;
  rekorPublicKey: KeyObject;
  identity: { issuer: string; subject: string };
  requests: RecordedRequest[];
  /** A trusted_root.json (protobuf-specs JSON) naming the test CA and the log key, for @sigstore/verify. */
  trustedRoot(): Record<string, unknown>;
  close(): Promise<void>;
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Canonical JSON (sorted keys, no spaces): what Rekor signs for a signed entry timestamp. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function startSigstoreServices(): Promise<SigstoreServices> {
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-sigstore-'));
  const caKey = path.join(dir, 'ca.key');
  const caCert = path.join(dir, 'ca.crt');
  await execa('openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'],
    ...['-subj', '/O=imagegate-test/CN=imagegate test fulcio', '-keyout', caKey, '-out', caCert],
    ...['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
  ]);
  const caCertificate = await readFile(caCert, 'utf8');
  const rekorKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rekorSpki = rekorKeys.publicKey.export({ type: 'spki', format: 'der' });
  const logID = createHash('sha256').update(rekorSpki).digest('hex');
  const identity = {
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main',
  };
  const requestToken = `request-${randomUUID()}`;
  const idToken = [
    b64url({ alg: 'RS256', typ: 'JWT' }),
    b64url({ iss: identity.issuer, sub: 'repo:acme/api:ref:refs/heads/main', aud: 'sigstore' }),
    Buffer.from(`signature-${randomUUID()}`).toString('base64url'),
  ].join('.');
  const requests: RecordedRequest[] = [];
  let host = '';

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const answer = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      const record = (service: RecordedRequest['service']) =>
        requests.push({
          service,
          method: request.method ?? '',
          url: request.url ?? '',
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
          body,
        });
      void (async () => {
        if (url.pathname === '/oidc/token') {
          record('oidc');
          if (request.headers.authorization !== `Bearer ${requestToken}`) return answer(401, { message: 'bad token' });
          if (url.searchParams.get('audience') !== 'sigstore') return answer(400, { message: 'audience' });
          return answer(200, { value: idToken, count: 1 });
        }
        if (url.pathname === '/fulcio/api/v2/signingCert' && request.method === 'POST') {
          record('fulcio');
          const certificateRequest = JSON.parse(body) as {
            credentials: { oidcIdentityToken: string };
            publicKeyRequest: { publicKey: { content: string }; proofOfPossession: string };
          };
          if (certificateRequest.credentials.oidcIdentityToken !== idToken) return answer(401, { message: 'token' });
          const publicKey = createPublicKey(certificateRequest.publicKeyRequest.publicKey.content);
          // Fulcio's proof of possession: the token's subject signed with the key the certificate is for.
          const verifier = createVerify('sha256').update('repo:acme/api:ref:refs/heads/main');
          const possession = Buffer.from(certificateRequest.publicKeyRequest.proofOfPossession, 'base64');
          if (!verifier.verify(publicKey, possession)) return answer(400, { message: 'proof of possession' });
          const leaf = await issueLeaf(dir, caCert, caKey, publicKey, identity);
          return answer(201, { signedCertificateEmbeddedSct: { chain: { certificates: [leaf, caCertificate] } } });
        }
        if (url.pathname === '/rekor/api/v1/log/entries' && request.method === 'POST') {
          record('rekor');
          const stored = storedDsseEntry(body);
          if (!stored) return answer(400, { message: 'not a dsse entry' });
          const canonical = Buffer.from(canonicalJson(stored));
          const entry = {
            body: canonical.toString('base64'),
            integratedTime: Math.floor(Date.now() / 1000),
            logID,
            // Each entry is the only leaf of its own tree: index 0, size 1, root = the leaf hash (RFC 6962).
            logIndex: 0,
          };
          const set = createSign('sha256').update(canonicalJson(entry)).sign(rekorKeys.privateKey);
          const rootHash = createHash('sha256')
            .update(Buffer.concat([Buffer.from([0]), canonical]))
            .digest();
          const note = `${host} - test log\n1\n${rootHash.toString('base64')}\n`;
          const noteSignature = createSign('sha256').update(note).sign(rekorKeys.privateKey);
          const hint = Buffer.from(logID, 'hex').subarray(0, 4);
          const checkpoint = `${note}\n\u2014 ${host} ${Buffer.concat([hint, noteSignature]).toString('base64')}\n`;
          return answer(201, {
            [randomUUID().replaceAll('-', '')]: {
              ...entry,
              verification: {
                signedEntryTimestamp: set.toString('base64'),
                inclusionProof: {
                  logIndex: 0,
                  treeSize: 1,
                  rootHash: rootHash.toString('hex'),
                  hashes: [],
                  checkpoint,
                },
              },
            },
          });
        }
        return answer(404, { message: 'not found' });
      })().catch((error: unknown) => answer(500, { message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = `http://${host}`;
  return {
    oidcUrl: `${base}/oidc/token`,
    requestToken,
    idToken,
    fulcioUrl: `${base}/fulcio`,
    rekorUrl: `${base}/rekor`,
    caCertificate,
    rekorPublicKey: rekorKeys.publicKey,
    identity,
    requests,
    trustedRoot: () => ({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [
        {
          baseUrl: `${base}/rekor`,
          hashAlgorithm: 'SHA2_256',
          publicKey: {
            rawBytes: rekorSpki.toString('base64'),
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            validFor: { start: '2020-01-01T00:00:00Z' },
          },
          logId: { keyId: Buffer.from(logID, 'hex').toString('base64') },
        },
      ],
      certificateAuthorities: [
        {
          subject: { organization: 'imagegate-test', commonName: 'imagegate test fulcio' },
          uri: `${base}/fulcio`,
          certChain: { certificates: [{ rawBytes: new X509Certificate(caCertificate).raw.toString('base64') }] },
          validFor: { start: '2020-01-01T00:00:00Z' },
        },
      ],
      ctlogs: [],
      timestampAuthorities: [],
    }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * What Rekor stores for a proposed `dsse` entry (and signs in its SET): the envelope's and payload's sha256 and the
 * signatures with their verifiers, rather than the envelope itself. Undefined when the proposal is not one.
 */
function storedDsseEntry(body: string): Record<string, unknown> | undefined {
  const proposed = JSON.parse(body) as {
    kind?: string;
    spec?: { proposedContent?: { envelope?: string; verifiers?: string[] } };
  };
  const envelopeText = proposed.spec?.proposedContent?.envelope;
  const verifiers = proposed.spec?.proposedContent?.verifiers ?? [];
  if (proposed.kind !== 'dsse' || !envelopeText) return undefined;
  const envelope = JSON.parse(envelopeText) as { payload: string; signatures: Array<{ sig: string }> };
  const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
  return {
    apiVersion: '0.0.1',
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(envelopeText) },
      payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelope.payload, 'base64')) },
      signatures: envelope.signatures.map((signature, index) => ({
        signature: signature.sig,
        verifier: verifiers[index] ?? verifiers[0],
      })),
    },
  };
}

/** A ten-minute code-signing certificate for `publicKey`, as Fulcio issues one (openssl x509 -new -force_pubkey). */
async function issueLeaf(
  dir: string,
  caCert: string,
  caKey: string,
  publicKey: KeyObject,
  identity: { issuer: string; subject: string },
): Promise<string> {
  const id = randomUUID();
  const keyFile = path.join(dir, `${id}.pub`);
  const extFile = path.join(dir, `${id}.ext`);
  await writeFile(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  const issuerHex = Buffer.from(identity.issuer).toString('hex').toUpperCase();
  await writeFile(
    extFile,
    [
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=codeSigning',
      `subjectAltName=critical,URI:${identity.subject}`,
      // 1.3.6.1.4.1.57264.1.1: the issuer as raw bytes; .1.8: as a UTF8String (Fulcio writes both).
      `1.3.6.1.4.1.57264.1.1=DER:${issuerHex}`,
      `1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:${identity.issuer}`,
    ].join('\n'),
  );
  const { stdout } = await execa('openssl', [
    ...['x509', '-new', '-subj', '/', '-force_pubkey', keyFile, '-CA', caCert, '-CAkey', caKey],
    ...['-days', '1', '-extfile', extFile, '-set_serial', `0x${id.replaceAll('-', '').slice(0, 16)}`],
  ]);
  return `${stdout.trim()}\n`;
}
