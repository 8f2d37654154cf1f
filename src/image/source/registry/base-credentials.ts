import { parseImageReference, type ImageReference } from '../../../model/image-reference.js';
import { PASSWORD_VARIABLE, USERNAME_VARIABLE } from './credentials.js';
import { trivyRegistryAccess, type TrivyRegistryAccess } from './trivy-access.js';

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

/**
 * How Trivy reaches a base (the newer base the freshness stage scans), by the same rule: in the image's own registry
 * it gets what the image's scan gets; in another registry neither imagegate's credential variables nor the job's
 * inherited TRIVY_USERNAME/TRIVY_PASSWORD/TRIVY_REGISTRY_TOKEN, which Trivy would send to any registry. Docker's
 * config (and its credential helpers) still answers for that registry, per registry by construction.
 */
export function baseTrivyAccess(
  base: ImageReference,
  imageReference: string | undefined,
  environment: Record<string, string | undefined>,
  insecureRegistries: readonly string[] = [],
): TrivyRegistryAccess {
  const ownRegistry = imageReference !== undefined && parseImageReference(imageReference).registry === base.registry;
  const access = trivyRegistryAccess(
    base.normalized,
    baseRegistryEnvironment(base, imageReference, environment),
    insecureRegistries,
  );
  return ownRegistry ? access : { ...access, dropInheritedCredentials: true };
}
