import { provenanceSummary } from '../../src/provenance/provenance-summary.js';
import type { ProvenanceFacts } from '../../src/provenance/types.js';
import { provenanceSection } from '../../src/report/markdown-provenance.js';
import { autoReferences, links, renderForReader, tablesOutsideDetails, visibleText } from '../support/render-gfm.js';

/**
 * The summary's Provenance section renders registry text: as a reader sees it (GitHub's renderer and sanitizer), a
 * hostile provenance adds no link, no HTML, no mention, no issue reference and no extra table cell.
 */

const HOSTILE = '<img src=x onerror=alert(1)> [click](https://evil.example) @admins #12 | cell';

function facts(overrides: Partial<ProvenanceFacts> = {}): ProvenanceFacts {
  return {
    predicateType: 'https://slsa.dev/provenance/v1',
    origin: 'registry.example/acme/api@sha256:aa (attestation manifest, blob sha256:bb)',
    enveloped: false,
    buildType: 'https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md',
    builderId: 'https://github.com/acme/builder',
    source: {
      repository: 'https://github.com/acme/api',
      ref: 'refs/heads/main',
      digest: 'sha1:7fd1a60b01f91b314f59955a4e4d4e80d8edf11d',
    },
    materials: [
      {
        uri: 'pkg:docker/alpine@3.18?platform=linux%2Famd64',
        digests: ['sha256:8914eb54f968791faf6a8638949e480fef81e697984fba772b3976835194c6d4'],
      },
      { uri: 'pkg:docker/ghcr.io/acme/tools@1.2', digests: [] },
      { uri: 'git+https://github.com/acme/api.git', digests: [] },
    ],
    ...overrides,
  };
}

const section = (documents: ProvenanceFacts[], unread?: string) =>
  provenanceSection(provenanceSummary({ documents, ...(unread ? { unread } : {}) }), { heading: '##', cell: 200 });

describe('the summary’s Provenance section', () => {
  test('one row per document: builder, source at ref, build type, bases pinned or not, where it was read', () => {
    const markdown = section([facts()]);
    expect(markdown.split('\n')).toEqual([
      '## Provenance',
      '',
      '| Builder | Source | Build type | Bases | Read from |',
      '| --- | --- | --- | --- | --- |',
      '| `https://github.com/acme/builder` | `https://github.com/acme/api` at `refs/heads/main` (`sha1:7fd1a60b01f9`) | ' +
        '`https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md` | ' +
        '✅ `docker.io/library/alpine:3.18` `sha256:8914eb54f968`, ❌ `ghcr.io/acme/tools:1.2` (no digest) | ' +
        '`registry.example/acme/api@sha256:aa (attestation manifest, blob sha256:bb)` |',
    ]);
    const view = renderForReader(markdown);
    expect(tablesOutsideDetails(view.root)).toHaveLength(1);
  });

  test('nothing attached, and nothing readable, are said in words', () => {
    expect(section([])).toBe('## Provenance\n\nNo SLSA provenance is attached to the image.');
    expect(section([], 'the image was read from an archive')).toBe(
      '## Provenance\n\nNot read: the image was read from an archive.',
    );
    expect(provenanceSection(undefined, { heading: '##', cell: 200 })).toBe('');
  });

  test('hostile registry text stays text: no link, HTML, mention, reference or extra cell', () => {
    const markdown = section([
      facts({
        origin: HOSTILE,
        builderId: HOSTILE,
        buildType: HOSTILE,
        source: { repository: HOSTILE, ref: HOSTILE },
        materials: [{ uri: `pkg:docker/${HOSTILE}`, digests: [] }],
        signature: { status: 'invalid', reason: HOSTILE },
      }),
    ]);
    const view = renderForReader(markdown);
    expect(links(view.root)).toEqual([]);
    expect(view.html).not.toContain('<img');
    expect(autoReferences(view.root)).toEqual([]);
    expect(view.root.querySelectorAll('td')).toHaveLength(6);
    expect(visibleText(view.root)).toContain('<img src=x onerror=alert(1)>');
  });

  test('the signature column appears when signers were named', () => {
    const markdown = section([facts({ signature: { status: 'verified', signer: 'key keys/release.pub' } })]);
    expect(markdown).toContain('| Builder | Source | Build type | Bases | Signature | Read from |');
    expect(markdown).toContain('| ✅ `key keys/release.pub` |');
  });
});
