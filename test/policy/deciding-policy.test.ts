import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDecidingPolicy } from '../../src/policy/deciding-policy.js';
import { ConfigurationError, ToolError } from '../../src/util/errors.js';
import { ConsoleLogger } from '../../src/util/logger.js';
import { git as gitIn } from '../support/git.js';
import { rejection } from '../support/rejection.js';

/** The base commit's policy decides; the working tree (the pull request's head) only shows what it would change. */

const POLICY_NAMES = ['.imagegate.yml', '.imagegate.yaml', '.imagegate.json'];
let repo: string;
let warnings: string[];

const git = (...args: string[]): string => gitIn(repo, ...args);

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo, name)), { recursive: true });
    await writeFile(path.join(repo, name), text);
  }
}

async function commit(files: Record<string, string>): Promise<string> {
  await write(files);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'c');
  return git('rev-parse', 'HEAD');
}

function logger() {
  return new ConsoleLogger({ write: (line) => warnings.push(line) });
}

async function decide(ref: string | undefined, policyFile?: string) {
  return loadDecidingPolicy({
    workspace: repo,
    ...(policyFile ? { policyFile: path.join(repo, policyFile) } : {}),
    discover: POLICY_NAMES.map((name) => path.join(repo, name)),
    ...(ref ? { policyRef: ref } : {}),
    displayPath: (file) => path.relative(repo, file),
    logger: logger(),
  });
}

beforeEach(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'imagegate-policy-ref-'));
  warnings = [];
  git('init', '-q', '-b', 'main');
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('loadDecidingPolicy with a ref', () => {
  it('reads the policy and what it extends at the ref, not the working tree, and lists the head relaxations', async () => {
    const base = await commit({
      '.imagegate.yml': 'version: 1\nextends: [policies/org.yml]\ngate: { failOn: high }\n',
      'policies/org.yml': 'version: 1\ndefaults:\n  size: { max: 300MB }\n  user: { forbidRoot: true }\n',
    });
    // The pull request: loosens both files, uncommitted or committed later, it makes no difference.
    await commit({
      '.imagegate.yml': 'version: 1\nextends: [policies/org.yml]\ngate: { failOn: critical }\n',
      'policies/org.yml': 'version: 1\ndefaults:\n  size: { max: 900MB }\n  user: { forbidRoot: false }\n',
    });
    const decided = await decide(base);
    expect(decided.policy.gate.failOn).toBe('high');
    expect(decided.policy.defaults.size.max?.text).toBe('300MB');
    expect(decided.policy.defaults.user.forbidRoot).toBe(true);
    expect(decided.policy.files).toEqual([`${base}:policies/org.yml`, `${base}:.imagegate.yml`]);
    expect(decided.source).toEqual({ origin: 'base', ref: base, commit: base, path: '.imagegate.yml' });
    expect(decided.head?.gate.failOn).toBe('critical');
    expect(decided.changes?.map((change) => `${change.kind} ${change.key}: ${change.message}`)).toEqual([
      'relaxation gate.failOn: high → critical',
      'relaxation defaults.size.max: 300MB → 900MB',
      'relaxation defaults.user.forbidRoot: true → false',
    ]);
  });

  it('points findings of base entries at the repository path, not REF:path', async () => {
    const base = await commit({
      '.imagegate.yml': 'version: 1\nallow:\n  vulnerabilities:\n    - { id: CVE-1, reason: r, expires: 2020-01-01 }\n',
    });
    const decided = await decide(base);
    expect(decided.policy.allow.vulnerabilities[0]?.source).toEqual({
      kind: 'source',
      path: '.imagegate.yml',
      line: 4,
      column: 7,
    });
    expect(decided.policy.files).toEqual([`${base}:.imagegate.yml`]);
  });

  it('still uses the base policy when the pull request deletes it', async () => {
    const base = await commit({ '.imagegate.yml': 'version: 1\ngate: { failOn: low }\n' });
    git('rm', '-q', '.imagegate.yml');
    git('commit', '-q', '-m', 'drop the policy');
    const decided = await decide(base);
    expect(decided.policy.gate.failOn).toBe('low');
    expect(decided.changes?.[0]).toMatchObject({ kind: 'relaxation', key: 'gate.failOn', message: 'low → high' });
  });

  it('falls back to the head policy, and says so, when the base has none (a first policy)', async () => {
    const base = await commit({ 'README.md': 'hi\n' });
    await commit({ '.imagegate.yml': 'version: 1\ngate: { failOn: medium }\n' });
    const decided = await decide(base);
    expect(decided.policy.gate.failOn).toBe('medium');
    expect(decided.source.origin).toBe('head');
    expect(decided.source.note).toBe(
      `no policy file (.imagegate.yml, .imagegate.yaml, .imagegate.json) at ${base}: the pull request's own policy decides`,
    );
    expect(warnings.join('\n')).toContain(decided.source.note);
  });

  it('names the ref when the repository does not have it (exit 2)', async () => {
    await commit({ '.imagegate.yml': 'version: 1\n' });
    const missing = '0123456789abcdef0123456789abcdef01234567';
    const error = await rejection(decide(missing));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(new RegExp(`^--policy-ref ${missing}: the repository has no such commit`));
  });

  it('refuses a ref that git would read as an option', async () => {
    await commit({ '.imagegate.yml': 'version: 1\n' });
    const error = await rejection(decide('--output=/tmp/x'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('expected a commit SHA, branch or tag name');
  });

  it('locates a problem of the base policy at REF:path:line:col', async () => {
    const base = await commit({ '.imagegate.yml': 'version: 1\ngate:\n  failOn: sometimes\n' });
    await commit({ '.imagegate.yml': 'version: 1\n' });
    const error = await rejection(decide(base));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`${base}:.imagegate.yml:3:11`);
  });

  it('refuses `extends` that leave the repository or name a symlink, at the extends entry', async () => {
    await write({ 'target.yml': 'version: 1\n' });
    await symlink('target.yml', path.join(repo, 'link.yml'));
    const base = await commit({
      '.imagegate.yml': 'version: 1\nextends:\n  - ../outside.yml\n  - /etc/passwd\n  - link.yml\n',
    });
    const error = await rejection(decide(base));
    const message = (error as Error).message;
    expect(message).toContain(`${base}:.imagegate.yml:3:5: \`extends\` "../outside.yml" points outside the repository`);
    expect(message).toContain(
      `${base}:.imagegate.yml:4:5: \`extends\` at ${base} takes paths relative to the policy file`,
    );
    expect(message).toContain(
      `${base}:.imagegate.yml:5:5: cannot read the extended policy ${base}:link.yml: it is a symbolic link at ${base}`,
    );
    expect(message).not.toContain('root:');
  });

  it('reads a named policy file at the ref even when the working tree has none', async () => {
    const base = await commit({ 'ci/policy.yml': 'version: 1\ngate: { failOn: info }\n' });
    git('rm', '-q', 'ci/policy.yml');
    git('commit', '-q', '-m', 'drop');
    const decided = await decide(base, 'ci/policy.yml');
    expect(decided.policy.gate.failOn).toBe('info');
    expect(decided.source.path).toBe('ci/policy.yml');
  });
});

const asRoot = process.getuid?.() === 0 ? test : test.skip;
asRoot('reads a checkout another user owns (GitLab clones as root, the job runs as uid 1000)', async () => {
  const base = await commit({ '.imagegate.yml': 'version: 1\ngate: { failOn: low }\n' });
  execFileSync('chown', ['-R', '12345', repo]);
  expect(() => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, stdio: 'pipe' })).toThrow(/dubious ownership/);
  const decided = await decide(base);
  expect(decided.policy.gate.failOn).toBe('low');
});

test('no git on PATH: exit 3 that says what to do', async () => {
  const base = await commit({ '.imagegate.yml': 'version: 1\n' });
  const saved = process.env.PATH;
  process.env.PATH = path.join(repo, 'no-such-bin');
  try {
    const error = await rejection(decide(base));
    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toBe(
      `--policy-ref ${base} reads the policy through git, and git was not found on PATH: install git in the job's ` +
        'image, or let the checked-out policy decide (policy-source: head, or no --policy-ref)',
    );
  } finally {
    process.env.PATH = saved;
  }
});

describe('loadDecidingPolicy without a ref', () => {
  it('uses the working tree', async () => {
    await write({ '.imagegate.yml': 'version: 1\ngate: { failOn: low }\n' });
    const decided = await decide(undefined);
    expect(decided.policy.gate.failOn).toBe('low');
    expect(decided.source).toEqual({ origin: 'head', path: '.imagegate.yml' });
    expect(decided.changes).toBeUndefined();
  });
});
