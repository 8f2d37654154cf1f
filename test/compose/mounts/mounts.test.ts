import path from 'node:path';
import { serviceMounts, volumesFromEntries, type Mount } from '../../../src/compose/mounts/mounts.js';
import type { ComposeProject, ValuePosition } from '../../../src/compose/types.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { service, useProjectDir } from '../loader/project-dir.js';

/**
 * Mounts as compose creates them, read through the real loader from YAML: short syntax with compose-go's
 * splitting and option rules, long syntax, named volumes that are binds, volumes_from, tmpfs, use_api_socket.
 */

const project = useProjectDir();

async function load(files: Record<string, string>, environment: Record<string, string> = {}): Promise<ComposeProject> {
  await project().write(files);
  return project().load({ environment: { HOME: '/home/me', ...environment } });
}

async function mountsOf(yaml: string, name = 'app', environment: Record<string, string> = {}): Promise<Mount[]> {
  const loaded = await load({ 'compose.yaml': yaml }, environment);
  return serviceMounts(service(loaded, name), loaded);
}

function at(position: ValuePosition): string {
  return `${position.path}:${position.line}:${position.column}`;
}

/** The fields a reader of `compose inspect` looks at, with the mode's position. */
function brief(mount: Mount): Record<string, unknown> {
  return {
    type: mount.type,
    ...(mount.source === undefined ? {} : { source: mount.source }),
    target: mount.target,
    readOnly: mount.readOnly,
    mode: at(mount.modePosition),
  };
}

const rel = (...parts: string[]) => path.join(project().root, ...parts);

describe('short syntax, as compose-go splits it', () => {
  it('reads ro,Z as read-only with an SELinux label, and the last of rw,ro wins', async () => {
    const mounts = await mountsOf(
      [
        'services:',
        '  app:',
        '    image: x',
        '    volumes:',
        '      - ./a:/a:ro,Z',
        '      - ./b:/b:rw,ro',
        '      - ./c:/c:ro,rw',
        '      - ./d:/d:z',
        '      - /e:/e:rshared,ro,nocopy',
      ].join('\n'),
    );
    expect(mounts.map(brief)).toEqual([
      { type: 'bind', source: rel('a'), target: '/a', readOnly: true, mode: 'compose.yaml:5:9' },
      { type: 'bind', source: rel('b'), target: '/b', readOnly: true, mode: 'compose.yaml:6:9' },
      { type: 'bind', source: rel('c'), target: '/c', readOnly: false, mode: 'compose.yaml:7:9' },
      { type: 'bind', source: rel('d'), target: '/d', readOnly: false, mode: 'compose.yaml:8:9' },
      { type: 'bind', source: '/e', target: '/e', readOnly: true, mode: 'compose.yaml:9:9' },
    ]);
    expect(mounts[0]).toMatchObject({ selinux: 'Z', mode: 'ro,Z', origin: 'short', ignoredOptions: [] });
    expect(mounts[3]?.selinux).toBe('z');
    expect(mounts[4]).toMatchObject({ propagation: 'rshared', noCopy: true, createHostPath: true });
  });

  it('ignores modes compose does not know, case included: :RO and :readonly leave the mount read-write', async () => {
    const mounts = await mountsOf(
      [
        'services:',
        '  app:',
        '    volumes: [./a:/a:RO, ./b:/b:readonly, "./c:/c:ro, Z", data:/d:read-only, "./e:/e:ro,RO", ./f:/f:cached]',
      ].join('\n'),
    );
    expect(mounts.map((mount) => [mount.target, mount.readOnly, mount.ignoredOptions])).toEqual([
      ['/a', false, ['RO']],
      ['/b', false, ['readonly']],
      ['/c', true, [' Z']],
      ['/d', false, ['read-only']],
      ['/e', true, ['RO']],
      ['/f', false, ['cached']],
    ]);
    expect(mounts[2]?.selinux).toBeUndefined();
  });

  it('reads Windows paths: a drive letter then : is part of the source', async () => {
    const mounts = await mountsOf(
      [
        'services:',
        '  app:',
        '    volumes:',
        "      - 'C:\\data:/data:ro'",
        "      - 'd:/logs:/logs'",
        "      - '\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine'",
      ].join('\n'),
    );
    expect(mounts.map(brief)).toEqual([
      { type: 'bind', source: 'C:\\data', target: '/data', readOnly: true, mode: 'compose.yaml:4:9' },
      { type: 'bind', source: 'd:/logs', target: '/logs', readOnly: false, mode: 'compose.yaml:5:9' },
      {
        type: 'bind',
        source: '\\\\.\\pipe\\docker_engine',
        target: '\\\\.\\pipe\\docker_engine',
        readOnly: false,
        mode: 'compose.yaml:6:9',
      },
    ]);
  });

  it('reads anonymous volumes (one part, and specs of one or two characters) and named volumes', async () => {
    const mounts = await mountsOf(
      [
        'services:',
        '  app:',
        '    volumes: [/cache, /a, data:/var/lib/data, "data2:/x:ro"]',
        'volumes:',
        '  data:',
        '  data2:',
      ].join('\n'),
    );
    expect(mounts.map(brief)).toEqual([
      { type: 'volume', target: '/cache', readOnly: false, mode: 'compose.yaml:3:15' },
      { type: 'volume', target: '/a', readOnly: false, mode: 'compose.yaml:3:23' },
      { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false, mode: 'compose.yaml:3:27' },
      { type: 'volume', source: 'data2', target: '/x', readOnly: true, mode: 'compose.yaml:3:47' },
    ]);
  });

  it('splits the interpolated value: ${A:-/x}:/y:ro is a bind of /x, or of $A when it is set', async () => {
    const yaml = ['services:', '  app:', '    volumes: ["${A:-/x}:/y:ro", "${B:-data}:/z"]'].join('\n');
    expect((await mountsOf(yaml)).map(brief)).toEqual([
      { type: 'bind', source: '/x', target: '/y', readOnly: true, mode: 'compose.yaml:3:15' },
      { type: 'volume', source: 'data', target: '/z', readOnly: false, mode: 'compose.yaml:3:33' },
    ]);
    expect((await mountsOf(yaml, 'app', { A: './here', B: '/srv/b' })).map(brief)).toEqual([
      { type: 'bind', source: rel('here'), target: '/y', readOnly: true, mode: 'compose.yaml:3:15' },
      { type: 'bind', source: '/srv/b', target: '/z', readOnly: false, mode: 'compose.yaml:3:33' },
    ]);
  });

  it('resolves ~ against HOME and relative paths against the project directory', async () => {
    const mounts = await mountsOf(
      ['services:', '  app:', '    volumes: [~/.ssh:/root/.ssh:ro, ../up:/up, .:/src]'].join('\n'),
    );
    expect(mounts.map((mount) => [mount.writtenSource, mount.source])).toEqual([
      ['~/.ssh', '/home/me/.ssh'],
      ['../up', path.join(path.dirname(project().root), 'up')],
      ['.', project().root],
    ]);
  });

  it('rejects what compose rejects, at the entry', async () => {
    await project().write({ 'compose.yaml': 'services:\n  app:\n    volumes: ["/a:/b:ro:z"]\n' });
    const error = await project().loadError();
    expect(error.message).toBe('compose.yaml:3:15: services.app.volumes[0]: invalid spec: /a:/b:ro:z: too many colons');
  });
});

describe('long syntax', () => {
  it('reads type, source, target, read_only (bool or string) and the bind, volume and tmpfs options', async () => {
    const mounts = await mountsOf(
      [
        'services:',
        '  app:',
        '    volumes:',
        '      - type: bind',
        '        source: ./conf',
        '        target: /conf',
        '        read_only: "true"',
        '        bind: { propagation: rslave, recursive: writable, create_host_path: false, selinux: Z }',
        '      - { type: volume, source: data, target: /data, read_only: false, volume: { nocopy: true } }',
        '      - { type: tmpfs, target: /tmp, tmpfs: { size: 64m, mode: 1777 } }',
        "      - { type: npipe, source: '\\\\.\\pipe\\docker_engine', target: '\\\\.\\pipe\\docker_engine' }",
        '      - { type: image, source: alpine:3.20, target: /opt/tools, read_only: yes }',
        '      - { type: bind, source: /srv, target: /srv }',
        'volumes:',
        '  data:',
      ].join('\n'),
    );
    expect(mounts.map(brief)).toEqual([
      { type: 'bind', source: rel('conf'), target: '/conf', readOnly: true, mode: 'compose.yaml:7:20' },
      { type: 'volume', source: 'data', target: '/data', readOnly: false, mode: 'compose.yaml:9:65' },
      { type: 'tmpfs', target: '/tmp', readOnly: false, mode: 'compose.yaml:10:9' },
      {
        type: 'npipe',
        source: '\\\\.\\pipe\\docker_engine',
        target: '\\\\.\\pipe\\docker_engine',
        readOnly: false,
        mode: 'compose.yaml:11:9',
      },
      { type: 'image', source: 'alpine:3.20', target: '/opt/tools', readOnly: true, mode: 'compose.yaml:12:76' },
      { type: 'bind', source: '/srv', target: '/srv', readOnly: false, mode: 'compose.yaml:13:9' },
    ]);
    expect(mounts[0]).toMatchObject({
      origin: 'long',
      propagation: 'rslave',
      propagationPosition: { line: 8, column: 30 },
      recursive: 'writable',
      recursivePosition: { line: 8, column: 49 },
      createHostPath: false,
      selinux: 'Z',
    });
    expect(mounts[1]?.noCopy).toBe(true);
    expect(mounts[2]?.tmpfs).toEqual({ size: '64m', mode: 1777 });
  });

  it('needs a known type', async () => {
    await project().write({
      'compose.yaml': 'services:\n  app:\n    volumes:\n      - { type: blind, source: /a, target: /a }\n',
    });
    const loaded = await project().load();
    expect(() => serviceMounts(service(loaded, 'app'), loaded)).toThrow(
      new ConfigurationError(
        'services.app.volumes[0].type: expected one of bind, volume, tmpfs, npipe, image, cluster, found the string "blind"',
        { path: 'compose.yaml', line: 4, column: 17 },
      ),
    );
  });
});

describe('named volumes whose driver_opts make them binds', () => {
  it('is a bind of the device (relative devices against the project), read-only when o says ro', async () => {
    const mounts = await mountsOf(
      [
        'services:',
        '  app:',
        '    volumes: [data:/data, logs:/logs, ro-data:/ro, nfs:/nfs, ext:/ext, plain:/plain]',
        'volumes:',
        '  data:',
        '    driver_opts: { type: none, o: bind, device: ./data }',
        '  logs:',
        '    driver: local',
        '    driver_opts: { o: bind, device: /var/log }',
        '  ro-data:',
        '    driver_opts: { type: none, o: "bind,ro", device: /srv/data }',
        '  nfs:',
        '    driver_opts: { type: nfs, o: "addr=10.0.0.1,rw", device: ":/exports" }',
        '  ext:',
        '    external: true',
        '  plain: {}',
      ].join('\n'),
    );
    expect(mounts.map(brief)).toEqual([
      { type: 'bind', source: rel('data'), target: '/data', readOnly: false, mode: 'compose.yaml:3:15' },
      { type: 'bind', source: '/var/log', target: '/logs', readOnly: false, mode: 'compose.yaml:3:27' },
      { type: 'bind', source: '/srv/data', target: '/ro', readOnly: true, mode: 'compose.yaml:11:35' },
      { type: 'volume', source: 'nfs', target: '/nfs', readOnly: false, mode: 'compose.yaml:3:52' },
      { type: 'volume', source: 'ext', target: '/ext', readOnly: false, mode: 'compose.yaml:3:62' },
      { type: 'volume', source: 'plain', target: '/plain', readOnly: false, mode: 'compose.yaml:3:72' },
    ]);
    expect(mounts[0]?.namedVolume).toEqual({ name: 'data', position: { path: 'compose.yaml', line: 5, column: 3 } });
    expect(mounts[0]?.writtenSource).toBe('./data');
  });
});

describe('volumes_from', () => {
  const yaml = [
    'services:',
    '  db:',
    '    volumes: [./data:/data, ./conf:/conf:ro, /cache]',
    '    tmpfs: /tmp',
    '  reader:',
    '    volumes_from: ["db:ro"]',
    '  writer:',
    '    volumes_from: [db]',
    '    volumes: [./other:/conf]',
    '  chain:',
    '    volumes_from: ["writer:rw", "container:legacy", "container:legacy2:ro"]',
  ].join('\n');

  it('lists its entries: services and containers, with their modes', async () => {
    const loaded = await load({ 'compose.yaml': yaml });
    expect(volumesFromEntries(service(loaded, 'chain'))).toEqual([
      { kind: 'service', name: 'writer', mode: 'rw', readOnly: false, position: expect.objectContaining({ line: 11 }) },
      { kind: 'container', name: 'legacy', readOnly: false, position: expect.objectContaining({ line: 11 }) },
      {
        kind: 'container',
        name: 'legacy2',
        mode: 'ro',
        readOnly: true,
        position: expect.objectContaining({ line: 11 }),
      },
    ]);
  });

  it("inherits the other service's mounts (not its tmpfs), read-only with :ro, its own targets winning", async () => {
    const loaded = await load({ 'compose.yaml': yaml });
    const mounts = (name: string) => serviceMounts(service(loaded, name), loaded).map(brief);
    expect(mounts('reader')).toEqual([
      { type: 'bind', source: rel('data'), target: '/data', readOnly: true, mode: 'compose.yaml:6:20' },
      { type: 'bind', source: rel('conf'), target: '/conf', readOnly: true, mode: 'compose.yaml:3:29' },
      { type: 'volume', target: '/cache', readOnly: true, mode: 'compose.yaml:6:20' },
    ]);
    expect(mounts('writer')).toEqual([
      { type: 'bind', source: rel('other'), target: '/conf', readOnly: false, mode: 'compose.yaml:9:15' },
      { type: 'bind', source: rel('data'), target: '/data', readOnly: false, mode: 'compose.yaml:8:20' },
      { type: 'volume', target: '/cache', readOnly: false, mode: 'compose.yaml:8:20' },
    ]);
    const chain = serviceMounts(service(loaded, 'chain'), loaded);
    expect(chain.map((mount) => [mount.target, mount.origin, mount.inheritedFrom?.service])).toEqual([
      ['/conf', 'volumes_from', 'writer'],
      ['/data', 'volumes_from', 'db'],
      ['/cache', 'volumes_from', 'db'],
    ]);
  });

  it('stops at a cycle', async () => {
    const loaded = await load({
      'compose.yaml': 'services:\n  a:\n    volumes_from: [b]\n    volumes: [./a:/a]\n  b:\n    volumes_from: [a]\n',
    });
    expect(serviceMounts(service(loaded, 'b'), loaded).map((mount) => mount.target)).toEqual(['/a']);
  });
});

describe('tmpfs, read_only and use_api_socket', () => {
  it('reads service tmpfs as a string or a list, with options', async () => {
    expect((await mountsOf('services:\n  app:\n    tmpfs: /run\n')).map(brief)).toEqual([
      { type: 'tmpfs', target: '/run', readOnly: false, mode: 'compose.yaml:3:12' },
    ]);
    const mounts = await mountsOf('services:\n  app:\n    tmpfs: [/tmp, "/cache:size=64m,ro"]\n');
    expect(mounts.map((mount) => [mount.target, mount.readOnly, mount.origin])).toEqual([
      ['/tmp', false, 'tmpfs'],
      ['/cache', true, 'tmpfs'],
    ]);
  });

  it('records use_api_socket as the engine socket compose binds in', async () => {
    const mounts = await mountsOf('services:\n  app:\n    use_api_socket: true\n  other:\n    use_api_socket: false\n');
    expect(mounts).toEqual([
      expect.objectContaining({
        type: 'bind',
        source: '/var/run/docker.sock',
        target: '/var/run/docker.sock',
        origin: 'use_api_socket',
        readOnly: false,
        position: { path: 'compose.yaml', line: 3, column: 21 },
      }),
    ]);
  });
});

describe('files, overrides and extends', () => {
  it('an override that mounts the same target again decides the mode, at its own line', async () => {
    const loaded = await load({
      'compose.yaml':
        'services:\n  app:\n    image: x\n    volumes:\n      - ./data:/data:ro\n      - ./keep:/keep:ro\n',
      'compose.override.yaml': 'services:\n  app:\n    volumes:\n      - ./data:/data\n',
    });
    expect(serviceMounts(service(loaded, 'app'), loaded).map(brief)).toEqual([
      { type: 'bind', source: rel('data'), target: '/data', readOnly: false, mode: 'compose.override.yaml:4:9' },
      { type: 'bind', source: rel('keep'), target: '/keep', readOnly: true, mode: 'compose.yaml:6:9' },
    ]);
  });

  it("resolves an extended file's relative paths against that file's directory", async () => {
    const loaded = await load({
      'compose.yaml':
        'services:\n  app:\n    extends: { file: base/common.yaml, service: base }\n    volumes: [./mine:/mine]\n',
      'base/common.yaml': 'services:\n  base:\n    image: x\n    volumes: [./shared:/shared:ro]\n',
    });
    expect(serviceMounts(service(loaded, 'app'), loaded).map(brief)).toEqual([
      { type: 'bind', source: rel('base', 'shared'), target: '/shared', readOnly: true, mode: 'base/common.yaml:4:15' },
      { type: 'bind', source: rel('mine'), target: '/mine', readOnly: false, mode: 'compose.yaml:4:15' },
    ]);
  });
});
