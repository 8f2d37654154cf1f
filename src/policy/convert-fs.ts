import { compileGlob } from '../util/glob.js';
import { ConfigurationError } from '../util/errors.js';
import type { AccountRules, FsRules, SpecialBitRules } from './types.js';
import type { PathSegment } from './yaml-source.js';

/**
 * The `fs:` and `accounts:` sections of `defaults` and `images[]` entries as typed values. Shapes are the schema's
 * to report; what it cannot see (a path glob RE2 cannot run) is reported through `problem`.
 */

export type FsProblem = (message: string, at: PathSegment[]) => void;

export function readFsRules(map: Record<string, unknown>, problem: FsProblem): FsRules {
  const rules: FsRules = {};
  const setuid = readSpecialBit(map.setuid, ['setuid'], problem);
  if (setuid !== undefined) rules.setuid = setuid;
  const setgid = readSpecialBit(map.setgid, ['setgid'], problem);
  if (setgid !== undefined) rules.setgid = setgid;
  if (typeof map.worldWritable === 'boolean') rules.worldWritable = map.worldWritable;
  if (typeof map.sudo === 'boolean') rules.sudo = map.sudo;
  if (typeof map.sshd === 'boolean') rules.sshd = map.sshd;
  return rules;
}

export function readAccountRules(map: Record<string, unknown>): AccountRules {
  const rules: AccountRules = {};
  for (const key of ['emptyPassword', 'duplicateRoot', 'duplicateId', 'unknownUser'] as const) {
    const value = map[key];
    if (typeof value === 'boolean') rules[key] = value;
  }
  return rules;
}

function readSpecialBit(value: unknown, at: PathSegment[], problem: FsProblem): SpecialBitRules | false | undefined {
  if (value === false) return false;
  if (value === true) return { allow: [], allowDefaults: true };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const map = value as Record<string, unknown>;
  const allow: string[] = [];
  if (Array.isArray(map.allow)) {
    map.allow.forEach((item, index) => {
      if (typeof item !== 'string' || item === '') return;
      try {
        compileGlob(item);
        allow.push(item);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        problem(error.message, [...at, 'allow', index]);
      }
    });
  }
  return { allow, allowDefaults: map.allowDefaults !== false };
}
