import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseMaterials } from '../../src/provenance/base-materials.js';
import { parseProvenance } from '../../src/provenance/parse-provenance.js';
import { sharedDir } from '../support/shared.js';

/**
 * SLSA provenance as BuildKit writes it (../shared/corpus/slsa: v1 min and max from moby/buildkit's docs) and a
 * v0.2 statement written from the spec (test/provenance/fixtures): the facts the policy checks come out of each.
 */

const shared = sharedDir();
if (!shared) throw new Error('the shared corpus (corpus/slsa) is needed: see test/support/shared.ts');
const corpus = path.join(shared, 'corpus', 'slsa');
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const load = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('parseProvenance', () => {
  it.each(['buildkit_provenance-v1_min.json', 'buildkit_provenance-v1_max.json'])(
    'reads BuildKit %s: empty builder id, the alpine base with its digest',
    (file) => {
      const facts = parseProvenance(load(path.join(corpus, file)), `corpus/${file}`);
      expect(facts).toEqual({
        predicateType: 'https://slsa.dev/provenance/v1',
        origin: `corpus/${file}`,
        enveloped: false,
        buildType: 'https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md',
        builderId: '',
        materials: [
          {
            uri: 'pkg:docker/alpine@latest?platform=linux%2Famd64',
            digests: ['sha256:8914eb54f968791faf6a8638949e480fef81e697984fba772b3976835194c6d4'],
          },
        ],
      });
      const [base] = baseMaterials(facts!.materials);
      expect(base?.reference?.normalized).toBe('docker.io/library/alpine:latest');
      expect(base?.digest).toBe('sha256:8914eb54f968791faf6a8638949e480fef81e697984fba772b3976835194c6d4');
    },
  );

  it('reads a v0.2 statement: builder, git source with ref and digest, materials', () => {
    const facts = parseProvenance(load(path.join(fixtures, 'slsa-provenance-v0.2.json')), 'v0.2', true);
    expect(facts?.predicateType).toBe('https://slsa.dev/provenance/v0.2');
    expect(facts?.builderId).toBe('https://github.com/actions/runner/github-hosted');
    expect(facts?.enveloped).toBe(true);
    expect(facts?.source).toEqual({
      repository: 'https://github.com/acme/api',
      ref: 'refs/heads/main',
      digest: 'sha1:7fd1a60b01f91b314f59955a4e4d4e80d8edf11d',
    });
    const bases = baseMaterials(facts!.materials);
    expect(bases.map((base) => [base.reference?.normalized, base.digest])).toEqual([
      ['docker.io/library/alpine:3.18', 'sha256:8914eb54f968791faf6a8638949e480fef81e697984fba772b3976835194c6d4'],
      ['ghcr.io/acme/tools:1.2', undefined],
    ]);
  });

  it('reads the GitHub workflow form of v1 externalParameters', () => {
    const facts = parseProvenance(
      {
        predicateType: 'https://slsa.dev/provenance/v1',
        predicate: {
          buildDefinition: {
            externalParameters: { workflow: { repository: 'https://github.com/acme/api', ref: 'refs/tags/v1.2.0' } },
          },
          runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
        },
      },
      'gh',
    );
    expect(facts?.source).toEqual({ repository: 'https://github.com/acme/api', ref: 'refs/tags/v1.2.0' });
  });

  it('is undefined for another predicate and for no predicate; wrong-typed fields are left out', () => {
    expect(parseProvenance({ predicateType: 'https://spdx.dev/Document', predicate: {} }, 'x')).toBeUndefined();
    expect(parseProvenance({ predicateType: 'https://slsa.dev/provenance/v1' }, 'x')).toBeUndefined();
    const odd = parseProvenance(
      {
        predicateType: 'https://slsa.dev/provenance/v1',
        predicate: { buildDefinition: { resolvedDependencies: [{ uri: 7 }, 'x', { uri: 'pkg:docker/a', digest: 3 }] } },
      },
      'x',
    );
    expect(odd).toMatchObject({ builderId: '', materials: [{ uri: 'pkg:docker/a', digests: [] }] });
    expect(odd?.source).toBeUndefined();
  });
});
