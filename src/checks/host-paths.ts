import path from 'node:path';
import { compileGlob } from '../util/glob.js';

/**
 * Shared by the compose and the Kubernetes mount rules. What imagegate knows about host paths: the sockets that hand over a container engine, and the host paths that
 * no container should see. Paths are compared segment by segment (`/etc` matches `/etc/ssl` but not
 * `/etcetera`), after normalization (`/etc/../etc/` is `/etc`; Windows paths lower-cased with `/` separators).
 * In patterns `*` stands for one whole segment (a user name, a uid) and `.*` for a segment starting with a dot.
 */

interface EngineSocket {
  pattern: string;
  engine: string;
  /**
   * Whether mounting a directory above the socket hands it over too. Not for sockets in home directories (that
   * would make every home directory an engine socket; the sensitive-path rule covers them).
   */
  viaParents: boolean;
}

const ENGINE_SOCKETS: readonly EngineSocket[] = [
  { pattern: '/var/run/docker.sock', engine: 'Docker', viaParents: true },
  { pattern: '/run/docker.sock', engine: 'Docker', viaParents: true },
  { pattern: '/run/user/*/docker.sock', engine: 'Docker (rootless)', viaParents: true },
  { pattern: '/home/*/.docker/run/docker.sock', engine: 'Docker Desktop', viaParents: false },
  { pattern: '/Users/*/.docker/run/docker.sock', engine: 'Docker Desktop', viaParents: false },
  { pattern: '/run/containerd/containerd.sock', engine: 'containerd', viaParents: true },
  { pattern: '/var/run/containerd/containerd.sock', engine: 'containerd', viaParents: true },
  { pattern: '/run/k3s/containerd/containerd.sock', engine: 'containerd (k3s)', viaParents: true },
  { pattern: '/run/podman/podman.sock', engine: 'Podman', viaParents: true },
  { pattern: '/var/run/podman/podman.sock', engine: 'Podman', viaParents: true },
  { pattern: '/run/user/*/podman/podman.sock', engine: 'Podman (rootless)', viaParents: true },
  { pattern: '/run/crio/crio.sock', engine: 'CRI-O', viaParents: true },
  { pattern: '/var/run/crio/crio.sock', engine: 'CRI-O', viaParents: true },
  { pattern: '/run/cri-dockerd.sock', engine: 'cri-dockerd', viaParents: true },
  { pattern: '/var/run/cri-dockerd.sock', engine: 'cri-dockerd', viaParents: true },
  { pattern: '//./pipe/docker_engine', engine: 'Docker (Windows named pipe)', viaParents: false },
  { pattern: '//./pipe/dockerdesktoplinuxengine', engine: 'Docker Desktop (Windows named pipe)', viaParents: false },
];

/**
 * `/var/run` is a symlink to `/run` on current distributions: a bind of `/var/run` follows it on the host (the
 * engine resolves the source), but a bind of `/var` hands over the link, which then points at the container's
 * own `/run`. So `/var` is not a socket's parent (it is a sensitive path: it holds /var/lib/docker).
 */
const NOT_A_SOCKET_PARENT: ReadonlySet<string> = new Set(['/var']);

interface SensitivePath {
  pattern: string;
  what: string;
}

/** Host paths no container should see; a mount of one, of anything inside one, or of a directory above one. */
export const SENSITIVE_HOST_PATHS: readonly SensitivePath[] = [
  { pattern: '/etc', what: "the host's configuration: users, password hashes, sudoers, cron, TLS keys" },
  { pattern: '/root', what: "root's home: SSH keys and credentials" },
  { pattern: '/home/*/.*', what: "a user's dotfiles: SSH keys, cloud, registry and cluster credentials" },
  { pattern: '/Users/*/.*', what: "a user's dotfiles: SSH keys, cloud, registry and cluster credentials" },
  { pattern: '/boot', what: 'the kernel and boot loader' },
  { pattern: '/proc', what: "the host's processes and kernel settings" },
  { pattern: '/sys', what: "the kernel's device and control interfaces" },
  { pattern: '/dev', what: "the host's devices" },
  { pattern: '/usr', what: "the host's programs and libraries" },
  { pattern: '/bin', what: "the host's programs" },
  { pattern: '/sbin', what: "the host's system programs" },
  { pattern: '/lib', what: "the host's libraries and kernel modules" },
  { pattern: '/lib32', what: "the host's libraries" },
  { pattern: '/lib64', what: "the host's libraries" },
  { pattern: '/libx32', what: "the host's libraries" },
  { pattern: '/var/lib/docker', what: "Docker's storage: every image, container and volume" },
  { pattern: '/var/lib/containerd', what: "containerd's storage: every image and container" },
  { pattern: '/var/lib/containers', what: "Podman's and CRI-O's storage: every image and container" },
  { pattern: '/var/lib/kubelet', what: "the kubelet's state: pod volumes and service-account tokens" },
  { pattern: '?:/windows', what: 'the Windows system directory' },
  { pattern: '?:/programdata/docker', what: "Docker's storage on Windows" },
  { pattern: '?:/users/*/.*', what: "a user's dotfiles: SSH keys, cloud, registry and cluster credentials" },
];

export interface SocketMatch {
  engine: string;
  /** The socket's path (as listed; `*` for a user id). */
  socket: string;
  /** True when the source is a directory that contains the socket rather than the socket itself. */
  viaParent: boolean;
}

/**
 * Paths inside a sensitive one that hold nothing to steal or break: device files that are sinks or sources of
 * bytes, in any mode, and the public data containers commonly read from the host (time zone, CA certificates).
 */
const HARMLESS: readonly string[] = ['/dev/null', '/dev/zero', '/dev/random', '/dev/urandom', '/dev/full'];
const HARMLESS_READ_ONLY: readonly string[] = [
  '/etc/localtime',
  '/etc/timezone',
  '/usr/share/zoneinfo',
  '/etc/ssl/certs',
  '/etc/ca-certificates',
  '/etc/pki/ca-trust/extracted',
  '/usr/share/ca-certificates',
];

export interface SensitiveMatch {
  pattern: string;
  what: string;
  /** `is`: the path itself; `inside`: a path beneath it; `contains`: a directory above it (`/`, `/var`, `/home/me`). */
  relation: 'is' | 'inside' | 'contains';
}

/** The engine socket a host path is, or a directory that holds one; undefined for other paths. */
export function engineSocketAt(hostPath: string): SocketMatch | undefined {
  const segments = segmentsOf(hostPath);
  for (const socket of ENGINE_SOCKETS) {
    const pattern = segmentsOf(socket.pattern);
    if (segments.length === pattern.length && matchesPrefix(pattern, segments, pattern.length)) {
      return { engine: socket.engine, socket: socket.pattern, viaParent: false };
    }
  }
  if (NOT_A_SOCKET_PARENT.has(normalizeHostPath(hostPath))) return undefined;
  for (const socket of ENGINE_SOCKETS) {
    const pattern = segmentsOf(socket.pattern);
    if (socket.viaParents && segments.length < pattern.length && matchesPrefix(pattern, segments, segments.length)) {
      return { engine: socket.engine, socket: socket.pattern, viaParent: true };
    }
  }
  return undefined;
}

/**
 * The sensitive path a host path is, is inside, or contains; undefined for other paths, and for the harmless
 * ones (`/dev/null`; read-only, `/etc/localtime` and CA certificates).
 */
export function sensitivePathAt(hostPath: string, readOnly = false): SensitiveMatch | undefined {
  const segments = segmentsOf(hostPath);
  const harmless = readOnly ? [...HARMLESS, ...HARMLESS_READ_ONLY] : HARMLESS;
  if (
    harmless.some((entry) => {
      const pattern = segmentsOf(entry);
      return segments.length >= pattern.length && matchesPrefix(pattern, segments, pattern.length);
    })
  ) {
    return undefined;
  }
  const isRoot = segments.length === 1 || (segments.length === 2 && isDrive(segments[1] as string));
  if (isRoot) return { pattern: normalizeHostPath(hostPath), what: 'the whole host filesystem', relation: 'contains' };
  for (const entry of SENSITIVE_HOST_PATHS) {
    const pattern = segmentsOf(entry.pattern);
    if (segments.length >= pattern.length && matchesPrefix(pattern, segments, pattern.length)) {
      return {
        pattern: entry.pattern,
        what: entry.what,
        relation: segments.length === pattern.length ? 'is' : 'inside',
      };
    }
  }
  for (const entry of SENSITIVE_HOST_PATHS) {
    const pattern = segmentsOf(entry.pattern);
    if (segments.length < pattern.length && matchesPrefix(pattern, segments, segments.length)) {
      return { pattern: entry.pattern, what: entry.what, relation: 'contains' };
    }
  }
  return undefined;
}

/** `/dev/null` and the like: a bind of one, even read-write, hides a file and hands over nothing. */
export function isHarmlessDevice(hostPath: string): boolean {
  return HARMLESS.includes(normalizeHostPath(hostPath));
}

/** `/etc/../etc/` → `/etc`; `C:\Data\` → `c:/data`; a named pipe `\\.\pipe\x` → `//./pipe/x`. */
export function normalizeHostPath(hostPath: string): string {
  const windows = /^[A-Za-z]:([\\/]|$)/.test(hostPath) || hostPath.startsWith('\\\\') || hostPath.startsWith('//');
  if (windows) {
    const slashed = hostPath.replace(/\\/g, '/').toLowerCase();
    const unc = slashed.startsWith('//');
    const body = path.posix.normalize(unc ? slashed.slice(2) : slashed).replace(/\/+$/, '');
    return unc ? `//${body}` : body.endsWith(':') ? `${body}/` : body;
  }
  const normalized = path.posix.normalize(hostPath);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

/** Segments with the leading empty one of an absolute path kept, so `/` is `['']` and `c:/` is `['', 'c:']`. */
function segmentsOf(hostPath: string): string[] {
  const normalized = normalizeHostPath(hostPath);
  if (normalized === '/') return [''];
  if (normalized.startsWith('//')) return ['', '', ...normalized.slice(2).split('/')];
  if (/^[a-z]:/.test(normalized) || normalized.startsWith('?:')) {
    return ['', ...normalized.split('/').filter((segment) => segment !== '')];
  }
  return normalized.split('/');
}

function isDrive(segment: string): boolean {
  return /^[a-z]:$/.test(segment);
}

/** Whether the first `count` segments of a pattern and of a path agree (wildcards only in the pattern). */
function matchesPrefix(pattern: readonly string[], segments: readonly string[], count: number): boolean {
  for (let index = 0; index < count; index++) {
    const part = pattern[index] as string;
    const segment = segments[index] as string;
    const matches = /[*?]/.test(part) ? compileGlob(part)(segment) : part === segment;
    if (!matches) return false;
  }
  return true;
}

/** How a message names a sensitive match: "which is …", "inside /etc (…)", "a directory that holds /etc (…)". */
export function describeSensitiveMatch(match: SensitiveMatch): string {
  return match.relation === 'is'
    ? `which is ${match.what}`
    : match.relation === 'inside'
      ? `inside ${match.pattern} (${match.what})`
      : match.pattern === '/' || /^[a-z]:\/?$/.test(match.pattern)
        ? match.what
        : `a directory that holds ${match.pattern} (${match.what})`;
}
