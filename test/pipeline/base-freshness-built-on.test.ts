import type { BaseFreshnessStageInput } from '../../src/pipeline/base-freshness-stage.js';
import { builtOnDigest } from '../../src/pipeline/base-freshness-stage.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import type { ProvenanceFacts } from '../../src/provenance/types.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { makeFacts } from '../support/facts.js';

/** Which digest the image was built on: the FROM's pin, else the provenance materials, else the base labels. */

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;
const location = { kind: 'source' as const, path: 'Dockerfile', line: 1, column: 1 };

function provenance(materials: ProvenanceFacts['materials']): ProvenanceFacts {
  return {
    predicateType: 'https://slsa.dev/provenance/v0.2',
    origin: 'test',
    builderId: '',
    materials,
    enveloped: true,
  };
}

function input(options: { labels?: Record<string, string>; provenance?: ProvenanceFacts[] }): BaseFreshnessStageInput {
  const image = makeFacts();
  image.config.labels = options.labels ?? {};
  return {
    rules: { requireCurrent: true },
    image,
    imageLocation: location,
    ...(options.provenance ? { provenance: options.provenance } : {}),
    access: { environment: {} },
    logger: new MemoryLogger(),
  };
}

const target = (text: string) => ({ reference: parseImageReference(text), location });
const LABELS = {
  'org.opencontainers.image.base.name': 'registry.example/base:1.2.3',
  'org.opencontainers.image.base.digest': C,
};
const MATERIALS = [
  provenance([
    { uri: 'pkg:docker/registry.example/other@1.2.3?platform=linux%2Famd64', digests: [`sha256:${'d'.repeat(64)}`] },
    { uri: 'pkg:docker/registry.example/base@1.2.2?platform=linux%2Famd64', digests: [A] },
    { uri: 'pkg:docker/registry.example/base@1.2.3?platform=linux%2Famd64', digests: [B] },
    { uri: 'git+https://github.com/acme/app@refs/heads/main', digests: ['sha1:abc'] },
  ]),
];

describe('builtOnDigest', () => {
  test("the FROM's pin wins over provenance and labels", () => {
    expect(
      builtOnDigest(target(`registry.example/base:1.2.3@${A}`), input({ labels: LABELS, provenance: MATERIALS })),
    ).toEqual({ digest: A, source: 'pinned' });
  });

  test('the provenance material of the same repository and tag, before the labels', () => {
    expect(
      builtOnDigest(target('registry.example/base:1.2.3'), input({ labels: LABELS, provenance: MATERIALS })),
    ).toEqual({ digest: B, source: 'provenance' });
  });

  test("another tag's material of the same repository is not this FROM's", () => {
    expect(builtOnDigest(target('registry.example/base:1.2.4'), input({ provenance: MATERIALS }))).toBeUndefined();
    expect(builtOnDigest(target('registry.example/base:1.2.2'), input({ provenance: MATERIALS }))).toEqual({
      digest: A,
      source: 'provenance',
    });
  });

  test('the labels count only for the FROM naming the same repository and tag', () => {
    expect(builtOnDigest(target('registry.example/base:1.2.3'), input({ labels: LABELS }))).toEqual({
      digest: C,
      source: 'label',
    });
    expect(builtOnDigest(target('registry.example/base:1.2.4'), input({ labels: LABELS }))).toBeUndefined();
    expect(builtOnDigest(target('registry.example/other:1.2.3'), input({ labels: LABELS }))).toBeUndefined();
  });

  test('a base.digest label that is no digest is not used; nothing recorded is undefined, not a guess', () => {
    const bad = { ...LABELS, 'org.opencontainers.image.base.digest': 'sha256:short' };
    expect(builtOnDigest(target('registry.example/base:1.2.3'), input({ labels: bad }))).toBeUndefined();
    expect(builtOnDigest(target('registry.example/base:1.2.3'), input({}))).toBeUndefined();
  });
});
