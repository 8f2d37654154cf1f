import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { publicKeyPem, verifyEnvelope, type DsseEnvelope } from '../../src/attest/dsse.js';
import type { InTotoStatement } from '../../src/attest/vsa-statement.js';
import { cli } from '../support/cli.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';

/**
 * `--attest` through the real CLI on a real Trivy report (corpus alpine-39, given a registry digest): the signed
 * verification summary verifies with the public key, says what the gate decided about that digest under that
 * policy's sha256, and the key never reaches argv or any output.
 */

const golden = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!golden) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const KEY_ENV = 'IMAGEGATE_TEST_ATTEST_KEY';
const root = await tempDir();
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const pem = p256.export({ type: 'pkcs8', format: 'pem' }).toString();

async function workspace(policy: string): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'ws-'));
  const report = JSON.parse(await readFile(golden!, 'utf8')) as {
    ArtifactName: string;
    Metadata: Record<string, unknown>;
  };
  report.ArtifactName = 'registry.example:5000/team/api:1.0';
  report.Metadata.RepoTags = ['registry.example:5000/team/api:1.0'];
  report.Metadata.RepoDigests = [`registry.example:5000/team/api@${DIGEST}`];
  await writeFile(path.join(dir, 'trivy.json'), JSON.stringify(report));
  await writeFile(path.join(dir, '.imagegate.yml'), policy);
  return dir;
}

const check = (dir: string, ...args: string[]) =>
  cli(['check', '--trivy-report', 'trivy.json', '--skip-compose', '--out-dir', 'out', ...args], dir);

async function envelopeIn(dir: string): Promise<{ envelope: DsseEnvelope; statement: InTotoStatement }> {
  const envelope = JSON.parse(await readFile(path.join(dir, 'out', 'imagegate.vsa.dsse.json'), 'utf8')) as DsseEnvelope;
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as InTotoStatement;
  return { envelope, statement };
}

beforeAll(() => {
  process.env[KEY_ENV] = pem;
});
afterAll(() => {
  delete process.env[KEY_ENV];
});

const PASSING = 'version: 1\ngate: { failOn: never }\n';
const FAILING = 'version: 1\ngate: { failOn: low }\n';

test('a passing run writes a VSA about the digest, signed with the env key, that verifies and names the policy', async () => {
  const dir = await workspace(PASSING);
  const run = await check(dir, '--attest', '--attest-key', `env:${KEY_ENV}`);
  expect(run.code).toBe(0);
  const { envelope, statement } = await envelopeIn(dir);
  expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
  expect(verifyEnvelope(envelope, publicKeyPem(p256))).toBe(true);
  expect(statement).toMatchObject({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'registry.example:5000/team/api', digest: { sha256: 'ab'.repeat(32) } }],
    predicateType: 'https://slsa.dev/verification_summary/v1',
    predicate: {
      verifier: { id: 'https://github.com/imagegate/imagegate', version: { imagegate: expect.any(String) } },
      resourceUri: `registry.example:5000/team/api@${DIGEST}`,
      policy: {
        uri: '.imagegate.yml',
        // What `sha256sum .imagegate.yml` prints: an admission policy can be written from the file.
        digest: { sha256: createHash('sha256').update(PASSING).digest('hex') },
      },
      inputAttestations: [],
      verificationResult: 'PASSED',
      verifiedLevels: ['SLSA_BUILD_LEVEL_0'],
    },
  });
  expect(Date.parse(statement.predicate.timeVerified)).not.toBeNaN();
  expect(statement.predicate.imagegate.counts.blocking).toBe(0);
  // The key never appears in what the run printed or wrote beside the envelope.
  const body = pem.split('\n')[1]!;
  const reports = await readFile(path.join(dir, 'out', 'imagegate.json'), 'utf8');
  for (const text of [run.stdout, run.stderr, reports, JSON.stringify(envelope)]) expect(text).not.toContain(body);
});

test('a failing run attests FAILED with no level, counts the blocking findings, and still exits 1', async () => {
  const dir = await workspace(FAILING);
  const keyFile = path.join(dir, 'signing.pem');
  const ed = generateKeyPairSync('ed25519').privateKey;
  await writeFile(keyFile, ed.export({ type: 'pkcs8', format: 'pem' }));
  const run = await check(dir, '--attest', '--attest-key', 'file:signing.pem');
  expect(run.code).toBe(1);
  const { envelope, statement } = await envelopeIn(dir);
  expect(verifyEnvelope(envelope, publicKeyPem(ed))).toBe(true);
  expect(statement.predicate.verificationResult).toBe('FAILED');
  expect(statement.predicate.verifiedLevels).toEqual([]);
  expect(statement.predicate.imagegate.counts.blocking).toBeGreaterThan(0);
});

test('a statement edited after signing no longer verifies', async () => {
  const dir = await workspace(FAILING);
  await check(dir, '--attest', '--attest-key', `env:${KEY_ENV}`);
  const { envelope, statement } = await envelopeIn(dir);
  statement.predicate.verificationResult = 'PASSED';
  const forged = { ...envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') };
  expect(verifyEnvelope(forged, publicKeyPem(p256))).toBe(false);
});

test('the key itself as the option value is refused without echoing it (exit 2, before any work)', async () => {
  const dir = await workspace(PASSING);
  const run = await check(dir, '--attest', `--attest-key=${pem}`);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--attest-key takes env:NAME or file:PATH, never the key itself');
  expect(run.stderr).not.toContain(pem.split('\n')[1]!);
});

test.each([
  [['--attest'], '--attest needs --attest-key'],
  [['--attest-key', `env:${KEY_ENV}`], '--attest-key is set but --attest is not'],
  [['--attest', '--attest-key', 'env:IMAGEGATE_TEST_NO_SUCH_KEY'], 'variable IMAGEGATE_TEST_NO_SUCH_KEY is not set'],
  [['--attest', '--attest-key', 'file:missing.pem'], 'cannot read file missing.pem (ENOENT)'],
  [['--attest', '--attest-key', 'trivy.json'], 'file trivy.json is not a PEM private key'],
])('%j is a configuration error', async (args, message) => {
  const dir = await workspace(PASSING);
  const run = await check(dir, ...args);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
});

test('an RSA or P-384 key is refused: the admission controllers verify P-256 and Ed25519 here', async () => {
  const dir = await workspace(PASSING);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  await writeFile(path.join(dir, 'rsa.pem'), rsa.export({ type: 'pkcs8', format: 'pem' }));
  const run = await check(dir, '--attest', '--attest-key', 'rsa.pem');
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('holds a rsa key; expected ECDSA P-256 or Ed25519');
});

test('without a manifest digest there is nothing to attest: exit 2 after the reports are written', async () => {
  const dir = await workspace(PASSING);
  const report = JSON.parse(await readFile(path.join(dir, 'trivy.json'), 'utf8')) as {
    Metadata: Record<string, unknown>;
  };
  report.Metadata.RepoDigests = [];
  await writeFile(path.join(dir, 'trivy.json'), JSON.stringify(report));
  const run = await check(dir, '--attest', '--attest-key', `env:${KEY_ENV}`);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--attest needs the image by its manifest digest');
  await expect(readFile(path.join(dir, 'out', 'imagegate.json'), 'utf8')).resolves.toContain('"verdict"');
});
