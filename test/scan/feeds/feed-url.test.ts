import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { actionInputName } from '../../../src/action/action-inputs.js';
import { resolveRunConfig } from '../../../src/config/resolve.js';
import { checkFeedUrl } from '../../../src/scan/feeds/feed-url.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { cli } from '../../support/cli.js';
import { tempDir } from '../../support/temp.js';
import { useReleaseServer } from '../install/support/release-server.js';

/**
 * Feed URLs are printed (logs, warnings, imagegate.json), so one that could carry a secret is refused: userinfo, a
 * query string, a fragment. The error names the option and shows scheme, host and path only.
 */

const SECRET = 's3cr3t-t0ken-value';
const dir = await tempDir('imagegate-feed-url-');

describe('checkFeedUrl', () => {
  it.each([
    [`https://mirror.example:8443/kev.json?token=${SECRET}`, 'query string'],
    [`https://user:${SECRET}@mirror.example/kev.json`, 'userinfo'],
    [`https://${SECRET}@mirror.example/kev.json`, 'user only'],
    [`https://mirror.example/kev.json#${SECRET}`, 'fragment'],
    [`https://mirror.example/kev.json?`, 'empty query'],
  ])('refuses %s (%s), naming the option and showing scheme+host+path only', (url) => {
    let error: unknown;
    try {
      checkFeedUrl(url, '--kev-url');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).not.toContain(SECRET);
    expect(message).toMatch(
      /^--kev-url 'https:\/\/mirror\.example(:8443)?\/kev\.json': expected a URL without credentials, query string or fragment/,
    );
  });

  it('a value that is not a URL is not quoted (it may be the secret)', () => {
    expect(() => checkFeedUrl(`https://user:${SECRET}@[bad`, 'epss-urls')).toThrow(
      new ConfigurationError('epss-urls: expected an http(s) URL (the value given does not parse as one)'),
    );
  });

  it('refuses other schemes; accepts a plain http(s) URL unchanged', () => {
    expect(() => checkFeedUrl('file:///etc/passwd', '--kev-url')).toThrow(
      /--kev-url 'file:\/\/\/etc\/passwd': expected an http\(s\) URL/,
    );
    expect(checkFeedUrl('https://mirror.example/feeds/kev.json', '--kev-url')).toBe(
      'https://mirror.example/feeds/kev.json',
    );
  });
});

describe('the CLI refuses a secret-bearing feed URL before anything runs', () => {
  const server = useReleaseServer();

  it('exit 2, the option named, no secret on stderr or stdout, no request, no report; even when the policy does not read the feeds', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM alpine:3.9\n');
    await writeFile(
      path.join(dir, '.imagegate.yml'),
      'version: 1\ndefaults:\n  vulnerabilities:\n    failOn: critical\n',
    );
    const run = await cli(
      [
        'check',
        '--image',
        'alpine:3.9',
        '--out-dir',
        'out',
        '--policy',
        '.imagegate.yml',
        '--epss-url',
        `${server.baseUrl}/epss.csv.gz?api_key=${SECRET}`,
      ],
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--epss-url '${server.baseUrl}/epss.csv.gz': expected a URL without credentials, query string or fragment`,
    );
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stdout).not.toContain(SECRET);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.requests).toEqual([]);
    expect(await readdir(path.join(dir, 'out')).catch(() => [])).toEqual([]);
  });
});

describe('the Action names its own input', () => {
  it('kev-urls with a token in userinfo: a ConfigurationError naming kev-urls, without the token', () => {
    const resolve = () =>
      resolveRunConfig(
        {
          image: 'alpine:3.9',
          buildArgs: [],
          kevUrls: ['https://mirror.example/kev.json', `https://ci:${SECRET}@mirror.example/kev.json`],
        },
        { cwd: dir, environment: {}, optionName: actionInputName },
      );
    expect(resolve).toThrow(ConfigurationError);
    expect(resolve).toThrow(
      "input 'kev-urls' 'https://mirror.example/kev.json': expected a URL without credentials, query string or fragment",
    );
    expect(() => resolve()).not.toThrow(new RegExp(SECRET));
  });
});
