import type { AccountFacts } from '../image/layers/filesystem-facts.js';

/**
 * What the image config's USER means in this image, resolved the way the runtime does (runc's user lookup): a
 * number is a uid (no lookup), a name goes through the image's /etc/passwd, a group name through /etc/group. A name
 * the files do not define, or any name when there is no /etc/passwd, stops the container from starting.
 */
export interface ResolvedUser {
  /** The process would run as uid 0. */
  root: boolean;
  /** The uid, when known. */
  uid?: number;
  /** How a finding explains `root` (`''`: no USER, `name`: USER maps to uid 0 through /etc/passwd). */
  via: 'no-user' | 'number' | 'passwd' | 'name';
  /** A part of USER the image does not define, and which file should have: the container would not start. */
  unknown?: { name: string; file: '/etc/passwd' | '/etc/group'; fileState: 'read' | 'absent' };
}

export function resolveUser(user: string, accounts: AccountFacts | undefined): ResolvedUser {
  const colon = user.indexOf(':');
  const name = (colon < 0 ? user : user.slice(0, colon)).trim();
  const group = colon < 0 ? '' : user.slice(colon + 1).trim();
  const unknownGroup = groupUnknown(group, accounts);
  const withGroup = (resolved: ResolvedUser): ResolvedUser =>
    resolved.unknown || !unknownGroup ? resolved : { ...resolved, unknown: unknownGroup };
  if (name === '') return withGroup({ root: true, uid: 0, via: 'no-user' });
  if (isNumeric(name)) {
    const uid = Number(name);
    return withGroup({ root: uid === 0, uid, via: 'number' });
  }
  const passwd = accounts?.passwd;
  if (passwd?.state === 'read') {
    const account = passwd.entries.find((entry) => entry.name === name);
    if (account) return withGroup({ root: account.uid === 0, uid: account.uid, via: 'passwd' });
    return { root: false, via: 'passwd', unknown: { name, file: '/etc/passwd', fileState: 'read' } };
  }
  if (passwd?.state === 'absent' && name !== 'root') {
    return { root: false, via: 'passwd', unknown: { name, file: '/etc/passwd', fileState: 'absent' } };
  }
  // No account facts, or a file imagegate could not read: only the name `root` is known to be root.
  return withGroup(name === 'root' ? { root: true, uid: 0, via: 'name' } : { root: false, via: 'name' });
}

function groupUnknown(group: string, accounts: AccountFacts | undefined): ResolvedUser['unknown'] {
  if (group === '' || isNumeric(group) || !accounts) return undefined;
  const file = accounts.group;
  if (file.state === 'read') {
    return file.entries.some((entry) => entry.name === group)
      ? undefined
      : { name: group, file: '/etc/group', fileState: 'read' };
  }
  if (file.state === 'absent' && group !== 'root') return { name: group, file: '/etc/group', fileState: 'absent' };
  return undefined;
}

function isNumeric(text: string): boolean {
  return /^[0-9]{1,10}$/.test(text);
}
