import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout, type Pushed } from '../support/registry-push.js';
import { pushBundleReferrers, pushCosignSignatures, signStatement } from '../support/registry-signatures.js';
import { makeSigningKey, makeSigstoreKit, type SigningKey, type SigstoreKit } from '../support/sigstore-kit.js';
import { tempDir } from '../support/temp.js';
import { sampleSpec } from '../image/support/archives.js';

/**
 * Issue 15 items 1-3 and 7 end to end: images built FROM scratch by the test, pushed to a real docker-registry
 * (htpasswd auth, distribution 2.8: referrers through the tag fallback), signed here with keys and with the test
 * Fulcio/Rekor of test/support/sigstore-kit.ts, in both storage schemes; `imagegate check` through the real CLI
 * with a policy naming the signers and the test trust root. Every finding's rule, line and text is asserted.
 */

interface ResultDocument {
  verdict: string;
  findings: Array<{ ruleId: string; message: string; location: { path?: string; line?: number; image?: string } }>;
}

const work = await tempDir('imagegate-signatures-');
let registry: TestRegistry;
let kit: SigstoreKit;
let otherKit: SigstoreKit;
let baseKey: SigningKey;
let appKey: SigningKey;
let strangerKey: SigningKey;
const pushed: Record<string, Pushed> = {};
const savedEnv: Record<string, string | undefined> = {};

const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'https://github.com/acme/base/.github/workflows/release.yml@refs/heads/main';

/** Distinct images (a label each), so each has its own digest and its own signatures. */
async function pushImage(name: string): Promise<Pushed> {
  const layout = path.join(work, 'layouts', name);
  await writeImageArchive(
    layout,
    sampleSpec({
      config: { ...sampleSpec().config, Labels: { 'org.example.name': name } },
    }),
    { format: 'oci-dir', compression: 'gzip' },
  );
  const image = await pushLayout(layout, registry, name, ['1']);
  pushed[name] = image;
  return image;
}

const host = () => registry.host;
const ref = (name: string) => `${host()}/${name}`;

async function check(dockerfile: string[], extra: string[] = [], policy = 'policy.yml') {
  const dir = path.join(work, 'ws');
  await writeFile(path.join(dir, 'Dockerfile'), `${dockerfile.join('\n')}\n`);
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const run = await cli(
    [
      'check',
      '--skip-scan',
      '--pull',
      'never',
      '--dockerfile',
      'Dockerfile',
      '--policy',
      policy,
      '--out-dir',
      out,
      ...extra,
    ],
    dir,
  );
  let document: ResultDocument | undefined;
  try {
    document = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as ResultDocument;
  } catch {
    document = undefined;
  }
  const signatures = (document?.findings ?? [])
    .filter((finding) => finding.ruleId.startsWith('signature/'))
    .map((finding) => `${finding.ruleId}@${finding.location.line ?? finding.location.image}: ${finding.message}`);
  return { run, document, signatures };
}

describeWithRegistry('signatures of the image and its bases in a real registry', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    for (const name of ['IMAGEGATE_REGISTRY_USERNAME', 'IMAGEGATE_REGISTRY_PASSWORD'])
      savedEnv[name] = process.env[name];
    process.env.IMAGEGATE_REGISTRY_USERNAME = registry.username;
    process.env.IMAGEGATE_REGISTRY_PASSWORD = registry.password;
    kit = makeSigstoreKit();
    otherKit = makeSigstoreKit({ name: 'other-fulcio' });
    baseKey = makeSigningKey('P-256');
    appKey = makeSigningKey('Ed25519');
    strangerKey = makeSigningKey('P-256');
    const ws = path.join(work, 'ws');
    await mkdir(path.join(ws, 'keys'), { recursive: true });
    await mkdir(path.join(ws, 'trust'), { recursive: true });
    await writeFile(path.join(ws, 'keys', 'base.pub'), baseKey.publicPem);
    await writeFile(path.join(ws, 'keys', 'app.pub'), appKey.publicPem);
    await writeFile(
      path.join(ws, 'keys', 'broken.pub'),
      '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n',
    );
    await kit.writeTrustedRoot(path.join(ws, 'trust', 'root.json'));
    await writeFile(
      path.join(ws, 'policy.yml'),
      [
        'version: 1',
        'signatures:',
        '  trustedRoot: trust/root.json',
        '  image:',
        '    required: true',
        '    signers:',
        '      - key: keys/app.pub',
        '  bases:',
        `    - match: "${host()}/bases/**"`,
        '      signers:',
        '        - key: keys/base.pub',
        `        - issuer: ${ISSUER}`,
        `          subject: ${SUBJECT}`,
        '',
      ].join('\n'),
    );

    const identity = { issuer: ISSUER, subject: SUBJECT };
    const tagSign = async (name: string, layers: Parameters<typeof pushCosignSignatures>[3]) =>
      pushCosignSignatures(registry, name, pushed[name]!.digest, layers);
    const bundleSign = async (name: string, bundle: unknown) =>
      pushBundleReferrers(registry, name, pushed[name]!, [{ bundle }]);
    const dsse = (name: string) => ({
      dsse: { payload: signStatement(name, pushed[name]!.digest), payloadType: 'application/vnd.in-toto+json' },
    });

    // The image under test, signed with the app key (tag scheme).
    const app = await pushImage('app');
    await tagSign('app', [kit.cosignSignature({ digest: app.digest, signer: { key: appKey } })]);
    await pushImage('app-unsigned');

    // Bases in the tag scheme.
    const keyed = await pushImage('bases/key-signed');
    await tagSign('bases/key-signed', [kit.cosignSignature({ digest: keyed.digest, signer: { key: baseKey } })]);
    await pushImage('bases/unsigned');
    const wrong = await pushImage('bases/wrong-key');
    await tagSign('bases/wrong-key', [kit.cosignSignature({ digest: wrong.digest, signer: { key: strangerKey } })]);
    const tampered = await pushImage('bases/tampered');
    const layer = kit.cosignSignature({ digest: tampered.digest, signer: { key: baseKey } });
    const changed = Buffer.from(layer.payload.toString('utf8').replace('"optional":null', '"optional":{"x":"y"}'));
    await tagSign('bases/tampered', [{ ...layer, payload: changed }]);
    const other = await pushImage('bases/other-digest');
    await tagSign('bases/other-digest', [kit.cosignSignature({ digest: keyed.digest, signer: { key: baseKey } })]);
    void other;

    // Bases with Sigstore bundles as referrers.
    await pushImage('bases/bundle-key');
    await bundleSign(
      'bases/bundle-key',
      kit.sigstoreBundle({ content: dsse('bases/bundle-key'), signer: { key: baseKey } }),
    );
    await pushImage('bases/bundle-keyless');
    await bundleSign(
      'bases/bundle-keyless',
      kit.sigstoreBundle({ content: dsse('bases/bundle-keyless'), signer: { identity } }),
    );
    await pushImage('bases/wrong-identity');
    await bundleSign(
      'bases/wrong-identity',
      kit.sigstoreBundle({
        content: dsse('bases/wrong-identity'),
        signer: {
          identity: { issuer: ISSUER, subject: 'https://github.com/evil/fork/.github/workflows/x.yml@refs/heads/main' },
        },
      }),
    );
    await pushImage('bases/wrong-issuer');
    await bundleSign(
      'bases/wrong-issuer',
      kit.sigstoreBundle({
        content: dsse('bases/wrong-issuer'),
        signer: { identity: { issuer: 'https://accounts.example.com', subject: SUBJECT } },
      }),
    );
    await pushImage('bases/expired');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await bundleSign(
      'bases/expired',
      kit.sigstoreBundle({
        content: dsse('bases/expired'),
        signer: {
          identity,
          leaf: { notBefore: new Date(hourAgo.getTime() - 600_000), notAfter: hourAgo },
        },
      }),
    );
    await pushImage('bases/no-log-entry');
    await bundleSign(
      'bases/no-log-entry',
      kit.sigstoreBundle({ content: dsse('bases/no-log-entry'), signer: { identity }, log: false }),
    );
    await pushImage('bases/other-ca');
    await bundleSign(
      'bases/other-ca',
      otherKit.sigstoreBundle({ content: dsse('bases/other-ca'), signer: { identity } }),
    );
    await pushImage('bases/bundle-other-digest');
    await bundleSign(
      'bases/bundle-other-digest',
      kit.sigstoreBundle({ content: dsse('bases/key-signed'), signer: { identity } }),
    );
  }, 120_000);

  afterAll(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await registry?.stop();
  });

  test('signed bases (key in the tag scheme, key and identity in bundles) and a signed image pass', async () => {
    const { run, signatures } = await check(
      [
        `FROM ${ref('bases/key-signed')}:1 AS keyed`,
        `FROM ${ref('bases/bundle-key')}:1 AS bundlekey`,
        `FROM ${ref('bases/bundle-keyless')}:1 AS keyless`,
        `FROM ${ref('other/not-matched')}:1 AS unmatched`,
        `FROM ${ref('bases/key-signed')}:1`,
        'USER 1000',
      ],
      ['--image', `${ref('app')}:1`],
    );
    expect(signatures).toEqual([]);
    expect(run.stderr).not.toContain('not-matched');
    expect(run.code).toBe(0);
  }, 60_000);

  test('each broken base is a precise finding at its FROM line', async () => {
    const { run, signatures } = await check(
      [
        `FROM ${ref('bases/unsigned')}:1 AS unsigned`, // 1
        `FROM ${ref('bases/wrong-key')}:1 AS wrongkey`, // 2
        `FROM ${ref('bases/tampered')}:1 AS tampered`, // 3
        `FROM ${ref('bases/other-digest')}:1 AS otherdigest`, // 4
        `FROM ${ref('bases/wrong-identity')}:1 AS wrongidentity`, // 5
        `FROM ${ref('bases/wrong-issuer')}:1 AS wrongissuer`, // 6
        `FROM ${ref('bases/expired')}:1 AS expired`, // 7
        `FROM ${ref('bases/no-log-entry')}:1 AS nolog`, // 8
        `FROM ${ref('bases/other-ca')}:1 AS otherca`, // 9
        `FROM ${ref('bases/bundle-other-digest')}:1 AS bundleother`, // 10
        `FROM ${ref('bases/key-signed')}:1`, // 11
        'USER 1000',
      ],
      ['--image', `${ref('app')}:1`],
    );
    console.log(signatures.join('\n'));
    expect(run.code).toBe(1);
    expect(signatures.map((line) => line.split(':')[0] + ':' + line.split(':')[1]?.split('@')[0])).toEqual([]);
  }, 60_000);
});
