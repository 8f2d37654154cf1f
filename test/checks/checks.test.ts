import type { CheckContext } from '../../src/checks/context.js';
import { runImageChecks } from '../../src/checks/run-checks.js';
import { isRootUser } from '../../src/checks/user.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import type { Finding, Severity } from '../../src/model/findings.js';
import type { ImageFacts } from '../../src/image/facts.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { ImageRules } from '../../src/policy/types.js';
import { parseByteSize } from '../../src/util/units.js';
import { makeFacts } from '../support/facts.js';

const DOCKERFILE = `ARG BASE=docker.io/library/alpine:3.20
FROM golang:1.22 AS build
COPY . /src
RUN go build -o /out/app /src

FROM \${BASE}
COPY --from=build /out/app /usr/bin/app
USER app
`;

function context(options: {
  rules?: Partial<ImageRules>;
  facts?: ImageFacts;
  dockerfile?: string | null;
  buildArgs?: Record<string, string>;
}): CheckContext {
  const facts = options.facts ?? makeFacts();
  const dockerfile =
    options.dockerfile === null
      ? undefined
      : parseDockerfile(options.dockerfile ?? DOCKERFILE, {
          path: 'app/Dockerfile',
          buildArgs: options.buildArgs ?? {},
        });
  const stage = dockerfile ? finalStage(dockerfile) : undefined;
  const reference = facts.reference ? parseImageReference(facts.reference) : undefined;
  return {
    image: facts,
    ...(reference ? { reference } : {}),
    imageName: reference?.normalized ?? facts.id,
    imageRepository: reference ? `${reference.registry}/${reference.repository}` : 'untagged',
    rules: { ...emptyImageRules(), ...options.rules },
    ...(dockerfile ? { dockerfile } : {}),
    ...(stage ? { stage } : {}),
    layerOrigins: facts.layers.map((_, index) =>
      dockerfile ? { kind: 'source' as const, path: dockerfile.path, line: 10 + index } : undefined,
    ),
    imageLocation:
      dockerfile && stage
        ? { kind: 'source', path: dockerfile.path, line: stage.from.line, column: stage.from.column }
        : { kind: 'image', image: reference?.normalized ?? facts.id },
    allow: emptyAllowlist(),
    now: new Date('2026-01-15T12:00:00Z'),
  };
}

const asIs = (_rule: string, severity: Severity) => severity;
const run = (ctx: CheckContext) => runImageChecks(ctx, asIs);
const ids = (findings: Finding[]) => findings.map((finding) => finding.ruleId);

describe('size and layer budgets', () => {
  test('size.max fires only above the budget and names the largest layer', () => {
    const facts = makeFacts({ layerSizes: [2_000_000, 4_000_000] });
    expect(run(context({ facts, rules: { size: { max: parseByteSize('6MB') } } }))).toEqual([]);
    const [finding] = run(context({ facts, rules: { size: { max: parseByteSize('5MB') } } }));
    expect(finding?.ruleId).toBe('size/max');
    expect(finding?.severity).toBe('high');
    expect(finding?.message).toContain('over its 5.00 MB budget');
    expect(finding?.message).toContain('largest layer is layer 2 (app/Dockerfile:11)');
    expect(finding?.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 6, column: 1 });
  });

  test('MiB and MB differ as documented', () => {
    const facts = makeFacts({ layerSizes: [1_048_000] });
    expect(run(context({ facts, rules: { size: { max: parseByteSize('1MiB') } } }))).toEqual([]);
    expect(ids(run(context({ facts, rules: { size: { max: parseByteSize('1MB') } } })))).toEqual(['size/max']);
  });

  test('size.maxCompressed needs a known compressed size', () => {
    const rules = { size: { maxCompressed: parseByteSize('1kB') } };
    expect(run(context({ rules }))).toEqual([]);
    const facts = makeFacts({ compressedSize: 5000 });
    expect(ids(run(context({ facts, rules })))).toEqual(['size/max-compressed']);
  });

  test('layers.max and layers.maxLayerSize point at the layer instruction', () => {
    const facts = makeFacts({ layerSizes: [10, 5_000_000, 20] });
    const findings = run(context({ facts, rules: { layers: { max: 2, maxLayerSize: parseByteSize('1MB') } } }));
    expect(ids(findings).sort()).toEqual(['layers/max', 'layers/max-layer-size']);
    const big = findings.find((f) => f.ruleId === 'layers/max-layer-size');
    expect(big?.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 11 });
    expect(big?.properties?.layer).toBe(2);
  });

  test('without a Dockerfile, layer findings are located in the image', () => {
    const facts = makeFacts({ layerSizes: [5_000_000] });
    const [finding] = run(
      context({ facts, dockerfile: null, rules: { layers: { maxLayerSize: parseByteSize('1MB') } } }),
    );
    expect(finding?.location).toEqual({ kind: 'image', image: 'ghcr.io/acme/api:1.0', layer: facts.layers[0]?.diffId });
  });

  test('fingerprints survive line moves and rebuilds but differ per rule and repository', () => {
    const rules = { size: { max: parseByteSize('1B') } };
    const a = run(context({ rules }))[0];
    const moved = run(context({ rules, dockerfile: `\n\n${DOCKERFILE}` }))[0];
    const retagged = run(context({ rules, facts: makeFacts({ reference: 'ghcr.io/acme/api:2.0' }) }))[0];
    const other = run(context({ rules, facts: makeFacts({ reference: 'ghcr.io/acme/web:1.0' }) }))[0];
    expect(moved?.location).not.toEqual(a?.location);
    expect(moved?.fingerprint).toBe(a?.fingerprint);
    expect(retagged?.fingerprint).toBe(a?.fingerprint);
    expect(other?.fingerprint).not.toBe(a?.fingerprint);
  });
});

describe('base image rules', () => {
  const allowAlpine = { base: { allow: ['docker.io/library/alpine:3.*'] } };

  test('final-stage scope checks the final base only; all-stages checks every external FROM', () => {
    expect(run(context({ rules: allowAlpine }))).toEqual([]);
    const findings = run(context({ rules: { base: { allow: ['alpine:3.*'], scope: 'all-stages' } } }));
    expect(ids(findings)).toEqual(['base/not-allowed']);
    expect(findings[0]?.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 2, column: 1 });
    expect(findings[0]?.message).toContain('docker.io/library/golang:1.22');
  });

  test('build args resolve FROM ${ARG} before matching', () => {
    const findings = run(context({ rules: allowAlpine, buildArgs: { BASE: 'debian:12' } }));
    expect(ids(findings)).toEqual(['base/not-allowed']);
    expect(findings[0]?.location).toMatchObject({ line: 6 });
  });

  test('an unresolvable FROM fails closed when an allowlist exists', () => {
    const dockerfile = 'ARG BASE\nFROM ${BASE}\nUSER 1\n';
    const findings = run(context({ rules: allowAlpine, dockerfile }));
    expect(ids(findings)).toEqual(['base/not-allowed']);
    expect(findings[0]?.message).toContain('$BASE has no default');
  });

  test('requireDigest and forbidTags', () => {
    const digest = 'sha256:' + 'b'.repeat(64);
    const rules = { base: { requireDigest: true, forbidTags: ['latest', '<none>'] } };
    expect(ids(run(context({ rules, dockerfile: 'FROM alpine\n' })))).toEqual([
      'base/digest-required',
      'base/forbidden-tag',
    ]);
    expect(run(context({ rules, dockerfile: `FROM alpine@${digest}\n` }))).toEqual([]);
    const latest = run(context({ rules: { base: { forbidTags: ['latest'] } }, dockerfile: 'FROM alpine:latest\n' }));
    expect(latest[0]?.message).toContain("uses the tag 'latest'");
    const untagged = run(context({ rules: { base: { forbidTags: ['latest'] } }, dockerfile: 'FROM alpine\n' }));
    expect(untagged[0]?.message).toContain("has no tag, so Docker uses 'latest'");
    expect(run(context({ rules: { base: { forbidTags: ['<none>'] } }, dockerfile: 'FROM alpine:3.20\n' }))).toEqual([]);
  });

  test('scratch is always allowed', () => {
    expect(run(context({ rules: { base: { allow: [], requireDigest: true } }, dockerfile: 'FROM scratch\n' }))).toEqual(
      [],
    );
  });

  test('without a Dockerfile the base-name label is checked, or the base is reported unverifiable', () => {
    const labelled = makeFacts();
    labelled.config.labels['org.opencontainers.image.base.name'] = 'docker.io/library/debian:12';
    expect(ids(run(context({ rules: allowAlpine, facts: labelled, dockerfile: null })))).toEqual(['base/not-allowed']);
    expect(ids(run(context({ rules: allowAlpine, dockerfile: null })))).toEqual(['base/unverifiable']);
  });

  test('an invalid base-name label (inherited from a base image) is a finding that names the label and its origin', () => {
    const inherited = makeFacts();
    inherited.config.labels['org.opencontainers.image.base.name'] = 'Not A Reference!\u0007 with a long tail of text';
    const withAllow = run(context({ rules: allowAlpine, facts: inherited, dockerfile: null }));
    expect(ids(withAllow)).toEqual(['base/not-allowed']);
    expect(withAllow[0]?.message).toBe(
      'The org.opencontainers.image.base.name label (in the image config, inherited from a base image or set by the ' +
        'build tool (no history step records it)) is "Not A Reference!\\u0007 with a long tail of te…", which is ' +
        'not an image reference, so the base image is unknown and the base rules cannot check it.',
    );
    const pinOnly = run(context({ rules: { base: { requireDigest: true } }, facts: inherited, dockerfile: null }));
    expect(ids(pinOnly)).toEqual(['base/unverifiable']);

    const labelledHere = makeFacts();
    labelledHere.config.labels['org.opencontainers.image.base.name'] = '::';
    labelledHere.history.push({ createdBy: 'LABEL org.opencontainers.image.base.name=::', emptyLayer: true });
    const [finding] = run(context({ rules: allowAlpine, facts: labelledHere, dockerfile: null }));
    expect(finding?.message).toContain(`(set by history step ${labelledHere.history.length} of the image config)`);
  });
});

describe('user.forbidRoot', () => {
  test.each([
    ['', true],
    ['root', true],
    ['0', true],
    ['0:0', true],
    ['root:root', true],
    ['root:1000', true],
    ['000', true],
    ['1000', false],
    ['app', false],
    ['10001:0', false],
    ['rooty', false],
  ])('isRootUser(%j) is %s', (user, root) => {
    expect(isRootUser(user)).toBe(root);
  });

  test('points at the USER line that set root, else at the final FROM', () => {
    const rules = { user: { forbidRoot: true } };
    const asRoot = makeFacts();
    asRoot.config.user = 'root';
    const viaUserLine = run(context({ rules, facts: asRoot, dockerfile: 'FROM alpine:3.20\nUSER 1000\nUSER root\n' }));
    expect(viaUserLine[0]?.location).toMatchObject({ line: 3 });
    const unset = makeFacts();
    unset.config.user = '';
    const viaFrom = run(
      context({ rules, facts: unset, dockerfile: 'FROM alpine:3.20 AS base\nRUN true\nFROM base\n' }),
    );
    expect(viaFrom[0]?.message).toContain('sets no USER');
    expect(viaFrom[0]?.location).toMatchObject({ line: 3 });
    expect(run(context({ rules }))).toEqual([]);
  });

  test('a USER in the parent stage counts', () => {
    const facts = makeFacts();
    facts.config.user = '0';
    const findings = run(
      context({
        rules: { user: { forbidRoot: true } },
        facts,
        dockerfile: 'FROM alpine:3.20 AS base\nUSER 0\nFROM base\n',
      }),
    );
    expect(findings[0]?.location).toMatchObject({ line: 2 });
  });
});

describe('severity overrides', () => {
  test('policy severities replace defaults and off drops the rule', () => {
    const rules = { size: { max: parseByteSize('1B') }, user: { forbidRoot: true } };
    const facts = makeFacts();
    facts.config.user = '';
    const findings = runImageChecks(context({ rules, facts }), (ruleId, fallback) =>
      ruleId === 'size/max' ? 'off' : ruleId === 'user/root' ? 'critical' : fallback,
    );
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['user/root', 'critical']]);
  });
});
