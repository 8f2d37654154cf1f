import type { Finding, Location } from '../model/findings.js';
import { formatBytes } from '../util/units.js';
import type { CheckContext } from './context.js';
import { layerLabel, layerLocation } from './layer-origin.js';
import { makeFinding } from './make-finding.js';
import { plural } from '../util/plural.js';
import { md, type Message } from '../util/markdown-message.js';

/** layers.max, layers.maxLayerSize, and from the layer contents layers.maxWasted and layers.minEfficiency. */
export function checkLayers(context: CheckContext): Finding[] {
  const { image, rules } = context;
  const findings: Finding[] = [];
  const maxLayers = rules.layers.max;
  if (maxLayers !== undefined && image.layers.length > maxLayers) {
    findings.push(
      makeFinding('layers/max', context, {
        message: md`Image has ${plural(image.layers.length, 'layer')}, more than the ${maxLayers} allowed (layers.max).`,
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
          message: md`Layer ${index + 1} is ${formatBytes(layer.size)}, over the ${formatBytes(maxLayerSize.bytes)} budget (layers.maxLayerSize)${createdBy ? md`; made by: ${abbreviate(createdBy)}` : md``}.`,
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
  return [...findings, ...checkWaste(context)];
}

/**
 * layers.maxWasted points at the instruction that wrote the most wasted bytes (where the fix goes: clean up in the
 * same RUN) and names the one that removed them; layers.minEfficiency is image-wide. Both need the layer contents,
 * which a Trivy report alone does not give: then they report nothing.
 */
function checkWaste(context: CheckContext): Finding[] {
  const { rules } = context;
  const contents = context.image.contents;
  if (!contents) return [];
  const findings: Finding[] = [];
  const worst = contents.wastedByLayer[0];
  const largest = contents.topWasted[0];
  const most: Message = worst
    ? md` Most of it, ${formatBytes(worst.bytes)} in ${plural(worst.files, 'file')}, was written by ${layerLabel(context, worst.layer)} and ${
        worst.removedBy === worst.layer
          ? md`overwritten in the same layer`
          : md`removed by ${layerLabel(context, worst.removedBy)}`
      }${largest ? md`; the largest wasted file is ${largest.path} (${formatBytes(largest.bytes)})` : md``}.`
    : md``;
  const efficiency = percent(contents.efficiency);
  const maxWasted = rules.layers.maxWasted;
  if (maxWasted && contents.wastedBytes > maxWasted.bytes) {
    findings.push(
      makeFinding('layers/max-wasted', context, {
        message: md`Layers waste ${formatBytes(contents.wastedBytes)} (${percent(contents.wastedBytes / contents.totalBytes)} of ${formatBytes(contents.totalBytes)}), over the ${formatBytes(maxWasted.bytes)} budget (layers.maxWasted).${most}`,
        location: worst ? layerLocation(context, worst.layer) : context.imageLocation,
        properties: {
          wastedBytes: contents.wastedBytes,
          limitBytes: maxWasted.bytes,
          limit: maxWasted.text,
          efficiency: contents.efficiency,
          ...(worst ? { writtenByLayer: worst.layer + 1, removedByLayer: worst.removedBy + 1 } : {}),
        },
      }),
    );
  }
  const minEfficiency = rules.layers.minEfficiency;
  if (minEfficiency !== undefined && contents.efficiency < minEfficiency) {
    findings.push(
      makeFinding('layers/min-efficiency', context, {
        message: md`Layer efficiency is ${efficiency}: ${formatBytes(contents.finalBytes)} of the ${formatBytes(contents.totalBytes)} in the layers reach the final filesystem, below the minimum of ${percent(minEfficiency)} (layers.minEfficiency); ${formatBytes(contents.wastedBytes)} are wasted.${most}`,
        location: context.imageLocation,
        properties: {
          efficiency: contents.efficiency,
          minimum: minEfficiency,
          finalBytes: contents.finalBytes,
          totalBytes: contents.totalBytes,
          wastedBytes: contents.wastedBytes,
        },
      }),
    );
  }
  return findings;
}

/** `84.9%`; never rounds a value below 100% up to 100%. */
export function percent(fraction: number): string {
  const value = Math.floor(fraction * 1000) / 10;
  return `${value.toFixed(1)}%`;
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
