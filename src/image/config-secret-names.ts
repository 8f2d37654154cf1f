import { isPlaceholder, isReference } from './config-secret-patterns.js';

/**
 * Which variable and label names say they hold a secret, and which of their values are one.
 *
 * dockle flags every ENV name that merely contains KEY, ACCESS, SECRET or PASSWORD, whatever its value
 * (goodwithtech/dockle#159, #180: `GPG_KEY`, `PASSWORD_FILE=/run/secrets/db`, `ACCESS_LOG`). Here a name counts only
 * when a secret word is a whole part of it and ends it (`DB_PASSWORD`, `apiKey`, `com.example.token`), or is followed
 * only by a part that keeps it a secret (`SECRET_KEY_BASE`); `KEY` counts only as `API_KEY`, `ACCESS_KEY`,
 * `PRIVATE_KEY`, …, never alone (`GPG_KEY` is a public fingerprint). And a value counts only when it is one: not
 * empty, not a reference (`$DB_PASSWORD`, `${TOKEN}`), not a file path (`/run/secrets/db`), not a placeholder
 * (`changeme`, `<token>`, `***`), not the service's own name as its default (`POSTGRES_PASSWORD=postgres`), not a
 * flag or a small number (`PASSWORD_AUTH=1`).
 */

const SECRET_WORDS: ReadonlySet<string> = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'SECRET',
  'TOKEN',
  'APIKEY',
  'CREDENTIAL',
  'CREDENTIALS',
]);

/** Words that make `KEY` after them a secret key. */
const KEY_QUALIFIERS: ReadonlySet<string> = new Set([
  'API',
  'ACCESS',
  'SECRET',
  'PRIVATE',
  'AUTH',
  'ENCRYPTION',
  'MASTER',
  'SIGNING',
  'SESSION',
  'LICENSE',
]);

/** Parts after a secret word that leave it a secret (`SECRET_KEY_BASE`, `TOKEN_VALUE`). */
const SECRET_TAILS: ReadonlySet<string> = new Set(['BASE', 'VALUE', 'STRING']);

/** The name's words, upper-cased: split at every non-alphanumeric character and at lower→upper case changes. */
export function nameParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.toUpperCase());
}

/** Whether the name says its value is a secret. */
export function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  let end = parts.length;
  while (end > 1 && SECRET_TAILS.has(parts[end - 1] as string)) end -= 1;
  const last = parts[end - 1];
  if (last === undefined) return false;
  if (SECRET_WORDS.has(last)) return true;
  return last === 'KEY' && end >= 2 && KEY_QUALIFIERS.has(parts[end - 2] as string);
}

/** Whether `value`, held by variable or label `name`, is a credential rather than a reference or a placeholder. */
export function isSecretValue(name: string, value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 4 || isReference(trimmed) || isPlaceholder(trimmed) || isPath(trimmed)) return false;
  if (/^\d{1,6}$/.test(trimmed)) return false;
  // `POSTGRES_PASSWORD=postgres`, `ADMIN_PASSWORD=admin`: the well-known default of the service the name is for.
  const lower = trimmed.toLowerCase();
  return !nameParts(name).some((part) => part.toLowerCase() === lower);
}

function isPath(value: string): boolean {
  return /^(?:\/|\.\.?\/|~\/|file:\/\/)/.test(value) && !/\s/.test(value);
}
