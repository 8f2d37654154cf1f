import { findConfigSecrets, redactConfigSecrets } from '../../src/image/config-secrets.js';
import type { HistoryEntry, ImageFacts } from '../../src/image/facts.js';
import { makeFacts } from '../support/facts.js';

/**
 * Secrets in the config and history as Docker 20.10 records them (the histories below are copied from
 * `docker history --no-trunc` of images built by both builders; test/image/config-secrets-docker.test.ts builds
 * them again), and the facts afterwards: `***` wherever a value was, the findings' facts without it.
 */

const GH = `ghp_${'Ab3'.repeat(12)}`;
const ARG_TOKEN = `ghp_${'Zx9'.repeat(12)}`;

function facts(history: Array<[string, boolean]>, config: Partial<ImageFacts['config']> = {}): ImageFacts {
  const base = makeFacts({ layerSizes: [] });
  const entries: HistoryEntry[] = history.map(([createdBy, emptyLayer]) => ({ createdBy, emptyLayer }));
  return { ...base, config: { ...base.config, ...config }, history: entries, layers: [] };
}

const BUILDKIT: Array<[string, boolean]> = [
  ['COPY busybox /bin/busybox # buildkit', false],
  ['ARG GH_TOKEN', true],
  ['ARG DEF_PASSWORD=defaultpass123', true],
  [`ENV API_KEY=${GH} PLAIN=hello`, true],
  ['LABEL com.example.password=labelpass99', true],
  [
    `RUN |2 GH_TOKEN=${ARG_TOKEN} DEF_PASSWORD=defaultpass123 /bin/busybox sh -c echo $GH_TOKEN > /dev/null # buildkit`,
    false,
  ],
  ['SHELL [/bin/busybox sh -c]', true],
  [`RUN |2 GH_TOKEN=${ARG_TOKEN} DEF_PASSWORD=defaultpass123 /bin/busybox sh -c true # buildkit`, false],
  ['EXPOSE map[22/tcp:{} 8080/udp:{}]', true],
];
const CLASSIC: Array<[string, boolean]> = [
  [
    '/bin/sh -c #(nop) COPY file:73e2b2d48642b21b357384b0cb81c1869cc5e0c48a00f61553756196058304b9 in /bin/busybox ',
    false,
  ],
  ['/bin/sh -c #(nop)  ARG GH_TOKEN', true],
  ['/bin/sh -c #(nop)  ARG DEF_PASSWORD=defaultpass123', true],
  [`/bin/sh -c #(nop)  ENV API_KEY=${GH} PLAIN=hello`, true],
  ['/bin/sh -c #(nop)  LABEL com.example.password=labelpass99', true],
  [`|2 DEF_PASSWORD=defaultpass123 GH_TOKEN=${ARG_TOKEN} /bin/busybox sh -c echo $GH_TOKEN > /dev/null`, false],
  ['/bin/busybox sh -c #(nop)  SHELL [/bin/busybox sh -c]', true],
  [`|2 DEF_PASSWORD=defaultpass123 GH_TOKEN=${ARG_TOKEN} /bin/busybox sh -c true`, false],
  ['/bin/busybox sh -c #(nop)  EXPOSE 22 8080/udp', true],
];
const CONFIG = {
  env: ['PATH=/usr/bin:/bin', `API_KEY=${GH}`, 'PLAIN=hello'],
  labels: { 'com.example.password': 'labelpass99' },
  exposedPorts: ['22/tcp', '8080/udp'],
};

describe.each([
  ['BuildKit', BUILDKIT],
  ['classic builder', CLASSIC],
])('%s history', (_, history) => {
  test('ENV, LABEL, an ARG default and a --build-arg value: one finding each, at the entry that recorded it', () => {
    const found = findConfigSecrets(facts(history, CONFIG));
    expect(
      found.map(({ source, subject, kind, prefix, historyIndex }) => ({ source, subject, kind, prefix, historyIndex })),
    ).toEqual([
      { source: 'env', subject: 'API_KEY', kind: 'github-token', prefix: 'ghp_', historyIndex: 3 },
      { source: 'label', subject: 'com.example.password', kind: 'secret-name', prefix: 'la', historyIndex: 4 },
      { source: 'arg', subject: 'DEF_PASSWORD', kind: 'secret-name', prefix: 'def', historyIndex: 2 },
      { source: 'arg', subject: 'GH_TOKEN', kind: 'github-token', prefix: 'ghp_', historyIndex: 5 },
    ]);
  });

  test('afterwards no text of the facts holds a value, and the values go to the redactor', () => {
    const { image, values } = redactConfigSecrets(facts(history, CONFIG));
    expect(values.sort()).toEqual([ARG_TOKEN, GH, 'defaultpass123', 'labelpass99'].sort());
    const text = JSON.stringify(image);
    for (const value of values) expect(text).not.toContain(value);
    expect(image.config.env).toEqual(['PATH=/usr/bin:/bin', 'API_KEY=***', 'PLAIN=hello']);
    expect(image.config.labels).toEqual({ 'com.example.password': '***' });
    expect(image.history[5]?.createdBy).toContain('GH_TOKEN=*** ');
    expect(image.configSecrets).toHaveLength(4);
    expect(JSON.stringify(image.configSecrets)).not.toContain('value');
  });
});

test('a build arg value with spaces runs to the next declared ARG, the last one to the shell', () => {
  const found = findConfigSecrets(
    facts([
      ['ARG DB_PASSWORD', true],
      ['ARG OTHER', true],
      ['RUN |2 DB_PASSWORD=two words=here OTHER=x /bin/sh -c make # buildkit', false],
      ['|2 OTHER=y DB_PASSWORD=last one here /bin/sh -c make', false],
    ]),
  );
  expect(found.map((secret) => secret.prefix)).toEqual(['two', 'las']);
  const { image } = redactConfigSecrets(
    facts([
      ['ARG DB_PASSWORD', true],
      ['RUN |1 DB_PASSWORD=two words /bin/sh -c make # buildkit', false],
    ]),
  );
  expect(image.history[1]?.createdBy).toBe('RUN |1 DB_PASSWORD=*** /bin/sh -c make # buildkit');
});

test('commands: one finding per step, subject history:<n>, the ENV a later ENV replaced still found', () => {
  const found = findConfigSecrets(
    facts([
      ['ENV DB_PASSWORD=s3cretVal1', true],
      ['RUN /bin/sh -c curl -u deploy:hunter2x https://example.com/a # buildkit', false],
      ['/bin/sh -c mysql -uroot -pS3cretRoot -e "select 1"', false],
      ['ENV DB_PASSWORD=', true],
    ]),
  );
  expect(found.map(({ source, subject, kind }) => [source, subject, kind])).toEqual([
    ['env', 'DB_PASSWORD', 'secret-name'],
    ['history', 'history:2', 'curl-user'],
    ['history', 'history:3', 'mysql-password'],
  ]);
});

test('not secrets: references, paths, placeholders, GPG keys, a service name as its own default', () => {
  const found = findConfigSecrets(
    facts(
      [
        ['ARG NPM_TOKEN', true],
        ['RUN |1 NPM_TOKEN= /bin/sh -c npm ci # buildkit', false],
        ['RUN /bin/sh -c curl -H "Authorization: Bearer $TOKEN" https://x # buildkit', false],
      ],
      {
        env: [
          'DB_PASSWORD_FILE=/run/secrets/db',
          'DB_PASSWORD=${DB_PASSWORD}',
          'API_TOKEN=changeme',
          'GPG_KEY=A4A9406876FCBD3C456770C88C718D3B5072E1F5',
          'POSTGRES_PASSWORD=postgres',
          'PASSWORD=',
        ],
        labels: { 'org.opencontainers.image.description': 'the password manager' },
      },
    ),
  );
  expect(found).toEqual([]);
});

test('config.secrets.names adds names; the finding records the glob that made it one', () => {
  const image = facts([], { env: ['SENTRY_DSN=https://abc123@o1.ingest.sentry.io/1'] });
  expect(findConfigSecrets(image)).toEqual([]);
  expect(findConfigSecrets(image, { names: ['*_dsn'] })).toMatchObject([
    { source: 'env', subject: 'SENTRY_DSN', kind: 'secret-name', namePattern: '*_dsn' },
  ]);
});

describe('hostile configs stay linear', () => {
  test('10,000 ENV entries, every one a secret, and the ENV entry that set them all', () => {
    const env = Array.from({ length: 10_000 }, (_, index) => `APP_${index}_PASSWORD=value-${index}-Qx7`);
    const started = performance.now();
    const { image, values } = redactConfigSecrets(facts([[`ENV ${env.join(' ')}`, true]], { env }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(values).toHaveLength(10_000);
    expect(image.config.env[9_999]).toBe('APP_9999_PASSWORD=***');
    expect(image.history[0]?.createdBy).not.toContain('value-9999-Qx7');
  });

  test('a 1 MB ENV value and a RUN with |9999 and a 1 MB tail', () => {
    const huge = `${'ghp_'.repeat(200_000)}x`;
    const started = performance.now();
    redactConfigSecrets(
      facts([[`RUN |9999 ${'A=b '.repeat(250_000)}/bin/sh -c true # buildkit`, false]], { env: [`TOKEN_X=${huge}`] }),
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
