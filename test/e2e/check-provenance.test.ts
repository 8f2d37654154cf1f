import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import {
  attestedIndex,
  attestLayout,
  buildkitProvenance,
  pushAttestedIndex,
  spdxStatement,
  SLSA_V1,
  SPDX,
  type AttestedIndex,
} from '../support/buildkit-attestation.js';
import { cli } from '../support/cli.js';
import { git } from '../support/git.js';
import { execa } from 'execa';
import { describeWithDocker } from '../support/docker.js';
import { describeWithRegistry, registryAvailable, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout, type Pushed } from '../support/registry-push.js';
import { startRegistryProxy, type RegistryProxy } from '../support/registry-proxy.js';
import { resultSchemaErrors } from '../support/schemas.js';
import {
  bundleWithoutLogEntry,
  pushBundleReferrer,
  pushCosignAttestation,
  signedEnvelope,
} from '../support/signed-attestation.js';
import { tempDir } from '../support/temp.js';
import { sampleSpec } from '../image/support/archives.js';

/**
 * Issue 15 items 4 and 8 through the real CLI against a real docker-registry (htpasswd auth) and an OCI layout:
 * SLSA provenance stored as BuildKit stores it (an attestation manifest in the image index, the provenance being
 * BuildKit's own v1 example from ../shared/corpus/slsa with the subject set to the pushed manifest's digest and a
 * builder id and git source as BuildKit writes them for `builder-id=` and a git context) passes the right policy and
 * fails a wrong one precisely; required but absent is provenance/missing; and the attestation blobs are fetched
 * only when the policy asks for provenance, never the SBOM's (counted at a proxy in front of the registry).
 */

const REPO = 'imagegate-test/provenance';
const BUILDER = 'https://github.com/acme/builder/.github/workflows/build.yml@refs/heads/main';
const SOURCE = 'https://github.com/acme/api.git#refs/heads/main';
const SHA1 = '7fd1a60b01f91b314f59955a4e4d4e80d8edf11d';
const ALPINE = '8914eb54f968791faf6a8638949e480fef81e697984fba772b3976835194c6d4';
const DOCKERFILE = 'FROM alpine:latest\nCOPY busybox /bin/busybox\nUSER 1000\n';

const work = await tempDir('imagegate-provenance-');
await writeFile(path.join(work, 'Dockerfile'), DOCKERFILE);
let registry: TestRegistry;
let proxy: RegistryProxy;
let image: Pushed;
let attested: AttestedIndex;
let layout: string;
/** Images whose only provenance is signed: by the release key, tampered after signing, for another image, in a bundle. */
const signedImages: Record<'signed' | 'tampered' | 'elsewhere' | 'bundle', Pushed> = {} as never;
let bundleBlob: string;
const releaseKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
const savedEnv = { ...process.env };

interface ResultDocument {
  verdict: string;
  findings: Array<{
    ruleId: string;
    message: string;
    location: { path?: string; line?: number; image?: string };
  }>;
  provenance: null | {
    unread: string | null;
    documents: Array<{
      builderId: string;
      buildType: string | null;
      source: { repository: string; ref: string | null; digest: string | null } | null;
      bases: Array<{ uri: string; image: string | null; digest: string | null; pinned: boolean }>;
      origin: string;
    }>;
  };
}

async function check(name: string, source: string[], policy: string) {
  const policyFile = path.join(work, `policy-${name}.yml`);
  await writeFile(policyFile, `version: 1\n${policy}`);
  const dockerfile = path.join(work, 'Dockerfile');
  const outDir = path.join(work, `out-${name}`);
  const result = await cli(
    ['check', '--skip-scan', ...source, '--dockerfile', dockerfile, '--policy', policyFile, '--out-dir', outDir],
    work,
  );
  const json = await readFile(path.join(outDir, 'imagegate.json'), 'utf8').catch(() => {
    throw new Error(`no imagegate.json (exit ${result.code}): ${result.stderr}`);
  });
  const document = JSON.parse(json) as ResultDocument;
  const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
  return { ...result, document, summary };
}

const provenanceFindings = (document: ResultDocument) =>
  document.findings
    .filter((finding) => finding.ruleId.startsWith('provenance/'))
    .map((finding) => ({ ruleId: finding.ruleId, message: finding.message, line: finding.location.line }));

const ALLOWING = [
  'defaults:',
  '  base: { allow: ["docker.io/library/alpine:*"] }',
  '  provenance:',
  '    required: true',
  '    builderIds: ["https://github.com/acme/builder/**"]',
  '    sources: [{ repository: "https://github.com/acme/*", refs: ["refs/heads/main"] }]',
  '    basesPinned: true',
  '',
].join('\n');

describeWithRegistry('SLSA provenance through imagegate check', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startRegistryProxy(registry.url);
    Object.assign(process.env, {
      IMAGEGATE_REGISTRY_USERNAME: registry.username,
      IMAGEGATE_REGISTRY_PASSWORD: registry.password,
      HOME: '/nonexistent-imagegate-home',
    });
    const plain = path.join(work, 'plain');
    await writeImageArchive(plain, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    image = await pushLayout(plain, registry, REPO, ['bare']);
    const provenance = buildkitProvenance(image.digest, {
      builderId: BUILDER,
      source: { uri: SOURCE, sha1: SHA1 },
    });
    attested = attestedIndex(image, [spdxStatement(image.digest), provenance]);
    await pushAttestedIndex(registry, REPO, '1', attested);
    const unpinned = buildkitProvenance(image.digest, {
      builderId: BUILDER,
      source: { uri: SOURCE },
      bases: [{ uri: 'pkg:docker/alpine@latest?platform=linux%2Famd64' }],
    });
    await pushAttestedIndex(registry, REPO, 'unpinned', attestedIndex(image, [unpinned]));

    layout = path.join(work, 'layout');
    await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    await attestLayout(layout, (layoutImage) =>
      attestedIndex(layoutImage, [
        buildkitProvenance(layoutImage.digest, { builderId: BUILDER, source: { uri: SOURCE, sha1: SHA1 } }),
      ]),
    );

    await mkdir(path.join(work, 'keys'));
    await writeFile(path.join(work, 'keys', 'release.pub'), pem(releaseKey.publicKey));
    await writeFile(path.join(work, 'keys', 'other.pub'), pem(otherKey.publicKey));
    const variants = { signed: '41', tampered: '42', elsewhere: '43', bundle: '44' } as const;
    for (const [name, user] of Object.entries(variants) as Array<[keyof typeof variants, string]>) {
      const dir = path.join(work, `variant-${name}`);
      await writeImageArchive(dir, sampleSpec({ config: { User: user } }), { format: 'oci-dir', compression: 'gzip' });
      signedImages[name] = await pushLayout(dir, registry, REPO, [name]);
    }
    const statementFor = (digest: string) =>
      buildkitProvenance(digest, { builderId: BUILDER, source: { uri: SOURCE, sha1: SHA1 } });
    const signed = signedImages.signed.digest;
    await pushCosignAttestation(
      registry,
      REPO,
      signed,
      signedEnvelope(statementFor(signed), releaseKey.privateKey),
      SLSA_V1,
    );
    // Signed, then the builder id changed: the signature no longer covers what the envelope says.
    const tampered = signedEnvelope(statementFor(signedImages.tampered.digest), releaseKey.privateKey);
    const forged = { ...statementFor(signedImages.tampered.digest) };
    (forged.predicate as { runDetails: { builder: { id: string } } }).runDetails.builder.id = `${BUILDER}-forged`;
    tampered.payload = Buffer.from(JSON.stringify(forged)).toString('base64');
    await pushCosignAttestation(registry, REPO, signedImages.tampered.digest, tampered, SLSA_V1);
    // Validly signed, but about the `signed` image: copied onto another one.
    await pushCosignAttestation(
      registry,
      REPO,
      signedImages.elsewhere.digest,
      signedEnvelope(statementFor(signed), releaseKey.privateKey),
      SLSA_V1,
    );
    bundleBlob = await pushBundleReferrer(
      registry,
      REPO,
      signedImages.bundle,
      bundleWithoutLogEntry(signedEnvelope(statementFor(signedImages.bundle.digest), releaseKey.privateKey)),
      SLSA_V1,
    );
  });
  afterAll(async () => {
    process.env = savedEnv;
    await proxy?.close();
    await registry?.stop();
  });
  beforeEach(() => proxy.reset());

  test('the right builder, source and pinned allowed base: exit 0, the facts in imagegate.json and the summary', async () => {
    const run = await check('pass', ['--image', `${registry.host}/${REPO}:1`, '--pull', 'never'], ALLOWING);
    expect(provenanceFindings(run.document)).toEqual([]);
    expect(run.code).toBe(0);
    expect(resultSchemaErrors(run.document)).toEqual([]);
    expect(run.document.provenance).toEqual({
      unread: null,
      documents: [
        {
          origin: expect.stringMatching(
            new RegExp(`^${registry.host}/${REPO}@sha256:[0-9a-f]{64} \\(attestation manifest, blob sha256:`),
          ) as unknown as string,
          predicateType: SLSA_V1,
          buildType: 'https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md',
          builderId: BUILDER,
          source: { repository: 'https://github.com/acme/api', ref: 'refs/heads/main', digest: `sha1:${SHA1}` },
          bases: [
            {
              uri: 'pkg:docker/alpine@latest?platform=linux%2Famd64',
              image: 'docker.io/library/alpine:latest',
              digest: `sha256:${ALPINE}`,
              pinned: true,
            },
          ],
          signature: null,
        },
      ],
    });
    expect(run.summary).toContain('## Provenance');
    expect(run.summary).toContain('✅ `docker.io/library/alpine:latest` `sha256:8914eb54f968`');
    expect(run.summary).toContain('`https://github.com/acme/api` at `refs/heads/main`');
  });

  test('a builder and a source the policy does not allow: exit 1, one precise finding each', async () => {
    const policy = ALLOWING.replace('https://github.com/acme/builder/**', 'https://github.com/other/*').replace(
      'https://github.com/acme/*',
      'https://github.com/other/api',
    );
    const run = await check('wrong', ['--image', `${registry.host}/${REPO}:1`, '--pull', 'never'], policy);
    expect(run.code).toBe(1);
    const found = provenanceFindings(run.document);
    expect(found.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['provenance/untrusted-builder', 1],
      ['provenance/untrusted-source', 1],
    ]);
    // The registry's words are quoted (and cut) as untrusted text; imagegate's own are not.
    const origin = `"${registry.host}/${REPO}@${attested.attestationManifest.digest} (attestation manifest, blob ${attested.statementBlobs[SLSA_V1]!.slice(0, 30)}`;
    expect(found[0]!.message).toMatch(
      new RegExp(
        `^The provenance \\(${escape(origin)}.*…"\\) names the builder "${escape(BUILDER)}", which provenance.builderIds \\(https://github.com/other/\\*\\) does not allow\\.$`,
      ),
    );
    expect(found[1]!.message).toContain(
      'says the image was built from "https://github.com/acme/api@refs/heads/main", which provenance.sources (https://github.com/other/api (refs/heads/main)) does not allow.',
    );
  });

  test('a base without digest in the provenance: provenance/unpinned-base at the FROM line', async () => {
    const run = await check('unpinned', ['--image', `${registry.host}/${REPO}:unpinned`, '--pull', 'never'], ALLOWING);
    expect(run.code).toBe(1);
    const found = provenanceFindings(run.document);
    expect(found).toEqual([
      {
        ruleId: 'provenance/unpinned-base',
        line: 1,
        message: expect.stringMatching(
          /^Base "pkg:docker\/alpine@latest\?platform=linux%2Famd64" in the provenance \(".*…"\) records no sha256 digest\.$/,
        ) as unknown as string,
      },
    ]);
    expect(run.summary).toContain('❌ `docker.io/library/alpine:latest` (no digest)');
  });

  test('required but absent (an image pushed without attestations): provenance/missing', async () => {
    const run = await check('missing', ['--image', `${registry.host}/${REPO}:bare`, '--pull', 'never'], ALLOWING);
    expect(run.code).toBe(1);
    expect(provenanceFindings(run.document)).toEqual([
      {
        ruleId: 'provenance/missing',
        line: 1,
        message:
          'The policy requires SLSA provenance (provenance.required), and the image has none: neither a BuildKit ' +
          'attestation manifest in its index nor an OCI referrer holds a v0.2 or v1 predicate.',
      },
    ]);
    expect(run.document.provenance).toEqual({ unread: null, documents: [] });
    expect(resultSchemaErrors(run.document)).toEqual([]);
  });

  test('an OCI layout as buildx --output type=oci writes it: read from the layout, checked the same', async () => {
    const pass = await check('layout-pass', ['--oci-layout', layout], ALLOWING);
    expect(provenanceFindings(pass.document)).toEqual([]);
    expect(pass.code).toBe(0);
    expect(pass.document.provenance?.documents.map((document) => document.builderId)).toEqual([BUILDER]);
    const wrong = await check(
      'layout-wrong',
      ['--oci-layout', layout],
      ALLOWING.replace('https://github.com/acme/builder/**', 'https://github.com/other/*'),
    );
    expect(wrong.code).toBe(1);
    expect(provenanceFindings(wrong.document).map((finding) => finding.ruleId)).toEqual([
      'provenance/untrusted-builder',
    ]);
  });

  test('an archive keeps no attestations: a run warning, and required fails saying so', async () => {
    const archive = path.join(work, 'image.tar');
    await writeImageArchive(archive, sampleSpec(), { format: 'docker-oci', compression: 'gzip' });
    const run = await check('archive', ['--archive', archive], ALLOWING);
    expect(run.code).toBe(1);
    const reason =
      'the image was read from an archive, which keeps no attestations; provenance can only be read by registry ' +
      'reference (--image REF --pull never, or after a push) or from an OCI layout directory (--oci-layout DIR)';
    expect(provenanceFindings(run.document)).toEqual([
      {
        ruleId: 'provenance/missing',
        line: 1,
        message: `The policy requires SLSA provenance (provenance.required), and the image has none: ${reason}.`,
      },
    ]);
    expect(run.document.provenance).toEqual({ unread: reason, documents: [] });
    expect(resultSchemaErrors(run.document)).toEqual([]);
    expect(run.summary).toContain('⚠️ **Not checked:** provenance: not checked: the image was read from an archive');
  });

  test('item 8: no attestation is fetched unless the policy asks; with provenance only, never the SBOM', async () => {
    const reference = `${proxy.host}/${REPO}:1`;
    const touched = () => proxy.requests.filter((request) => request.method === 'GET').map((request) => request.path);
    const attestationPaths = [
      attested.attestationManifest.digest,
      attested.statementBlobs[SLSA_V1]!,
      attested.statementBlobs[SPDX]!,
      '/referrers/',
      'sha256-',
    ];

    const none = await check(
      'count-none',
      ['--image', reference, '--pull', 'never'],
      'defaults: { user: { forbidRoot: true } }\n',
    );
    expect(none.code).toBe(0);
    const plain = touched();
    expect(plain.some((each) => each.includes('/blobs/'))).toBe(true); // the image itself was read
    expect(plain.filter((each) => attestationPaths.some((part) => each.includes(part)))).toEqual([]);

    proxy.reset();
    const asked = await check('count-provenance', ['--image', reference, '--pull', 'never'], ALLOWING);
    expect(asked.code).toBe(0);
    const read = touched();
    expect(read).toContain(`/v2/${REPO}/manifests/${attested.attestationManifest.digest}`);
    expect(read).toContain(`/v2/${REPO}/blobs/${attested.statementBlobs[SLSA_V1]}`);
    expect(read.filter((each) => each.includes(attested.statementBlobs[SPDX]!))).toEqual([]);
  });
  describe('provenance.signers', () => {
    const SIGNED = (signers: string) =>
      [
        'defaults:',
        '  provenance:',
        '    required: true',
        '    builderIds: ["https://github.com/acme/builder/**"]',
        `    signers: [${signers}]`,
        '',
      ].join('\n');
    const image = (tag: string) => ['--image', `${registry.host}/${REPO}:${tag}`, '--pull', 'never'];

    test('a cosign attestation signed by the named key: verified, then checked; exit 0', async () => {
      const run = await check('signed', image('signed'), SIGNED('{ key: keys/release.pub }'));
      expect(provenanceFindings(run.document)).toEqual([]);
      expect(run.code).toBe(0);
      expect(resultSchemaErrors(run.document)).toEqual([]);
      expect(run.document.provenance?.documents).toEqual([
        expect.objectContaining({
          builderId: BUILDER,
          origin: expect.stringContaining('(cosign attestation, blob sha256:') as unknown as string,
          signature: { status: 'verified', signer: 'key keys/release.pub', reason: null },
        }),
      ]);
      expect(run.summary).toContain('✅ `key keys/release.pub`');
    });

    test('signed by a key the policy does not name: provenance/invalid-signature, and its builder is not believed', async () => {
      const run = await check(
        'other-key',
        image('signed'),
        SIGNED('{ key: keys/other.pub }').replace('acme/builder/**', 'nobody/**'),
      );
      expect(run.code).toBe(1);
      const found = provenanceFindings(run.document);
      expect(found.map((finding) => finding.ruleId)).toEqual(['provenance/invalid-signature']);
      expect(found[0]!.message).toMatch(
        /^The provenance \(".*\(cosign attestation, blob sha256:.*"\) is signed by "an unknown key", whom provenance.signers \(key keys\/other.pub\) does not name: "the envelope's signature verifies with none of the allowed keys \(key keys\/other.pub\): another key signed it, or the statement changed after signing"\.$/,
      );
    });

    test('changed after signing: not verified', async () => {
      const run = await check('tampered', image('tampered'), SIGNED('{ key: keys/release.pub }'));
      expect(run.code).toBe(1);
      const found = provenanceFindings(run.document);
      expect(found.map((finding) => finding.ruleId)).toEqual(['provenance/invalid-signature']);
      expect(found[0]!.message).toContain('or the statement changed after signing');
      // The forged builder id is still shown as what the document says, marked as not verified.
      expect(run.document.provenance?.documents[0]).toMatchObject({
        builderId: `${BUILDER}-forged`,
        signature: { status: 'untrusted-signer' },
      });
    });

    test('validly signed provenance of another image: refused by its subject', async () => {
      const run = await check('elsewhere', image('elsewhere'), SIGNED('{ key: keys/release.pub }'));
      expect(run.code).toBe(1);
      const found = provenanceFindings(run.document);
      expect(found.map((finding) => finding.ruleId)).toEqual(['provenance/invalid-signature']);
      expect(found[0]!.message).toContain(
        `has a signature that does not verify: "the signed statement is about ${signedImages.signed.digest}, not this image (${signedImages.elsewhere.digest}`,
      );
    });

    test('BuildKit provenance (never signed) when signers are named: provenance/invalid-signature saying so', async () => {
      const run = await check('unsigned', image('1'), SIGNED('{ key: keys/release.pub }'));
      expect(run.code).toBe(1);
      expect(provenanceFindings(run.document)).toEqual([
        {
          ruleId: 'provenance/invalid-signature',
          line: 1,
          message: expect.stringMatching(
            /\) is not signed: "it is a bare in-toto statement \(a BuildKit attestation manifest or an unsigned referrer\): nothing signs it"; provenance.signers requires a signature by key keys\/release.pub\.$/,
          ) as unknown as string,
        },
      ]);
    });

    test('a Sigstore bundle referrer (GitHub attestation layout): its statement is read; no log entry, so not verified', async () => {
      proxy.reset();
      const run = await check(
        'bundle',
        ['--image', `${proxy.host}/${REPO}:bundle`, '--pull', 'never'],
        SIGNED(
          '{ issuer: "https://token.actions.githubusercontent.com", subjectRegExp: "^https://github\\\\.com/acme/.*$" }',
        ),
      );
      expect(run.code).toBe(1);
      expect(proxy.requests.map((request) => request.path)).toContain(`/v2/${REPO}/blobs/${bundleBlob}`);
      expect(run.document.provenance?.documents).toEqual([
        expect.objectContaining({
          builderId: BUILDER,
          origin: expect.stringContaining('(referrer artifact, blob sha256:') as unknown as string,
          signature: expect.objectContaining({ status: 'untrusted-signer' }) as unknown as null,
        }),
      ]);
      expect(provenanceFindings(run.document).map((finding) => finding.ruleId)).toEqual([
        'provenance/invalid-signature',
      ]);
      expect(provenanceFindings(run.document)[0]!.message).toContain(
        'whom provenance.signers (/^https://github\\.com/acme/.*$/ from https://token.actions.githubusercontent.com) does not name: "signed with a public key, but the policy allows only keyless identities".',
      );
      // With the key named, @sigstore/verify checks the bundle and finds no log entry or timestamp to trust.
      const keyed = await check('bundle-key', image('bundle'), SIGNED('{ key: keys/release.pub }'));
      expect(keyed.code).toBe(1);
      expect(provenanceFindings(keyed.document)[0]!.message).toContain(
        'has a signature that does not verify: "no transparency-log entry with a signed entry timestamp: nothing dates the signature (TIMESTAMP_ERROR: expected 1 timestamps, got 0)".',
      );
    });

    test('the base branch’s policy deciding: its key is read from that commit, a pull request cannot swap it', async () => {
      const repo = path.join(work, 'repo');
      await mkdir(path.join(repo, 'keys'), { recursive: true });
      await writeFile(path.join(repo, '.imagegate.yml'), `version: 1\n${SIGNED('{ key: keys/release.pub }')}`);
      await writeFile(path.join(repo, 'keys', 'release.pub'), pem(releaseKey.publicKey));
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-q', '-m', 'base');
      // The pull request replaces the trusted key with one it controls.
      await writeFile(path.join(repo, 'keys', 'release.pub'), pem(otherKey.publicKey));
      const run = async (name: string, extra: string[]) => {
        const out = path.join(work, `out-${name}`);
        const result = await cli(['check', '--skip-scan', ...image('signed'), ...extra, '--out-dir', out], repo);
        const document = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as ResultDocument;
        return { code: result.code, document };
      };
      const head = await run('ref-head', []);
      expect(head.code).toBe(1);
      expect(provenanceFindings(head.document).map((finding) => finding.ruleId)).toEqual([
        'provenance/invalid-signature',
      ]);
      const base = await run('ref-base', ['--policy-ref', 'HEAD']);
      expect(provenanceFindings(base.document)).toEqual([]);
      expect(base.code).toBe(0);
      expect(base.document.provenance?.documents[0]).toMatchObject({
        signature: { status: 'verified', signer: 'key keys/release.pub' },
      });
    });

    test('a key file outside the workspace is refused at the policy line: exit 2', async () => {
      const policyFile = path.join(work, 'policy-outside.yml');
      await writeFile(policyFile, `version: 1\n${SIGNED('{ key: /etc/hostname }')}`);
      const run = await cli(
        ['check', '--skip-scan', ...image('signed'), '--policy', policyFile, '--out-dir', path.join(work, 'out-x')],
        work,
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /policy-outside\.yml:6:\d+: the public key \/etc\/hostname is refused: it resolves to .*outside the workspace/,
      );
      // Refused before the image is read: a bad key costs no pull.
      expect(run.stderr).not.toContain('reading it from registry');
    });
  });
});

/**
 * An image in the daemon that was pulled from a registry: its provenance is read there, under the RepoDigest docker
 * recorded (no credentials: the daemon pulls from a registry without auth). A local image never pushed says why not.
 */
(registryAvailable ? describeWithDocker : describe.skip)('provenance of a daemon image pulled from a registry', () => {
  let open: TestRegistry;
  const pulled: string[] = [];
  beforeAll(async () => {
    open = await startRegistry({ auth: 'none' });
    const dir = path.join(work, 'daemon-plain');
    // One plain file: what the daemon's layer store accepts (the sample's hardlinks are for the archive readers).
    const spec = {
      repoTags: ['imagegate-test/daemon:1'],
      config: { User: '45' },
      steps: [{ createdBy: 'COPY app /app # buildkit', entries: [{ path: 'app', type: 'file' as const, size: 1000 }] }],
    };
    await writeImageArchive(dir, spec, { format: 'oci-dir', compression: 'gzip' });
    const pushed = await pushLayout(dir, open, REPO, ['plain']);
    await pushAttestedIndex(
      open,
      REPO,
      'attested',
      attestedIndex(pushed, [buildkitProvenance(pushed.digest, { builderId: BUILDER, source: { uri: SOURCE } })]),
    );
    for (const tag of ['attested', 'plain']) {
      await execa('docker', ['pull', '-q', `${open.host}/${REPO}:${tag}`]);
      pulled.push(`${open.host}/${REPO}:${tag}`);
    }
  }, 120_000);
  afterAll(async () => {
    if (pulled.length > 0) await execa('docker', ['image', 'rm', '--force', ...pulled], { reject: false });
    await open?.stop();
  });

  test('read from the registry under its RepoDigest, checked like a registry image', async () => {
    const pass = await check('daemon-pass', ['--image', `${open.host}/${REPO}:attested`], ALLOWING);
    expect(provenanceFindings(pass.document)).toEqual([]);
    expect(pass.code).toBe(0);
    expect(pass.document.provenance?.documents.map((document) => [document.builderId, document.origin])).toEqual([
      [
        BUILDER,
        expect.stringMatching(new RegExp(`^${escape(open.host)}/${escape(REPO)}@sha256:`)) as unknown as string,
      ],
    ]);
    const wrong = await check(
      'daemon-wrong',
      ['--image', `${open.host}/${REPO}:attested`],
      ALLOWING.replace('https://github.com/acme/builder/**', 'https://github.com/other/*'),
    );
    expect(wrong.code).toBe(1);
    expect(provenanceFindings(wrong.document).map((finding) => finding.ruleId)).toEqual([
      'provenance/untrusted-builder',
    ]);
  }, 60_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
