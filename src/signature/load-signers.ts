import { readFile, stat } from 'node:fs/promises';
import type { SignerRule } from '../policy/convert-signatures.js';
import type { GitPolicySource } from '../policy/git-policy-source.js';
import { ConfigurationError, type SourcePosition } from '../util/errors.js';
import type { WorkspacePaths } from '../util/workspace-paths.js';
import { compileSubjectRegExp, parsePublicKey, type Signer } from './signer-policy.js';

/** A PEM public key is a few hundred bytes; anything much larger is not one. */
const MAX_KEY_BYTES = 64 * 1024;

/**
 * The policy's signer rules made usable (issue 15): each key file read through the workspace gate (a path in the
 * policy never leaves the workspace) and parsed, each subject pattern compiled on re2js. A key that is missing,
 * refused or not a supported PEM public key is a ConfigurationError at the policy line that names it; the error
 * never quotes the file's content. When the base branch's policy decides (`baseFiles`), its keys are read from that
 * commit too: a pull request must not swap the key the base's policy trusts for its own.
 */
export async function loadSigners(
  rules: readonly SignerRule[],
  paths: WorkspacePaths,
  baseFiles?: GitPolicySource,
): Promise<Signer[]> {
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
    const parsed = parsePublicKey(await readKey(rule, at, paths, baseFiles));
    if ('problem' in parsed) throw new ConfigurationError(`the signer key ${rule.written}: ${parsed.problem}`, at);
    signers.push({ kind: 'key', key: parsed.key, label: rule.written });
  }
  return signers;
}

async function readKey(
  rule: Extract<SignerRule, { kind: 'key' }>,
  at: SourcePosition,
  paths: WorkspacePaths,
  baseFiles: GitPolicySource | undefined,
): Promise<string> {
  if (baseFiles) {
    const read = await baseFiles.read(rule.file);
    if ('problem' in read) {
      throw new ConfigurationError(
        `the signer key ${baseFiles.display(rule.file)} cannot be read: ${read.problem}`,
        at,
      );
    }
    if (read.text.length > MAX_KEY_BYTES) {
      throw new ConfigurationError(`the signer key ${baseFiles.display(rule.file)} is too large for a PEM key`, at);
    }
    return read.text;
  }
  const real = await paths.regularFile(rule.file, { what: 'the signer key', display: rule.written, referencedAt: at });
  const { size } = await stat(real);
  if (size > MAX_KEY_BYTES) {
    throw new ConfigurationError(`the signer key ${rule.written} is ${size} bytes: not a PEM public key`, at);
  }
  return readFile(real, 'utf8');
}
