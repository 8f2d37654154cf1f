import { COSIGN_BUNDLE, type CosignSignatureLayer } from './signatures.js';

/** Edits tests make to a signature after signing: to show that each signed part is checked. */

/** cosign's Rekor bundle annotation of a layer, parsed (throws when the layer has none). */
export function rekorBundleOf(layer: CosignSignatureLayer): {
  SignedEntryTimestamp: string;
  Payload: { body: string; integratedTime: number; logIndex: number; logID: string };
} {
  const text = layer.annotations[COSIGN_BUNDLE];
  if (text === undefined) throw new Error('the layer has no Rekor bundle annotation');
  return JSON.parse(text) as ReturnType<typeof rekorBundleOf>;
}

/** The layer with one annotation replaced, or removed when `value` is undefined. */
export function withAnnotation(
  layer: CosignSignatureLayer,
  key: string,
  value: string | undefined,
): CosignSignatureLayer {
  const annotations = { ...layer.annotations };
  if (value === undefined) delete annotations[key];
  else annotations[key] = value;
  return { ...layer, annotations };
}

/** Base64 text with one bit of its middle byte flipped. */
export function flipBase64(text: string): string {
  const bytes = Buffer.from(text, 'base64');
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = bytes[middle]! ^ 0x01;
  return bytes.toString('base64');
}

/** A PEM certificate with one bit of its DER flipped. */
export function flipPem(pem: string): string {
  const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${flipBase64(body)}\n-----END CERTIFICATE-----\n`;
}
