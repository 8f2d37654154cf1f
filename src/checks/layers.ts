import type { Finding, Location } from '../findings.js';
import { formatBytes } from '../util/units.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';

/** layers.max and layers.maxLayerSize. */
export function checkLayers(context: CheckContext): Finding[] {
  const { image, rules } = context;
  const findings: Finding[] = [];
  const maxLayers = rules.layers.max;
  if (maxLayers !== undefined && image.layers.length > maxLayers) {
    findings.push(
      makeFinding('layers/max', context, {
        message: `Image has ${image.layers.length} layers, more than the ${maxLayers} allowed (layers.max).`,
        location: context.imageLocation,
        properties: { actual: image.layers.length, limit: maxLayers },
      }),
    );
  }
  const maxLayerSize = rules.layers.maxLayerSize;
  if (maxLayerSize) {
    image.layers.forEach((layer, index) => {
      if (layer.size <= maxLayerSize.bytes) return;
      const origin = context.layerOrigins[index];
      const createdBy = layer.historyIndex === undefined ? '' : (image.history[layer.historyIndex]?.createdBy ?? '');
      const location: Location = origin ?? { kind: 'image', image: context.imageName, layer: layer.diffId };
      findings.push(
        makeFinding('layers/max-layer-size', context, {
          message: `Layer #${index + 1} is ${formatBytes(layer.size)}, over the ${maxLayerSize.text} budget (layers.maxLayerSize)${createdBy ? `; made by: ${abbreviate(createdBy)}` : ''}.`,
          location,
          // The instruction text identifies the layer across rebuilds; diffIds change with every content change.
          key: createdBy ? normalizeCreatedBy(createdBy) : `layer-${index}`,
          properties: {
            layer: index + 1,
            diffId: layer.diffId,
            actualBytes: layer.size,
            limitBytes: maxLayerSize.bytes,
          },
        }),
      );
    });
  }
  return findings;
}

function abbreviate(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function normalizeCreatedBy(text: string): string {
  return text
    .replace(/\s+#\s*buildkit\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
