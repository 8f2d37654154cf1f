import path from 'node:path';
import type { ImageReference } from '../model/image-reference.js';
import { parseImageReference } from '../model/image-reference.js';
import type { RuntimeHealthcheck } from '../model/runtime-healthcheck.js';
import { isMapNode, isSequenceNode, mapGet, stringValue } from './loader/node.js';
import type { ComposeNode, ComposeProject, ComposeService } from './types.js';

/** The image imagegate checks, as far as compose services can name it. */
export interface CheckedImage {
  /** Absolute path of the Dockerfile imagegate built or read. */
  dockerfile?: string;
  /** The stage that produced the image: its name (lower-case), and whether it is the Dockerfile's last stage. */
  stage?: { name?: string; isLast: boolean };
  /** The image's reference, when it has one. */
  reference?: ImageReference;
}

/**
 * The healthchecks compose gives containers of the checked image: services that build it (`build:` whose context
 * and Dockerfile are the checked Dockerfile, and whose `target` is the checked stage) or run it (`image:` equal to
 * its reference), with a `healthcheck.test` that is not `NONE` and no `disable: true`. A service's `healthcheck`
 * without `test` only tunes the image's own, so it is not one.
 */
export function composeHealthchecks(projects: readonly ComposeProject[], image: CheckedImage): RuntimeHealthcheck[] {
  const found: RuntimeHealthcheck[] = [];
  for (const project of projects) {
    for (const service of project.services) {
      if (!runsImage(service, image)) continue;
      const entry = service.body.entries.get('healthcheck');
      if (!entry || !isMapNode(entry.value) || !hasTest(entry.value)) continue;
      // The `healthcheck:` key: where a reader finds it.
      const { path: file, line, column } = entry.keyPosition;
      found.push({ kind: 'compose', name: service.name, location: { kind: 'source', path: file, line, column } });
    }
  }
  return found;
}

function hasTest(healthcheck: ComposeNode): boolean {
  const disable = mapGet(healthcheck, 'disable');
  if (disable?.kind === 'scalar' && disable.value === true) return false;
  const test = mapGet(healthcheck, 'test');
  if (!test) return false;
  if (test.kind === 'scalar') return typeof test.value === 'string' && test.value.trim() !== '';
  if (!isSequenceNode(test)) return false;
  const first = stringValue(test.items[0]);
  return (
    first !== undefined && first !== 'NONE' && test.items.length > (first === 'CMD' || first === 'CMD-SHELL' ? 1 : 0)
  );
}

function runsImage(service: ComposeService, image: CheckedImage): boolean {
  return buildsImage(service, image) || namesImage(service, image);
}

function buildsImage(service: ComposeService, image: CheckedImage): boolean {
  if (!image.dockerfile) return false;
  const build = mapGet(service.body, 'build');
  if (!build) return false;
  const contextNode = build.kind === 'scalar' ? build : mapGet(build, 'context');
  const context = stringValue(contextNode) ?? '.';
  const baseDir = contextNode?.baseDir ?? build.baseDir ?? service.workingDir;
  const contextDir = path.resolve(baseDir, context);
  const dockerfileName = stringValue(mapGet(build, 'dockerfile')) ?? 'Dockerfile';
  if (path.resolve(contextDir, dockerfileName) !== path.resolve(image.dockerfile)) return false;
  const target = stringValue(mapGet(build, 'target'));
  if (!image.stage) return target === undefined;
  return target === undefined ? image.stage.isLast : target.toLowerCase() === image.stage.name;
}

function namesImage(service: ComposeService, image: CheckedImage): boolean {
  const written = stringValue(mapGet(service.body, 'image'));
  if (!written || !image.reference) return false;
  try {
    const reference = parseImageReference(written);
    if (reference.digest && image.reference.digest) return reference.digest === image.reference.digest;
    return reference.normalized === image.reference.normalized;
  } catch {
    // An image compose cannot pull either (interpolated to nothing, or malformed): not this one.
    return false;
  }
}
