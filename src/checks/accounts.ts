import type { AccountFacts, AccountFileFacts } from '../image/layers/filesystem-facts.js';
import { hasLoginShell, type PasswdAccount } from '../image/accounts/account-files.js';
import { MAX_CAPTURED_BYTES } from '../image/layers/captured-files.js';
import type { Finding } from '../model/findings.js';
import { code, md } from '../util/markdown-message.js';
import { nounFor, plural } from '../util/plural.js';
import type { CheckContext } from './context.js';
import { layerLabel, layerLocation } from './layer-origin.js';
import { makeFinding } from './make-finding.js';

/**
 * The account databases of the final filesystem (read in the layer pass, see filesystem-facts.ts): accounts with a
 * login shell and no password, a second UID 0, UIDs or GIDs used twice. Findings name accounts, never a password
 * field; they point at the instruction that wrote the file and have the account (or group) name as subject.
 */
export function checkAccounts(context: CheckContext): Finding[] {
  const accounts = context.image.contents?.filesystem?.accounts;
  if (!accounts) return [];
  const rules = context.rules.accounts ?? {};
  const { passwd, shadow, group } = accounts;
  const findings: Finding[] = [];
  for (const file of [passwd, shadow, group] as AccountFileFacts<unknown>[]) {
    const problem = unchecked(file);
    if (problem) {
      findings.push(
        makeFinding('user/accounts-unchecked', context, {
          message: md`${code(file.path)} ${problem}, so the account rules did not check all of it.`,
          location: file.layer >= 0 ? layerLocation(context, file.layer) : context.imageLocation,
          key: file.path,
          properties: { subject: file.path, state: file.state, invalidLines: file.invalidLines },
        }),
      );
    }
  }
  if (rules.emptyPassword !== false) findings.push(...emptyPasswords(context, passwd, shadow));
  if (rules.duplicateRoot !== false) {
    for (const account of passwd.entries.filter((entry) => entry.uid === 0 && entry.name !== 'root')) {
      findings.push(
        makeFinding('user/duplicate-root', context, {
          message: md`Account ${code(account.name)} has UID 0 in /etc/passwd (line ${account.line}): it is root under another name. Give it its own UID or remove it (accounts.duplicateRoot). /etc/passwd was written by ${layerLabel(context, passwd.layer)}.`,
          location: layerLocation(context, passwd.layer),
          key: account.name,
          properties: { subject: account.name, uid: 0, line: account.line },
        }),
      );
    }
  }
  if (rules.duplicateId !== false) {
    findings.push(
      ...duplicates(context, passwd, 'UID', (entry) => (entry.uid === 0 ? undefined : entry.uid)),
      ...duplicates(context, group, 'GID', (entry) => entry.gid),
    );
  }
  return findings;
}

function unchecked(file: AccountFileFacts<unknown>): string | undefined {
  if (file.state === 'too-large')
    return `is ${file.size ?? 0} bytes, more than the ${MAX_CAPTURED_BYTES} imagegate reads`;
  if (file.state === 'unreadable')
    return 'is not a plain file imagegate could read (a symlink, a directory or a hardlink)';
  if (file.invalidLines > 0) {
    return `has ${plural(file.invalidLines, 'line')} that ${nounFor(file.invalidLines, 'is not an account entry', 'are not account entries')}`;
  }
  return undefined;
}

function emptyPasswords(
  context: CheckContext,
  passwd: AccountFileFacts<PasswdAccount>,
  shadow: AccountFacts['shadow'],
): Finding[] {
  const shadowed = new Map(shadow.entries.map((entry) => [entry.name, entry]));
  const findings: Finding[] = [];
  for (const account of passwd.entries) {
    if (!hasLoginShell(account)) continue;
    let file: AccountFileFacts<unknown> = passwd;
    let state = account.password;
    if (state === 'shadowed') {
      const entry = shadowed.get(account.name);
      // `x` with no shadow entry: no password can match, so no login by password.
      if (shadow.state !== 'read' || !entry) continue;
      state = entry.password;
      file = shadow;
    }
    if (state !== 'empty') continue;
    const shell = account.shell === '' ? '/bin/sh' : account.shell;
    findings.push(
      makeFinding('user/empty-password', context, {
        message: md`Account ${code(account.name)} (UID ${account.uid}, shell ${code(shell)}) has an empty password in ${file.path}, written by ${layerLabel(context, file.layer)}: anyone can log in as it. Lock it (${code(`passwd -l ${account.name}`)}) or give it a nologin shell (accounts.emptyPassword).`,
        location: file.layer >= 0 ? layerLocation(context, file.layer) : context.imageLocation,
        key: account.name,
        properties: { subject: account.name, uid: account.uid, file: file.path },
      }),
    );
  }
  return findings;
}

function duplicates<T extends { name: string; line: number }>(
  context: CheckContext,
  file: AccountFileFacts<T>,
  kind: 'UID' | 'GID',
  idOf: (entry: T) => number | undefined,
): Finding[] {
  const first = new Map<number, T>();
  const findings: Finding[] = [];
  for (const entry of file.entries) {
    const id = idOf(entry);
    if (id === undefined) continue;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, entry);
      continue;
    }
    const what = kind === 'UID' ? 'Account' : 'Group';
    findings.push(
      makeFinding('user/duplicate-id', context, {
        message: md`${what} ${code(entry.name)} has ${kind} ${id} in ${file.path} (line ${entry.line}), like ${code(earlier.name)} (line ${earlier.line}): files and processes of one are the other's. Give each its own ${kind} (accounts.duplicateId).`,
        location: layerLocation(context, file.layer),
        key: `${kind}:${entry.name}:${id}`,
        properties: { subject: entry.name, [kind.toLowerCase()]: id, duplicateOf: earlier.name, file: file.path },
      }),
    );
  }
  return findings;
}
