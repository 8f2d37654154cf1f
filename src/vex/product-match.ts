import { parsePurl, purlCovers, type Purl } from './purl.js';
import type { VexImageIdentity } from './image-identity.js';
import type { VexProduct } from './types.js';

/**
 * Which findings a product of a statement speaks about:
 * - an image purl (`pkg:oci/name[@sha256:…][?repository_url=…&tag=…]`) that names this image — by digest, or by
 *   repository (the name, and `repository_url` when given) with or without a tag — covers every finding of the
 *   statement's vulnerability, or with `subcomponents` only the findings whose package purl one of them covers;
 * - any other purl is a package: it covers the findings whose package purl it covers;
 * - anything else (a CycloneDX `bom-ref` without a purl, a URL) names nothing imagegate can see.
 */
export type ProductTest = (findingPurl: Purl | undefined) => boolean;

export function compileProduct(product: VexProduct, image: VexImageIdentity): ProductTest {
  const purls = [product.id, ...product.purls].map(parsePurl).filter((purl): purl is Purl => purl !== undefined);
  const subcomponents = product.subcomponents.map(parsePurl).filter((purl): purl is Purl => purl !== undefined);
  const imagePurls = purls.filter((purl) => purl.type === 'oci');
  if (imagePurls.length > 0) {
    if (!imagePurls.some((purl) => namesImage(purl, image))) return () => false;
    if (product.subcomponents.length === 0) return () => true;
    return (findingPurl) => findingPurl !== undefined && subcomponents.some((sub) => purlCovers(sub, findingPurl));
  }
  if (purls.length === 0) return () => false;
  return (findingPurl) => findingPurl !== undefined && purls.some((purl) => purlCovers(purl, findingPurl));
}

function namesImage(purl: Purl, image: VexImageIdentity): boolean {
  const repositoryUrl = purl.qualifiers.get('repository_url');
  const tag = purl.qualifiers.get('tag');
  if (purl.version !== undefined) {
    if (!image.digests.includes(purl.version.toLowerCase())) return false;
    // The digest is the image; a repository or tag written beside it must still not contradict what is known.
    if (repositoryUrl === undefined && tag === undefined) return true;
  }
  return image.references.some(
    (reference) =>
      lastSegment(reference.repository) === purl.name.toLowerCase() &&
      (repositoryUrl === undefined || sameRepository(repositoryUrl, reference)) &&
      (tag === undefined || reference.tag === tag),
  );
}

function sameRepository(url: string, reference: { registry: string; repository: string }): boolean {
  const written = url
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '');
  const registry =
    reference.registry === 'docker.io'
      ? ['docker.io', 'index.docker.io', 'registry-1.docker.io']
      : [reference.registry];
  const repositories =
    reference.registry === 'docker.io' && reference.repository.startsWith('library/')
      ? [reference.repository, reference.repository.slice('library/'.length)]
      : [reference.repository];
  return registry.some((host) => repositories.some((repository) => written === `${host}/${repository}`));
}

function lastSegment(repository: string): string {
  return repository.slice(repository.lastIndexOf('/') + 1).toLowerCase();
}
