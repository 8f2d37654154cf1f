import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';

/**
 * CIS Docker 5.26, 5.11, 5.29 and 5.8 through the real CLI in compose-only mode (`--compose`) with the shipped
 * policies/cis-docker.yml: a hardened service passes them, a plain one gets one finding per rule at its name, at
 * the catalog's severities (below the preset's `high` gate, so exit 0); a policy that extends the preset and
 * raises one rule fails the gate (exit 1), and `allow.mounts` accepts another for one service.
 */

const work = await tempDir();
const PRESET = path.resolve('policies/cis-docker.yml');

const COMPOSE = [
  'services:',
  '  hardened:',
  '    image: nginx:1.27',
  '    read_only: true',
  '    security_opt: [no-new-privileges:true]',
  '    mem_limit: 256m',
  '    deploy: { resources: { limits: { pids: 100 } } }',
  '    ports: ["8080:80"]',
  '  plain:', // line 9
  '    image: redis:7',
  '    read_only: true',
  '    ports: ["127.0.0.1:80:6379"]', // line 12
  '',
].join('\n');

interface Doc {
  verdict: string;
  findings: Array<{
    ruleId: string;
    severity: string;
    suppressed: boolean;
    message: string;
    location: { path?: string; line?: number };
    properties?: Record<string, unknown>;
  }>;
}

async function run(dir: string, policy: string, name: string) {
  const outDir = path.join(dir, name);
  const result = await cli(['check', '--compose', 'compose.yaml', '--policy', policy, '--out-dir', outDir], dir);
  const doc =
    result.code <= 1 ? (JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as Doc) : undefined;
  return { result, doc };
}

test('cis-docker.yml reports the plain service once per rule, at its name; the gate (high) passes', async () => {
  const dir = path.join(work, 'preset');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'compose.yaml'), COMPOSE);
  await copyFile(PRESET, path.join(dir, 'cis-docker.yml'));
  const { result, doc } = await run(dir, 'cis-docker.yml', 'out');
  expect(result.stderr).not.toContain('Error');
  expect(result.code).toBe(0);
  expect(doc?.verdict).toBe('pass');
  expect(resultSchemaErrors(doc)).toEqual([]);
  expect(
    doc?.findings.map((f) => [f.ruleId, f.severity, f.location.path, f.location.line, f.properties?.subject]),
  ).toEqual([
    ['compose/no-new-privileges', 'medium', 'compose.yaml', 9, 'plain'],
    ['compose/memory-limit', 'low', 'compose.yaml', 9, 'plain'],
    ['compose/pids-limit', 'low', 'compose.yaml', 9, 'plain'],
    ['compose/privileged-port', 'low', 'compose.yaml', 12, 'plain'],
  ]);
  expect(doc?.findings[0]?.message).toContain('Service `plain` does not set `no-new-privileges`');
});

test('a policy extending the preset fails the gate on a raised rule (exit 1); allow.mounts accepts one', async () => {
  const dir = path.join(work, 'extended');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'compose.yaml'), COMPOSE);
  await copyFile(PRESET, path.join(dir, 'cis-docker.yml'));
  await writeFile(
    path.join(dir, 'policy.yml'),
    [
      'version: 1',
      'extends: [./cis-docker.yml]',
      'compose:',
      '  rules:',
      '    noNewPrivileges: high',
      'allow:',
      '  mounts:',
      '    - service: plain',
      '      rule: pids-limit',
      '      reason: redis runs one process',
      '      expires: 2099-12-31',
      '',
    ].join('\n'),
  );
  const { result, doc } = await run(dir, 'policy.yml', 'out');
  expect(result.code).toBe(1);
  expect(doc?.verdict).toBe('fail');
  expect(doc?.findings.map((f) => [f.ruleId, f.severity, f.suppressed])).toEqual([
    ['compose/no-new-privileges', 'high', false],
    ['compose/memory-limit', 'low', false],
    ['compose/pids-limit', 'low', true],
    ['compose/privileged-port', 'low', false],
  ]);
});
