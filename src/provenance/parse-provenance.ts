import { isObject } from '../image/image-config.js';
import type { ProvenanceFacts, ProvenanceMaterial, ProvenanceSource } from './types.js';

export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/** Caps on what one (hostile) predicate may make us keep. */
const MAX_MATERIALS = 256;
const MAX_TEXT = 2048;

export function isSlsaProvenance(predicateType: unknown): boolean {
  return predicateType === SLSA_PROVENANCE_V02 || predicateType === SLSA_PROVENANCE_V1;
}

/**
 * The facts of an in-toto statement with a SLSA provenance predicate, or undefined when it is not one (wrong
 * predicate type, no predicate object). Fields of the wrong type are left out rather than failing: the statement is
 * registry data, and a check that needs a missing fact reports it as missing.
 */
export function parseProvenance(statement: unknown, origin: string, enveloped = false): ProvenanceFacts | undefined {
  if (!isObject(statement) || !isSlsaProvenance(statement.predicateType) || !isObject(statement.predicate))
    return undefined;
  const predicateType = statement.predicateType as string;
  const predicate = statement.predicate;
  const facts = predicateType === SLSA_PROVENANCE_V1 ? fromV1(predicate) : fromV02(predicate);
  return { predicateType, origin, enveloped, ...facts };
}

type Parsed = Pick<ProvenanceFacts, 'builderId' | 'materials' | 'source' | 'buildType'>;

function fromV1(predicate: Record<string, unknown>): Parsed {
  const definition = isObject(predicate.buildDefinition) ? predicate.buildDefinition : {};
  const run = isObject(predicate.runDetails) ? predicate.runDetails : {};
  const builder = isObject(run.builder) ? run.builder : {};
  const external = isObject(definition.externalParameters) ? definition.externalParameters : {};
  const materials = readMaterials(definition.resolvedDependencies);
  const source = v1Source(external, materials);
  const buildType = text(definition.buildType);
  return {
    builderId: text(builder.id) ?? '',
    materials,
    ...(source ? { source } : {}),
    ...(buildType ? { buildType } : {}),
  };
}

function fromV02(predicate: Record<string, unknown>): Parsed {
  const builder = isObject(predicate.builder) ? predicate.builder : {};
  const invocation = isObject(predicate.invocation) ? predicate.invocation : {};
  const config = isObject(invocation.configSource) ? invocation.configSource : {};
  const materials = readMaterials(predicate.materials);
  const source = sourceFrom(text(config.uri), config.digest);
  const buildType = text(predicate.buildType);
  return {
    builderId: text(builder.id) ?? '',
    materials,
    ...(source ? { source } : {}),
    ...(buildType ? { buildType } : {}),
  };
}

/**
 * v1 leaves `externalParameters` to the build type: GitHub's (`workflow.repository`, `workflow.ref`), BuildKit's
 * (`configSource.uri` with a `#ref` fragment for a git context), and the generic `source` string are read; else the
 * first git resolved dependency.
 */
function v1Source(external: Record<string, unknown>, materials: ProvenanceMaterial[]): ProvenanceSource | undefined {
  const workflow = isObject(external.workflow) ? external.workflow : undefined;
  if (workflow && text(workflow.repository)) {
    const source = sourceFrom(text(workflow.repository), undefined);
    const ref = text(workflow.ref);
    return source && ref ? { ...source, ref } : source;
  }
  const config = isObject(external.configSource) ? external.configSource : undefined;
  const uri = text(config?.uri) ?? text(external.source);
  if (uri) return sourceFrom(uri, config?.digest);
  const git = materials.find((material) => /^git\+/.test(material.uri));
  return git ? sourceFrom(git.uri, undefined, git.digests[0]) : undefined;
}

/** `git+https://github.com/acme/api.git@refs/heads/main` / `…#refs/heads/main` → repository, ref. */
function sourceFrom(uri: string | undefined, digest: unknown, known?: string): ProvenanceSource | undefined {
  if (!uri) return undefined;
  let repository = uri.replace(/^git\+/, '');
  let ref: string | undefined;
  const hash = repository.indexOf('#');
  if (hash >= 0) {
    ref = repository.slice(hash + 1);
    repository = repository.slice(0, hash);
  }
  const at = repository.lastIndexOf('@');
  if (at > repository.indexOf('://') + 3 && repository.slice(at + 1).startsWith('refs/')) {
    ref = repository.slice(at + 1);
    repository = repository.slice(0, at);
  }
  repository = repository.replace(/\.git$/, '');
  const digests = readDigests(digest);
  const first = known ?? digests[0];
  return { repository, ...(ref ? { ref } : {}), ...(first ? { digest: first } : {}) };
}

function readMaterials(value: unknown): ProvenanceMaterial[] {
  if (!Array.isArray(value)) return [];
  const out: ProvenanceMaterial[] = [];
  for (const item of value.slice(0, MAX_MATERIALS)) {
    if (!isObject(item)) continue;
    const uri = text(item.uri);
    if (uri) out.push({ uri, digests: readDigests(item.digest) });
  }
  return out;
}

function readDigests(value: unknown): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value)
    .filter(
      ([algorithm, hex]) =>
        typeof hex === 'string' && /^[a-z0-9]{1,16}$/.test(algorithm) && /^[0-9a-f]{32,128}$/i.test(hex),
    )
    .map(([algorithm, hex]) => `${algorithm}:${(hex as string).toLowerCase()}`);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : undefined;
}
