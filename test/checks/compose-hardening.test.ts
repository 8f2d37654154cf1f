import { checkComposeProject, type ComposeCheckOptions } from '../../src/checks/compose.js';
import { applyMountAllowlist } from '../../src/checks/compose-allowlist.js';
import type { Finding } from '../../src/model/findings.js';
import { useProjectDir } from '../compose/loader/project-dir.js';

/**
 * The CIS 5.26 / 5.11 / 5.29 / 5.8 compose rules on projects loaded by the real loader: off unless the policy asks,
 * then one finding per service that does not set the option, at the service's name (or at the value that turns
 * the protection off), with the service as its subject.
 */

const project = useProjectDir();

async function check(lines: string[], options: ComposeCheckOptions): Promise<Finding[]> {
  await project().write({ 'compose.yaml': `${lines.join('\n')}\n` });
  return checkComposeProject(await project().load({ environment: { MEM: '256m' } }), options);
}

function located(findings: readonly Finding[]): string[] {
  return findings.map((finding) => {
    const location = finding.location;
    return location.kind === 'source'
      ? `${finding.ruleId} ${location.path}:${location.line}:${location.column ?? 0}`
      : finding.ruleId;
  });
}

describe('compose/no-new-privileges (CIS 5.26)', () => {
  const services = [
    'services:',
    '  unset:',
    '    image: x',
    '  colon:',
    '    security_opt: [no-new-privileges:true]',
    '  alone:',
    '    security_opt: [no-new-privileges]',
    '  equals:',
    '    security_opt: ["no-new-privileges=true"]',
    '  go-true:',
    '    security_opt: ["no-new-privileges:1"]',
    '  single-string:',
    '    security_opt: no-new-privileges:true',
    '  off:',
    '    security_opt:',
    '      - seccomp=default.json',
    '      - no-new-privileges:false',
    '  last-wins:',
    '    security_opt: [no-new-privileges:true, no-new-privileges=false]',
    '  other-options:',
    '    security_opt: [apparmor=docker-default]',
    '  misspelt:',
    '    security_opt: [no-new-privileges:yes]',
  ];

  it('is off unless the policy asks for it', async () => {
    expect(await check(services, {})).toEqual([]);
  });

  it('reports each service that does not turn it on, at the service or at the value that turns it off', async () => {
    const findings = await check(services, { requireNoNewPrivileges: true });
    expect(located(findings)).toEqual([
      'compose/no-new-privileges compose.yaml:2:3',
      'compose/no-new-privileges compose.yaml:17:9',
      'compose/no-new-privileges compose.yaml:19:44',
      'compose/no-new-privileges compose.yaml:20:3',
      'compose/no-new-privileges compose.yaml:22:3',
    ]);
    expect(findings[0]?.message).toBe(
      'Service `unset` does not set `no-new-privileges`: a setuid or setgid program (or file capabilities) can ' +
        "still raise its processes' privileges. Add `security_opt: [no-new-privileges:true]` (the policy asks for " +
        'it: compose.requireNoNewPrivileges).',
    );
    expect(findings[1]?.message).toContain('Service `off` sets `security_opt: no-new-privileges:false`:');
    expect(findings[0]?.properties).toMatchObject({ service: 'unset', subject: 'unset' });
  });

  it('escapes a service name in the Markdown message', async () => {
    const findings = await check(['services:', '  "a|b`c":', '    image: x'], { requireNoNewPrivileges: true });
    expect(findings[0]?.messageMarkdown).toContain('Service ``a\\|b`c``');
  });
});

describe('compose/memory-limit (CIS 5.11)', () => {
  const services = [
    'services:',
    '  unset:',
    '    image: x',
    '  mem-limit:',
    '    mem_limit: 512m',
    '  deploy-form:',
    '    deploy:',
    '      resources:',
    '        limits: { memory: 1G }',
    '  bytes:',
    '    mem_limit: 1073741824',
    '  interpolated:',
    '    mem_limit: ${MEM}',
    '  unset-variable:',
    '    mem_limit: ${NOT_SET:-}',
    '  zero:',
    '    mem_limit: 0',
    '  zero-unit:',
    '    deploy: { resources: { limits: { memory: 0M } } }',
    '  reservation-only:',
    '    deploy: { resources: { reservations: { memory: 256M } } }',
    '  zero-and-deploy:',
    '    mem_limit: 0',
    '    deploy: { resources: { limits: { memory: 64M } } }',
  ];

  it('is off unless the policy asks for it', async () => {
    expect(await check(services, {})).toEqual([]);
  });

  it('reports services with neither mem_limit nor deploy.resources.limits.memory, or set to 0', async () => {
    const findings = await check(services, { requireMemoryLimit: true });
    expect(located(findings)).toEqual([
      'compose/memory-limit compose.yaml:2:3',
      'compose/memory-limit compose.yaml:14:3',
      'compose/memory-limit compose.yaml:17:16',
      'compose/memory-limit compose.yaml:19:46',
      'compose/memory-limit compose.yaml:20:3',
    ]);
    expect(findings[0]?.message).toBe(
      "Service `unset` has no memory limit: one leak or one attacker can take the host's memory from every other " +
        'container. Set `mem_limit` or `deploy.resources.limits.memory` (the policy asks for it: ' +
        'compose.requireMemoryLimit).',
    );
    expect(findings[2]?.message).toContain('sets an unlimited memory limit (`mem_limit: 0`)');
    expect(findings[3]?.message).toContain('(`deploy.resources.limits.memory: 0M`)');
    expect(findings[4]?.properties).toMatchObject({ service: 'reservation-only', subject: 'reservation-only' });
  });
});

describe('compose/memory-limit: zero in every spelling Docker reads as zero', () => {
  it('0 with a space, a binary unit or a large unit is no limit; 0.5g is one', async () => {
    const findings = await check(
      [
        'services:',
        ...['0 MB', '0KiB', '0Ki', '0t', '0.0g', '0.5g'].flatMap((value, index) => [
          `  s${index}:`,
          `    mem_limit: "${value}"`,
        ]),
      ],
      { requireMemoryLimit: true },
    );
    expect(findings.map((finding) => finding.properties?.subject)).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });
});

describe('compose/pids-limit (CIS 5.29)', () => {
  const services = [
    'services:',
    '  unset:',
    '    image: x',
    '  pids-limit:',
    '    pids_limit: 100',
    '  deploy-form:',
    '    deploy: { resources: { limits: { pids: 200 } } }',
    '  as-string:',
    '    pids_limit: "50"',
    '  unlimited:',
    '    pids_limit: -1',
    '  zero-deploy:',
    '    deploy: { resources: { limits: { pids: 0 } } }',
    '  memory-only:',
    '    mem_limit: 1g',
  ];

  it('is off unless the policy asks for it', async () => {
    expect(await check(services, {})).toEqual([]);
  });

  it('reports services with neither pids_limit nor deploy.resources.limits.pids, or set to -1 or 0', async () => {
    const findings = await check(services, { requirePidsLimit: true });
    expect(located(findings)).toEqual([
      'compose/pids-limit compose.yaml:2:3',
      'compose/pids-limit compose.yaml:11:17',
      'compose/pids-limit compose.yaml:13:44',
      'compose/pids-limit compose.yaml:14:3',
    ]);
    expect(findings[0]?.message).toBe(
      "Service `unset` has no PIDs limit: a fork bomb in it can exhaust the host's process table. Set " +
        '`pids_limit` or `deploy.resources.limits.pids` (the policy asks for it: compose.requirePidsLimit).',
    );
    expect(findings[1]?.message).toContain('sets an unlimited PIDs limit (`pids_limit: -1`)');
  });
});

describe('compose/privileged-port (CIS 5.8)', () => {
  const services = [
    'services:',
    '  web:',
    '    image: nginx',
    '    ports:',
    '      - "80:8080"', // 5
    '      - "127.0.0.1:443:8443/tcp"', // 6
    '      - "[::1]:25:25"', // 7
    '      - "1000-1100:1000-1100"', // 8
    '      - "8080:80"',
    '      - "80"',
    '      - 443',
    '      - ":80"',
    '      - "0:80"',
    '      - "${HTTP_PORT:-53}:53/udp"', // 14
    '  long:',
    '    image: x',
    '    ports:',
    '      - target: 80',
    '        published: 80', // 19
    '      - target: 443',
    '        published: "8443"',
    '      - target: 22',
    '        published: "22-23"', // 23
    '        host_ip: 127.0.0.1',
    '      - target: 9000',
  ];

  it('is off unless the policy asks for it', async () => {
    expect(await check(services, {})).toEqual([]);
  });

  it('reports host ports below 1024 in short and long syntax, ranges starting below 1024 included', async () => {
    const findings = await check(services, { forbidPrivilegedPorts: true });
    expect(located(findings)).toEqual([
      'compose/privileged-port compose.yaml:5:9',
      'compose/privileged-port compose.yaml:6:9',
      'compose/privileged-port compose.yaml:7:9',
      'compose/privileged-port compose.yaml:8:9',
      'compose/privileged-port compose.yaml:14:9',
      'compose/privileged-port compose.yaml:19:20',
      'compose/privileged-port compose.yaml:23:20',
    ]);
    expect(findings.map((finding) => finding.properties?.port)).toEqual([80, 443, 25, 1000, 53, 80, 22]);
    expect(findings[0]?.message).toBe(
      'Service `web` publishes host port 80 (`80`), a privileged port below 1024: binding it takes root or ' +
        '`CAP_NET_BIND_SERVICE` on the host. Publish a port of 1024 or above (`8080:80`) and put a load balancer ' +
        'or proxy in front if the service must answer on 80 (the policy asks for it: compose.forbidPrivilegedPorts).',
    );
    expect(findings[5]?.properties).toMatchObject({ service: 'long', subject: 'long' });
  });

  it('each binding is its own finding: tcp and udp, or one port on two addresses, even on one line', async () => {
    const findings = await check(
      [
        'services:',
        '  dns:',
        '    image: x',
        '    ports: ["53:53/tcp", "53:53/udp", "127.0.0.1:80:80", "[::1]:80:80"]',
        '  long:',
        '    image: x',
        '    ports:',
        '      - { target: 53, published: 53, protocol: tcp }',
        '      - { target: 53, published: 53, protocol: udp }',
      ],
      { forbidPrivilegedPorts: true },
    );
    expect(findings).toHaveLength(6);
    expect(new Set(findings.map((finding) => finding.fingerprint)).size).toBe(6);
  });
});

describe('the three together', () => {
  it('one service can be accepted for a rule by allow.mounts with its service and rule', async () => {
    const findings = await check(['services:', '  app:', '    image: x', '  db:', '    image: y'], {
      requireNoNewPrivileges: true,
      requireMemoryLimit: true,
      requirePidsLimit: true,
    });
    expect(located(findings)).toEqual([
      'compose/no-new-privileges compose.yaml:2:3',
      'compose/memory-limit compose.yaml:2:3',
      'compose/pids-limit compose.yaml:2:3',
      'compose/no-new-privileges compose.yaml:4:3',
      'compose/memory-limit compose.yaml:4:3',
      'compose/pids-limit compose.yaml:4:3',
    ]);
    const outcome = applyMountAllowlist(
      findings,
      [
        {
          kind: 'mounts',
          service: 'db',
          rule: 'compose/pids-limit',
          reason: 'the database forks one process per connection; its pool caps them',
          expires: '2027-06-30',
          source: { kind: 'source', path: 'policy.yml', line: 3 },
        },
      ],
      new Date('2026-12-07T00:00:00Z'),
    );
    expect(outcome.entryFindings).toEqual([]);
    expect(
      outcome.findings
        .filter((finding) => !finding.suppressedBy)
        .map((f) => `${f.ruleId} ${String(f.properties?.service)}`),
    ).toEqual([
      'compose/no-new-privileges app',
      'compose/memory-limit app',
      'compose/pids-limit app',
      'compose/no-new-privileges db',
      'compose/memory-limit db',
    ]);
  });
});
