import { stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkspacePaths } from '../util/workspace-paths.js';

/** What the hygiene rules need to know about a build context (gathered at the edge; checks stay pure). */
export interface BuildContextFacts {
  /** The context directory as reports show it. */
  path: string;
  /**
   * The ignore file the builder would use, as reports show it: `<context>/.dockerignore`, or BuildKit's
   * `<Dockerfile>.dockerignore` beside the Dockerfile, which takes precedence. Undefined when there is none.
   */
  dockerignore?: string;
}

export async function readBuildContextFacts(
  context: string,
  dockerfile: string | undefined,
  displayPath: (file: string) => string,
  paths: WorkspacePaths = WorkspacePaths.unrestricted(),
): Promise<BuildContextFacts> {
  const candidates = [...(dockerfile ? [`${dockerfile}.dockerignore`] : []), path.join(context, '.dockerignore')];
  for (const candidate of candidates) {
    const info = await stat(candidate).catch(() => undefined);
    if (info === undefined || info.isDirectory()) continue;
    // A committed symlink to a file outside the workspace (or a FIFO) is refused, not followed.
    await paths.regularFile(candidate, { what: 'the ignore file', display: displayPath(candidate) });
    if (info.isFile()) return { path: displayPath(context), dockerignore: displayPath(candidate) };
  }
  return { path: displayPath(context) };
}
