import { escapeInline } from '../../src/util/markdown-escape.js';
import { MIN_SECRET_LENGTH, Redactor, redactorFor } from '../../src/util/redact.js';
import {
  interpolationEnvironment,
  isSecretVariable,
  isWithheldVariable,
  secretValues,
} from '../../src/util/secret-env.js';

const SECRET = 'gh_s3cr3t+/tok=en&x"q\\z';

describe('Redactor', () => {
  it('replaces the value and its URL-encoded, JSON-, XML- and Markdown-escaped forms with ***', () => {
    const redactor = new Redactor([SECRET]);
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      new URLSearchParams({ s: SECRET }).toString().slice(2),
      JSON.stringify(SECRET).slice(1, -1),
      SECRET.replaceAll('&', '&amp;'),
      escapeInline(SECRET),
    ];
    for (const form of forms) {
      expect(redactor.redact(`before ${form} after`)).toBe('before *** after');
    }
  });

  it('finds the value base64-encoded at each of the three byte offsets, standard and URL alphabet', () => {
    const redactor = new Redactor([SECRET]);
    for (const prefix of ['', 'u', 'us', 'use', 'user:']) {
      const encoded = Buffer.from(`${prefix}${SECRET}!tail`).toString('base64');
      expect(redactor.redact(`Basic ${encoded}`)).toContain('***');
      const url = encoded.replaceAll('+', '-').replaceAll('/', '_');
      expect(redactor.redact(url)).toContain('***');
      // The fragment that is the secret's alone is gone; what is left cannot be decoded back to it.
      expect(Buffer.from(redactor.redact(encoded).replaceAll('***', ''), 'base64').toString('latin1')).not.toContain(
        SECRET.slice(1, -1),
      );
    }
  });

  it('ignores values shorter than the minimum, which would blank ordinary words', () => {
    const redactor = new Redactor(['true', 'main', '12345']);
    expect(MIN_SECRET_LENGTH).toBe(6);
    expect(redactor.values()).toEqual([]);
    expect(redactor.redact('true main 12345')).toBe('true main 12345');
  });

  it('prefers the longest form where two start at the same place, and handles overlapping secrets', () => {
    const redactor = new Redactor(['abcdef', 'abcdefghij']);
    expect(redactor.redact('xxabcdefghijyy abcdefzz')).toBe('xx***yy ***zz');
  });

  it('takes linear time on adversarial text (no regular expression built from a secret)', () => {
    const redactor = new Redactor(['a'.repeat(40) + 'b', '(a+)+$x']);
    const text = 'a'.repeat(2_000_000);
    const started = Date.now();
    expect(redactor.redact(text)).toBe(text);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('redacts a secret split across the pieces of a stream, and never splits a surrogate pair', async () => {
    const redactor = new Redactor([SECRET]);
    const text = `😀 start ${SECRET} middle 😀${SECRET}😀 end ${encodeURIComponent(SECRET)}`;
    for (const size of [1, 2, 3, 7, 19, 1000]) {
      const written: string[] = [];
      const stream = redactor.stream(async (piece) => {
        written.push(piece);
      });
      for (let index = 0; index < text.length; index += size) await stream.write(text.slice(index, index + size));
      await stream.end();
      expect(written.join('')).toBe(redactor.redact(text));
      expect(written.join('')).toBe('😀 start *** middle 😀***😀 end ***');
      // Each piece is valid UTF-16: a lone surrogate would be written as U+FFFD.
      for (const piece of written) expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece);
    }
  });

  it('learns secrets found later (mask) and reports what it knows', () => {
    const redactor = new Redactor();
    expect(redactor.redact(`token ${SECRET}`)).toBe(`token ${SECRET}`);
    expect(redactor.add(SECRET)).toBe(true);
    expect(redactor.add(SECRET)).toBe(false);
    expect(redactor.redact(`token ${SECRET}`)).toBe('token ***');
    expect(redactor.values()).toEqual([SECRET]);
    expect(redactor.encodedForms()).toContain(encodeURIComponent(SECRET));
  });
});

describe('secret variables', () => {
  const environment = {
    HOME: '/home/runner',
    DATA_DIR: '/srv/data',
    GITHUB_TOKEN: 'ghs_abcdefghijkl',
    GH_TOKEN: 'ghs_mnopqrstuvwx',
    ACTIONS_RUNTIME_TOKEN: 'runtime-token-value',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/id?x=1',
    'INPUT_GITHUB-TOKEN': 'ghs_input_token_value',
    INPUT_IMAGE: 'registry.example/acme/api:1.2.3',
    IMAGEGATE_REGISTRY_USERNAME: 'ci-robot-user',
    IMAGEGATE_REGISTRY_PASSWORD: 'registry-password-value',
    IMAGEGATE_GITLAB_TOKEN: 'glpat-abcdefghij',
    CI_JOB_TOKEN: 'job-token-value',
    CI_REGISTRY_PASSWORD: 'ci-registry-password',
    CI_JOB_JWT_V2: 'eyJhbGciOi.jwt.value',
    NPM_TOKEN: 'npm_abcdefghijkl',
    AWS_SECRET_ACCESS_KEY: 'aws-secret-access-key',
    DEPLOY_PASSWORD: 'deploy-password',
    MY_SECRET: 'short',
    OTHER: 'an-ordinary-value',
  };

  it('withholds imagegate’s own, the inputs, the runners’ credentials and listed names from interpolation', () => {
    const withheld = Object.keys(environment).filter((name) => isWithheldVariable(name, new Set(['NPM_TOKEN'])));
    expect(withheld.sort()).toEqual(
      [
        'GITHUB_TOKEN',
        'GH_TOKEN',
        'ACTIONS_RUNTIME_TOKEN',
        'ACTIONS_ID_TOKEN_REQUEST_URL',
        'INPUT_GITHUB-TOKEN',
        'INPUT_IMAGE',
        'IMAGEGATE_REGISTRY_USERNAME',
        'IMAGEGATE_REGISTRY_PASSWORD',
        'IMAGEGATE_GITLAB_TOKEN',
        'CI_JOB_TOKEN',
        'CI_REGISTRY_PASSWORD',
        'CI_JOB_JWT_V2',
        'NPM_TOKEN',
      ].sort(),
    );
    // Ordinary variables keep compose's semantics; secret-looking ones nobody listed are set, but never to their value.
    expect(interpolationEnvironment(environment)).toEqual({
      HOME: '/home/runner',
      DATA_DIR: '/srv/data',
      NPM_TOKEN: '***',
      AWS_SECRET_ACCESS_KEY: '***',
      DEPLOY_PASSWORD: '***',
      MY_SECRET: '***',
      OTHER: 'an-ordinary-value',
    });
  });

  it('redacts the values of credentials and of *_TOKEN, *_PASSWORD, *_SECRET, *_KEY, not image names or usernames', () => {
    expect(isSecretVariable('INPUT_REGISTRY-PASSWORD')).toBe(true);
    expect(isSecretVariable('IMAGEGATE_REGISTRY_USERNAME')).toBe(false);
    expect(isSecretVariable('DATA_DIR', new Set(['DATA_DIR']))).toBe(true);
    const values = secretValues(environment);
    expect(values).not.toContain(environment.INPUT_IMAGE);
    expect(values).not.toContain(environment.IMAGEGATE_REGISTRY_USERNAME);
    expect(values).not.toContain(environment.OTHER);
    expect(values).toContain(environment.CI_JOB_JWT_V2);
    expect(values).toContain(environment.ACTIONS_ID_TOKEN_REQUEST_URL);
    const redactor = redactorFor(environment);
    const text = Object.values(environment).join(' ');
    expect(redactor.redact(text)).toBe(
      '/home/runner /srv/data *** *** *** *** *** registry.example/acme/api:1.2.3 ci-robot-user *** *** *** *** *** ' +
        '*** *** *** short an-ordinary-value',
    );
  });
});
