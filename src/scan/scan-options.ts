/** Which Trivy scanners run. */
export type TrivyScanner = 'vuln' | 'secret' | 'license';

/** Whether and how the image is scanned for vulnerabilities. */
export type ScanOptions =
  | { kind: 'skip' }
  /** A Trivy JSON report the user already has. */
  | { kind: 'report'; file: string }
  | {
      kind: 'trivy';
      /** Trivy version to use; undefined = a supported trivy on PATH, else the pinned default. */
      version?: string;
      scanners: TrivyScanner[];
      /** Trivy duration, e.g. `10m`. */
      timeout?: string;
      /** DB repositories in order of preference; undefined = the default mirror list. */
      dbRepositories?: string[];
      javaDbRepositories?: string[];
      /** Stable Trivy cache dir (DB, Java DB); undefined = the entry point's default. */
      cacheDir?: string;
      /** SHA-256 of the Trivy release archive or binary the workflow vouches for (lower-case hex). */
      sha256?: string;
      /** Run an unpinned version vouched for only by its server's checksums file; the summary says so. */
      trustOnFirstUse?: boolean;
      /**
       * Set when the user chose `scanners` (the option as the entry point names it: `--scanners`, `scanners`): the
       * list is then run as given. Unset: `vuln`, plus what the policy needs (src/pipeline/scanner-choice.ts).
       */
      scannersOption?: string;
    };
