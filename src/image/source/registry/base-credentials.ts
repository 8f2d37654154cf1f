import { parseImageReference, type ImageReference } from '../../../model/image-reference.js';
import { PASSWORD_VARIABLE, USERNAME_VARIABLE } from './credentials.js';

/**
 * IMAGEGATE_REGISTRY_USERNAME/PASSWORD are the credentials of the image under test's registry: a base in another
 * registry (Docker Hub, a vendor's) must not receive them. It gets what Docker's config holds for that registry
 * (per-registry by construction), or nothing. `imageReference` is the image's registry reference, when it was read
 * from one.
 */
export function baseRegistryEnvironment(
  base: ImageReference,
  imageReference: string | undefined,
  environment: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const imageRegistry = imageReference ? parseImageReference(imageReference).registry : undefined;
  if (imageRegistry === base.registry) return environment;
  const { [USERNAME_VARIABLE]: _user, [PASSWORD_VARIABLE]: _password, ...rest } = environment;
  return rest;
}
