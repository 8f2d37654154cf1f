import { readFile, stat } from 'node:fs/promises';
import type { SignerRule } from '../policy/convert-signatures.js';
import { ConfigurationError } from '../util/errors.js';
import type { WorkspacePaths } from '../util/workspace-paths.js';
import { compileSubjectRegExp, parsePublicKey, type Signer } from './signer-policy.js';

/** A PEM public key is a few hundred bytes; anything much larger is not one. */
const MAX_KEY_BYTES = 64 * 1024;

/**
 * The policy's signer rules made usable (issue 15): each key file read through the workspace gate (a path in the
 * policy never leaves the workspace) and parsed, each subject pattern compiled on re2js. A key that is missing,
 * refused or not a supported PEM public key is a ConfigurationError at the policy line that names it; the error
 * never quotes the file's content.
 */
export async function loadSigners(rules: readonly SignerRule[], paths: WorkspacePaths): Promise<Signer[]> {
  const signers: Signer[] = [];
  for (const rule of rules) {
    const at = {
      path: rule.source.path,
      line: rule.source.line,
      ...(rule.source.column ? { column: rule.source.column } : {}),
    };
    if (rule.kind === 'identity') {
      if (rule.subjectRegExp !== undefined) {
        const compiled = compileSubjectRegExp(rule.subjectRegExp);
        if ('problem' in compiled) throw new ConfigurationError(`subjectRegExp: ${compiled.problem}`, at);
        signers.push({
          kind: 'identity',
          issuer: rule.issuer,
          subjectRegExp: { text: rule.subjectRegExp, pattern: compiled.pattern },
        });
      } else {
        signers.push({
          kind: 'identity',
          issuer: rule.issuer,
          ...(rule.subject !== undefined ? { subject: rule.subject } : {}),
        });
      }
      continue;
    }
    const real = await paths.regularFile(rule.file, {
      what: 'the signer key',
      display: rule.written,
      referencedAt: at,
    });
    const { size } = await stat(real);
    if (size > MAX_KEY_BYTES) {
      throw new ConfigurationError(`the signer key ${rule.written} is ${size} bytes: not a PEM public key`, at);
    }
    const parsed = parsePublicKey(await readFile(real, 'utf8'));
    if ('problem' in parsed) throw new ConfigurationError(`the signer key ${rule.written}: ${parsed.problem}`, at);
    signers.push({ kind: 'key', key: parsed.key, label: rule.written });
  }
  return signers;
}
