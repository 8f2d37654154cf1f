import type { Location } from '../model/findings.js';
import type { CheckContext } from './context.js';

/** How findings about one layer point at it and name it: the Dockerfile line that made it, else the layer itself. */

/** The instruction that made layer `index` (the FROM line for base-image layers), else the layer in the image. */
export function layerLocation(context: CheckContext, index: number): Location {
  const origin = context.layerOrigins[index];
  if (origin) return origin;
  const layer = context.image.layers[index];
  return { kind: 'image', image: context.imageName, ...(layer ? { layer: layer.diffId } : {}) };
}

/** `layer 3 (Dockerfile:7)`, or `layer 3 (RUN apt-get update && …)` without a Dockerfile; never `#3` (an issue link on GitHub). */
export function layerLabel(context: CheckContext, index: number): string {
  const origin = context.layerOrigins[index];
  if (origin) return `layer ${index + 1} (${origin.path}:${origin.line})`;
  const layer = context.image.layers[index];
  const entry = layer?.historyIndex === undefined ? undefined : context.image.history[layer.historyIndex];
  const createdBy = entry ? shortCreatedBy(entry.createdBy) : '';
  return createdBy ? `layer ${index + 1} (${createdBy})` : `layer ${index + 1}`;
}

/** created_by on one line, without the legacy builder's shell prefix or BuildKit's marker, at most `max` chars. */
export function shortCreatedBy(createdBy: string, max = 80): string {
  const text = createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c\s+/, 'RUN ')
    .replace(/\s+#\s*buildkit\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
