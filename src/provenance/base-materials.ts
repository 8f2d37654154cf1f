import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import { ConfigurationError } from '../util/errors.js';
import type { ProvenanceMaterial } from './types.js';

/** A container image among the provenance's materials: what BuildKit records for every FROM it resolved. */
export interface BaseMaterial {
  /** The material's URI as written (untrusted). */
  uri: string;
  /** The image it names; undefined when the purl names no valid reference. */
  reference?: ImageReference;
  /** The sha256 digest the build resolved, when recorded. */
  digest?: string;
}

const IMAGE_PURL = /^pkg:(docker|oci)\//;

/**
 * The image materials: package URLs `pkg:docker/<name>@<tag or digest>?platform=…` (BuildKit, v0.2 and v1) and
 * `pkg:oci/…`. Other materials (git sources, HTTP downloads, local contexts) are not bases.
 */
export function baseMaterials(materials: readonly ProvenanceMaterial[]): BaseMaterial[] {
  return materials
    .filter((material) => IMAGE_PURL.test(material.uri))
    .map((material) => {
      const digest = material.digests.find((value) => value.startsWith('sha256:'));
      const reference = purlReference(material.uri);
      return { uri: material.uri, ...(reference ? { reference } : {}), ...(digest ? { digest } : {}) };
    });
}

/** `pkg:docker/alpine@latest?platform=…` → `alpine:latest`; `…@sha256%3A…` → `alpine@sha256:…`. */
function purlReference(uri: string): ImageReference | undefined {
  const body = uri.replace(IMAGE_PURL, '').split(/[?#]/, 1)[0] ?? '';
  const at = body.lastIndexOf('@');
  let name = body;
  let version: string | undefined;
  if (at > 0) {
    name = body.slice(0, at);
    version = body.slice(at + 1);
  }
  let text: string;
  try {
    name = decodeURIComponent(name);
    version = version === undefined ? undefined : decodeURIComponent(version);
  } catch {
    return undefined;
  }
  if (version === undefined || version === '') text = name;
  else text = /^[a-z0-9]+:/.test(version) ? `${name}@${version}` : `${name}:${version}`;
  try {
    return parseImageReference(text);
  } catch (error) {
    if (error instanceof ConfigurationError) return undefined;
    throw error;
  }
}
