import { readFile, writeFile } from 'node:fs/promises';
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
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout, type Pushed } from '../support/registry-push.js';
import { startRegistryProxy, type RegistryProxy } from '../support/registry-proxy.js';
import { resultSchemaErrors } from '../support/schemas.js';
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
let registry: TestRegistry;
let proxy: RegistryProxy;
let image: Pushed;
let attested: AttestedIndex;
let layout: string;
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
    await writeFile(path.join(work, 'Dockerfile'), DOCKERFILE);
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
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
