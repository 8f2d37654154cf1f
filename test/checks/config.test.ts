import type { CheckContext } from '../../src/checks/context.js';
import { runImageChecks } from '../../src/checks/run-checks.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import type { HistoryEntry, ImageFacts } from '../../src/image/facts.js';
import { redactConfigSecrets } from '../../src/image/config-secrets.js';
import { ruleById } from '../../src/model/catalog.js';
import type { Finding, Severity } from '../../src/model/findings.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { ConfigRules } from '../../src/policy/types.js';
import { makeFacts } from '../support/facts.js';

/**
 * config/secret and config/expose-ssh as findings: on by policy, at the line a person would change (ENV, LABEL,
 * ARG, RUN, EXPOSE; FROM when the base image brought it; the image and its layer without a Dockerfile), the subject
 * an allowlist matches, and never the value.
 */

const TOKEN = `ghp_${'Ab3'.repeat(12)}`;
const BUILD_ARG = `ghp_${'Zx9'.repeat(12)}`;

const DOCKERFILE = [
  'FROM registry.example/base:1.0', // 1
  'COPY busybox /bin/busybox', // 2
  'ARG GH_TOKEN', // 3
  'ARG DEF_PASSWORD=Xdef-pass123', // 4
  `ENV API_KEY=${TOKEN} PLAIN=hello`, // 5
  'LABEL com.example.password="Xlbl-pass99"', // 6
  'RUN echo $GH_TOKEN > /dev/null', // 7
  'RUN curl -u deploy:Xhunter2x https://example.com/a', // 8
  'EXPOSE 22 8080/udp', // 9
  '',
].join('\n');

/** The image BuildKit makes of DOCKERFILE on a base image that set an ENV of its own. */
function builtImage(): ImageFacts {
  const history: Array<[string, boolean]> = [
    ['ADD rootfs.tar / # buildkit', false],
    ['ENV BASE_DB_PASSWORD=Xbase-pass1', true],
    ['COPY busybox /bin/busybox # buildkit', false],
    ['ARG GH_TOKEN', true],
    ['ARG DEF_PASSWORD=Xdef-pass123', true],
    [`ENV API_KEY=${TOKEN} PLAIN=hello`, true],
    ['LABEL com.example.password=Xlbl-pass99', true],
    [`RUN |2 GH_TOKEN=${BUILD_ARG} DEF_PASSWORD=Xdef-pass123 /bin/sh -c echo $GH_TOKEN > /dev/null # buildkit`, false],
    [
      `RUN |2 GH_TOKEN=${BUILD_ARG} DEF_PASSWORD=Xdef-pass123 /bin/sh -c curl -u deploy:Xhunter2x https://example.com/a # buildkit`,
      false,
    ],
    ['EXPOSE map[22/tcp:{} 8080/udp:{}]', true],
  ];
  const base = makeFacts({ layerSizes: [10, 20, 30, 40] });
  let layer = 0;
  const entries: HistoryEntry[] = history.map(([createdBy, emptyLayer]) =>
    emptyLayer ? { createdBy, emptyLayer } : { createdBy, emptyLayer, layerIndex: layer++ },
  );
  const layers = base.layers.map((facts, index) => ({
    ...facts,
    historyIndex: entries.findIndex((entry) => entry.layerIndex === index),
  }));
  return {
    ...base,
    history: entries,
    layers,
    config: {
      ...base.config,
      env: ['PATH=/usr/bin:/bin', 'BASE_DB_PASSWORD=Xbase-pass1', `API_KEY=${TOKEN}`, 'PLAIN=hello'],
      labels: { 'com.example.password': 'Xlbl-pass99' },
      exposedPorts: ['22/tcp', '8080/udp'],
    },
  };
}

function context(facts: ImageFacts, config: ConfigRules | undefined, withDockerfile = true): CheckContext {
  const dockerfile = withDockerfile
    ? parseDockerfile(DOCKERFILE, { path: 'app/Dockerfile', buildArgs: {} })
    : undefined;
  const stage = dockerfile ? finalStage(dockerfile) : undefined;
  const reference = parseImageReference('ghcr.io/acme/api:1.0');
  return {
    image: facts,
    reference,
    imageName: reference.normalized,
    imageRepository: 'ghcr.io/acme/api',
    rules: { ...emptyImageRules(), ...(config ? { config } : {}) },
    ...(dockerfile ? { dockerfile } : {}),
    ...(stage ? { stage } : {}),
    layerOrigins: facts.layers.map(() => undefined),
    imageLocation:
      dockerfile && stage
        ? { kind: 'source', path: dockerfile.path, line: stage.from.line, column: stage.from.column }
        : { kind: 'image', image: reference.normalized },
    allow: emptyAllowlist(),
    now: new Date('2026-12-07T12:00:00Z'),
  };
}

const asIs = (_rule: string, severity: Severity) => severity;
const run = (ctx: CheckContext) => runImageChecks(ctx, asIs).filter((finding) => finding.ruleId.startsWith('config/'));
const brief = (findings: Finding[]) =>
  findings.map((finding) => [
    finding.ruleId,
    finding.properties?.subject,
    finding.location.kind === 'source' ? finding.location.line : (finding.location.layer ?? finding.location.image),
  ]);

const ON: ConfigRules = { secrets: { names: [] }, exposeSsh: true };

describe('config/secret and config/expose-ssh with the Dockerfile', () => {
  test('each secret at its line: ENV, LABEL, ARG (the build-arg value at its ARG), RUN; the base image ENV at FROM', () => {
    const findings = run(context(redactConfigSecrets(builtImage()).image, ON));
    expect(brief(findings).sort()).toEqual(
      [
        ['config/secret', 'BASE_DB_PASSWORD', 1],
        ['config/secret', 'API_KEY', 5],
        ['config/secret', 'com.example.password', 6],
        ['config/secret', 'DEF_PASSWORD', 4],
        ['config/secret', 'GH_TOKEN', 3],
        ['config/secret', 'history:9', 8],
        ['config/expose-ssh', '22/tcp', 9],
      ].sort(),
    );
    expect(
      findings.every((finding) => finding.severity === (finding.ruleId === 'config/secret' ? 'high' : 'medium')),
    ).toBe(true);
  });

  test('the value is in no finding: message, Markdown, properties, fingerprint; at most a 4-character prefix', () => {
    const findings = run(context(redactConfigSecrets(builtImage()).image, ON));
    const text = JSON.stringify(findings);
    for (const value of [TOKEN, BUILD_ARG, 'Xdef-pass123', 'Xlbl-pass99', 'Xhunter2x', 'Xbase-pass1']) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(value.slice(0, 5));
    }
    const apiKey = findings.find((finding) => finding.properties?.subject === 'API_KEY');
    expect(apiKey?.message).toBe(
      'ENV `API_KEY` (ENV at line 5) holds a GitHub token starting `ghp_…`: anyone who pulls the image reads it with `docker inspect` or `docker history`. Rotate it and pass it at build time with `RUN --mount=type=secret`, at run time through the environment or a secrets mount.',
    );
    expect(apiKey?.messageMarkdown).toContain('ENV `API_KEY`');
    expect(apiKey?.properties).toEqual({
      subject: 'API_KEY',
      source: 'env',
      kind: 'github-token',
      prefix: 'ghp_',
      historyStep: 6,
    });
  });

  test('the same findings when the check finds the secrets itself (facts not redacted by the pipeline)', () => {
    expect(brief(run(context(builtImage(), ON)))).toEqual(
      brief(run(context(redactConfigSecrets(builtImage()).image, ON))),
    );
  });

  test('off unless the policy turns each on', () => {
    expect(run(context(builtImage(), undefined))).toEqual([]);
    expect(run(context(builtImage(), { secrets: false, exposeSsh: false }))).toEqual([]);
    expect(brief(run(context(builtImage(), { exposeSsh: true })))).toEqual([['config/expose-ssh', '22/tcp', 9]]);
  });

  test('a twin without secrets and without port 22 has no finding', () => {
    const twin = makeFacts({ layerSizes: [10] });
    twin.config.env = ['PATH=/usr/bin', 'DB_PASSWORD_FILE=/run/secrets/db'];
    twin.config.exposedPorts = ['8080/tcp', '2222/tcp', '22/udp-not'];
    twin.history = [
      { createdBy: 'RUN /bin/sh -c curl -fsSL https://example.com # buildkit', emptyLayer: false, layerIndex: 0 },
    ];
    expect(run(context(twin, ON))).toEqual([]);
  });

  test('config.secrets.names: only the image rules that list the glob report its matches', () => {
    const image = makeFacts({ layerSizes: [] });
    image.config.env = ['SENTRY_DSN=https://abc123@o1.ingest.sentry.io/1'];
    image.history = [];
    image.layers = [];
    const hidden = redactConfigSecrets(image, { names: ['*_DSN'] }).image;
    expect(run(context(hidden, ON))).toEqual([]);
    expect(brief(run(context(hidden, { secrets: { names: ['*_DSN'] } })))).toEqual([
      ['config/secret', 'SENTRY_DSN', 1],
    ]);
  });
});

describe('without a Dockerfile', () => {
  test('the image, and the layer of a history step that made one', () => {
    const facts = redactConfigSecrets(builtImage()).image;
    const findings = run(context(facts, ON, false));
    const curl = findings.find((finding) => finding.properties?.subject === 'history:9');
    expect(curl?.location).toEqual({ kind: 'image', image: 'ghcr.io/acme/api:1.0', layer: facts.layers[3]?.diffId });
    expect(curl?.message).toContain('History step 9 of the image (layer #4) holds curl credentials');
    const ssh = findings.find((finding) => finding.ruleId === 'config/expose-ssh');
    expect(ssh?.location).toEqual({ kind: 'image', image: 'ghcr.io/acme/api:1.0' });
  });
});

test('catalog: ids, policy keys, default severities and the benchmark tags', () => {
  expect(ruleById('config/secret')).toMatchObject({
    policyKey: 'config.secrets',
    defaultSeverity: 'high',
    tags: expect.arrayContaining(['cis-docker/4.10', 'dockle/CIS-DI-0010']),
  });
  expect(ruleById('config/expose-ssh')).toMatchObject({ policyKey: 'config.exposeSsh', defaultSeverity: 'medium' });
});
