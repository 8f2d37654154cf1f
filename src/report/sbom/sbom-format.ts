/** The SBOM formats `--sbom` / `sbom` take: CycloneDX 1.6 JSON and SPDX 2.3 JSON. */
export type SbomFormat = 'cyclonedx' | 'spdx';
export const SBOM_FORMATS: readonly SbomFormat[] = ['cyclonedx', 'spdx'];

// The names and sentences other modules need without the SBOM writers: those load @cyclonedx/cyclonedx-library and
// packageurl-js, which a run that asks for no SBOM never uses, so they are import()ed only when one is asked for.

/** The CycloneDX SBOM's file name, beside imagegate.json. */
export const CYCLONEDX_FILE_NAME = 'imagegate.cdx.json';
/** The SPDX SBOM's file name, beside imagegate.json. */
export const SPDX_FILE_NAME = 'imagegate.spdx.json';

export const VULNERABLE_ONLY_NOTE =
  'the Trivy report lists no packages (it was made without --list-all-pkgs): this SBOM lists only the packages ' +
  'its vulnerabilities name';
