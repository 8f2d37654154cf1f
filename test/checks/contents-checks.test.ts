import type { CheckContext } from '../../src/checks/context.js';
import { wholeContextCopies } from '../../src/checks/hygiene.js';
import { percent } from '../../src/checks/layers.js';
import { runImageChecks } from '../../src/checks/run-checks.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import type { Finding, Severity } from '../../src/model/findings.js';
import type { ContentFacts } from '../../src/image/layers/content-facts.js';
import type { ImageFacts } from '../../src/image/facts.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { HygieneRules, LayerRules } from '../../src/policy/types.js';
import { parseByteSize } from '../../src/util/units.js';
import { makeFacts } from '../support/facts.js';

/** layers.maxWasted, layers.minEfficiency and the hygiene rules, on fixture contents (checks are pure). */

const DOCKERFILE = `FROM debian:12-slim
RUN apt-get update && apt-get install -y build-essential
RUN rm -rf /var/lib/apt/lists/*
COPY . /app
`;

const CONTENTS: ContentFacts = {
  totalBytes: 100_000_000,
  finalBytes: 70_000_000,
  wastedBytes: 30_000_000,
  efficiency: 0.7,
  finalFiles: 1200,
  wastedFiles: 340,
  layers: [0, 1, 2, 3].map(() => ({
    entries: 0,
    files: 0,
    bytes: 0,
    whiteouts: 0,
    opaqueDirectories: 0,
    wastedBytes: 0,
    wastedFiles: 0,
    removedBytes: 0,
    removedFiles: 0,
  })),
  topWasted: [
    { path: '/var/lib/apt/lists/deb_bookworm_Packages', bytes: 9_000_000, layer: 1, removedBy: 2, how: 'deleted' },
  ],
  wastedByLayer: [
    { layer: 1, removedBy: 2, bytes: 25_000_000, files: 300 },
    { layer: 0, removedBy: 1, bytes: 5_000_000, files: 40 },
  ],
  leftovers: {
    packageCaches: [
      { kind: 'apt-cache', path: '/var/cache/apt', bytes: 2_000_000, files: 3, layer: 1 },
      { kind: 'pip-cache', path: '/root/.cache/pip', bytes: 500, files: 1, layer: 3 },
    ],
    toolchains: [
      { tool: 'gcc', path: '/usr/bin/gcc-12', bytes: 40_000_000, layer: 1 },
      { tool: 'make', path: '/usr/bin/make', bytes: 250_000, layer: 0 },
    ],
  },
};

function context(options: {
  layers?: LayerRules;
  hygiene?: HygieneRules;
  contents?: ContentFacts | null;
  dockerfile?: string | null;
  dockerignore?: string | null;
}): CheckContext {
  const base = makeFacts({
    layerSizes: [50_000_000, 30_000_000, 0, 20_000_000],
    createdBy: [
      'ADD rootfs.tar.xz / # buildkit',
      'RUN apt-get update && apt-get install -y build-essential # buildkit',
      'RUN rm -rf /var/lib/apt/lists/* # buildkit',
      'COPY . /app # buildkit',
    ],
  });
  const facts: ImageFacts = options.contents === null ? base : { ...base, contents: options.contents ?? CONTENTS };
  const dockerfile =
    options.dockerfile === null
      ? undefined
      : parseDockerfile(options.dockerfile ?? DOCKERFILE, { path: 'Dockerfile', buildArgs: {} });
  const stage = dockerfile ? finalStage(dockerfile) : undefined;
  const reference = parseImageReference(facts.reference ?? '');
  return {
    image: facts,
    reference,
    imageName: reference.normalized,
    imageRepository: `${reference.registry}/${reference.repository}`,
    rules: { ...emptyImageRules(), layers: options.layers ?? {}, hygiene: options.hygiene ?? {} },
    ...(dockerfile ? { dockerfile } : {}),
    ...(stage ? { stage } : {}),
    // Layer 0 comes from the base image (FROM, line 1); the others from lines 2-4.
    layerOrigins: facts.layers.map((_, index) =>
      dockerfile ? { kind: 'source' as const, path: 'Dockerfile', line: index + 1, column: 1 } : undefined,
    ),
    imageLocation: dockerfile
      ? { kind: 'source', path: 'Dockerfile', line: 1, column: 1 }
      : { kind: 'image', image: reference.normalized },
    ...(options.dockerignore !== undefined
      ? {
          buildContext: {
            path: '.',
            ...(options.dockerignore !== null ? { dockerignore: options.dockerignore } : {}),
          },
        }
      : {}),
    allow: emptyAllowlist(),
    now: new Date('2026-01-15T12:00:00Z'),
  };
}

const asIs = (_rule: string, severity: Severity) => severity;
const run = (ctx: CheckContext): Finding[] => runImageChecks(ctx, asIs);
const ids = (findings: Finding[]) => findings.map((finding) => finding.ruleId);

describe('layers.maxWasted and layers.minEfficiency', () => {
  test('over budget: points at the line that wrote most of the waste and names the line that removed it', () => {
    expect(run(context({ layers: { maxWasted: parseByteSize('30MB') } }))).toEqual([]);
    const [finding, ...rest] = run(context({ layers: { maxWasted: parseByteSize('20MB') } }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'layers/max-wasted',
      severity: 'medium',
      location: { kind: 'source', path: 'Dockerfile', line: 2 },
      properties: { wastedBytes: 30_000_000, limitBytes: 20_000_000, writtenByLayer: 2, removedByLayer: 3 },
    });
    expect(finding?.message).toBe(
      'Layers waste 30.0 MB (30.0% of 100 MB), over the 20.0 MB budget (layers.maxWasted). Most of it, 25.0 MB in 300 ' +
        'files, was written by layer 2 (Dockerfile:2) and removed by layer 3 (Dockerfile:3); the largest wasted ' +
        'file is /var/lib/apt/lists/deb_bookworm_Packages (9.00 MB).',
    );
  });

  test('without a Dockerfile the layer is named by its history entry and located in the image', () => {
    const [finding] = run(context({ layers: { maxWasted: parseByteSize('1MB') }, dockerfile: null }));
    expect(finding?.location).toEqual({
      kind: 'image',
      image: 'ghcr.io/acme/api:1.0',
      layer: `sha256:${'2'.padStart(64, '0')}`,
    });
    expect(finding?.message).toContain('written by layer 2 (RUN apt-get update && apt-get install -y build-essential)');
  });

  test('efficiency below the minimum is an image-wide finding; at the minimum it passes', () => {
    expect(run(context({ layers: { minEfficiency: 0.7 } }))).toEqual([]);
    const [finding] = run(context({ layers: { minEfficiency: 0.9 } }));
    expect(finding).toMatchObject({
      ruleId: 'layers/min-efficiency',
      location: { kind: 'source', path: 'Dockerfile', line: 1 },
      properties: { efficiency: 0.7, minimum: 0.9, finalBytes: 70_000_000, totalBytes: 100_000_000 },
    });
    expect(finding?.message).toMatch(
      /^Layer efficiency is 70\.0%: 70\.0 MB of the 100 MB in the layers reach the final filesystem, below the minimum of 90\.0% \(layers\.minEfficiency\); 30\.0 MB are wasted\./,
    );
  });

  test('no contents (facts from a Trivy report): nothing to judge, no finding', () => {
    const rules = { maxWasted: parseByteSize('1B'), minEfficiency: 1 };
    expect(run(context({ layers: rules, contents: null }))).toEqual([]);
  });

  test('percent never rounds up to the limit', () => {
    expect(percent(0.8999)).toBe('89.9%');
    expect(percent(1)).toBe('100.0%');
  });
});

describe('hygiene', () => {
  test('package caches: each one at the layer that wrote most of it, above the minimum size', () => {
    const all = run(context({ hygiene: { packageCaches: { minBytes: 1 } } }));
    expect(ids(all)).toEqual(['hygiene/package-cache', 'hygiene/package-cache']);
    expect(all[0]).toMatchObject({
      severity: 'low',
      location: { kind: 'source', path: 'Dockerfile', line: 2 },
      properties: { kind: 'apt-cache', path: '/var/cache/apt', bytes: 2_000_000, files: 3 },
    });
    expect(all[0]?.message).toBe(
      'APT package cache left in the image: /var/cache/apt holds 2.00 MB in 3 files, most of it written by layer 2 ' +
        '(Dockerfile:2). Not needed at run time: run `apt-get clean` in the RUN that installs the packages, or use a ' +
        'cache mount.',
    );
    const big = run(context({ hygiene: { packageCaches: { minBytes: 1_000_000, text: '1MB' } } }));
    expect(big.map((finding) => finding.properties?.path)).toEqual(['/var/cache/apt']);
    expect(run(context({ hygiene: { packageCaches: false } }))).toEqual([]);
    expect(all[0]?.fingerprint).not.toBe(all[1]?.fingerprint);
  });

  test('toolchains: each tool not allowed, at the line that installed it (the FROM line for the base image)', () => {
    const findings = run(context({ hygiene: { toolchains: { allow: [] } } }));
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.location])).toEqual([
      ['hygiene/toolchain', 'medium', { kind: 'source', path: 'Dockerfile', line: 2, column: 1 }],
      ['hygiene/toolchain', 'medium', { kind: 'source', path: 'Dockerfile', line: 1, column: 1 }],
    ]);
    expect(findings[0]?.message).toBe(
      'The GNU C compiler (gcc) is in the final image: /usr/bin/gcc-12, 40.0 MB with its files, from layer 2 ' +
        '(Dockerfile:2). Build in a builder stage and copy only the artifacts into the final stage.',
    );
    expect(ids(run(context({ hygiene: { toolchains: { allow: ['gcc'] } } })))).toEqual(['hygiene/toolchain']);
    expect(run(context({ hygiene: { toolchains: false } }))).toEqual([]);
  });

  test('COPY of the whole context without a .dockerignore, only when the build context is known', () => {
    const [finding, ...rest] = run(context({ hygiene: { dockerignore: true }, dockerignore: null }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'hygiene/no-dockerignore',
      severity: 'low',
      location: { kind: 'source', path: 'Dockerfile', line: 4, column: 1 },
    });
    expect(finding?.message).toMatch(
      /^`COPY \. \/app` copies the whole build context \(\.\) and there is no \.dockerignore/,
    );
    expect(run(context({ hygiene: { dockerignore: true }, dockerignore: '.dockerignore' }))).toEqual([]);
    expect(run(context({ hygiene: { dockerignore: true } }))).toEqual([]);
    expect(run(context({ hygiene: { dockerignore: false }, dockerignore: null }))).toEqual([]);
  });

  test('which COPY and ADD instructions copy the whole context', () => {
    const dockerfile = parseDockerfile(
      [
        'FROM alpine AS build',
        'COPY . .',
        'COPY ./ /src/',
        'ADD ["/", "/ctx"]',
        'COPY * /flat/',
        'COPY ./* /flat/',
        'COPY --from=build /out /out',
        'COPY --chown=1000 . /owned',
        'COPY src/ /src',
        'COPY ./package.json ./',
        'ADD https://example.com/x.tgz /x.tgz',
        'COPY <<EOF /etc/motd',
        'hi',
        'EOF',
        '',
      ].join('\n'),
      { path: 'Dockerfile', buildArgs: {} },
    );
    expect(wholeContextCopies(dockerfile).map((instruction) => instruction.line)).toEqual([2, 3, 4, 5, 6, 8]);
  });
});
