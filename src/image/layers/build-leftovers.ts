import type { BuildLeftovers, PackageCacheFact, PackageCacheKind, ToolchainFact } from './content-facts.js';
import { NODE_ABSENT, NODE_DIRECTORY, NODE_FILE, NODE_SYMLINK, type OverlayReplay } from './overlay-replay.js';

/**
 * What a build leaves in the final filesystem that a runtime image does not need: package-manager caches and
 * lists, and compilers or build tools. Only well-known locations are looked at (a pattern component may be `*` or
 * `prefix-*`), so the cost is the size of those directories, not of the image. A symlinked directory
 * (`/etc/apk/cache` → `/var/cache/apk`) is not followed: its target is counted where it lives.
 */

const CACHES: ReadonlyArray<{ kind: PackageCacheKind; patterns: string[] }> = [
  { kind: 'apt-lists', patterns: ['var/lib/apt/lists'] },
  { kind: 'apt-cache', patterns: ['var/cache/apt'] },
  { kind: 'apk-cache', patterns: ['var/cache/apk', 'etc/apk/cache'] },
  { kind: 'dnf-cache', patterns: ['var/cache/dnf'] },
  { kind: 'yum-cache', patterns: ['var/cache/yum'] },
  { kind: 'pip-cache', patterns: ['root/.cache/pip', 'home/*/.cache/pip'] },
  { kind: 'npm-cache', patterns: ['root/.npm', 'home/*/.npm'] },
  {
    kind: 'yarn-cache',
    patterns: [
      'usr/local/share/.cache/yarn',
      'root/.cache/yarn',
      'home/*/.cache/yarn',
      'root/.yarn/berry/cache',
      'home/*/.yarn/berry/cache',
    ],
  },
  { kind: 'go-build-cache', patterns: ['root/.cache/go-build', 'home/*/.cache/go-build'] },
  { kind: 'go-module-cache', patterns: ['go/pkg/mod', 'root/go/pkg/mod', 'home/*/go/pkg/mod'] },
  // Whatever else is in a home's ~/.cache (the directories above are counted as themselves, not again here).
  { kind: 'user-cache', patterns: ['root/.cache', 'home/*/.cache'] },
];

const BIN_DIRECTORIES = [
  'bin',
  'usr/bin',
  'usr/local/bin',
  'usr/local/go/bin',
  'usr/lib/go-*/bin',
  'usr/local/cargo/bin',
  'root/.cargo/bin',
  'home/*/.cargo/bin',
  'usr/lib/jvm/*/bin',
  'opt/java/openjdk/bin',
  'usr/local/openjdk-*/bin',
];

const TRIPLET = String.raw`(?:[a-z0-9_]+-(?:[a-z0-9_]+-)?linux-gnu[a-z]*-)?`;

/** Each tool: how its program is named, and the directories that belong to it (`$HOME` = the program's parent dir's parent). */
const TOOLS: ReadonlyArray<{ tool: string; name: RegExp; homes: string[] }> = [
  {
    tool: 'gcc',
    name: new RegExp(String.raw`^${TRIPLET}gcc(?:-\d+(?:\.\d+)*)?$`),
    homes: ['usr/lib/gcc', 'usr/libexec/gcc'],
  },
  { tool: 'g++', name: new RegExp(String.raw`^${TRIPLET}g\+\+(?:-\d+(?:\.\d+)*)?$`), homes: ['usr/include/c++'] },
  { tool: 'clang', name: /^clang(?:-\d+)?$/, homes: ['usr/lib/llvm-*', 'usr/lib/clang'] },
  { tool: 'make', name: /^g?make$/, homes: [] },
  { tool: 'cmake', name: /^cmake$/, homes: ['usr/share/cmake', 'usr/share/cmake-*'] },
  { tool: 'go', name: /^go$/, homes: ['usr/local/go', 'usr/lib/go-*'] },
  { tool: 'rustc', name: /^rustc$/, homes: ['usr/local/rustup', 'root/.rustup', 'home/*/.rustup'] },
  { tool: 'cargo', name: /^cargo$/, homes: ['usr/local/cargo', 'root/.cargo', 'home/*/.cargo'] },
  { tool: 'javac', name: /^javac$/, homes: ['$HOME'] },
];

export function findBuildLeftovers(replay: OverlayReplay): BuildLeftovers {
  return { packageCaches: packageCaches(replay), toolchains: toolchains(replay) };
}

function packageCaches(replay: OverlayReplay): PackageCacheFact[] {
  const found: PackageCacheFact[] = [];
  const claimed = new Set<number>();
  for (const { kind, patterns } of CACHES) {
    for (const pattern of patterns) {
      for (const directory of expand(replay, pattern, NODE_DIRECTORY)) {
        if (claimed.has(directory)) continue;
        claimed.add(directory);
        const usage = subtreeUsage(replay, directory, claimed);
        if (usage.bytes === 0) continue;
        found.push({
          kind,
          path: `/${replay.trees.paths.path(directory)}`,
          bytes: usage.bytes,
          files: usage.files,
          layer: usage.layer,
        });
      }
    }
  }
  return found.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}

function toolchains(replay: OverlayReplay): ToolchainFact[] {
  const paths = replay.trees.paths;
  const programs = new Map<string, number[]>();
  for (const pattern of BIN_DIRECTORIES) {
    for (const directory of expand(replay, pattern, NODE_DIRECTORY)) {
      for (let child = paths.firstChild(directory); child !== -1; child = paths.nextSibling(child)) {
        const state = replay.state[child];
        if (state !== NODE_FILE && state !== NODE_SYMLINK) continue;
        const tool = TOOLS.find((candidate) => candidate.name.test(paths.name(child)));
        if (tool) programs.set(tool.tool, [...(programs.get(tool.tool) ?? []), child]);
      }
    }
  }
  const found: ToolchainFact[] = [];
  for (const tool of TOOLS) {
    const candidates = programs.get(tool.tool);
    if (!candidates) continue;
    // The program itself rather than a symlink to it; then the first by path, for a stable answer.
    const ranked = [...candidates].sort(
      (a, b) =>
        Number(replay.state[b] === NODE_FILE) - Number(replay.state[a] === NODE_FILE) ||
        paths.path(a).localeCompare(paths.path(b)),
    );
    const program = ranked[0] as number;
    const counted = new Set<number>();
    let bytes = 0;
    for (const candidate of candidates) bytes += fileBytes(replay, candidate, counted);
    const home = paths.parent(paths.parent(program));
    for (const pattern of tool.homes) {
      const roots = pattern === '$HOME' ? (home > 0 ? [home] : []) : expand(replay, pattern, NODE_DIRECTORY);
      for (const root of roots) bytes += subtreeUsage(replay, root, new Set(), counted).bytes;
    }
    found.push({ tool: tool.tool, path: `/${paths.path(program)}`, bytes, layer: replay.nodeLayer[program] as number });
  }
  return found;
}

/** Live nodes matching a path pattern whose components may be `*` or `prefix*`, of the given state. */
function expand(replay: OverlayReplay, pattern: string, state: number): number[] {
  const paths = replay.trees.paths;
  let nodes = [0];
  for (const component of pattern.split('/')) {
    const next: number[] = [];
    const star = component.indexOf('*');
    for (const node of nodes) {
      if (star < 0) {
        const path = node === 0 ? component : `${paths.path(node)}/${component}`;
        const id = paths.lookup(path);
        if (id !== undefined && replay.state[id] !== NODE_ABSENT) next.push(id);
        continue;
      }
      const prefix = component.slice(0, star);
      for (let child = paths.firstChild(node); child !== -1; child = paths.nextSibling(child)) {
        if (replay.state[child] !== NODE_ABSENT && paths.name(child).startsWith(prefix)) next.push(child);
      }
    }
    nodes = next.filter((node) => replay.state[node] === NODE_DIRECTORY);
  }
  return nodes.filter((node) => replay.state[node] === state).sort((a, b) => a - b);
}

/** Bytes, files and main writer of the live files below `root`; `skip` directories are left out. */
function subtreeUsage(
  replay: OverlayReplay,
  root: number,
  skip: ReadonlySet<number>,
  counted = new Set<number>(),
): { bytes: number; files: number; layer: number } {
  const paths = replay.trees.paths;
  const perLayer = new Map<number, number>();
  let bytes = 0;
  let files = 0;
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (replay.state[node] === NODE_DIRECTORY) {
      for (let child = paths.firstChild(node); child !== -1; child = paths.nextSibling(child)) {
        if (replay.state[child] !== NODE_ABSENT && !skip.has(child)) stack.push(child);
      }
      continue;
    }
    const added = fileBytes(replay, node, counted);
    if (replay.state[node] !== NODE_FILE) continue;
    files += 1;
    bytes += added;
    const layer = replay.copyLayer[replay.copyOf[node] as number] as number;
    perLayer.set(layer, (perLayer.get(layer) ?? 0) + added);
  }
  let layer = -1;
  let most = -1;
  for (const [candidate, layerBytes] of perLayer) {
    if (layerBytes > most || (layerBytes === most && candidate < layer)) {
      layer = candidate;
      most = layerBytes;
    }
  }
  return { bytes, files, layer };
}

/** The bytes of a file node's copy, once per copy (hardlinks share one). */
function fileBytes(replay: OverlayReplay, node: number, counted: Set<number>): number {
  if (replay.state[node] !== NODE_FILE) return 0;
  const copy = replay.copyOf[node] as number;
  if (counted.has(copy)) return 0;
  counted.add(copy);
  return replay.copyBytes[copy] as number;
}
