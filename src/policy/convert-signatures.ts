import path from 'node:path';
import type { SourceLocation } from '../model/findings.js';
import { compileSubjectRegExp } from '../signature/signer-policy.js';
import { imagePatternProblem } from './image-match.js';
import type { PolicyProblem } from './problems.js';
import { label } from './schema-validate.js';
import { positionOf, type PathSegment, type PolicySource } from './yaml-source.js';

/**
 * The `signatures:` section: who must have signed the image under test and which signers each base pattern needs,
 * and the Sigstore trust root. Only what the schema cannot express is reported here (a subject pattern re2 does not
 * compile, a base pattern that can never match); key and trust-root files are only named here and read at the edge
 * (through the workspace gate, like VEX files), so converting a policy never reads a file.
 */
export type SignerRule =
  | {
      kind: 'key';
      /** Absolute working-tree path of the PEM public key. */
      file: string;
      /** As written in the policy (messages show this). */
      written: string;
      source: SourceLocation;
    }
  | {
      kind: 'identity';
      issuer: string;
      subject?: string;
      /** The regular expression as written; compiled (re2js) where signatures are checked. */
      subjectRegExp?: string;
      source: SourceLocation;
    };

export interface SignatureRules {
  image?: { required: boolean; signers: SignerRule[] };
  bases?: { match: string; signers: SignerRule[]; source: SourceLocation }[];
  /** Absent: the Sigstore public-good root shipped with imagegate. */
  trustedRoot?: { file: string; written: string; source: SourceLocation };
}

type Map = Record<string, unknown>;

const asMap = (value: unknown): Map | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Map) : undefined;

export function readSignaturesSection(
  source: PolicySource,
  value: unknown,
  problems: PolicyProblem[],
): SignatureRules | undefined {
  const map = asMap(value);
  if (!map) return undefined;
  const at: PathSegment[] = ['signatures'];
  const rules: SignatureRules = {};
  const image = asMap(map.image);
  if (image) {
    rules.image = {
      required: image.required === true,
      signers: readSigners(source, image.signers, [...at, 'image', 'signers'], problems),
    };
  }
  if (Array.isArray(map.bases)) {
    rules.bases = map.bases.flatMap((item: unknown, index) => {
      const entry = asMap(item);
      if (!entry || typeof entry.match !== 'string') return [];
      const where = [...at, 'bases', index];
      const patternProblem = imagePatternProblem(entry.match);
      if (patternProblem) {
        problems.push({
          message: `\`${label([...where, 'match'])}\`: ${patternProblem}`,
          position: positionOf(source, [...where, 'match']),
        });
      }
      return [
        {
          match: entry.match,
          signers: readSigners(source, entry.signers, [...where, 'signers'], problems),
          source: locationOf(source, where),
        },
      ];
    });
  }
  if (typeof map.trustedRoot === 'string' && map.trustedRoot !== '') {
    rules.trustedRoot = {
      file: path.resolve(path.dirname(source.file), map.trustedRoot),
      written: map.trustedRoot,
      source: locationOf(source, [...at, 'trustedRoot']),
    };
  }
  return rules;
}

/** A `signerList` (schema-validated): keys named (read at the edge), identities with their patterns compiled once. */
export function readSigners(
  source: PolicySource,
  value: unknown,
  at: PathSegment[],
  problems: PolicyProblem[],
): SignerRule[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index): SignerRule[] => {
    const entry = asMap(item);
    if (!entry) return [];
    const where = [...at, index];
    const location = locationOf(source, where);
    if (typeof entry.key === 'string' && entry.key !== '') {
      const file = path.resolve(path.dirname(source.file), entry.key);
      return [{ kind: 'key', file, written: entry.key, source: location }];
    }
    if (typeof entry.issuer !== 'string') return [];
    if (typeof entry.subject === 'string') {
      return [{ kind: 'identity', issuer: entry.issuer, subject: entry.subject, source: location }];
    }
    if (typeof entry.subjectRegExp === 'string') {
      const compiled = compileSubjectRegExp(entry.subjectRegExp);
      if ('problem' in compiled) {
        const field = [...where, 'subjectRegExp'];
        problems.push({ message: `\`${label(field)}\`: ${compiled.problem}`, position: positionOf(source, field) });
        return [];
      }
      return [{ kind: 'identity', issuer: entry.issuer, subjectRegExp: entry.subjectRegExp, source: location }];
    }
    return [];
  });
}

function locationOf(source: PolicySource, at: PathSegment[]): SourceLocation {
  const { line = 1, column } = positionOf(source, at);
  return { kind: 'source', path: source.display, line, ...(column ? { column } : {}) };
}
