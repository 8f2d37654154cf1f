import { existsSync, statSync } from 'node:fs';
import type { Logger } from '../util/logger.js';
import { openGitPolicySource, type GitPolicySource } from './git-policy-source.js';
import { defaultPolicy, loadPolicy } from './load.js';
import type { WorkspacePaths } from '../util/workspace-paths.js';
import { diffPolicies, type PolicyChange } from './policy-diff.js';
import type { Policy } from './types.js';

/**
 * Which policy decides a run. Without a ref: the working tree's policy file (or the built-in default). With a
 * ref (`--policy-ref`, the base of a pull request): the policy file as it is in that commit, with everything it
 * extends read from the same commit, so the change under review cannot loosen the gate that judges it. The
 * working tree's (head's) policy is still loaded, to list what it would change.
 */
export interface PolicySourceInfo {
  /** `base`: read at `ref`; `head`: the working tree's file; `default`: the built-in policy. */
  origin: 'base' | 'head' | 'default';
  /** The ref asked for, when one was. */
  ref?: string;
  /** The commit the ref named. */
  commit?: string;
  /** The deciding file, repository-relative (working-tree relative for `head`). */
  path?: string;
  /** Why the source is not what was asked for (no policy at the base yet). */
  note?: string;
}

export interface DecidingPolicy {
  policy: Policy;
  source: PolicySourceInfo;
  /** The working tree's policy, when a ref decided instead. */
  head?: Policy;
  /** What the head's policy changes against the deciding one (relaxations first); only with a ref. */
  changes?: PolicyChange[];
  /**
   * When the base's policy decides: the base commit's files, which the files that policy names (its VEX documents)
   * are read from too, so the pull request cannot rewrite them.
   */
  baseFiles?: GitPolicySource;
}

export interface DecidingPolicyRequest {
  workspace: string;
  /** The policy file named by the user (absolute; it may exist only at the ref), or undefined to discover one. */
  policyFile?: string;
  /** File names discovered in the workspace root when none is named, in order. */
  discover: readonly string[];
  policyRef?: string;
  displayPath: (absolute: string) => string;
  logger: Logger;
  /** Where the working tree's policy and what it extends may be read from (see src/util/workspace-paths.ts). */
  paths?: WorkspacePaths;
  /** How messages name the ref option (`--policy-ref`, `input 'policy-source'`). */
  refOption?: string;
}

export async function loadDecidingPolicy(request: DecidingPolicyRequest): Promise<DecidingPolicy> {
  const { displayPath, paths } = request;
  const headFile = request.policyFile ?? request.discover.find(isFile);
  const loadHead = async () =>
    headFile && isFile(headFile) ? loadPolicy(headFile, { displayPath, ...(paths ? { paths } : {}) }) : defaultPolicy();
  const headSource = (): PolicySourceInfo =>
    headFile && isFile(headFile) ? { origin: 'head', path: displayPath(headFile) } : { origin: 'default' };
  if (!request.policyRef) return { policy: await loadHead(), source: headSource() };

  const git = await openGitPolicySource(request.workspace, request.policyRef, {
    logger: request.logger,
    ...(request.refOption ? { optionName: request.refOption } : {}),
  });
  const candidates = request.policyFile ? [request.policyFile] : request.discover;
  let baseFile: string | undefined;
  for (const candidate of candidates) {
    if (await git.has(candidate)) {
      baseFile = candidate;
      break;
    }
  }
  if (!baseFile) {
    // A repository adding its first policy: nothing at the base can judge it, so the head's decides, and says so.
    const named = request.policyFile ? displayPath(request.policyFile) : request.discover.map(displayPath).join(', ');
    const note = `no policy file (${named}) at ${request.policyRef}: the pull request's own policy decides`;
    request.logger.warning(note);
    return {
      policy: await loadHead(),
      source: { ...headSource(), ref: request.policyRef, commit: git.commit, note },
    };
  }
  const loaded = await loadPolicy(baseFile, { displayPath: git.display, source: git });
  const head = await loadHead();
  const policy = atRepositoryPaths(loaded, `${request.policyRef}:`);
  return {
    policy,
    source: { origin: 'base', ref: request.policyRef, commit: git.commit, path: git.relative(baseFile) ?? baseFile },
    head,
    changes: diffPolicies(policy, head),
    baseFiles: git,
  };
}

/**
 * Messages name the base's files `REF:path`; findings (an expired allowlist entry, a suppression) point at
 * `path`, the file a person edits, as code scanning and GitLab's widgets need a repository path.
 */
function atRepositoryPaths(policy: Policy, prefix: string): Policy {
  const strip = <T extends { source: { path: string } }>(item: T): T =>
    item.source.path.startsWith(prefix)
      ? { ...item, source: { ...item.source, path: item.source.path.slice(prefix.length) } }
      : item;
  return {
    ...policy,
    images: policy.images.map(strip),
    allow: {
      vulnerabilities: policy.allow.vulnerabilities.map(strip),
      secrets: policy.allow.secrets.map(strip),
      licenses: policy.allow.licenses.map(strip),
      mounts: (policy.allow.mounts ?? []).map(strip),
      ...(policy.allow.findings ? { findings: policy.allow.findings.map(strip) } : {}),
    },
    compose: { ...policy.compose, files: policy.compose.files.map(strip) },
  };
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}
