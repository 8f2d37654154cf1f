import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { git } from '../support/git.js';
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { OCI_MANIFEST, pushLayout, sha256, type Pushed } from '../support/registry-push.js';
import { startRegistryProxy } from '../support/registry-proxy.js';
import { pushBundleReferrers, pushCosignSignatures, signStatement } from '../support/registry-signatures.js';
import { makeSigningKey, makeSigstoreKit, type SigningKey, type SigstoreKit } from '../support/sigstore-kit.js';
import { tempDir } from '../support/temp.js';
import { resultSchemaErrors } from '../support/schemas.js';
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
async function pushImage(name: string, labels: Record<string, string> = {}): Promise<Pushed> {
  const layout = path.join(work, 'layouts', name);
  await writeImageArchive(
    layout,
    sampleSpec({
      config: { ...sampleSpec().config, Labels: { 'org.example.name': name, ...labels } },
    }),
    { format: 'oci-dir', compression: 'gzip' },
  );
  const image = await pushLayout(layout, registry, name, ['1']);
  pushed[name] = image;
  return image;
}

const host = () => registry.host;
const ref = (name: string) => `${host()}/${name}`;

async function check(dockerfile: string[] | undefined, extra: string[] = [], policy = 'policy.yml') {
  const dir = path.join(work, 'ws');
  if (dockerfile) await writeFile(path.join(dir, 'Dockerfile'), `${dockerfile.join('\n')}\n`);
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const run = await cli(
    [
      'check',
      '--skip-scan',
      ...(extra.includes('--image') ? ['--pull', 'never'] : []),
      ...(dockerfile ? ['--dockerfile', 'Dockerfile'] : []),
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
  const summary = await readFile(path.join(out, 'summary.md'), 'utf8').catch(() => '');
  const envelope = await readFile(path.join(out, 'imagegate.vsa.dsse.json'), 'utf8').catch(() => undefined);
  const statement = envelope
    ? (JSON.parse(Buffer.from((JSON.parse(envelope) as { payload: string }).payload, 'base64').toString('utf8')) as {
        predicate: { inputAttestations: Array<{ name: string; digest: { sha256: string } }> };
      })
    : undefined;
  return { run, document, signatures, summary, statement };
}

/** Ports, image digests and the random parts (signature blobs, referrer manifests) replaced by names. */
function normalize(line: string): string {
  let out = line.split(registry.host).join('<host>');
  for (const [name, image] of Object.entries(pushed)) out = out.split(image.digest).join(`<${name}>`);
  for (const [name, image] of Object.entries(pushed))
    out = out.split(image.digest.replace(':', '-')).join(`<${name}-tag>`);
  return out.replace(/sha256:[0-9a-f]{64}/g, '<blob>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>');
}

const ATTEST_KEY_ENV = 'IMAGEGATE_TEST_SIGNATURES_ATTEST_KEY';
const attestKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const SIGNERS =
  'key keys/base.pub or https://github.com/acme/base/.github/workflows/release.yml@refs/heads/main from https://token.actions.githubusercontent.com';
const EXPECTED_BASE_FINDINGS: string[] = [
  `signature/missing@1: Base \`<host>/bases/unsigned:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}, and no signature was found on <bases/unsigned> (neither a cosign .sig tag nor a Sigstore bundle referrer).`,
  `signature/untrusted-signer@2: Base \`<host>/bases/wrong-key:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/wrong-key>, none verifies by an allowed signer: (1) <host>/bases/wrong-key:<bases/wrong-key-tag>.sig (layer 1, blob <blob>): the signature over this payload verifies with none of the allowed keys (key keys/base.pub): another key signed it, or the payload or signature changed after signing.`,
  `signature/invalid@3: Base \`<host>/bases/tampered:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/tampered>, none verifies by an allowed signer: (1) <host>/bases/tampered:<bases/tampered-tag>.sig (layer 1, blob <blob>): invalid, the payload changed after signing: its SHA-256 is not the digest the transparency-log entry records.`,
  `signature/invalid@4: Base \`<host>/bases/other-digest:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/other-digest>, none verifies by an allowed signer: (1) <host>/bases/other-digest:<bases/other-digest-tag>.sig (layer 1, blob <blob>): invalid, the payload signs <bases/key-signed>, not this image's <bases/other-digest>.`,
  `signature/untrusted-signer@5: Base \`<host>/bases/wrong-identity:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/wrong-identity>, none verifies by an allowed signer: (1) <host>/bases/wrong-identity@<blob> (referrer, blob <blob>): signed by https://github.com/evil/fork/.github/workflows/x.yml@refs/heads/main from https://token.actions.githubusercontent.com, which is none of the allowed identities (https://github.com/acme/base/.github/workflows/release.yml@refs/heads/main from https://token.actions.githubusercontent.com).`,
  `signature/untrusted-signer@6: Base \`<host>/bases/wrong-issuer:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/wrong-issuer>, none verifies by an allowed signer: (1) <host>/bases/wrong-issuer@<blob> (referrer, blob <blob>): signed by https://github.com/acme/base/.github/workflows/release.yml@refs/heads/main with a token from issuer https://accounts.example.com, but the policy allows that subject only from https://token.actions.githubusercontent.com.`,
  `signature/invalid@7: Base \`<host>/bases/expired:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/expired>, none verifies by an allowed signer: (1) <host>/bases/expired@<blob> (referrer, blob <blob>): invalid, the certificate expired at <time>, before the log recorded the signature at <time> (CERTIFICATE_ERROR: Failed to verify certificate chain: certificate is not valid or expired at the specified date).`,
  `signature/invalid@8: Base \`<host>/bases/no-log-entry:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/no-log-entry>, none verifies by an allowed signer: (1) <host>/bases/no-log-entry@<blob> (referrer, blob <blob>): invalid, no transparency-log entry with a signed entry timestamp: nothing dates the signature (TIMESTAMP_ERROR: expected 1 timestamps, got 0).`,
  `signature/invalid@9: Base \`<host>/bases/other-ca:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/other-ca>, none verifies by an allowed signer: (1) <host>/bases/other-ca@<blob> (referrer, blob <blob>): invalid, the certificate, issued by O=imagegate-test, CN=other-fulcio-intermediate, does not chain to a certificate authority of trust/root.json valid at the log's time (CERTIFICATE_ERROR: Failed to verify certificate chain: no valid certificate path found).`,
  `signature/invalid@10: Base \`<host>/bases/bundle-other-digest:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/bundle-other-digest>, none verifies by an allowed signer: (1) <host>/bases/bundle-other-digest@<blob> (referrer, blob <blob>): invalid, the bundle’s statement signs <bases/key-signed>, not this image’s <bases/bundle-other-digest>.`,
  `signature/untrusted-signer@11: Base \`<host>/bases/tag-wrong-identity:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/tag-wrong-identity>, none verifies by an allowed signer: (1) <host>/bases/tag-wrong-identity:<bases/tag-wrong-identity-tag>.sig (layer 1, blob <blob>): signed by https://github.com/evil/fork/.github/workflows/x.yml@refs/heads/main from https://token.actions.githubusercontent.com, which is none of the allowed identities (https://github.com/acme/base/.github/workflows/release.yml@refs/heads/main from https://token.actions.githubusercontent.com).`,
  `signature/untrusted-signer@12: Base \`<host>/bases/tag-wrong-issuer:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/tag-wrong-issuer>, none verifies by an allowed signer: (1) <host>/bases/tag-wrong-issuer:<bases/tag-wrong-issuer-tag>.sig (layer 1, blob <blob>): signed by https://github.com/acme/base/.github/workflows/release.yml@refs/heads/main with a token from issuer https://accounts.example.com, but the policy allows that subject only from https://token.actions.githubusercontent.com.`,
  `signature/invalid@13: Base \`<host>/bases/tag-expired:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/tag-expired>, none verifies by an allowed signer: (1) <host>/bases/tag-expired:<bases/tag-expired-tag>.sig (layer 1, blob <blob>): invalid, the certificate expired at <time>, before the log recorded the signature at <time> (CERTIFICATE_ERROR: Failed to verify certificate chain: certificate is not valid or expired at the specified date).`,
  `signature/invalid@14: Base \`<host>/bases/tag-no-log-entry:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}; 1 signature found on <bases/tag-no-log-entry>, none verifies by an allowed signer: (1) <host>/bases/tag-no-log-entry:<bases/tag-no-log-entry-tag>.sig (layer 1, blob <blob>): invalid, a keyless signature without a transparency-log entry (no dev.sigstore.cosign/bundle annotation): nothing shows the short-lived certificate was valid when it signed.`,
];

describeWithRegistry('signatures of the image and its bases in a real registry', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    for (const name of ['IMAGEGATE_REGISTRY_USERNAME', 'IMAGEGATE_REGISTRY_PASSWORD', 'DOCKER_CONFIG'])
      savedEnv[name] = process.env[name];
    process.env.IMAGEGATE_REGISTRY_USERNAME = registry.username;
    process.env.IMAGEGATE_REGISTRY_PASSWORD = registry.password;
    kit = makeSigstoreKit();
    otherKit = makeSigstoreKit({ name: 'other-fulcio' });
    baseKey = makeSigningKey('RSA');
    appKey = makeSigningKey('Ed25519');
    strangerKey = makeSigningKey('P-384');
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
    // Images that name their base only by the OCI base-name label (no Dockerfile given), signed like the app.
    const labelled = await pushImage('app-labelled', {
      'org.opencontainers.image.base.name': `${ref('bases/key-signed')}:1`,
      'org.opencontainers.image.base.digest': keyed.digest,
    });
    await tagSign('app-labelled', [kit.cosignSignature({ digest: labelled.digest, signer: { key: appKey } })]);
    const labelledUnsigned = await pushImage('app-labelled-unsigned-base', {
      'org.opencontainers.image.base.name': `${ref('bases/unsigned')}:1`,
    });
    await tagSign('app-labelled-unsigned-base', [
      kit.cosignSignature({ digest: labelledUnsigned.digest, signer: { key: appKey } }),
    ]);
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
    // Keyless in the tag scheme (certificate, chain and Rekor bundle annotations).
    const tagKeyless = async (name: string, options: Partial<Parameters<SigstoreKit['cosignSignature']>[0]>) => {
      const image = await pushImage(name);
      await tagSign(name, [kit.cosignSignature({ digest: image.digest, signer: { identity }, ...options })]);
    };
    await tagKeyless('bases/tag-keyless', {});
    await tagKeyless('bases/tag-wrong-identity', {
      signer: {
        identity: { issuer: ISSUER, subject: 'https://github.com/evil/fork/.github/workflows/x.yml@refs/heads/main' },
      },
    });
    await tagKeyless('bases/tag-wrong-issuer', {
      signer: { identity: { issuer: 'https://accounts.example.com', subject: SUBJECT } },
    });
    await tagKeyless('bases/tag-expired', {
      signer: { identity, leaf: { notBefore: new Date(hourAgo.getTime() - 600_000), notAfter: hourAgo } },
    });
    await tagKeyless('bases/tag-no-log-entry', { log: false });
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
    process.env[ATTEST_KEY_ENV] = attestKey;
    const { run, signatures, summary, document, statement } = await check(
      [
        `FROM ${ref('bases/key-signed')}:1 AS keyed`,
        `FROM ${ref('bases/bundle-key')}:1 AS bundlekey`,
        `FROM ${ref('bases/bundle-keyless')}:1 AS keyless`,
        `FROM ${ref('bases/tag-keyless')}:1 AS tagkeyless`,
        `FROM ${ref('other/not-matched')}:1 AS unmatched`,
        `FROM ${ref('bases/key-signed')}:1`,
        'USER 1000',
      ],
      ['--image', `${ref('app')}:1`, '--attest', '--attest-key', `env:${ATTEST_KEY_ENV}`],
    );
    delete process.env[ATTEST_KEY_ENV];
    expect(signatures).toEqual([]);
    // The signed verdict names the signatures it relied on, by blob digest: the image's and each distinct base's
    // (key-signed appears twice in the Dockerfile, once in the summary's evidence).
    const evidence = statement?.predicate.inputAttestations ?? [];
    expect(evidence.map((entry) => normalize(entry.name))).toEqual([
      '<host>/app:<app-tag>.sig (layer 1, blob <blob>)',
      '<host>/bases/key-signed:<bases/key-signed-tag>.sig (layer 1, blob <blob>)',
      '<host>/bases/bundle-key@<blob> (referrer, blob <blob>)',
      '<host>/bases/bundle-keyless@<blob> (referrer, blob <blob>)',
      '<host>/bases/tag-keyless:<bases/tag-keyless-tag>.sig (layer 1, blob <blob>)',
    ]);
    for (const entry of evidence) expect(entry.name).toContain(`blob sha256:${entry.digest.sha256})`);
    expect(run.stderr).not.toContain('not-matched');
    // imagegate.json carries the same rows, and still validates against its schema.
    expect(resultSchemaErrors(document)).toEqual([]);
    const rows = (document as unknown as { signatures: { rows: Array<{ where: string; verified: boolean }> } })
      .signatures.rows;
    expect(rows.map((row) => `${row.where} ${row.verified}`)).toEqual([
      'image true',
      'Dockerfile:1 true',
      'Dockerfile:2 true',
      'Dockerfile:3 true',
      'Dockerfile:4 true',
      'Dockerfile:6 true',
    ]);
    // The summary shows what was verified, per image and FROM line (the keyless subject escaped for Markdown).
    const section = summary.split('### Signatures\n')[1]?.split('\n#')[0] ?? '';
    const keyless =
      'https:&#8203;//github.com/acme/base/.github/workflows/release.yml@&#8203;refs/heads/main from https:&#8203;//token.actions.githubusercontent.com';
    expect(normalize(section).trim().split('\n')).toEqual([
      'Checked offline against trust/root.json.',
      '',
      '| Image | Where | Result |',
      '| --- | --- | --- |',
      '| `<host>/app:1@<app>` | image | ✅ verified: key keys/app.pub |',
      '| `<host>/bases/key-signed:1@<bases/key-signed>` | Dockerfile:1 | ✅ verified: key keys/base.pub |',
      '| `<host>/bases/bundle-key:1@<bases/bundle-key>` | Dockerfile:2 | ✅ verified: key keys/base.pub |',
      `| \`<host>/bases/bundle-keyless:1@<bases/bundle-keyless>\` | Dockerfile:3 | ✅ verified: ${keyless} |`,
      `| \`<host>/bases/tag-keyless:1@<bases/tag-keyless>\` | Dockerfile:4 | ✅ verified: ${keyless} |`,
      '| `<host>/bases/key-signed:1@<bases/key-signed>` | Dockerfile:6 | ✅ verified: key keys/base.pub |',
    ]);
    expect(run.code).toBe(0);
  }, 60_000);

  test('each broken base is a precise finding at its FROM line', async () => {
    const bases = [
      'unsigned', // 1
      'wrong-key', // 2
      'tampered', // 3
      'other-digest', // 4
      'wrong-identity', // 5
      'wrong-issuer', // 6
      'expired', // 7
      'no-log-entry', // 8
      'other-ca', // 9
      'bundle-other-digest', // 10
      'tag-wrong-identity', // 11
      'tag-wrong-issuer', // 12
      'tag-expired', // 13
      'tag-no-log-entry', // 14
    ];
    const { run, signatures } = await check(
      [
        ...bases.map((name, index) => `FROM ${ref(`bases/${name}`)}:1 AS s${index}`),
        `FROM ${ref('bases/key-signed')}:1`,
        'USER 1000',
      ],
      ['--image', `${ref('app')}:1`],
    );
    expect(run.code).toBe(1);
    expect(signatures.map(normalize)).toEqual(EXPECTED_BASE_FINDINGS);
  }, 60_000);

  test('a FROM pinned by digest is checked at that digest, with no tag lookup', async () => {
    const proxy = await startRegistryProxy(registry.url);
    const config = path.join(work, 'docker-config-proxy');
    await mkdir(config, { recursive: true });
    const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
    await writeFile(path.join(config, 'config.json'), JSON.stringify({ auths: { [proxy.host]: { auth } } }));
    process.env.DOCKER_CONFIG = config;
    try {
      await writeFile(
        path.join(work, 'ws', 'policy-pinned.yml'),
        [
          'version: 1',
          'signatures:',
          '  trustedRoot: trust/root.json',
          '  bases:',
          `    - match: "${proxy.host}/bases/**"`,
          '      signers:',
          '        - key: keys/base.pub',
          '',
        ].join('\n'),
      );
      const digest = pushed['bases/key-signed']!.digest;
      const { run, signatures, summary } = await check(
        [`FROM ${proxy.host}/bases/key-signed:1@${digest}`, 'USER 1000'],
        ['--oci-layout', path.join(work, 'layouts', 'app')],
        'policy-pinned.yml',
      );
      expect(signatures).toEqual([]);
      const paths = proxy.requests.map((request) => request.path);
      expect(paths).not.toContain('/v2/bases/key-signed/manifests/1');
      expect(paths).toContain(`/v2/bases/key-signed/manifests/${digest.replace(':', '-')}.sig`);
      expect(summary).toContain(`@${digest}\` | Dockerfile:1 | ✅ verified: key keys/base.pub |`);
      expect(run.code).toBe(0);
    } finally {
      delete process.env.DOCKER_CONFIG;
      await proxy.close();
    }
  }, 60_000);

  test('an unsigned image under test is signature/missing at the final FROM line', async () => {
    const { run, signatures } = await check(
      [`FROM ${ref('bases/key-signed')}:1`, 'USER 1000'],
      ['--image', `${ref('app-unsigned')}:1`],
    );
    expect(signatures.map(normalize)).toEqual([
      'signature/missing@1: The image `<host>/app-unsigned:1` must be signed by one of key keys/app.pub, and no signature was found on <app-unsigned> (neither a cosign .sig tag nor a Sigstore bundle referrer).',
    ]);
    expect(run.code).toBe(1);
  }, 60_000);

  test('an image in an OCI layout: its .sig manifest there is verified; unsigned is missing; bases still checked (Docker config credentials)', async () => {
    const config = path.join(work, 'docker-config');
    await mkdir(config, { recursive: true });
    const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
    await writeFile(path.join(config, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    // `cosign save`'s shape: the .sig manifest and its blobs in the layout, named by ref.name.
    const signedLayout = path.join(work, 'layouts', 'app-signed');
    await cp(path.join(work, 'layouts', 'app'), signedLayout, { recursive: true });
    const index = JSON.parse(await readFile(path.join(signedLayout, 'index.json'), 'utf8')) as {
      manifests: Array<Record<string, unknown>>;
    };
    const digest = index.manifests[0]!.digest as string;
    const layer = kit.cosignSignature({ digest, signer: { key: appKey } });
    const blob = async (bytes: Buffer) => {
      const name = sha256(bytes);
      await writeFile(path.join(signedLayout, 'blobs', 'sha256', name.slice(7)), bytes);
      return { digest: name, size: bytes.length };
    };
    const sigConfig = await blob(Buffer.from('{}'));
    const payload = await blob(layer.payload);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...sigConfig },
        layers: [{ mediaType: layer.mediaType, ...payload, annotations: layer.annotations }],
      }),
    );
    index.manifests.push({
      mediaType: OCI_MANIFEST,
      ...(await blob(manifest)),
      annotations: { 'org.opencontainers.image.ref.name': `${digest.replace(':', '-')}.sig` },
    });
    await writeFile(path.join(signedLayout, 'index.json'), JSON.stringify(index));
    delete process.env.IMAGEGATE_REGISTRY_USERNAME;
    delete process.env.IMAGEGATE_REGISTRY_PASSWORD;
    process.env.DOCKER_CONFIG = config;
    try {
      const dockerfile = [`FROM ${ref('bases/unsigned')}:1 AS b`, `FROM ${ref('bases/key-signed')}:1`, 'USER 1000'];
      const signed = await check(dockerfile, ['--oci-layout', signedLayout]);
      expect(signed.signatures.map((line) => line.split(':')[0])).toEqual(['signature/missing@1']);
      expect(signed.summary).toContain('| image | ✅ verified: key keys/app.pub |');
      expect(signed.run.code).toBe(1);
      const unsigned = await check(dockerfile, ['--oci-layout', path.join(work, 'layouts', 'app')]);
      expect(unsigned.signatures.map((line) => line.split(':')[0])).toEqual([
        'signature/missing@2',
        'signature/missing@1',
      ]);
      expect(unsigned.signatures[0]).toContain('must be signed by one of key keys/app.pub, and no signature was found');
    } finally {
      delete process.env.DOCKER_CONFIG;
      process.env.IMAGEGATE_REGISTRY_USERNAME = registry.username;
      process.env.IMAGEGATE_REGISTRY_PASSWORD = registry.password;
    }
  }, 60_000);

  test('an image from a docker-archive: said in a warning, no finding for the image', async () => {
    const archive = path.join(work, 'app.tar');
    await writeImageArchive(archive, sampleSpec(), { format: 'docker-legacy' });
    const { run, signatures } = await check(['FROM scratch', 'USER 1000'], ['--archive', archive]);
    expect(run.stderr).toContain(
      'signatures.image: the image under test was not read by registry reference or from an OCI layout directory (a local build, the daemon or an archive keeps no signatures): its signatures can only be checked with --image registry/repository:tag after it is pushed, or --oci-layout DIR',
    );
    expect(signatures).toEqual([]);
    expect(run.code).toBe(0);
  }, 60_000);

  test('no signatures: in the policy: no signature or referrer request reaches the registry (item 8)', async () => {
    const proxy = await startRegistryProxy(registry.url);
    try {
      await writeFile(path.join(work, 'ws', 'policy-none.yml'), 'version: 1\n');
      const plain = await check(['FROM scratch', 'USER 1000'], ['--image', `${proxy.host}/app:1`], 'policy-none.yml');
      expect(plain.run.code).toBe(0);
      const paths = proxy.requests.map((request) => request.path);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((request) => /\.sig$|\/referrers\/|sha256-/.test(request))).toEqual([]);
      // The control: the same image under a policy with signatures asks for its .sig tag and its referrers.
      proxy.requests.length = 0;
      const signed = await check(['FROM scratch', 'USER 1000'], ['--image', `${proxy.host}/app:1`]);
      expect(signed.signatures).toEqual([]);
      const tag = pushed.app!.digest.replace(':', '-');
      expect(
        proxy.requests
          .filter((request) => request.status !== 401)
          .map((request) => request.path)
          .filter((request) => /\.sig$|\/referrers\/|sha256-/.test(request)),
      ).toEqual([
        `/v2/app/manifests/${tag}.sig`,
        `/v2/app/referrers/${pushed.app!.digest}`,
        `/v2/app/manifests/${tag}`,
      ]);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  test("a base in another registry never receives the image registry's credentials", async () => {
    const proxy = await startRegistryProxy(registry.url);
    try {
      await writeFile(
        path.join(work, 'ws', 'policy-other.yml'),
        [
          'version: 1',
          'signatures:',
          '  bases:',
          `    - match: "${proxy.host}/bases/**"`,
          '      signers:',
          '        - key: keys/base.pub',
          '',
        ].join('\n'),
      );
      const { run, signatures } = await check(
        [`FROM ${proxy.host}/bases/key-signed:1`, 'USER 1000'],
        ['--image', `${ref('app')}:1`],
        'policy-other.yml',
      );
      expect(proxy.requests.length).toBeGreaterThan(0);
      expect(proxy.requests.filter((request) => request.authorized)).toEqual([]);
      expect(signatures.map((line) => line.split(':')[0])).toEqual(['signature/missing@1']);
      expect(signatures[0]).toContain('could not be resolved in its registry');
      expect(`${run.stdout}${run.stderr}`).not.toContain(registry.password);
      expect(run.code).toBe(1);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  test.each([
    [
      'a file that is no public key',
      'keys/broken.pub',
      'policy-broken.yml:6:11: the public key keys/broken.pub is not usable: not a PEM public key (expected -----BEGIN PUBLIC KEY-----)',
    ],
    [
      'a missing key file',
      'keys/missing.pub',
      'policy-broken.yml:6:11: the public key keys/missing.pub is refused: no such file',
    ],
  ])(
    '%s is exit 2 at the policy line that names it',
    async (_, key, message) => {
      await writeFile(
        path.join(work, 'ws', 'policy-broken.yml'),
        [
          'version: 1',
          'signatures:',
          '  bases:',
          '    - match: "example.com/**"',
          '      signers:',
          `        - key: ${key}`,
          '',
        ].join('\n'),
      );
      const { run } = await check(['FROM scratch'], ['--image', `${ref('app')}:1`], 'policy-broken.yml');
      expect(run.stderr).toContain(message);
      expect(run.code).toBe(2);
    },
    60_000,
  );

  test('a trusted root that is not JSON is exit 2 at the policy line that names it', async () => {
    await writeFile(path.join(work, 'ws', 'trust', 'bad.json'), 'not json');
    await writeFile(
      path.join(work, 'ws', 'policy-badroot.yml'),
      ['version: 1', 'signatures:', '  trustedRoot: trust/bad.json', ''].join('\n'),
    );
    const { run } = await check(['FROM scratch'], ['--image', `${ref('app')}:1`], 'policy-badroot.yml');
    expect(run.stderr).toContain(
      'policy-badroot.yml:3:16: trust/bad.json is not JSON: expected a Sigstore trusted_root.json',
    );
    expect(run.code).toBe(2);
  }, 60_000);

  test("with --policy-ref the base commit's key decides: a pull request swapping the key file cannot admit its own signer", async () => {
    const repo = path.join(work, 'repo');
    await mkdir(path.join(repo, 'keys'), { recursive: true });
    await mkdir(path.join(repo, 'trust'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    await kit.writeTrustedRoot(path.join(repo, 'trust', 'root.json'));
    await writeFile(path.join(repo, 'keys', 'base.pub'), baseKey.publicPem);
    await writeFile(
      path.join(repo, '.imagegate.yml'),
      [
        'version: 1',
        'signatures:',
        '  trustedRoot: trust/root.json',
        '  bases:',
        `    - match: "${host()}/bases/**"`,
        '      signers:',
        '        - key: keys/base.pub',
        '',
      ].join('\n'),
    );
    await writeFile(path.join(repo, 'Dockerfile'), `FROM ${ref('bases/wrong-key')}:1\nUSER 1000\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    const base = git(repo, 'rev-parse', 'HEAD');
    // The pull request replaces the key with the one that signed its base.
    await writeFile(path.join(repo, 'keys', 'base.pub'), strangerKey.publicPem);
    git(repo, 'commit', '-q', '-am', 'pr');
    const run = async (...args: string[]) => {
      const out = path.join(repo, `out-${args.length}`);
      const result = await cli(
        [
          'check',
          '--skip-scan',
          '--image',
          `${ref('app')}:1`,
          '--pull',
          'never',
          '--dockerfile',
          'Dockerfile',
          '--out-dir',
          out,
          ...args,
        ],
        repo,
      );
      const document = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as ResultDocument;
      return {
        code: result.code,
        rules: document.findings.map((finding) => finding.ruleId).filter((id) => id.startsWith('signature/')),
      };
    };
    expect(await run()).toEqual({ code: 0, rules: [] });
    expect(await run('--policy-ref', base)).toEqual({ code: 1, rules: ['signature/untrusted-signer'] });
  }, 60_000);

  test("without a Dockerfile the base named by the image's base-name label is checked", async () => {
    const good = await check(undefined, ['--image', `${ref('app-labelled')}:1`]);
    expect(good.signatures).toEqual([]);
    expect(normalize(good.summary)).toContain(
      '| `<host>/bases/key-signed:1@<bases/key-signed>` | base-name label | ✅ verified: key keys/base.pub |',
    );
    expect(good.run.code).toBe(0);
    const bad = await check(undefined, ['--image', `${ref('app-labelled-unsigned-base')}:1`]);
    expect(bad.signatures.map(normalize)).toEqual([
      `signature/missing@<host>/app-labelled-unsigned-base:1: Base \`<host>/bases/unsigned:1\` (signatures.bases \`<host>/bases/**\`) must be signed by one of ${SIGNERS}, and no signature was found on <bases/unsigned> (neither a cosign .sig tag nor a Sigstore bundle referrer).`,
    ]);
    expect(bad.run.code).toBe(1);
  }, 60_000);
});
