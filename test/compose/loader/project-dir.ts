import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadComposeProject, type LoadComposeOptions } from '../../../src/compose/loader/load.js';
import { mapGet } from '../../../src/compose/loader/node.js';
import type { ComposeNode, ComposeProject, ComposeService } from '../../../src/compose/types.js';
import { ConfigurationError } from '../../../src/util/errors.js';

/**
 * A temporary compose project for one test: files written from strings, loaded with the real loader, positions
 * named relative to the directory (as reports name them relative to the repository).
 */
export interface ProjectDir {
  root: string;
  write(files: Record<string, string>): Promise<void>;
  load(options?: Partial<LoadComposeOptions>): Promise<ComposeProject>;
  /** The ConfigurationError a load ends with (fails the test when it loads). */
  loadError(options?: Partial<LoadComposeOptions>): Promise<ConfigurationError>;
}

export function useProjectDir(): () => ProjectDir {
  let current: ProjectDir | undefined;
  const created: string[] = [];
  beforeEach(async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'imagegate-compose-'));
    created.push(root);
    const load = (options: Partial<LoadComposeOptions> = {}): Promise<ComposeProject> =>
      loadComposeProject({
        files: [],
        cwd: root,
        environment: {},
        displayPath: (absolute) => path.relative(root, absolute).split(path.sep).join('/'),
        ...options,
      });
    current = {
      root,
      async write(files) {
        for (const [name, text] of Object.entries(files)) {
          await mkdir(path.dirname(path.join(root, name)), { recursive: true });
          await writeFile(path.join(root, name), text);
        }
      },
      load,
      async loadError(options) {
        try {
          await load(options);
        } catch (error) {
          if (error instanceof ConfigurationError) return error;
          throw error;
        }
        throw new Error('expected the project to fail to load');
      },
    };
  });
  afterAll(async () => {
    await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return () => {
    if (!current) throw new Error('useProjectDir: no project yet');
    return current;
  };
}

export function service(project: ComposeProject, name: string): ComposeService {
  const found = project.services.find((item) => item.name === name);
  if (!found) throw new Error(`no service ${name} in ${project.services.map((item) => item.name).join(', ')}`);
  return found;
}

/** A value inside a service body by keys and list indexes: `at(svc, 'volumes', 0, 'target')`. */
export function at(svc: ComposeService, ...steps: Array<string | number>): ComposeNode {
  let node: ComposeNode | undefined = svc.body;
  for (const step of steps) {
    node = typeof step === 'number' ? (node?.kind === 'sequence' ? node.items[step] : undefined) : mapGet(node, step);
  }
  if (!node) throw new Error(`no value at ${[svc.name, ...steps].join('.')}`);
  return node;
}

/** `file:line:column` of a node, for compact position assertions. */
export function where(node: ComposeNode): string {
  return `${node.position.path}:${node.position.line}:${node.position.column}`;
}
