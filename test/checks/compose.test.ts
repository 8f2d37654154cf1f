import { checkComposeProject, type ComposeCheckOptions } from '../../src/checks/compose.js';
import type { Finding } from '../../src/model/findings.js';
import { useProjectDir } from '../compose/loader/project-dir.js';

/**
 * Every compose rule, positive and negative, on projects loaded from YAML by the real loader: which rule fires,
 * and the file:line:column it points at (the value a person has to change).
 */

const project = useProjectDir();

async function check(files: Record<string, string>, options: ComposeCheckOptions = {}): Promise<Finding[]> {
  await project().write(files);
  return checkComposeProject(await project().load({ environment: { HOME: '/home/me' } }), options);
}

/** `rule file:line:column` of each finding. */
function located(findings: readonly Finding[]): string[] {
  return findings.map((finding) => {
    const location = finding.location;
    return location.kind === 'source'
      ? `${finding.ruleId} ${location.path}:${location.line}:${location.column ?? 0}`
      : finding.ruleId;
  });
}

function compose(...lines: string[]): Record<string, string> {
  return { 'compose.yaml': `${lines.join('\n')}\n` };
}

describe('compose/writable-bind-mount', () => {
  it('reports binds without :ro or read_only: true, at the entry or its read_only', async () => {
    const findings = await check(
      compose(
        'services:',
        '  app:',
        '    volumes:',
        '      - ./rw:/rw',
        '      - ./ro:/ro:ro',
        '      - ./rw2:/rw2:rw,Z',
        '      - { type: bind, source: ./long, target: /long, read_only: false }',
        '      - { type: bind, source: ./long-ro, target: /long-ro, read_only: true }',
        '      - data:/data',
        '      - /anonymous',
        '      - { type: tmpfs, target: /tmp }',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/writable-bind-mount compose.yaml:4:9',
      'compose/writable-bind-mount compose.yaml:6:9',
      'compose/writable-bind-mount compose.yaml:7:65',
    ]);
    expect(findings[0]?.message).toBe(
      'Service `app` bind-mounts ./rw at /rw read-write: the container can change, delete or plant files on the host. ' +
        'Add `:ro` to the entry if it only reads them, or use a named volume for data it writes.',
    );
    expect(findings[2]?.message).toContain('Set `read_only: true`');
    expect(findings[0]?.properties).toMatchObject({
      service: 'app',
      target: '/rw',
      source: './rw',
      mountType: 'bind',
      readOnly: false,
      hostPath: `${project().root}/rw`,
    });
    expect(findings[0]?.severity).toBe('high');
  });

  it('points at the override file when an override mounted the target again without :ro', async () => {
    const findings = await check({
      'compose.yaml': 'services:\n  app:\n    image: x\n    volumes:\n      - ./data:/data:ro\n',
      'compose.override.yaml': 'services:\n  app:\n    volumes:\n      - ./data:/data\n',
    });
    expect(located(findings)).toEqual(['compose/writable-bind-mount compose.override.yaml:4:9']);
    expect(findings[0]?.message).toContain(
      'The entry comes from compose.override.yaml, which mounts /data again: compose keys volumes by target, so a ' +
        "later file's entry replaces the earlier one whole, mode included.",
    );
  });

  it('reports named volumes that are binds, and read-only binds whose submounts stay writable', async () => {
    const findings = await check(
      compose(
        'services:',
        '  app:',
        '    volumes:',
        '      - data:/data',
        '      - { type: bind, source: ./r, target: /r, read_only: true, bind: { recursive: writable } }',
        '      - { type: bind, source: ./s, target: /s, read_only: true, bind: { recursive: readonly } }',
        'volumes:',
        '  data:',
        '    driver_opts: { type: none, o: bind, device: /srv/data }',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/writable-bind-mount compose.yaml:4:9',
      'compose/writable-bind-mount compose.yaml:5:84',
    ]);
    expect(findings[0]?.message).toContain(
      'bind-mounts volume `data`, a bind of /srv/data (its driver_opts), at /data',
    );
    expect(findings[1]?.message).toContain('`bind.recursive: writable` leaves every mount beneath it writable');
  });
});

describe('compose/engine-socket', () => {
  it('reports sockets (read-only too), directories that hold one, npipes and use_api_socket, once each', async () => {
    const findings = await check(
      compose(
        'services:',
        '  app:',
        '    volumes:',
        '      - /var/run/docker.sock:/var/run/docker.sock:ro',
        '      - /run:/host-run',
        "      - { type: npipe, source: '\\\\.\\pipe\\docker_engine', target: '\\\\.\\pipe\\docker_engine' }",
        '      - /run/containerd/containerd.sock:/c.sock',
        '      - /var/lib/app:/data:ro',
        '  ci:',
        '    use_api_socket: true',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/engine-socket compose.yaml:4:9',
      'compose/engine-socket compose.yaml:5:9',
      'compose/engine-socket compose.yaml:6:9',
      'compose/engine-socket compose.yaml:7:9',
      'compose/engine-socket compose.yaml:10:21',
    ]);
    expect(findings[0]?.message).toBe(
      'Service `app` mounts the Docker engine socket /var/run/docker.sock at /var/run/docker.sock. Whoever controls ' +
        'the container controls the engine, and through it the host (it can start a privileged container that mounts ' +
        '/). The mount is read-only, which does not help: a socket still takes requests. Remove it, or put a socket ' +
        'proxy in between that allows only the API calls the service needs.',
    );
    expect(findings[1]?.message).toContain(
      'mounts /run at /host-run, a directory that holds the Docker engine socket (/run/docker.sock)',
    );
    expect(findings[3]?.message).toContain('the containerd engine socket');
    expect(findings[4]?.message).toContain('sets `use_api_socket: true`');
    expect(findings.every((finding) => finding.severity === 'critical')).toBe(true);
  });

  it('reports a socket a service inherits through volumes_from, at the volumes_from entry', async () => {
    const findings = await check(
      compose(
        'services:',
        '  agent:',
        '    volumes: [/var/run/docker.sock:/var/run/docker.sock]',
        '  helper:',
        '    volumes_from: ["agent:ro"]',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/engine-socket compose.yaml:3:15',
      'compose/engine-socket compose.yaml:5:20',
    ]);
    expect(findings[1]?.message).toContain('(inherited through volumes_from from `agent`)');
  });
});

describe('compose/sensitive-host-path', () => {
  it('reports system paths, read-only or not, on whole segments, and relative paths only when they climb out', async () => {
    const findings = await check(
      compose(
        'services:',
        '  app:',
        '    volumes:',
        '      - /etc:/host-etc:ro',
        '      - /etcetera:/x',
        '      - ~/.ssh:/root/.ssh:ro',
        '      - /home:/h',
        '      - ./etc:/app/etc:ro',
        '      - ../../../../../../../../proc:/p:ro',
        '      - /var/lib/docker:/docker:ro',
        '      - /etc/localtime:/etc/localtime:ro',
        '      - /dev/null:/app/.env',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/sensitive-host-path compose.yaml:4:9',
      'compose/writable-bind-mount compose.yaml:5:9',
      'compose/sensitive-host-path compose.yaml:6:9',
      'compose/sensitive-host-path compose.yaml:7:9',
      'compose/writable-bind-mount compose.yaml:7:9',
      'compose/sensitive-host-path compose.yaml:9:9',
      'compose/sensitive-host-path compose.yaml:10:9',
    ]);
    expect(findings[0]?.message).toBe(
      "Service `app` mounts /etc at /host-etc, which is the host's configuration: users, password hashes, sudoers, " +
        'cron, TLS keys, read-only: the container can read it. Mount only the files the service needs, from the ' +
        'project, or pass them as compose `configs` or `secrets`.',
    );
    expect(findings[2]?.message).toContain('mounts ~/.ssh (/home/me/.ssh) at /root/.ssh');
    expect(findings[3]?.message).toContain(
      "mounts /home at /h, a directory that holds /home/*/.* (a user's dotfiles: SSH keys, cloud, registry and " +
        'cluster credentials), read-write: the container can read and change it.',
    );
  });
});

describe('compose/ineffective-mode', () => {
  it('explains modes compose drops: read-only spellings leave the mount read-write', async () => {
    const findings = await check(
      compose(
        'services:',
        '  app:',
        '    volumes:',
        '      - ./a:/a:RO',
        '      - data:/d:readonly',
        '      - ./b:/b:rshare',
        '      - "./c:/c:ro,RO"',
        '      - ./e:/e:delegated,ro',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/ineffective-mode compose.yaml:4:9',
      'compose/ineffective-mode compose.yaml:5:9',
      'compose/ineffective-mode compose.yaml:6:9',
      'compose/writable-bind-mount compose.yaml:6:9',
    ]);
    expect(findings[0]?.message).toBe(
      'Service `app` mounts `./a:/a:RO`: compose does not know the mode `RO` and ignores it without a warning, so /a ' +
        'is mounted read-write. Modes are case-sensitive and exact: only `ro` makes a mount read-only. Write `:ro`.',
    );
    expect(findings[2]?.message).toContain('(did you mean `rshare` → `rshared`?)');
  });
});

describe('compose/writable-volumes-from', () => {
  it('reports entries without :ro that share writable mounts, or mounts imagegate cannot see', async () => {
    const findings = await check(
      compose(
        'services:',
        '  db:',
        '    volumes: [data:/var/lib/db, ./conf:/conf:ro]',
        '  backup:',
        '    volumes_from: [db, "db:ro", "container:legacy", "container:legacy:ro"]',
        '  viewer:',
        '    volumes_from: [reader]',
        '  reader:',
        '    volumes: [./conf:/conf:ro]',
        'volumes:',
        '  data:',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/writable-volumes-from compose.yaml:5:20',
      'compose/writable-volumes-from compose.yaml:5:33',
    ]);
    expect(findings[0]?.message).toBe(
      'Service `backup` takes the mounts of service `db` read-write, so it can change /var/lib/db. Add `:ro` ' +
        '(`db:ro`) if it only reads them, or mount the one volume it needs.',
    );
    expect(findings[1]?.message).toContain('whatever that container mounts (imagegate cannot see outside the project)');
    expect(findings[0]?.severity).toBe('medium');
  });
});

describe('compose/writable-rootfs', () => {
  const files = compose(
    'services:',
    '  app:',
    '    image: x',
    '    tmpfs: [/tmp]',
    '  explicit:',
    '    read_only: false',
    '  locked:',
    '    read_only: true',
  );

  it('is off unless the policy asks for read-only root filesystems', async () => {
    expect(await check(files)).toEqual([]);
  });

  it('then reports services without read_only: true, suggesting tmpfs', async () => {
    const findings = await check(files, { requireReadOnlyRootfs: true });
    expect(located(findings)).toEqual([
      'compose/writable-rootfs compose.yaml:2:3',
      'compose/writable-rootfs compose.yaml:6:16',
    ]);
    expect(findings[0]?.message).toContain('It already has a tmpfs at /tmp; give any other path it writes one too');
    expect(findings[1]?.message).toContain('(`read_only: false`)');
    expect(findings[1]?.message).toContain('Give the paths it writes a tmpfs (`tmpfs: [/tmp]`) or a volume.');
  });
});

describe('service settings', () => {
  it('reports privileged, host namespaces, dangerous capabilities and unconfined profiles at their values', async () => {
    const findings = await check(
      compose(
        'services:',
        '  app:',
        '    privileged: true',
        '    network_mode: host',
        '    pid: host',
        '    ipc: "host"',
        '    userns_mode: host',
        '    cap_add: [NET_BIND_SERVICE, cap_sys_admin, ALL, SYS_PTRACE]',
        '    security_opt:',
        '      - seccomp:unconfined',
        '      - apparmor=unconfined',
        '      - no-new-privileges:true',
        '      - label=disable',
        '  calm:',
        '    privileged: false',
        '    network_mode: bridge',
        '    pid: "service:app"',
        '    cap_add: [NET_ADMIN]',
        '    security_opt: [seccomp=./profile.json, apparmor=docker-default]',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/privileged compose.yaml:3:17',
      'compose/host-namespace compose.yaml:4:19',
      'compose/host-namespace compose.yaml:5:10',
      'compose/host-namespace compose.yaml:6:10',
      'compose/host-namespace compose.yaml:7:18',
      'compose/dangerous-capability compose.yaml:8:33',
      'compose/dangerous-capability compose.yaml:8:48',
      'compose/unconfined-profile compose.yaml:10:9',
      'compose/unconfined-profile compose.yaml:11:9',
      'compose/unconfined-profile compose.yaml:13:9',
    ]);
    expect(findings.map((finding) => finding.severity)).toEqual([
      'critical',
      'medium',
      'medium',
      'medium',
      'medium',
      'high',
      'high',
      'high',
      'high',
      'high',
    ]);
    expect(findings[5]?.message).toBe(
      'Service `app` adds the capability cap_sys_admin (mount, namespaces and most of what root can do), enough to ' +
        'escape the container. Grant a narrower capability, or move the privileged work out of the container.',
    );
    expect(findings[1]?.message).toContain('publish the ports it serves with `ports`');
  });
});

describe('compose/shared-propagation', () => {
  it('reports shared and rshared propagation at the option', async () => {
    const findings = await check(
      compose(
        'services:',
        '  app:',
        '    volumes:',
        '      - /mnt/a:/a:ro,rshared',
        '      - { type: bind, source: /mnt/b, target: /b, read_only: true, bind: { propagation: shared } }',
        '      - /mnt/c:/c:ro,rslave',
      ),
    );
    expect(located(findings)).toEqual([
      'compose/shared-propagation compose.yaml:4:9',
      'compose/shared-propagation compose.yaml:5:89',
    ]);
  });
});

describe('fingerprints', () => {
  it('stay when lines move, and tell services, targets and sources apart', async () => {
    const first = await check(
      compose('services:', '  app:', '    volumes: [./a:/a, ./b:/b]', '  other:', '    volumes: [./a:/a]'),
    );
    const moved = await check(
      compose(
        '# a comment',
        'services:',
        '  other:',
        '    volumes: [./a:/a]',
        '  app:',
        '',
        '    volumes: [./b:/b, ./a:/a]',
      ),
    );
    const key = (finding: Finding) => `${String(finding.properties?.service)} ${String(finding.properties?.target)}`;
    const byKey = (findings: Finding[]) => new Map(findings.map((finding) => [key(finding), finding.fingerprint]));
    expect(byKey(moved)).toEqual(byKey(first));
    expect(new Set(first.map((finding) => finding.fingerprint)).size).toBe(3);
    const otherSource = await check(
      compose('services:', '  app:', '    volumes: [./c:/a, ./b:/b]', '  other:', '    volumes: [./a:/a]'),
    );
    expect(otherSource[0]?.fingerprint).not.toBe(first[0]?.fingerprint);
  });
});
