import type { ImageFacts, LayerFacts } from '../../src/image/facts.js';

/** Image facts for unit tests: a plausible image whose layers and history line up, overridable per test. */
export function makeFacts(
  overrides: Partial<ImageFacts> & { layerSizes?: number[]; createdBy?: string[] } = {},
): ImageFacts {
  const { layerSizes = [1000, 2000], createdBy, ...rest } = overrides;
  const layers: LayerFacts[] = layerSizes.map((size, index) => ({
    diffId: `sha256:${String(index + 1).padStart(64, '0')}`,
    size,
    historyIndex: index,
  }));
  const history = layerSizes.map((_, index) => ({
    createdBy: createdBy?.[index] ?? `COPY file${index} /file${index} # buildkit`,
    emptyLayer: false,
    layerIndex: index,
  }));
  return {
    source: 'docker-archive',
    reference: 'ghcr.io/acme/api:1.0',
    id: `sha256:${'a'.repeat(64)}`,
    repoTags: ['ghcr.io/acme/api:1.0'],
    repoDigests: [],
    platform: { os: 'linux', architecture: 'amd64' },
    size: layerSizes.reduce((sum, size) => sum + size, 0),
    config: { user: '10001', env: [], entrypoint: null, cmd: null, workingDir: '', labels: {}, exposedPorts: [] },
    layers,
    history,
    ...rest,
  };
}
