import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readDockerfile } from '../src/dockerfile/parse.js';
import type { Instruction, Stage } from '../src/dockerfile/types.js';
import { writeImageArchive, type ImageSpec, type StepSpec } from '../tools/archive/archive-writer.js';
import type { LayerEntrySpec } from '../tools/archive/layer-writer.js';

/**
 * Writes a `docker save` archive of a Dockerfile built FROM scratch without a Docker daemon, using imagegate's own
 * archive writer: what the demo checks on a machine without Docker. It understands what examples/Dockerfile uses
 * (stages FROM scratch, COPY from the context or `--from` a stage, and metadata instructions) and records history
 * the way BuildKit does, so findings land on the same lines as for a real build. Anything else is refused.
 */
export async function writeExampleArchive(options: {
  context: string;
  dockerfile: string;
  tag: string;
  out: string;
}): Promise<void> {
  const dockerfile = await readDockerfile(options.dockerfile, { displayPath: options.dockerfile });
  const filesystems: StageFiles[] = [];
  let spec: ImageSpec | undefined;
  for (const stage of dockerfile.stages) {
    const built = await buildStage(stage, options.context, filesystems);
    filesystems.push({ name: stage.name, files: built.files });
    spec = { ...built.spec, repoTags: [options.tag] };
  }
  if (!spec) throw new Error(`${options.dockerfile} has no stages`);
  await writeImageArchive(options.out, spec, { format: 'docker-legacy' });
}

interface StageFiles {
  name: string | undefined;
  files: Map<string, Buffer>;
}

interface BuiltStage {
  files: Map<string, Buffer>;
  spec: ImageSpec;
}

async function buildStage(stage: Stage, context: string, earlier: StageFiles[]): Promise<BuiltStage> {
  if (!stage.from.isScratch) throw new Error(`line ${stage.from.line}: only FROM scratch is supported without Docker`);
  const files = new Map<string, Buffer>();
  const steps: StepSpec[] = [];
  const config: NonNullable<ImageSpec['config']> = {};
  for (const instruction of stage.instructions) {
    switch (instruction.keyword) {
      case 'COPY': {
        const copied = await copy(instruction, context, earlier);
        for (const [file, content] of copied) files.set(file, content);
        const [dest = ''] = words(instruction.body).slice(-1);
        const sources = words(instruction.body).slice(0, -1);
        steps.push({ createdBy: `COPY ${sources.join(' ')} ${dest} # buildkit`, entries: entriesFor(copied) });
        break;
      }
      case 'LABEL': {
        const labels = keyValues(instruction.body);
        config.Labels = { ...config.Labels, ...labels };
        const text = Object.entries(labels).map(([key, value]) => `${key}=${value}`);
        steps.push({ createdBy: `LABEL ${text.join(' ')}`, emptyLayer: true });
        break;
      }
      case 'USER':
        config.User = instruction.body.trim();
        steps.push({ createdBy: `USER ${config.User}`, emptyLayer: true });
        break;
      case 'WORKDIR':
        config.WorkingDir = instruction.body.trim();
        // BuildKit commits WORKDIR as a layer holding the directory.
        steps.push({ createdBy: `WORKDIR ${config.WorkingDir}`, entries: [{ path: config.WorkingDir, type: 'dir' }] });
        break;
      case 'EXPOSE': {
        const ports = words(instruction.body).map((port) => (port.includes('/') ? port : `${port}/tcp`));
        config.ExposedPorts = ports;
        steps.push({ createdBy: `EXPOSE map[${ports.map((port) => `${port}:{}`).join(' ')}]`, emptyLayer: true });
        break;
      }
      case 'ENTRYPOINT':
      case 'CMD': {
        const argv = instruction.execForm ?? ['/bin/sh', '-c', instruction.body];
        if (instruction.keyword === 'CMD') config.Cmd = argv;
        else config.Entrypoint = argv;
        const quoted = argv.map((arg) => JSON.stringify(arg)).join(' ');
        steps.push({ createdBy: `${instruction.keyword} [${quoted}]`, emptyLayer: true });
        break;
      }
      default:
        throw new Error(`line ${instruction.line}: ${instruction.keyword} needs a Docker daemon to build`);
    }
  }
  return { files, spec: { repoTags: [], config, steps } };
}

/** COPY semantics for plain paths: a directory source copies its contents, a file lands in a `/` destination. */
async function copy(instruction: Instruction, context: string, earlier: StageFiles[]): Promise<Map<string, Buffer>> {
  const args = words(instruction.body);
  const dest = args.pop() ?? '';
  const fromStage = instruction.flags.from;
  const copied = new Map<string, Buffer>();
  for (const source of args) {
    const found = fromStage === undefined ? await readContext(context, source) : readStage(earlier, fromStage, source);
    for (const [relative, content] of found) {
      const target =
        relative === ''
          ? dest.endsWith('/')
            ? path.posix.join(dest, path.posix.basename(source))
            : dest
          : path.posix.join(dest, relative);
      copied.set(target, content);
    }
  }
  return copied;
}

/** Files under `source` keyed by their path relative to it ('' when `source` is a file). */
async function readContext(context: string, source: string): Promise<Map<string, Buffer>> {
  const root = path.join(context, source);
  const found = new Map<string, Buffer>();
  if (!(await stat(root)).isDirectory()) {
    found.set('', await readFile(root));
    return found;
  }
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    found.set(path.relative(root, file).split(path.sep).join('/'), await readFile(file));
  }
  return found;
}

function readStage(earlier: StageFiles[], stage: string, source: string): Map<string, Buffer> {
  const files = (earlier.find((s) => s.name === stage.toLowerCase()) ?? earlier[Number(stage)])?.files;
  if (!files) throw new Error(`COPY --from=${stage}: no earlier stage of that name or index`);
  const prefix = path.posix.normalize(source).replace(/\/$/, '');
  const found = new Map<string, Buffer>();
  for (const [file, content] of files) {
    if (file === prefix) found.set('', content);
    else if (file.startsWith(`${prefix}/`)) found.set(file.slice(prefix.length + 1), content);
  }
  if (found.size === 0) throw new Error(`COPY --from=${stage} ${source}: nothing there`);
  return found;
}

function entriesFor(files: Map<string, Buffer>): LayerEntrySpec[] {
  const dirs = new Set<string>();
  for (const file of files.keys()) {
    for (let dir = path.posix.dirname(file); dir !== '/' && dir !== '.'; dir = path.posix.dirname(dir)) dirs.add(dir);
  }
  const entries: LayerEntrySpec[] = [...dirs].sort().map((dir) => ({ path: dir, type: 'dir' as const, mode: 0o755 }));
  for (const [file, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    entries.push({ path: file, type: 'file', content, mode: 0o644 });
  }
  return entries;
}

function words(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** `a="x y" b=z` → {a: 'x y', b: 'z'} */
function keyValues(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g)) {
    pairs[match[1] ?? ''] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return pairs;
}
