import type { CheckContext, ScannerKind } from '../../src/checks/context.js';
import { layerOrigins } from '../../src/dockerfile/history-map.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import type { SourceLocation } from '../../src/model/findings.js';
import type { ImageFacts } from '../../src/image/facts.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { Allowlist, ImageRules } from '../../src/policy/types.js';
import type { ScanFacts } from '../../src/scan/types.js';

export const DOCKERFILE_PATH = 'app/Dockerfile';
/** 2026-03-10, noon UTC. */
export const NOW = new Date('2026-03-10T12:00:00Z');

export interface ScanContextOptions {
  image: ImageFacts;
  scan?: ScanFacts;
  /** Dockerfile text (at app/Dockerfile); none when omitted. */
  dockerfile?: string;
  rules?: Partial<ImageRules>;
  allow?: Partial<Allowlist>;
  now?: Date;
  scanners?: ScannerKind[];
}

/**
 * A check context as the pipeline builds it: layer origins from the real history mapper, so a layer maps to the
 * instruction that made it and base layers to the FROM line.
 */
export function scanContext(options: ScanContextOptions): CheckContext {
  const { image } = options;
  const dockerfile =
    options.dockerfile === undefined ? undefined : parseDockerfile(options.dockerfile, { path: DOCKERFILE_PATH });
  const stage = dockerfile ? finalStage(dockerfile) : undefined;
  const reference = image.reference ? parseImageReference(image.reference) : undefined;
  const origins: Array<SourceLocation | undefined> =
    dockerfile && stage
      ? layerOrigins(dockerfile, stage, image).map((origin) => {
          if (origin.kind === 'instruction') {
            const { line, column } = origin.instruction;
            return { kind: 'source', path: dockerfile.path, line, column };
          }
          if (origin.kind === 'base') {
            return { kind: 'source', path: dockerfile.path, line: origin.from.line, column: origin.from.column };
          }
          return undefined;
        })
      : image.layers.map(() => undefined);
  const imageName = reference?.normalized ?? image.id;
  return {
    image,
    ...(reference ? { reference } : {}),
    imageName,
    imageRepository: reference ? `${reference.registry}/${reference.repository}` : 'untagged',
    rules: { ...emptyImageRules(), ...options.rules },
    ...(dockerfile ? { dockerfile } : {}),
    ...(stage ? { stage } : {}),
    layerOrigins: origins,
    imageLocation:
      dockerfile && stage
        ? { kind: 'source', path: dockerfile.path, line: stage.from.line, column: stage.from.column }
        : { kind: 'image', image: imageName },
    ...(options.scan ? { scan: options.scan } : {}),
    ...(options.scanners ? { scanners: options.scanners } : {}),
    allow: { ...emptyAllowlist(), ...options.allow },
    now: options.now ?? NOW,
  };
}
