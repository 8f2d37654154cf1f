import type { PolicyChange } from './policy-diff.js';
import type { ImageRules, SpecialBitRules } from './types.js';

/**
 * policy-diff for the `fs:` and `accounts:` sections, whose rules are on unless set to `false`: turning one off,
 * expecting more setuid/setgid paths or bringing back the built-in list are relaxations, the reverse tightenings.
 */
export function hardeningChanges(
  changes: PolicyChange[],
  at: (key: string) => string,
  base: ImageRules,
  head: ImageRules,
): void {
  for (const key of ['setuid', 'setgid'] as const) {
    specialBitChanges(changes, at(`fs.${key}`), base.fs?.[key], head.fs?.[key]);
  }
  for (const key of ['worldWritable', 'sudo', 'sshd'] as const) {
    onOff(changes, at(`fs.${key}`), base.fs?.[key], head.fs?.[key]);
  }
  for (const key of ['emptyPassword', 'duplicateRoot', 'duplicateId', 'unknownUser'] as const) {
    onOff(changes, at(`accounts.${key}`), base.accounts?.[key], head.accounts?.[key]);
  }
}

function push(changes: PolicyChange[], relaxed: boolean, key: string, message: string): void {
  changes.push({ kind: relaxed ? 'relaxation' : 'tightening', key, message });
}

/** A switch that is on when unset. */
function onOff(changes: PolicyChange[], key: string, before: boolean | undefined, after: boolean | undefined): void {
  const was = before !== false;
  const is = after !== false;
  if (was === is) return;
  push(changes, !is, key, is ? 'turned on' : 'turned off');
}

function specialBitChanges(
  changes: PolicyChange[],
  key: string,
  before: SpecialBitRules | false | undefined,
  after: SpecialBitRules | false | undefined,
): void {
  if ((before === false) !== (after === false)) {
    push(changes, after === false, key, after === false ? 'turned off' : 'turned on');
    return;
  }
  if (before === false || after === false) return;
  const beforeDefaults = before?.allowDefaults !== false;
  const afterDefaults = after?.allowDefaults !== false;
  if (beforeDefaults !== afterDefaults) {
    push(changes, afterDefaults, `${key}.allowDefaults`, `${beforeDefaults} → ${afterDefaults}`);
  }
  const had = new Set(before?.allow ?? []);
  const has = new Set(after?.allow ?? []);
  const added = [...has].filter((glob) => !had.has(glob));
  const removed = [...had].filter((glob) => !has.has(glob));
  if (added.length > 0) push(changes, true, `${key}.allow`, `now also expects ${added.join(', ')}`);
  if (removed.length > 0) push(changes, false, `${key}.allow`, `no longer expects ${removed.join(', ')}`);
}
