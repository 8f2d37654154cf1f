import type { SecretKind } from './config-secret-patterns.js';
import type { ContentFacts } from './layers/content-facts.js';

/**
 * What an image really is, whatever it was read from (daemon, docker-save archive, OCI layout, registry).
 * Sources fill these facts; checks only read them.
 */

/** `trivy-report`: no image was read; the facts come from a Trivy JSON report's `Metadata` (see from-trivy-report.ts). */
export type ImageSourceKind = 'daemon' | 'docker-archive' | 'oci-layout' | 'registry' | 'trivy-report';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** One entry of the image config's history; `emptyLayer` entries (ENV, USER, …) changed only metadata. */
export interface HistoryEntry {
  createdBy: string;
  created?: string;
  comment?: string;
  emptyLayer: boolean;
  /** Index into `ImageFacts.layers` of the filesystem layer this entry made; undefined for empty entries. */
  layerIndex?: number;
}

/** One filesystem layer, bottom first. */
export interface LayerFacts {
  /** sha256 of the uncompressed layer tar (the config's rootfs.diff_ids). */
  diffId: string;
  /** Digest of the blob as stored or distributed (compressed); undefined when the source does not know it. */
  digest?: string;
  /**
   * Bytes of regular files in the layer (symlinks, directories, hardlinks count 0): what `docker history` shows for
   * layers the engine unpacked from a tar. For layers it committed from a container (legacy builder, `docker
   * commit`), the daemon source reports the engine's number, which also counts symlink target lengths.
   */
  size: number;
  /** Bytes of the blob as distributed; undefined when the source only has the uncompressed tar. */
  compressedSize?: number;
  mediaType?: string;
  /** Index into `ImageFacts.history` of the entry that made this layer; undefined when history is missing. */
  historyIndex?: number;
}

export interface ImageConfigFacts {
  user: string;
  env: string[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  workingDir: string;
  labels: Record<string, string>;
  exposedPorts: string[];
  /** `VOLUME` paths of the config (sorted); absent when it declares none. */
  volumes?: string[];
  /**
   * The HEALTHCHECK test in effect (`["CMD-SHELL", "curl -f …"]`, `["NONE"]` for HEALTHCHECK NONE), its own or
   * inherited from the base image; absent when the config has none.
   */
  healthcheck?: string[];
}

export interface ImageFacts {
  source: ImageSourceKind;
  /** The reference as the user gave it or the archive named it (first repo tag); the pipeline normalizes it. */
  reference?: string;
  /** Config digest (`docker image inspect` .Id). */
  id: string;
  /** Manifest digest when one is known (repo digest, OCI manifest); undefined for a local build. */
  digest?: string;
  /** An OCI layout's `org.opencontainers.image.ref.name` annotation as written (often only a tag). */
  ociRefName?: string;
  repoTags: string[];
  repoDigests: string[];
  platform: Platform;
  created?: string;
  /** Sum of layer sizes (uncompressed), as the engine reports an image's size. */
  size: number;
  /** Sum of compressed layer sizes when every layer's is known. */
  compressedSize?: number;
  config: ImageConfigFacts;
  layers: LayerFacts[];
  history: HistoryEntry[];
  /** What the layers contain (file trees replayed): wasted bytes, efficiency, build leftovers; when read. */
  contents?: ContentFacts;
  /**
   * Secrets found in the config and history (src/image/config-secrets.ts), without their values: once they are
   * found, the config and history text above hold `***` in their place. Absent when nobody looked.
   */
  configSecrets?: ConfigSecretFact[];
}

/** One secret in an image's config or history, as config/secret reports it: never the value. */
export interface ConfigSecretFact {
  /** Where it was: an ENV variable, a LABEL, a build arg (ARG default or a RUN's recorded build args), a command. */
  source: 'env' | 'label' | 'arg' | 'history';
  /** The variable, label or build-arg name; absent for a command. */
  name?: string;
  /** What an allowlist entry matches: the name, or `history:<n>` (1-based, oldest entry first) for a command. */
  subject: string;
  /** What gave it away (a token format, a command option, a secret-looking name). */
  kind: SecretKind;
  /** At most four leading characters (a format's fixed prefix such as `ghp_`, fewer for short values). */
  prefix: string;
  /** The history entry that recorded it (0-based), when one did. */
  historyIndex?: number;
  /** The policy's `config.secrets.names` glob that made the name a secret, when only that did. */
  namePattern?: string;
}
