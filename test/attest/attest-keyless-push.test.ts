import { createVerify, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { verifyEnvelope, type DsseEnvelope } from '../../src/attest/dsse.js';
import { sampleSpec } from '../image/support/archives.js';
import { cli } from '../support/cli.js';
import { credentialsEnvironment, describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { OCI_INDEX, pushLayout } from '../support/registry-push.js';
import { canonicalJson, startSigstoreServices, type SigstoreServices } from '../support/sigstore-services.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 15 item 5, `--attest-keyless --attest-push` against a real docker-registry and the Fulcio/Rekor/OIDC
 * stand-ins: a keyless summary can be verified from the registry alone — the Sigstore bundle is a referrer, and
 * cosign's `.att` layer carries the certificate and the Rekor entry admission controllers verify it with.
 */

const root = await tempDir('imagegate-keyless-push-');
let services: SigstoreServices;

beforeAll(async () => {
  services = await startSigstoreServices();
});
afterAll(async () => {
  await services.close();
});

const saved: Record<string, string | undefined> = {};
function setEnv(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(name in saved)) saved[name] = process.env[name];
    process.env[name] = value;
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
  await writeFile(path.join(dir, '.imagegate.yml'), 'version: 1\ngate: { failOn: never }\n');
  return dir;
}

const oidcEnv = () => ({
  ACTIONS_ID_TOKEN_REQUEST_URL: `${services.oidcUrl}?api-version=2.0`,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: services.requestToken,
});

async function allOutput(dir: string, run: { stdout: string; stderr: string }): Promise<string> {
  const out = path.join(dir, 'out');
  const files = await Promise.all((await readdir(out)).map((name) => readFile(path.join(out, name), 'utf8')));
  return [run.stdout, run.stderr, ...files].join('\n');
}

describeWithRegistry('--attest-keyless --attest-push', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry.stop();
  });

  test("attaches the Sigstore bundle as a referrer and the certificate and Rekor entry on cosign's .att layer", async () => {
    const repository = 'imagegate-test/keyless';
    const layout = path.join(root, 'layout');
    await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    const image = await pushLayout(layout, registry, repository, ['1']);
    setEnv({ ...oidcEnv(), ...credentialsEnvironment(registry) });
    const dir = await workspace();
    const run = await cli(
      [
        ...['check', '--image', `${registry.host}/${repository}:1`, '--pull=never', '--skip-scan', '--skip-compose'],
        ...['--out-dir', 'out', '--attest', '--attest-keyless', '--attest-push'],
        ...['--fulcio-url', services.fulcioUrl, '--rekor-url', services.rekorUrl],
      ],
      dir,
    );
    expect(run.code).toBe(0);
    const auth = await registry.pushAuthorization(repository);
    const get = async (reference: string, accept: string) =>
      (await (
        await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, {
          headers: { authorization: auth, accept },
        })
      ).json()) as Record<string, unknown>;
    const tag = image.digest.replace(':', '-');
    const index = (await get(tag, OCI_INDEX)) as { manifests: Array<{ artifactType: string }> };
    expect(index.manifests.map((entry) => entry.artifactType)).toEqual([
      'application/vnd.dsse.envelope.v1+json',
      'application/vnd.dev.sigstore.bundle.v0.3+json',
    ]);
    const bundleText = await readFile(path.join(dir, 'out', 'imagegate.vsa.sigstore.json'), 'utf8');
    const bundle = JSON.parse(bundleText) as {
      verificationMaterial: { certificate: { rawBytes: string } };
      dsseEnvelope: DsseEnvelope;
    };
    const att = (await get(`${tag}.att`, 'application/vnd.oci.image.manifest.v1+json')) as {
      layers: Array<{ annotations: Record<string, string> }>;
    };
    const annotations = att.layers[0]!.annotations;
    const certificate = new X509Certificate(annotations['dev.sigstore.cosign/certificate']!);
    expect(certificate.raw.toString('base64')).toBe(bundle.verificationMaterial.certificate.rawBytes);
    expect(verifyEnvelope(bundle.dsseEnvelope, certificate.publicKey)).toBe(true);
    const rekorBundle = JSON.parse(annotations['dev.sigstore.cosign/bundle']!) as {
      SignedEntryTimestamp: string;
      Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
    };
    // cosign's bundle is what Rekor signed: the SET verifies over its canonical payload with the log key.
    expect(
      createVerify('sha256')
        .update(canonicalJson(rekorBundle.Payload))
        .verify(services.rekorPublicKey, Buffer.from(rekorBundle.SignedEntryTimestamp, 'base64')),
    ).toBe(true);
    const output = await allOutput(dir, run);
    expect(output).not.toContain(services.idToken);
    expect(output).not.toContain(registry.password);
  });
});
