import { findInCommand, findTokens, isPlaceholder } from '../../src/image/config-secret-patterns.js';
import { isSecretName, isSecretValue } from '../../src/image/config-secret-names.js';

/**
 * The evidence config/secret accepts, one format at a time: each documented token format with a true example and
 * near misses (one character short, wrong prefix, inside a longer word), the command forms, and the names and values
 * that dockle's users reported as false positives.
 */

// Test tokens are assembled at run time so that no secret scanner mistakes this file for a leak.
const alnum = (length: number, seed = 'Ab3') => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);

const kinds = (text: string) => findTokens(text).map((match) => match.kind);

describe('token formats', () => {
  test.each([
    ['AWS access key id (AKIA)', `AKIA${'Q'.repeat(8)}${'7'.repeat(8)}`, 'aws-access-key-id'],
    ['AWS temporary key id (ASIA)', `ASIA${'Z3'.repeat(8)}`, 'aws-access-key-id'],
    ['GitHub classic token', `ghp_${alnum(36)}`, 'github-token'],
    ['GitHub OAuth token', `gho_${alnum(36)}`, 'github-token'],
    ['GitHub user-to-server token', `ghu_${alnum(36)}`, 'github-token'],
    ['GitHub server-to-server token', `ghs_${alnum(36)}`, 'github-token'],
    ['GitHub refresh token', `ghr_${alnum(36)}`, 'github-token'],
    ['GitHub fine-grained token', `github_pat_${alnum(22)}_${alnum(59)}`, 'github-token'],
    ['GitLab personal access token', `glpat-${alnum(20, 'x_Y-')}`, 'gitlab-token'],
    ['Slack bot token', `xoxb-${'1'.repeat(12)}-${'2'.repeat(12)}-${alnum(24)}`, 'slack-token'],
    ['Slack user token', `xoxp-${'1'.repeat(12)}-${alnum(24)}`, 'slack-token'],
    ['Google API key', `AIza${alnum(35, 'S_y-9')}`, 'google-api-key'],
    ['Stripe live secret key', `sk_live_${alnum(24)}`, 'stripe-key'],
    ['Stripe live restricted key', `rk_live_${alnum(99)}`, 'stripe-key'],
    ['npm token', `npm_${alnum(36)}`, 'npm-token'],
    ['PyPI token', `pypi-AgEIcHlwaS5vcmc${alnum(60, 'Ab_-')}`, 'pypi-token'],
  ])('%s', (_, token, kind) => {
    expect(kinds(token)).toEqual([kind]);
    expect(kinds(`export X="${token}"; echo done`)).toEqual([kind]);
    expect(findTokens(`X=${token}`)[0]?.value).toBe(token);
  });

  test.each([
    ['AKIA one short', `AKIA${'Q'.repeat(15)}`],
    ['AKIA in lower case', `akia${'Q'.repeat(16)}`],
    ['AKIA inside a longer word', `XAKIA${'Q'.repeat(16)}`],
    ['AKIA with one too many', `AKIA${'Q'.repeat(17)}`],
    ['ghp_ one short', `ghp_${alnum(35)}`],
    ['ghp_ one too long', `ghp_${alnum(37)}`],
    ['gha_ (no such GitHub prefix)', `gha_${alnum(36)}`],
    ['github_pat_ with a short tail', `github_pat_${alnum(22)}_${alnum(58)}`],
    ['glpat- too short', `glpat-${alnum(19)}`],
    ['xoxc- (not a listed Slack type)', `xoxc-${'1'.repeat(12)}-${alnum(24)}`],
    ['Slack prefix without the dash groups', `xoxb-${alnum(24)}`],
    ['AIza too short', `AIza${alnum(34)}`],
    ['Stripe test key', `sk_test_${alnum(24)}`],
    ['Stripe live key too short', `sk_live_${alnum(23)}`],
    ['npm_ too short', `npm_${alnum(35)}`],
    ['pypi- without the macaroon header', `pypi-${alnum(80)}`],
    ['a sha256 digest', `sha256:${'ab12'.repeat(16)}`],
    ['a GPG fingerprint', '05AB33110949707C93A279E3D3EFE6B686867BA6'],
  ])('near miss: %s', (_, text) => {
    expect(kinds(text)).toEqual([]);
  });

  test('a PEM private key, whole block, and not a public key or a bare header', () => {
    const body = alnum(64, 'MIIEv+/Q');
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    expect(findTokens(`echo '${key}' > /root/.ssh/id_rsa`)).toEqual([{ kind: 'private-key', value: key }]);
    const openssh = `-----BEGIN OPENSSH PRIVATE KEY-----\\n${body}\\n-----END OPENSSH PRIVATE KEY-----`;
    expect(kinds(openssh)).toEqual(['private-key']);
    expect(kinds(`-----BEGIN PRIVATE KEY----- ${body}`)).toEqual(['private-key']);
    expect(kinds(`-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`)).toEqual([]);
    expect(kinds('grep -- "-----BEGIN PRIVATE KEY-----" file')).toEqual([]);
  });
});

const commandSecrets = (command: string) => findInCommand(command).map(({ kind, value }) => [kind, value]);

describe('credentials in commands', () => {
  test('curl -u user:password, --user, glued -u', () => {
    expect(commandSecrets('curl -fsSL -u deploy:hunter2x https://example.com/a')).toEqual([['curl-user', 'hunter2x']]);
    expect(commandSecrets('curl --user "deploy:hunter2x" https://example.com')).toEqual([['curl-user', 'hunter2x']]);
    expect(commandSecrets('curl -udeploy:hunter2x https://x')).toEqual([['curl-user', 'hunter2x']]);
    expect(commandSecrets('/usr/bin/curl --user=deploy:hunter2x https://x')).toEqual([['curl-user', 'hunter2x']]);
    expect(commandSecrets('/bin/sh -c cd /tmp; curl -u deploy:hunter2x https://x')).toEqual([
      ['curl-user', 'hunter2x'],
    ]);
    expect(commandSecrets('curl() { :; }; curl -u deploy:hunter2x x')).toEqual([['curl-user', 'hunter2x']]);
    expect(commandSecrets('set -e\ncurl -u deploy:hunter2x x')).toEqual([['curl-user', 'hunter2x']]);
    expect(commandSecrets('curl \\\n  -u deploy:hunter2x x')).toEqual([['curl-user', 'hunter2x']]);
  });

  test('not curl credentials: no password, a reference, another program`s -u', () => {
    expect(commandSecrets('curl -u deploy https://example.com')).toEqual([]);
    expect(commandSecrets('curl -u "deploy:$TOKEN" https://example.com')).toEqual([]);
    expect(commandSecrets('useradd -u 1000 app && sort -u a:b')).toEqual([]);
    expect(commandSecrets('docker run -u 1000:1000 img')).toEqual([]);
  });

  test('--password=, --password value, --token; not --password-stdin, a variable or a placeholder', () => {
    expect(commandSecrets('mytool login --password=s3cr3tPass')).toEqual([['password-option', 's3cr3tPass']]);
    expect(commandSecrets('mytool login --password s3cr3tPass --user me')).toEqual([['password-option', 's3cr3tPass']]);
    expect(commandSecrets('cli --token abcd1234efgh')).toEqual([['password-option', 'abcd1234efgh']]);
    expect(commandSecrets('docker login --password-stdin -u me registry')).toEqual([]);
    expect(commandSecrets('mytool --password "$DB_PASSWORD"')).toEqual([]);
    expect(commandSecrets('mytool --password=${DB_PASSWORD}')).toEqual([]);
    expect(commandSecrets('mytool --password=changeme')).toEqual([]);
    expect(commandSecrets('mytool --password --verbose')).toEqual([]);
  });

  test('mysql -p<password> only for MySQL-like tools', () => {
    expect(commandSecrets('mysql -uroot -pS3cretRoot -e "select 1"')).toEqual([['mysql-password', 'S3cretRoot']]);
    expect(commandSecrets('mysqladmin -u root -pS3cretRoot status')).toEqual([['mysql-password', 'S3cretRoot']]);
    expect(commandSecrets('mkdir -p/opt/app && ssh -p2222 host')).toEqual([]);
    expect(commandSecrets('mysql -p mydb')).toEqual([]);
    expect(commandSecrets('mysql -p"$MYSQL_PWD" mydb')).toEqual([]);
  });

  test('Authorization headers: Bearer, Basic, token; not a variable', () => {
    expect(commandSecrets('curl -H "Authorization: Bearer abc.def.ghi123" https://x')).toEqual([
      ['authorization-header', 'abc.def.ghi123'],
    ]);
    expect(commandSecrets("wget --header='authorization: Basic ZGVwbG95Omh1bnRlcjI=' https://x")).toEqual([
      ['authorization-header', 'ZGVwbG95Omh1bnRlcjI='],
    ]);
    expect(commandSecrets('curl -H "Authorization: token 0123456789abcdef" x')).toEqual([
      ['authorization-header', '0123456789abcdef'],
    ]);
    expect(commandSecrets('curl -H "Authorization: Bearer $TOKEN" https://x')).toEqual([]);
  });

  test('URLs with user:password@; not a variable, not user@ alone', () => {
    expect(commandSecrets('git clone https://bot:pa55word@git.example.com/r.git')).toEqual([
      ['url-credentials', 'pa55word'],
    ]);
    expect(commandSecrets('psql postgres://app:Xy9secret@db:5432/app')).toEqual([['url-credentials', 'Xy9secret']]);
    expect(commandSecrets('git clone https://bot:${TOKEN}@git.example.com/r.git')).toEqual([]);
    expect(commandSecrets('git clone ssh://git@github.com/a/b.git')).toEqual([]);
    expect(commandSecrets('echo http://example.com:8080/path')).toEqual([]);
  });
});

describe('secret names and values', () => {
  test.each([
    'DB_PASSWORD',
    'MYSQL_ROOT_PASSWORD',
    'SMTP_PASS',
    'DB_PASSWD',
    'GITHUB_TOKEN',
    'NPM_TOKEN',
    'API_KEY',
    'apiKey',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ACCESS_KEY',
    'PRIVATE_KEY',
    'SECRET_KEY_BASE',
    'client_secret',
    'com.example.password',
    'org.example.token',
    'GPG_PASSPHRASE',
  ])('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  test.each([
    'GPG_KEY',
    'GPG_KEYS',
    'KEY',
    'PASSWORD_FILE',
    'DB_PASSWORD_FILE',
    'TOKEN_URL',
    'SECRET_PATH',
    'ACCESS_LOG',
    'PUBLIC_KEY',
    'PASSWORD_MIN_LENGTH',
    'KEYCLOAK_URL',
    'PWD',
    'PASSENGER_APP_ENV',
    'AWS_ACCESS_KEY_ID',
    'org.opencontainers.image.description',
  ])('%s is not a secret name', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  test.each([
    ['DB_PASSWORD', ''],
    ['DB_PASSWORD', '$DB_PASSWORD'],
    ['DB_PASSWORD', '${DB_PASSWORD}'],
    ['DB_PASSWORD', '/run/secrets/db_password'],
    ['DB_PASSWORD', 'changeme'],
    ['DB_PASSWORD', '<your-password>'],
    ['DB_PASSWORD', '***'],
    ['DB_PASSWORD', 'xxxxxxxx'],
    ['POSTGRES_PASSWORD', 'postgres'],
    ['DB_PASSWORD', 'abc'],
    ['REQUIRE_PASSWORD', '1'],
    ['API_TOKEN', 'true'],
    ['API_TOKEN', 'YOUR_API_TOKEN_HERE'],
  ])('%s=%s is not a secret value', (name, value) => {
    expect(isSecretValue(name, value)).toBe(false);
  });

  test.each([
    ['DB_PASSWORD', 'hunter2x'],
    ['POSTGRES_PASSWORD', 'gitea'],
    ['API_TOKEN', 'a1b2c3d4'],
  ])('%s=%s is a secret value', (name, value) => {
    expect(isSecretValue(name, value)).toBe(true);
  });

  test('placeholders', () => {
    for (const value of ['changeme', 'CHANGEME', '<token>', '[password]', '{{ .Token }}', '****', 'my-password'])
      expect(isPlaceholder(value)).toBe(true);
    for (const value of ['hunter2x', 'mysqlrootpw', 'S3cretRoot']) expect(isPlaceholder(value)).toBe(false);
  });
});

describe('hostile input: linear time', () => {
  const budget = 2_000;
  const timed = (run: () => unknown) => {
    const started = performance.now();
    run();
    return performance.now() - started;
  };

  test.each([
    ['repeated near-miss AWS prefixes', 'AKIA'.repeat(250_000)],
    ['repeated GitHub prefixes', 'ghp_'.repeat(250_000)],
    ['an unterminated URL credential', `https://${'a'.repeat(500_000)}:${'b'.repeat(500_000)}`],
    ['many schemes', 'a://'.repeat(250_000)],
    ['many BEGIN lines without END', '-----BEGIN PRIVATE KEY-----'.repeat(40_000)],
    ['many Authorization headers', 'Authorization: Bearer '.repeat(40_000)],
    ['one long word', 'x'.repeat(1_000_000)],
    ['many options', '--password '.repeat(100_000)],
    ['many mysql words', 'mysql '.repeat(150_000)],
    ['Slack-like dashes', `xoxb-${'1234567890-'.repeat(90_000)}`],
  ])('%s (1 MB) is scanned in well under the budget', (_, text) => {
    expect(timed(() => findInCommand(text as string))).toBeLessThan(budget);
  });
});
