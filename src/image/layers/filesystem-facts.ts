import {
  parseGroup,
  parsePasswd,
  parseShadow,
  type GroupEntry,
  type ParsedAccountFile,
  type PasswdAccount,
  type ShadowAccount,
} from '../accounts/account-files.js';
import { KIND_DIRECTORY, KIND_FILE, KIND_HARDLINK, type LayerRecording } from './layer-tree.js';
import { NODE_ABSENT, NODE_DIRECTORY, NODE_FILE, type OverlayReplay } from './overlay-replay.js';

/**
 * What the hardening rules need from the final filesystem, taken from the overlay replay (no layer is read again):
 * files with the setuid or setgid bit, world-writable files and directories, privileged programs (sudo, sshd) and
 * the account databases. Paths are absolute (`/usr/bin/passwd`); `layer` is the index (into ImageFacts.layers) of the
 * layer that last wrote the entry, i.e. that set its mode and owner.
 */

export interface FileModeFact {
  path: string;
  type: 'file' | 'directory';
  /** Permission bits with setuid/setgid/sticky (`mode & 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  layer: number;
}

export type PrivilegedProgram = 'sudo' | 'sshd';

export interface ProgramFact {
  program: PrivilegedProgram;
  path: string;
  layer: number;
}

/** How an account database was found: read and parsed, absent, over the size cap, or not a plain file. */
export type AccountFileState = 'read' | 'absent' | 'too-large' | 'unreadable';

export interface AccountFileFacts<T> extends ParsedAccountFile<T> {
  state: AccountFileState;
  /** `/etc/passwd`, … */
  path: string;
  /** The layer that wrote the file in the final filesystem (-1 when absent or unknown). */
  layer: number;
  /** Bytes of the file (when it is a file). */
  size?: number;
}

export interface AccountFacts {
  passwd: AccountFileFacts<PasswdAccount>;
  shadow: AccountFileFacts<ShadowAccount>;
  group: AccountFileFacts<GroupEntry>;
}

export interface FilesystemFacts {
  /** Regular files with the setuid bit, in path order (at most MAX_LISTED; `setuidCount` counts them all). */
  setuid: FileModeFact[];
  setuidCount: number;
  /** Regular files with the setgid bit (a setgid directory only sets the group of new files: not listed). */
  setgid: FileModeFact[];
  setgidCount: number;
  /** World-writable regular files, and world-writable directories without the sticky bit. */
  worldWritable: FileModeFact[];
  worldWritableCount: number;
  programs: ProgramFact[];
  accounts: AccountFacts;
}

/** Longest list of paths kept per kind: enough to act on, bounded whatever `chmod -R` did. */
export const MAX_LISTED = 500;

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
const S_IWOTH = 0o0002;

/**
 * Where the runtime mounts its own filesystems over the image (proc, sysfs, a tmpfs /dev): what the image holds there
 * is never seen by the container, so its modes do not matter.
 */
const RUNTIME_MOUNTS = ['proc', 'sys', 'dev'];

const PROGRAM_DIRECTORIES = ['usr/bin', 'usr/sbin', 'bin', 'sbin', 'usr/local/bin', 'usr/local/sbin'];
const PROGRAMS: readonly PrivilegedProgram[] = ['sudo', 'sshd'];

export function findFilesystemFacts(replay: OverlayReplay): FilesystemFacts {
  const { trees } = replay;
  const paths = trees.paths;
  const runtimeMounts = new Set(
    RUNTIME_MOUNTS.map((name) => paths.lookup(name)).filter((id): id is number => id !== undefined),
  );
  const facts: FilesystemFacts = {
    setuid: [],
    setuidCount: 0,
    setgid: [],
    setgidCount: 0,
    worldWritable: [],
    worldWritableCount: 0,
    programs: [],
    accounts: readAccounts(replay),
  };
  const { state, nodeLayer, nodeRow } = replay;
  // Path ids, not facts, while scanning: ids follow the order layers were read in (a streamed `docker save` is not
  // in image order), so the lists are sorted by path before they are cut, and every source keeps the same ones.
  const setuid: number[] = [];
  const setgid: number[] = [];
  const worldWritable: number[] = [];
  for (let id = 1; id < paths.size; id += 1) {
    const layer = nodeLayer[id] as number;
    // Absent nodes and implicit directories (no entry, so no mode) have layer -1.
    if (layer < 0) continue;
    const recording = trees.layers[layer] as LayerRecording;
    const row = nodeRow[id] as number;
    const mode = recording.modes[row] as number;
    if ((mode & (S_ISUID | S_ISGID | S_IWOTH)) === 0) continue;
    const node = state[id];
    const kind = recording.kinds[row];
    const isFile = node === NODE_FILE && (kind === KIND_FILE || kind === KIND_HARDLINK);
    const isDirectory = node === NODE_DIRECTORY && kind === KIND_DIRECTORY;
    if (!isFile && !isDirectory) continue;
    if (isFile && mode & S_ISUID) setuid.push(id);
    if (isFile && mode & S_ISGID) setgid.push(id);
    if (mode & S_IWOTH && (isFile || !(mode & S_ISVTX)) && !underRuntimeMount(replay, id, runtimeMounts)) {
      worldWritable.push(id);
    }
  }
  facts.setuid = listed(replay, setuid);
  facts.setuidCount = setuid.length;
  facts.setgid = listed(replay, setgid);
  facts.setgidCount = setgid.length;
  facts.worldWritable = listed(replay, worldWritable);
  facts.worldWritableCount = worldWritable.length;
  facts.programs = findPrograms(replay);
  return facts;
}

/** The first MAX_LISTED of `ids` in path order, as facts. */
function listed(replay: OverlayReplay, ids: number[]): FileModeFact[] {
  const { trees, nodeLayer, nodeRow, state } = replay;
  const paths = trees.paths;
  ids.sort((a, b) => {
    const left = paths.path(a);
    const right = paths.path(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  return ids.slice(0, MAX_LISTED).map((id) => {
    const layer = nodeLayer[id] as number;
    const recording = trees.layers[layer] as LayerRecording;
    const row = nodeRow[id] as number;
    return {
      path: `/${paths.path(id)}`,
      type: state[id] === NODE_DIRECTORY ? 'directory' : 'file',
      mode: recording.modes[row] as number,
      uid: recording.uids[row] as number,
      gid: recording.gids[row] as number,
      layer,
    };
  });
}

function underRuntimeMount(replay: OverlayReplay, id: number, mounts: ReadonlySet<number>): boolean {
  if (mounts.size === 0) return false;
  const paths = replay.trees.paths;
  for (let node = id; node > 0; node = paths.parent(node)) if (mounts.has(node)) return true;
  return false;
}

/**
 * sudo and sshd as real files at the usual places. A name that is another program's hardlink (busybox installed
 * with `--install`) or a symlink to one is an applet, not the program: not listed.
 */
function findPrograms(replay: OverlayReplay): ProgramFact[] {
  const paths = replay.trees.paths;
  const found: ProgramFact[] = [];
  for (const program of PROGRAMS) {
    for (const directory of PROGRAM_DIRECTORIES) {
      const id = paths.lookup(`${directory}/${program}`);
      if (id === undefined || replay.state[id] !== NODE_FILE) continue;
      const copy = replay.copyOf[id] as number;
      if (copy >= 0 && paths.name(replay.copyPath[copy] as number) !== program) continue;
      found.push({ program, path: `/${directory}/${program}`, layer: replay.nodeLayer[id] as number });
    }
  }
  return found;
}

function readAccounts(replay: OverlayReplay): AccountFacts {
  return {
    passwd: readAccountFile(replay, 'etc/passwd', parsePasswd),
    shadow: readAccountFile(replay, 'etc/shadow', parseShadow),
    group: readAccountFile(replay, 'etc/group', parseGroup),
  };
}

function readAccountFile<T>(
  replay: OverlayReplay,
  path: string,
  parse: (bytes: Buffer) => ParsedAccountFile<T>,
): AccountFileFacts<T> {
  const empty = { path: `/${path}`, entries: [], invalidLines: 0 };
  const id = replay.trees.paths.lookup(path);
  const node = id === undefined ? NODE_ABSENT : replay.state[id];
  if (id === undefined || node === NODE_ABSENT) return { ...empty, state: 'absent', layer: -1 };
  const layer = replay.nodeLayer[id] as number;
  const copy = replay.copyOf[id] as number;
  if (node !== NODE_FILE || copy < 0) return { ...empty, state: 'unreadable', layer };
  const body = replay.trees.captured(replay.copyLayer[copy] as number, replay.copyRow[copy] as number);
  const size = replay.copyBytes[copy] as number;
  // A hardlink to a file written under another name: its body was not captured.
  if (!body) return { ...empty, state: 'unreadable', layer, size };
  if (!body.bytes) return { ...empty, state: 'too-large', layer, size };
  return { ...parse(body.bytes), path: `/${path}`, state: 'read', layer, size };
}
