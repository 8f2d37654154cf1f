import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../util/errors.js';
import { VARIABLE_NAME } from '../util/secret-env.js';
import { signingKeyKind, type SigningKeyKind } from './dsse.js';

/**
 * Where the attestation's signing key comes from. `--attest-key env:NAME` reads the PEM from the variable NAME,
 * `--attest-key file:PATH` (or a bare PATH) from a file. The key itself is never accepted as the option's value:
 * argv is visible to every process on the machine and lands in CI logs.
 */
export type AttestKeySource = { kind: 'env'; name: string } | { kind: 'file'; path: string };

/** The variable that holds the passphrase of an encrypted PEM key, when the key is encrypted. */
export const ATTEST_KEY_PASSWORD_ENV = 'IMAGEGATE_ATTEST_KEY_PASSWORD';

/** Parses the option's value; `option` names it in errors (`--attest-key`, `input 'attest-key'`). */
export function parseAttestKeySource(value: string, option: string): AttestKeySource {
  const trimmed = value.trim();
  // The message never repeats the value: if it is a key, quoting it would print the secret.
  if (trimmed.includes('-----BEGIN') || trimmed.includes('\n')) {
    throw new ConfigurationError(
      `${option} takes env:NAME or file:PATH, never the key itself (a key on the command line is visible to every process and in CI logs)`,
    );
  }
  if (trimmed.startsWith('env:')) {
    const name = trimmed.slice('env:'.length);
    if (!VARIABLE_NAME.test(name)) {
      throw new ConfigurationError(`${option}: env:NAME needs a variable name ([A-Za-z_][A-Za-z0-9_]*)`);
    }
    return { kind: 'env', name };
  }
  const file = trimmed.startsWith('file:') ? trimmed.slice('file:'.length) : trimmed;
  if (file === '') throw new ConfigurationError(`${option} is empty; expected env:NAME or file:PATH`);
  return { kind: 'file', path: file };
}

export interface LoadedAttestKey {
  key: KeyObject;
  kind: SigningKeyKind;
}

/** Reads and parses the private key. Errors name the source, never its contents. */
export async function loadAttestKey(
  source: AttestKeySource,
  context: { cwd: string; env: Record<string, string | undefined>; option: string },
): Promise<LoadedAttestKey> {
  const where = source.kind === 'env' ? `variable ${source.name}` : `file ${source.path}`;
  let pem: string;
  if (source.kind === 'env') {
    const value = context.env[source.name];
    if (!value?.trim()) throw new ConfigurationError(`${context.option}: ${where} is not set or empty`);
    pem = value;
  } else {
    try {
      pem = await readFile(path.resolve(context.cwd, source.path), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigurationError(`${context.option}: cannot read ${where} (${code})`);
    }
  }
  let key: KeyObject;
  try {
    const passphrase = context.env[ATTEST_KEY_PASSWORD_ENV];
    key = createPrivateKey(passphrase ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' });
  } catch {
    throw new ConfigurationError(
      `${context.option}: ${where} is not a PEM private key (encrypted keys need ${ATTEST_KEY_PASSWORD_ENV})`,
    );
  }
  const kind = signingKeyKind(key);
  if (!kind) {
    throw new ConfigurationError(
      `${context.option}: ${where} holds a ${key.asymmetricKeyType ?? 'unknown'} key; expected ECDSA P-256 or Ed25519`,
    );
  }
  return { key, kind };
}
