import type { ComposeMap, ComposeNode, ComposeProject, ComposeService } from '../../../src/compose/types.js';

/**
 * Builds compose models by hand, for cases the loader would normalize away (a `read_only` that is still a string,
 * nodes without `baseDir`). Every node gets its own line in `file`, in depth-first order, so positions are
 * distinct and predictable: the first value is line 1.
 */
export function buildNode(value: unknown, file = 'compose.yaml', counter = { line: 0 }): ComposeNode {
  counter.line += 1;
  const position = { path: file, line: counter.line, column: 1 };
  if (Array.isArray(value)) {
    return { kind: 'sequence', items: value.map((item) => buildNode(item, file, counter)), position };
  }
  if (value !== null && typeof value === 'object') {
    const entries = new Map<string, { keyPosition: typeof position; value: ComposeNode }>();
    for (const [key, item] of Object.entries(value)) {
      entries.set(key, { keyPosition: { ...position }, value: buildNode(item, file, counter) });
    }
    return { kind: 'map', entries, position };
  }
  return { kind: 'scalar', value: value as string | number | boolean | null, position };
}

/** A project of services given as plain bodies, rooted at `projectDir`. */
export function buildProject(
  services: Record<string, Record<string, unknown>>,
  options: { projectDir?: string; volumes?: Record<string, unknown>; homeDir?: string; file?: string } = {},
): ComposeProject {
  const projectDir = options.projectDir ?? '/srv/app';
  const file = options.file ?? 'compose.yaml';
  const counter = { line: 0 };
  const built: ComposeService[] = Object.entries(services).map(([name, body]) => ({
    name,
    body: buildNode(body, file, counter) as ComposeMap,
    position: { path: file, line: 1, column: 1 },
    profiles: [],
    workingDir: projectDir,
  }));
  return {
    name: 'app',
    projectDir,
    files: [file],
    services: built,
    volumes: options.volumes ? (buildNode(options.volumes, file, counter) as ComposeMap) : undefined,
    warnings: [],
    ...(options.homeDir ? { homeDir: options.homeDir } : {}),
  };
}
