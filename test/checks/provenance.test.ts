import type { CheckContext } from '../../src/checks/context.js';
import { checkProvenance } from '../../src/checks/provenance.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { BaseRules, ProvenanceRules } from '../../src/policy/types.js';
import type { ProvenanceFacts } from '../../src/provenance/types.js';
import { makeFacts } from '../support/facts.js';

/** provenance/missing, untrusted-builder, untrusted-source, unpinned-base: each true and false, at the right line. */

const DIGEST = 'sha256:8914eb54f968791faf6a8638949e480fef81e697984fba772b3976835194c6d4';
const DOCKERFILE = ['FROM ghcr.io/acme/tools:1.2 AS tools', 'FROM alpine:3.18', 'COPY --from=tools /t /t', ''].join(
  '\n',
);

function provenance(overrides: Partial<ProvenanceFacts> = {}): ProvenanceFacts {
  return {
    predicateType: 'https://slsa.dev/provenance/v1',
    origin: 'ghcr.io/acme/api@sha256:abc (attestation manifest)',
    enveloped: false,
    builderId: 'https://github.com/actions/runner/github-hosted',
    source: { repository: 'https://github.com/acme/api', ref: 'refs/heads/main' },
    materials: [{ uri: 'pkg:docker/alpine@3.18?platform=linux%2Famd64', digests: [DIGEST] }],
    ...overrides,
  };
}

function context(rules: ProvenanceRules, documents: ProvenanceFacts[] | undefined, base: BaseRules = {}): CheckContext {
  const dockerfile = parseDockerfile(DOCKERFILE, { path: 'app/Dockerfile', buildArgs: {} });
  const stage = finalStage(dockerfile);
  const reference = parseImageReference('ghcr.io/acme/api:1.0');
  const facts = makeFacts({ layerSizes: [10] });
  return {
    image: facts,
    reference,
    imageName: reference.normalized,
    imageRepository: 'ghcr.io/acme/api',
    rules: { ...emptyImageRules(), base, provenance: rules },
    dockerfile,
    stage,
    layerOrigins: facts.layers.map(() => undefined),
    imageLocation: { kind: 'source', path: dockerfile.path, line: stage.from.line, column: stage.from.column },
    allow: emptyAllowlist(),
    now: new Date('2026-12-07T12:00:00Z'),
    ...(documents ? { provenance: documents } : {}),
  };
}

const ids = (rules: ProvenanceRules, documents?: ProvenanceFacts[], base?: BaseRules) =>
  checkProvenance(context(rules, documents, base)).map((finding) => finding.ruleId);

describe('provenance/missing', () => {
  it('is reported when required and none was found, at the image, saying why', () => {
    const [finding] = checkProvenance(context({ required: true }, []));
    expect(finding?.ruleId).toBe('provenance/missing');
    expect(finding?.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 2, column: 1 });
    expect(finding?.message).toContain('neither a BuildKit attestation manifest');
    const [unread] = checkProvenance(context({ required: true }, undefined));
    expect(unread?.message).toContain('not read from a registry or an OCI layout');
  });
  it('is not reported when provenance is there, or not required', () => {
    expect(ids({ required: true }, [provenance()])).toEqual([]);
    expect(ids({ required: false }, [])).toEqual([]);
    expect(ids({}, undefined)).toEqual([]);
  });
});

describe('provenance/untrusted-builder', () => {
  const rules = { builderIds: ['https://github.com/actions/runner/*'] };
  it('passes a builder the globs allow', () => {
    expect(ids(rules, [provenance()])).toEqual([]);
  });
  it('reports another builder, escaped, and an empty one', () => {
    const [other] = checkProvenance(context(rules, [provenance({ builderId: 'https://evil.example/*x*' })]));
    expect(other?.ruleId).toBe('provenance/untrusted-builder');
    expect(other?.messageMarkdown).toContain('\\*x\\*');
    const [empty] = checkProvenance(context(rules, [provenance({ builderId: '' })]));
    expect(empty?.message).toContain('names no builder id');
  });
});

describe('provenance/untrusted-source', () => {
  const rules = { sources: [{ repository: 'https://github.com/acme/*', refs: ['refs/heads/main', 'refs/tags/v*'] }] };
  it('passes an allowed repository and ref', () => {
    expect(ids(rules, [provenance()])).toEqual([]);
    expect(ids({ sources: [{ repository: 'https://github.com/acme/api' }] }, [provenance()])).toEqual([]);
  });
  it('reports another repository, another ref, and no source', () => {
    expect(
      ids(rules, [provenance({ source: { repository: 'https://github.com/evil/api', ref: 'refs/heads/main' } })]),
    ).toEqual(['provenance/untrusted-source']);
    const [ref] = checkProvenance(
      context(rules, [provenance({ source: { repository: 'https://github.com/acme/api', ref: 'refs/heads/dev' } })]),
    );
    expect(ref?.message).toContain('https://github.com/acme/api@refs/heads/dev');
    const noSource = provenance();
    delete noSource.source;
    expect(checkProvenance(context(rules, [noSource]))[0]?.message).toContain('names no source repository');
  });
});

describe('provenance/unpinned-base', () => {
  it('passes a base with a digest that base.allow allows', () => {
    expect(ids({ basesPinned: true }, [provenance()], { allow: ['docker.io/library/alpine:3.*'] })).toEqual([]);
  });
  it('reports a base without a digest at its FROM line', () => {
    const documents = [provenance({ materials: [{ uri: 'pkg:docker/ghcr.io/acme/tools@1.2', digests: [] }] })];
    const [finding] = checkProvenance(context({ basesPinned: true }, documents));
    expect(finding?.ruleId).toBe('provenance/unpinned-base');
    expect(finding?.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 1, column: 1 });
    expect(finding?.message).toContain('records no sha256 digest');
  });
  it('reports a pinned base that base.allow does not allow, and ignores non-image materials', () => {
    const documents = [
      provenance({
        materials: [
          { uri: 'pkg:docker/alpine@3.18', digests: [DIGEST] },
          { uri: 'git+https://github.com/acme/api.git', digests: [] },
        ],
      }),
    ];
    const findings = checkProvenance(context({ basesPinned: true }, documents, { allow: ['gcr.io/distroless/**'] }));
    expect(findings.map((finding) => [finding.ruleId, finding.location])).toEqual([
      ['provenance/unpinned-base', { kind: 'source', path: 'app/Dockerfile', line: 2, column: 1 }],
    ]);
    expect(findings[0]?.message).toContain('is not allowed by base.allow');
    expect(ids({ basesPinned: false }, documents, { allow: [] })).toEqual([]);
  });
});

describe('provenance/invalid-signature (provenance.signers)', () => {
  const signers: ProvenanceRules['signers'] = [
    {
      kind: 'key',
      file: '/ws/keys/release.pub',
      written: 'keys/release.pub',
      source: { kind: 'source', path: 'p.yml', line: 3 },
    },
  ];

  it('only verified documents are believed; each other one says why it is not', () => {
    const verified = provenance({ signature: { status: 'verified', signer: 'key keys/release.pub' } });
    const unsigned = provenance({
      origin: 'bare',
      builderId: 'https://evil.example/builder',
      signature: { status: 'unsigned', reason: 'nothing signs it' },
    });
    const rules = { builderIds: ['https://github.com/actions/runner/*'], signers };
    expect(ids(rules, [verified])).toEqual([]);
    const findings = checkProvenance(context(rules, [verified, unsigned]));
    // The unsigned document's evil builder is not judged: it is not believed at all.
    expect(findings.map((finding) => finding.ruleId)).toEqual(['provenance/invalid-signature']);
    expect(findings[0]?.message).toBe(
      'The provenance ("bare") is not signed: "nothing signs it"; provenance.signers requires a signature by key keys/release.pub.',
    );
    expect(findings[0]?.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 2, column: 1 });
  });

  it('invalid and untrusted-signer outcomes are named as such; without signers nothing is asked of signatures', () => {
    const invalid = provenance({ origin: 'a', signature: { status: 'invalid', reason: 'tlog missing' } });
    const other = provenance({
      origin: 'b',
      signature: { status: 'untrusted-signer', signer: 'someone@example.com from https://issuer', reason: 'not named' },
    });
    const messages = checkProvenance(context({ signers }, [invalid, other])).map((finding) => finding.message);
    expect(messages).toEqual([
      'The provenance ("a") has a signature that does not verify: "tlog missing".',
      'The provenance ("b") is signed by "someone@example.com from https://issuer", whom provenance.signers (key keys/release.pub) does not name: "not named".',
    ]);
    expect(ids({ required: true }, [invalid, other])).toEqual([]);
  });

  it('hostile text in a signature reason stays text in the Markdown', () => {
    const hostile = provenance({
      origin: '<img src=x onerror=alert(1)>',
      signature: { status: 'invalid', reason: '| [click](https://evil.example) @team' },
    });
    const [finding] = checkProvenance(context({ signers }, [hostile]));
    expect(finding?.messageMarkdown).not.toContain('<img');
    expect(finding?.messageMarkdown).not.toContain('](https://evil');
    expect(finding?.messageMarkdown).not.toMatch(/(^|[^\\])\|/);
  });
});
