/**
 * Parsing of /etc/passwd, /etc/shadow and /etc/group as found in an image. The input is whatever an image author put
 * there, so the parser is linear in the input (one split, no backtracking regex), keeps only names, ids, login
 * shells and the *state* of a password field (never a hash, never GECOS or home), and counts what it could not read
 * instead of failing.
 */

/** What a password field says, without saying what it holds. */
export type PasswordState =
  /** `''`: no password, anyone may log in as the account. */
  | 'empty'
  /** `!…`, `*…`, `!!`: login with a password is impossible. */
  | 'locked'
  /** `x` in passwd: the password is in /etc/shadow. */
  | 'shadowed'
  /** Anything else: a hash (never kept). */
  | 'set';

export interface PasswdAccount {
  name: string;
  uid: number;
  gid: number;
  /** The login shell as written (at most MAX_FIELD characters); '' means /bin/sh to login(1). */
  shell: string;
  password: PasswordState;
  /** 1-based line in the file. */
  line: number;
}

export interface ShadowAccount {
  name: string;
  password: PasswordState;
  line: number;
}

export interface GroupEntry {
  name: string;
  gid: number;
  line: number;
}

export interface ParsedAccountFile<T> {
  entries: T[];
  /** Lines that are neither entries, comments, blank nor NIS `+`/`-` lines (binary junk, a missing field, …). */
  invalidLines: number;
}

/** Longest name or shell kept; longer ones make the line invalid (no real account has them). */
export const MAX_FIELD = 256;

/** passwd(5): `name:password:uid:gid:gecos:home:shell`. */
export function parsePasswd(bytes: Buffer): ParsedAccountFile<PasswdAccount> {
  return parseLines(bytes, (fields, line) => {
    if (fields.length < 7) return undefined;
    const name = accountName(fields[0] as string);
    const uid = parseId(fields[2] as string);
    const gid = parseId(fields[3] as string);
    const shell = fields[6] as string;
    if (name === undefined || uid === undefined || gid === undefined || !printable(shell)) return undefined;
    return { name, uid, gid, shell, password: passwordState(fields[1] as string, true), line };
  });
}

/** shadow(5): `name:password:…`; only the first two fields matter here. */
export function parseShadow(bytes: Buffer): ParsedAccountFile<ShadowAccount> {
  return parseLines(bytes, (fields, line) => {
    if (fields.length < 2) return undefined;
    const name = accountName(fields[0] as string);
    if (name === undefined) return undefined;
    return { name, password: passwordState(fields[1] as string, false), line };
  });
}

/** group(5): `name:password:gid:members`. */
export function parseGroup(bytes: Buffer): ParsedAccountFile<GroupEntry> {
  return parseLines(bytes, (fields, line) => {
    if (fields.length < 3) return undefined;
    const name = accountName(fields[0] as string);
    const gid = parseId(fields[2] as string);
    if (name === undefined || gid === undefined) return undefined;
    return { name, gid, line };
  });
}

/** Shells that refuse a login: an account with one of these cannot be logged into, password or not. */
const NO_LOGIN_SHELLS = new Set([
  '/sbin/nologin',
  '/usr/sbin/nologin',
  '/bin/false',
  '/usr/bin/false',
  '/bin/sync',
  '/usr/bin/sync',
  '/sbin/shutdown',
  '/sbin/halt',
]);

/** Whether the account's shell allows an interactive login (an empty shell means /bin/sh). */
export function hasLoginShell(account: PasswdAccount): boolean {
  return !NO_LOGIN_SHELLS.has(account.shell.trim());
}

function parseLines<T>(bytes: Buffer, parse: (fields: string[], line: number) => T | undefined): ParsedAccountFile<T> {
  // latin1 maps every byte to one character: binary input cannot throw, and a name compares byte for byte.
  const lines = bytes.toString('latin1').split('\n');
  const entries: T[] = [];
  let invalidLines = 0;
  lines.forEach((raw, index) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '' || text.startsWith('#') || text.startsWith('+') || text.startsWith('-')) return;
    const entry = parse(text.split(':'), index + 1);
    if (entry === undefined) invalidLines += 1;
    else entries.push(entry);
  });
  return { entries, invalidLines };
}

function passwordState(field: string, inPasswd: boolean): PasswordState {
  if (field === '') return 'empty';
  if (inPasswd && field === 'x') return 'shadowed';
  if (field.startsWith('!') || field.startsWith('*')) return 'locked';
  return 'set';
}

/** A decimal id up to 2^32 − 1, else undefined. */
function parseId(field: string): number | undefined {
  if (field.length === 0 || field.length > 10) return undefined;
  for (let i = 0; i < field.length; i += 1) {
    const code = field.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  const value = Number(field);
  return value <= 0xffffffff ? value : undefined;
}

function accountName(field: string): string | undefined {
  if (field.length === 0 || field.length > MAX_FIELD || !printable(field)) return undefined;
  for (let i = 0; i < field.length; i += 1) if (field.charCodeAt(i) === 32) return undefined;
  return field;
}

/** Printable ASCII only (space allowed): nothing that could steer a terminal or a report. */
function printable(field: string): boolean {
  if (field.length > MAX_FIELD) return false;
  for (let i = 0; i < field.length; i += 1) {
    const code = field.charCodeAt(i);
    if (code < 32 || code > 126) return false;
  }
  return true;
}
