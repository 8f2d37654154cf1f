import type { Location } from '../model/findings.js';
import type { CheckContext } from './context.js';

/**
 * Where a scan finding points, from the layer that brought it in (Trivy's `Layer.DiffID`): the instruction that
 * made the layer (base-image layers map to their FROM line), else the Dockerfile's first line when there is a
 * Dockerfile (a layer the history could not place, or one this image does not have), else the image and layer.
 * Returns a function so the layer index is built once for a whole report.
 */
export function scanLocator(
  context: Pick<CheckContext, 'image' | 'layerOrigins' | 'dockerfile' | 'imageName'>,
): (layerDiffId: string | undefined) => Location {
  const indexByDiffId = new Map<string, number>();
  context.image.layers.forEach((layer, index) => {
    if (!indexByDiffId.has(layer.diffId)) indexByDiffId.set(layer.diffId, index);
  });
  const dockerfileTop: Location | undefined = context.dockerfile
    ? { kind: 'source', path: context.dockerfile.path, line: 1 }
    : undefined;
  return (layerDiffId) => {
    const index = layerDiffId === undefined ? undefined : indexByDiffId.get(layerDiffId);
    const origin = index === undefined ? undefined : context.layerOrigins[index];
    if (origin) return origin;
    if (dockerfileTop) return dockerfileTop;
    return { kind: 'image', image: context.imageName, ...(layerDiffId ? { layer: layerDiffId } : {}) };
  };
}
