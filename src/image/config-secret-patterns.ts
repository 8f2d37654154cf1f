/**
 * What a secret looks like inside text imagegate did not write: an image's ENV and LABEL values, and the commands
 * its history records. Two kinds of evidence:
 *
 * - tokens by their documented formats (AWS access key ids, GitHub, GitLab, Slack, Google, Stripe, npm and PyPI
 *   tokens, PEM private keys), found anywhere in a value or a command;
 * - credentials by their position in a command: `curl -u user:pass`, `--password=…`/`--password …`, `mysql -p…`,
 *   an `Authorization: Bearer|Basic|token …` header, a URL with `user:password@`.
 *
 * The input is hostile (an image's config is whatever its builder wrote), so every pattern is a fixed alternation of
 * literals and bounded character classes with no nested quantifier: each attempt does bounded work, so a scan is
 * linear in the text. Command arguments are walked as whitespace-separated words, never matched with a regex that
 * spans them.
 */

export type SecretKind =
  | 'aws-access-key-id'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'google-api-key'
  | 'stripe-key'
  | 'npm-token'
  | 'pypi-token'
  | 'private-key'
  | 'url-credentials'
  | 'authorization-header'
  | 'password-option'
  | 'curl-user'
  | 'mysql-password'
  | 'secret-name';

/** What a reader is told the evidence was. */
export const SECRET_KIND_LABEL: Record<SecretKind, string> = {
  'aws-access-key-id': 'an AWS access key id',
  'github-token': 'a GitHub token',
  'gitlab-token': 'a GitLab token',
  'slack-token': 'a Slack token',
  'google-api-key': 'a Google API key',
  'stripe-key': 'a Stripe live key',
  'npm-token': 'an npm token',
  'pypi-token': 'a PyPI token',
  'private-key': 'a PEM private key',
  'url-credentials': 'a password in a URL',
  'authorization-header': 'an Authorization header',
  'password-option': 'a password option',
  'curl-user': 'curl credentials (-u user:password)',
  'mysql-password': 'a MySQL password (-p…)',
  'secret-name': 'a value under a secret-looking name',
};

export interface SecretMatch {
  kind: SecretKind;
  /** The secret itself (never reported: callers show at most a short prefix and redact it everywhere else). */
  value: string;
}

/** Token formats; each begins with a literal and has bounded length, and must not sit inside a longer word. */
const TOKEN_FORMATS: ReadonlyArray<{ kind: SecretKind; pattern: RegExp }> = [
  { kind: 'aws-access-key-id', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  { kind: 'github-token', pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
  { kind: 'github-token', pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g },
  { kind: 'gitlab-token', pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,100}(?![A-Za-z0-9_-])/g },
  { kind: 'slack-token', pattern: /(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9]{10,48}(?:-[A-Za-z0-9]{1,64}){1,4}/g },
  { kind: 'google-api-key', pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { kind: 'stripe-key', pattern: /(?<![A-Za-z0-9_])[sr]k_live_[0-9A-Za-z]{24,99}(?![A-Za-z0-9_])/g },
  { kind: 'npm-token', pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
  { kind: 'pypi-token', pattern: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/g },
];

const PRIVATE_KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]{1,12} ){0,2}PRIVATE KEY-----/g;
const PRIVATE_KEY_END = /-----END (?:[A-Z0-9]{1,12} ){0,2}PRIVATE KEY-----/g;

/** `scheme://user:password@`; each part bounded, the scheme a short literal-like run. */
const URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,19}:\/\/[^\s:/@'"]{1,256}:([^\s/@'"]{1,256})@/g;

/** `Authorization: Bearer …`, `Basic …`, `token …` (GitHub's form), quoted or not. */
const AUTHORIZATION = /Authorization:[ \t]{0,8}(?:Bearer|Basic|token)[ \t]{1,8}([A-Za-z0-9._~+/=-]{1,4096})/gi;

/** Tokens by format anywhere in `text`. */
export function findTokens(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (const { kind, pattern } of TOKEN_FORMATS) {
    for (const match of text.matchAll(pattern)) found.push({ kind, value: match[0] });
  }
  found.push(...findPrivateKeys(text));
  return found;
}

/**
 * A PEM private key: from BEGIN to its END line, or to the end of the text when the END is missing. Blocks do not
 * overlap, and once no END follows none is searched for again: linear however many BEGIN lines the text repeats.
 */
function findPrivateKeys(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  let covered = 0;
  for (const begin of text.matchAll(PRIVATE_KEY_BEGIN)) {
    if (begin.index < covered) continue;
    const bodyStart = begin.index + begin[0].length;
    PRIVATE_KEY_END.lastIndex = bodyStart;
    const end = PRIVATE_KEY_END.exec(text);
    const stop = end ? end.index + end[0].length : text.length;
    // The header alone is no secret; the body is. Keep the whole block so all of it is redacted.
    if ((end ? end.index : text.length) - bodyStart > 16) {
      found.push({ kind: 'private-key', value: text.slice(begin.index, stop) });
    }
    covered = stop;
    if (!end) break;
  }
  return found;
}

/** Credentials a command passes by position, plus tokens by format and URL passwords. */
export function findInCommand(command: string): SecretMatch[] {
  const found: SecretMatch[] = [...findTokens(command), ...findUrlCredentials(command)];
  for (const match of command.matchAll(AUTHORIZATION)) {
    const value = match[1] as string;
    if (!isReference(value)) found.push({ kind: 'authorization-header', value });
  }
  found.push(...findInWords(command));
  return found;
}

/** Passwords in `scheme://user:password@host`. */
export function findUrlCredentials(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  for (const match of text.matchAll(URL_CREDENTIALS)) {
    const value = match[1] as string;
    if (!isReference(value) && !isPlaceholder(value)) found.push({ kind: 'url-credentials', value });
  }
  return found;
}

const PASSWORD_OPTIONS: ReadonlySet<string> = new Set([
  '--password',
  '--passwd',
  '--pass',
  '--db-password',
  '--admin-password',
  '--token',
  '--auth-token',
  '--access-token',
  '--api-key',
  '--apikey',
  '--client-secret',
  '--secret-key',
]);

/** Tools whose `-p` is glued to the password (`-psecret`); elsewhere `-p` means a port, a parent directory, … */
const MYSQL_TOOLS: ReadonlySet<string> = new Set([
  'mysql',
  'mysqladmin',
  'mysqldump',
  'mysqlimport',
  'mysqlshow',
  'mariadb',
  'mariadb-dump',
  'mariadb-admin',
]);

/** What history puts before a RUN's command: the keyword, the shell and its `-c`. */
const LAUNCHERS: ReadonlySet<string> = new Set([
  'RUN',
  'sh',
  'bash',
  'ash',
  'dash',
  'zsh',
  'busybox',
  'cmd',
  '/S',
  '/C',
]);

const SEPARATORS: ReadonlySet<string> = new Set(['&&', '||', ';', '|', '&']);

/**
 * Walks the command word by word (split on whitespace, quotes stripped), one simple command at a time; a line break
 * ends a command too (heredoc scripts, `\` continuations as the classic builder records them).
 */
function findInWords(command: string): SecretMatch[] {
  return command.split(/(?<!\\)\n/).flatMap(findInLine);
}

function findInLine(command: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  let program = '';
  let expectValueFor: 'password-option' | 'curl-user' | undefined;
  for (const raw of command.split(/\s+/)) {
    if (raw === '') continue;
    if (SEPARATORS.has(raw)) {
      program = '';
      expectValueFor = undefined;
      continue;
    }
    const word = unquote(raw.replace(/[;&|]+$/, ''));
    // `a; b`, `a && b` with the operator glued to the word: the next word starts a new command.
    const endsCommand = /[;&|]$/.test(raw);
    if (expectValueFor) {
      const kind = expectValueFor;
      expectValueFor = undefined;
      const value = kind === 'curl-user' ? curlPassword(word) : word;
      if (value !== undefined && isCredentialValue(value)) found.push({ kind, value });
      if (endsCommand) program = '';
      continue;
    }
    if (program === '') {
      const name = word.slice(word.lastIndexOf('/') + 1);
      // `RUN`, `/bin/sh -c`, `busybox sh -c`, `bash -lc` in front of the command: the program comes after them.
      if (!LAUNCHERS.has(name) && !/^-[a-z]*c$/.test(name) && !endsCommand) program = name;
      continue;
    }
    const equals = word.indexOf('=');
    const option = equals > 0 ? word.slice(0, equals) : word;
    if (PASSWORD_OPTIONS.has(option.toLowerCase())) {
      if (equals > 0) {
        const value = unquote(word.slice(equals + 1));
        if (isCredentialValue(value)) found.push({ kind: 'password-option', value });
      } else {
        expectValueFor = 'password-option';
      }
    } else if (program === 'curl' && (word === '-u' || word === '--user')) {
      expectValueFor = 'curl-user';
    } else if (program === 'curl' && (word.startsWith('-u') || word.startsWith('--user=')) && word.length > 2) {
      const value = curlPassword(word.startsWith('-u') ? word.slice(2) : word.slice('--user='.length));
      if (value !== undefined && isCredentialValue(value)) found.push({ kind: 'curl-user', value });
    } else if (MYSQL_TOOLS.has(program) && word.startsWith('-p') && word.length > 2 && !word.startsWith('-p=')) {
      const value = unquote(word.slice(2));
      if (isCredentialValue(value)) found.push({ kind: 'mysql-password', value });
    }
    // A wrapper (`sudo`, `env`, `exec`) does not change which program runs next.
    if (program === 'sudo' || program === 'env' || program === 'exec' || program === 'command') {
      if (!word.startsWith('-') && !word.includes('=')) program = word.slice(word.lastIndexOf('/') + 1);
    }
    if (endsCommand) program = '';
  }
  return found;
}

/** The password of curl's `user:password`; `user` alone (curl prompts) and `uid:gid`-looking pairs are none. */
function curlPassword(argument: string): string | undefined {
  const colon = argument.indexOf(':');
  if (colon <= 0) return undefined;
  const password = argument.slice(colon + 1);
  return password === '' ? undefined : password;
}

function unquote(word: string): string {
  return word.replace(/^["']+/, '').replace(/["']+$/, '');
}

/** `$VAR`, `${VAR}`, `$(cat file)`, `` `cmd` ``, `%VAR%`: the command reads the secret at run time, it is not in it. */
export function isReference(value: string): boolean {
  return /^(?:\$|`|%[A-Za-z_])/.test(value) || /^\{\{.*\}\}$/.test(value);
}

/** Values nobody would call a secret: templates, masks, and the words documentation writes in their place. */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'password',
  'passwd',
  'secret',
  'token',
  'example',
  'placeholder',
  'dummy',
  'none',
  'null',
  'nil',
  'undefined',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'enabled',
  'disabled',
  'test',
  'default',
  'empty',
  'todo',
  'tbd',
  'redacted',
  'secretpassword',
  'mysecretpassword',
  'your-password',
  'your_password',
  'yourpassword',
]);

/** Whether `value` reads as a placeholder rather than a credential (see PLACEHOLDERS and the shapes below). */
export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDERS.has(lower)) return true;
  // `***`, `xxxx`, `....`, `0000`: one character repeated.
  if (value.length > 0 && value.split('').every((char) => char === value[0])) return true;
  // `<your-token>`, `[password]`, `{{ .Token }}`, `YOUR_API_KEY_HERE`.
  if (/^[<[{].*[>\]}]$/.test(value)) return true;
  return (
    /^(?:your|my)[-_ ]?(?:password|passwd|secret|token|api[-_]?key|key)/i.test(value) || /^[A-Z0-9_]+_HERE$/.test(value)
  );
}

/** A word that can be a credential: not empty, not a reference, not a placeholder, not another option. */
function isCredentialValue(value: string): boolean {
  return value !== '' && !value.startsWith('-') && !isReference(value) && !isPlaceholder(value);
}
