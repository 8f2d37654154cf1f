import type { Finding } from '../model/findings.js';
import { formatBytes } from '../util/units.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';
import { md, type Message } from '../util/markdown-message.js';

/** size.max and size.maxCompressed: the whole image against its budgets. */
export function checkSize(context: CheckContext): Finding[] {
  const { image, rules } = context;
  const findings: Finding[] = [];
  const max = rules.size.max;
  if (max && image.size > max.bytes) {
    findings.push(
      makeFinding('size/max', context, {
        message: md`Image is ${formatBytes(image.size)}, over its ${formatBytes(max.bytes)} budget (size.max) by ${formatBytes(image.size - max.bytes)}.${largestLayerHint(context)}`,
        location: context.imageLocation,
        properties: { actualBytes: image.size, limitBytes: max.bytes, limit: max.text },
      }),
    );
  }
  const maxCompressed = rules.size.maxCompressed;
  if (maxCompressed && image.compressedSize !== undefined && image.compressedSize > maxCompressed.bytes) {
    findings.push(
      makeFinding('size/max-compressed', context, {
        message: md`Compressed image is ${formatBytes(image.compressedSize)}, over its ${formatBytes(maxCompressed.bytes)} budget (size.maxCompressed) by ${formatBytes(image.compressedSize - maxCompressed.bytes)}.`,
        location: context.imageLocation,
        properties: { actualBytes: image.compressedSize, limitBytes: maxCompressed.bytes, limit: maxCompressed.text },
      }),
    );
  }
  return findings;
}

/** Names the biggest layer and its line, since that is where a person starts trimming. */
function largestLayerHint(context: CheckContext): Message {
  const { layers } = context.image;
  if (layers.length === 0) return md``;
  let largest = 0;
  layers.forEach((layer, index) => {
    if (layer.size > (layers[largest]?.size ?? 0)) largest = index;
  });
  const origin = context.layerOrigins[largest];
  const where = origin ? md` (${`${origin.path}:${origin.line}`})` : md``;
  // `layer 3`, never `#3`, which GitHub would link to issue 3.
  return md` The largest layer is layer ${largest + 1}${where} with ${formatBytes(layers[largest]?.size ?? 0)}.`;
}
