import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestRegistry } from './registry.js';
import { OCI_INDEX, OCI_MANIFEST, putManifest, sha256, uploadBlob, type Pushed } from './registry-push.js';
import { sharedDir } from './shared.js';

/**
 * Images with attestations stored the way BuildKit stores them (`docker buildx build --provenance=mode=max --sbom`):
 * an OCI image index listing the platform manifest and, beside it, an attestation manifest (platform
 * `unknown/unknown`, annotations `vnd.docker.reference.type: attestation-manifest` and `vnd.docker.reference.digest`
 * naming the platform manifest) whose layers are in-toto statements, each annotated with its predicate type. The
 * documents are built here byte for byte as BuildKit writes them; the provenance itself comes from the shared corpus
 * (../shared/corpus/slsa, BuildKit's own v1 max example) with the subject and the facts a test needs replaced.
 */

export const SLSA_V1 = 'https://slsa.dev/provenance/v1';
export const SPDX = 'https://spdx.dev/Document';
const IN_TOTO = 'application/vnd.in-toto+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

export interface Blob {
  digest: string;
  bytes: Buffer;
}

const blob = (value: unknown): Blob => {
  const bytes = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return { digest: sha256(bytes), bytes };
};

/**
 * BuildKit's v1 max provenance (corpus) about `subject` (a platform manifest digest), adapted as a test needs: the
 * builder id BuildKit writes with `--attest type=provenance,builder-id=…`, the git source it writes for a git
 * context (`configSource.uri` + `digest.sha1`), and the base images it resolved (default: the corpus's alpine,
 * pinned by digest).
 */
export function buildkitProvenance(
  subject: string,
  options: {
    builderId?: string;
    source?: { uri: string; sha1?: string };
    bases?: Array<{ uri: string; sha256?: string }>;
  } = {},
): Record<string, unknown> {
  const shared = sharedDir();
  if (!shared) throw new Error('the shared corpus (corpus/slsa) is needed: see test/support/shared.ts');
  const statement = JSON.parse(
    readFileSync(path.join(shared, 'corpus', 'slsa', 'buildkit_provenance-v1_max.json'), 'utf8'),
  ) as {
    subject: Array<{ name: string; digest: Record<string, string> }>;
    predicate: {
      buildDefinition: {
        externalParameters: { configSource: Record<string, unknown> };
        resolvedDependencies: Array<{ uri: string; digest?: Record<string, string> }>;
      };
      runDetails: { builder: { id: string } };
    };
  };
  statement.subject = [
    { name: 'pkg:docker/imagegate-test/app@1?platform=linux%2Famd64', digest: { sha256: subject.slice(7) } },
  ];
  if (options.builderId !== undefined) statement.predicate.runDetails.builder.id = options.builderId;
  if (options.source) {
    statement.predicate.buildDefinition.externalParameters.configSource = {
      uri: options.source.uri,
      ...(options.source.sha1 ? { digest: { sha1: options.source.sha1 } } : {}),
      path: 'Dockerfile',
    };
  }
  if (options.bases) {
    statement.predicate.buildDefinition.resolvedDependencies = options.bases.map((base) => ({
      uri: base.uri,
      ...(base.sha256 ? { digest: { sha256: base.sha256 } } : {}),
    }));
  }
  return statement as unknown as Record<string, unknown>;
}

/** A small SPDX statement, as BuildKit's `--sbom` attaches it: what provenance reading must never download. */
export function spdxStatement(subject: string): Record<string, unknown> {
  return {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: SPDX,
    subject: [{ name: 'pkg:docker/imagegate-test/app@1', digest: { sha256: subject.slice(7) } }],
    predicate: { spdxVersion: 'SPDX-2.3', name: 'sbom', packages: [] },
  };
}

export interface AttestedIndex {
  /** Every blob and manifest to store, in upload order (the index last). */
  blobs: Blob[];
  manifests: Blob[];
  index: Blob;
  /** The statements' layer blobs, by predicate type. */
  statementBlobs: Record<string, string>;
  attestationManifest: Blob;
}

/** The index BuildKit pushes for `image` (a platform manifest descriptor) with `statements` attached. */
export function attestedIndex(image: Pushed, statements: Array<Record<string, unknown>>): AttestedIndex {
  const layers = statements.map((statement) => ({ statement, blob: blob(statement) }));
  const config = blob({
    architecture: 'unknown',
    os: 'unknown',
    config: {},
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.blob.digest) },
  });
  const attestationManifest = blob({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.bytes.length },
    layers: layers.map((layer) => ({
      mediaType: IN_TOTO,
      digest: layer.blob.digest,
      size: layer.blob.bytes.length,
      annotations: { 'in-toto.io/predicate-type': String(layer.statement.predicateType) },
    })),
  });
  const index = blob({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: image.mediaType,
        digest: image.digest,
        size: image.size,
        platform: { architecture: 'amd64', os: 'linux' },
      },
      {
        mediaType: OCI_MANIFEST,
        digest: attestationManifest.digest,
        size: attestationManifest.bytes.length,
        annotations: {
          'vnd.docker.reference.digest': image.digest,
          'vnd.docker.reference.type': 'attestation-manifest',
        },
        platform: { architecture: 'unknown', os: 'unknown' },
      },
    ],
  });
  return {
    blobs: [config, ...layers.map((layer) => layer.blob)],
    manifests: [attestationManifest],
    index,
    statementBlobs: Object.fromEntries(
      layers.map((layer) => [String(layer.statement.predicateType), layer.blob.digest]),
    ),
    attestationManifest,
  };
}

/** Pushes the attestation blobs and manifests, then the index under `tag`. */
export async function pushAttestedIndex(
  registry: TestRegistry,
  repository: string,
  tag: string,
  attested: AttestedIndex,
): Promise<void> {
  const authorization = await registry.pushAuthorization(repository);
  for (const each of attested.blobs) await uploadBlob(registry.url, repository, each.bytes, authorization);
  for (const each of attested.manifests) {
    await putManifest(registry.url, repository, each.digest, each.bytes, OCI_MANIFEST, authorization);
  }
  await putManifest(registry.url, repository, attested.index.digest, attested.index.bytes, OCI_INDEX, authorization);
  await putManifest(registry.url, repository, tag, attested.index.bytes, OCI_INDEX, authorization);
}

/**
 * Turns an OCI layout holding one image manifest into what `docker buildx build --output type=oci` writes: the
 * attestation blobs and the index stored as blobs, index.json listing the index. Returns the image's descriptor.
 */
export async function attestLayout(
  layout: string,
  make: (image: Pushed) => AttestedIndex,
): Promise<{ image: Pushed; attested: AttestedIndex }> {
  const indexFile = path.join(layout, 'index.json');
  const top = JSON.parse(await readFile(indexFile, 'utf8')) as {
    manifests: Array<{ mediaType: string; digest: string; size: number; annotations?: Record<string, string> }>;
  };
  const entry = top.manifests[0];
  if (!entry) throw new Error(`${layout}: index.json lists no manifest`);
  const image: Pushed = { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
  const attested = make(image);
  await mkdir(path.join(layout, 'blobs', 'sha256'), { recursive: true });
  for (const each of [...attested.blobs, ...attested.manifests, attested.index]) {
    await writeFile(path.join(layout, 'blobs', 'sha256', each.digest.slice(7)), each.bytes);
  }
  const listed = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: OCI_INDEX,
        digest: attested.index.digest,
        size: attested.index.bytes.length,
        ...(entry.annotations ? { annotations: entry.annotations } : {}),
      },
    ],
  };
  await writeFile(indexFile, JSON.stringify(listed));
  return { image, attested };
}
