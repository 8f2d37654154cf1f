import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runComposeChecks } from '../../src/checks/compose-run.js';
import type { Finding } from '../../src/model/findings.js';
import { loadPolicy } from '../../src/policy/load.js';
import { severityFor } from '../../src/policy/image-match.js';
import type { Policy } from '../../src/policy/types.js';
import { useProjectDir } from '../compose/loader/project-dir.js';

/**
 * The compose rules as the pipeline runs them: a real policy file (compose.rules, allow.mounts), real compose
 * projects, severities applied, the allowlist applied through the one mechanism, allow/expired at the entry.
 */

const project = useProjectDir();
const NOW = new Date('2026-11-27T12:00:00Z');
let policyDir: string;

beforeAll(async () => {
  policyDir = await mkdtemp(path.join(tmpdir(), 'imagegate-compose-policy-'));
});
afterAll(async () => {
  await rm(policyDir, { recursive: true, force: true });
});

async function policy(...lines: string[]): Promise<Policy> {
  const file = path.join(policyDir, `policy-${Math.random().toString(36).slice(2)}.yml`);
  await writeFile(file, `${lines.join('\n')}\n`);
  return loadPolicy(file, { displayPath: () => '.imagegate.yml' });
}

const COMPOSE = [
  'services:',
  '  db:',
  '    volumes:',
  '      - ./pgdata:/var/lib/postgresql/data',
  '      - ./init:/docker-entrypoint-initdb.d',
  '  ci:',
  '    privileged: true',
  '    volumes: [/var/run/docker.sock:/var/run/docker.sock]',
].join('\n');

async function run(loaded: Policy, now = NOW): Promise<Finding[]> {
  await project().write({ 'compose.yaml': `${COMPOSE}\n` });
  const compose = await project().load({ environment: {} });
  return runComposeChecks([compose, compose], {
    options: { requireReadOnlyRootfs: loaded.compose.requireReadOnlyRootfs ?? false },
    allow: loaded.allow.mounts ?? [],
    now,
    severityFor: (ruleId, fallback) => severityFor(loaded, ruleId, fallback),
  });
}

function summary(findings: readonly Finding[]): string[] {
  return findings.map((finding) => {
    const where = finding.location.kind === 'source' ? `${finding.location.path}:${finding.location.line}` : '';
    return `${finding.ruleId} ${finding.severity} ${where}${finding.suppressedBy ? ' (suppressed)' : ''}`;
  });
}

describe('runComposeChecks', () => {
  it('reports each finding once, most severe first, at catalog severities by default', async () => {
    expect(summary(await run(await policy('version: 1')))).toEqual([
      'compose/engine-socket critical compose.yaml:8',
      'compose/privileged critical compose.yaml:7',
      'compose/writable-bind-mount high compose.yaml:4',
      'compose/writable-bind-mount high compose.yaml:5',
    ]);
  });

  it('applies compose.rules by short name and rules by id; off drops the rule', async () => {
    const loaded = await policy(
      'version: 1',
      'compose:',
      '  rules: { writableBindMount: medium, privileged: off }',
      'rules:',
      '  compose/engine-socket: high',
    );
    expect(summary(await run(loaded))).toEqual([
      'compose/engine-socket high compose.yaml:8',
      'compose/writable-bind-mount medium compose.yaml:4',
      'compose/writable-bind-mount medium compose.yaml:5',
    ]);
  });

  it('suppresses what allow.mounts accepts until its expiry, naming the entry', async () => {
    const loaded = await policy(
      'version: 1',
      'allow:',
      '  mounts:',
      '    - { service: db, target: /var/lib/postgresql/data, reason: database storage, expires: 2027-06-30 }',
      '    - service: ci',
      '      source: /var/run/docker.sock',
      '      rule: engineSocket',
      '      reason: the CI runner starts sibling containers',
      '      expires: 2026-12-31',
    );
    const findings = await run(loaded);
    expect(summary(findings)).toEqual([
      'compose/engine-socket critical compose.yaml:8 (suppressed)',
      'compose/privileged critical compose.yaml:7',
      'compose/writable-bind-mount high compose.yaml:4 (suppressed)',
      'compose/writable-bind-mount high compose.yaml:5',
    ]);
    expect(findings[2]?.suppressedBy).toEqual({
      reason: 'database storage',
      expires: '2027-06-30',
      source: { kind: 'source', path: '.imagegate.yml', line: 4, column: 7 },
    });
  });

  it('an expired entry stops suppressing and is an allow/expired finding at the entry; an unused one is allow/unused', async () => {
    const loaded = await policy(
      'version: 1',
      'allow:',
      '  mounts:',
      '    - { service: "d*", target: "/var/lib/**", reason: database storage, expires: 2026-11-26 }',
      '    - { service: web, reason: gone, expires: 2027-01-01 }',
      '    - { service: ci, rule: compose/writable-bind-mount, reason: wrong rule, expires: 2027-01-01 }',
    );
    const findings = await run(loaded);
    expect(summary(findings)).toEqual([
      'compose/engine-socket critical compose.yaml:8',
      'compose/privileged critical compose.yaml:7',
      'compose/writable-bind-mount high compose.yaml:4',
      'compose/writable-bind-mount high compose.yaml:5',
      'allow/expired medium .imagegate.yml:4',
      'allow/unused info .imagegate.yml:5',
      'allow/unused info .imagegate.yml:6',
    ]);
    expect(findings[4]?.message).toBe(
      'Allowlist entry for service d* at /var/lib/** expired on 2026-11-26 (reason: database storage) and no longer ' +
        'suppresses. It matches 1 finding, which count again: fix it, or review the reason and set a new date.',
    );
    expect(findings[5]?.message).toBe(
      'Allowlist entry for service web (expires 2027-01-01) matched no finding in the compose files checked; remove ' +
        'it if the mount or setting is gone.',
    );
    // The last day still counts.
    expect(summary(await run(loaded, new Date('2026-11-26T23:59:59Z')))[2]).toBe(
      'compose/writable-bind-mount high compose.yaml:4 (suppressed)',
    );
  });

  it('matches sources as findings show them (./path) and as absolute host paths', async () => {
    const relative = await policy(
      'version: 1',
      'allow:',
      '  mounts: [{ service: "*", source: ./init, reason: seed scripts, expires: 2027-01-01 }]',
    );
    expect(summary(await run(relative)).filter((line) => line.includes('suppressed'))).toEqual([
      'compose/writable-bind-mount high compose.yaml:5 (suppressed)',
    ]);
    const absolute = await policy(
      'version: 1',
      'allow:',
      `  mounts: [{ service: db, source: "${project().root}/pg*", reason: data, expires: 2027-01-01 }]`,
    );
    expect(summary(await run(absolute)).filter((line) => line.includes('suppressed'))).toEqual([
      'compose/writable-bind-mount high compose.yaml:4 (suppressed)',
    ]);
  });
});
