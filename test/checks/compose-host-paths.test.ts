import { engineSocketAt, normalizeHostPath, sensitivePathAt } from '../../src/checks/host-paths.js';

describe('engine sockets', () => {
  it.each([
    ['/var/run/docker.sock', 'Docker'],
    ['/run/docker.sock', 'Docker'],
    ['/var/run//docker.sock', 'Docker'],
    ['/run/user/1000/docker.sock', 'Docker (rootless)'],
    ['/run/containerd/containerd.sock', 'containerd'],
    ['/run/podman/podman.sock', 'Podman'],
    ['/run/user/1000/podman/podman.sock', 'Podman (rootless)'],
    ['/var/run/crio/crio.sock', 'CRI-O'],
    ['\\\\.\\pipe\\docker_engine', 'Docker (Windows named pipe)'],
    ['//./pipe/docker_engine', 'Docker (Windows named pipe)'],
    ['/home/me/.docker/run/docker.sock', 'Docker Desktop'],
  ])('%s is the %s socket', (hostPath, engine) => {
    expect(engineSocketAt(hostPath)).toMatchObject({ engine, viaParent: false });
  });

  it.each(['/var/run', '/run', '/', '/run/', '/run/containerd', '/run/user', '/run/user/1000', '/var/run/crio'])(
    '%s holds a socket',
    (hostPath) => {
      expect(engineSocketAt(hostPath)).toMatchObject({ viaParent: true });
    },
  );

  it.each([
    '/var',
    '/var/run/docker',
    '/run/docker.socket',
    '/run/lock',
    '/home/me',
    '/srv/run/docker.sock',
    '/var/lib',
  ])('%s is not a socket', (hostPath) => {
    expect(engineSocketAt(hostPath)).toBeUndefined();
  });
});

describe('sensitive host paths, matched on whole segments', () => {
  it.each([
    ['/etc', '/etc', 'is'],
    ['/etc/', '/etc', 'is'],
    ['/etc/ssl/certs', '/etc', 'inside'],
    ['/srv/../etc', '/etc', 'is'],
    ['/root/.ssh', '/root', 'inside'],
    ['/home/me/.ssh', '/home/*/.*', 'is'],
    ['/home/me/.aws/credentials', '/home/*/.*', 'inside'],
    ['/home/me', '/home/*/.*', 'contains'],
    ['/home', '/home/*/.*', 'contains'],
    ['/Users/me/.kube', '/Users/*/.*', 'is'],
    ['/proc', '/proc', 'is'],
    ['/sys/fs/cgroup', '/sys', 'inside'],
    ['/dev/sda', '/dev', 'inside'],
    ['/usr/bin', '/usr', 'inside'],
    ['/lib/modules', '/lib', 'inside'],
    ['/var/lib/docker/volumes', '/var/lib/docker', 'inside'],
    ['/var', '/var/lib/docker', 'contains'],
    ['/var/lib', '/var/lib/docker', 'contains'],
    ['/', '/', 'contains'],
    ['C:\\', 'c:/', 'contains'],
    ['C:\\Windows\\System32', '?:/windows', 'inside'],
  ])('%s → %s (%s)', (hostPath, pattern, relation) => {
    expect(sensitivePathAt(hostPath)).toMatchObject({ pattern, relation });
  });

  it.each([
    '/etcetera',
    '/etc2',
    '/home/me/project',
    '/home/me/project/.env',
    '/srv/data',
    '/var/log/nginx',
    '/opt',
    '/usrlocal',
    'D:\\data',
    '/var/lib/mysql',
  ])('%s is not sensitive', (hostPath) => {
    expect(sensitivePathAt(hostPath)).toBeUndefined();
  });
});

describe('normalizeHostPath', () => {
  it.each([
    ['/a/b/../c/', '/a/c'],
    ['/', '/'],
    ['C:\\Data\\', 'c:/data'],
    ['c:', 'c:/'],
    ['\\\\.\\pipe\\docker_engine', '//pipe/docker_engine'],
  ])('%s → %s', (input, output) => {
    expect(normalizeHostPath(input)).toBe(output);
  });
});
