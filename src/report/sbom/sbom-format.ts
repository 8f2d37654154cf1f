/** The SBOM formats `--sbom` / `sbom` take: CycloneDX 1.6 JSON and SPDX 2.3 JSON. */
export type SbomFormat = 'cyclonedx' | 'spdx';
export const SBOM_FORMATS: readonly SbomFormat[] = ['cyclonedx', 'spdx'];
