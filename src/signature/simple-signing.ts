/**
 * cosign's payload ("simple signing", containers/image's `atomic container signature`): the JSON a `.sig` layer
 * holds, naming the image's manifest digest under `critical.image.docker-manifest-digest`. A signature over it is a
 * signature over that digest only if it names this digest, so the payload is read before any key is tried.
 */
export interface SimpleSigningPayload {
  manifestDigest: string;
  identity: string | undefined;
}

export function parseSimpleSigning(payload: Buffer): { payload: SimpleSigningPayload } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return { problem: 'the payload is not JSON (expected a cosign simple-signing payload)' };
  }
  const critical = (json as { critical?: unknown } | null)?.critical as Record<string, unknown> | undefined;
  const image = critical?.image as Record<string, unknown> | undefined;
  const type = critical?.type;
  const digest = image?.['docker-manifest-digest'];
  if (type !== 'cosign container image signature' && type !== 'atomic container signature') {
    return { problem: 'the payload is not a simple-signing payload (critical.type)' };
  }
  if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    return { problem: 'the payload names no sha256 manifest digest (critical.image.docker-manifest-digest)' };
  }
  const reference = (critical?.identity as Record<string, unknown> | undefined)?.['docker-reference'];
  return { payload: { manifestDigest: digest, identity: typeof reference === 'string' ? reference : undefined } };
}
