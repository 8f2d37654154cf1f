import fc from 'fast-check';
import { parseToken } from '../../src/image/source/registry/auth.js';
import { parseChallenges } from '../../src/image/source/registry/challenge.js';
import { nextLinkUrl as nextPageUrl } from '../../src/http/link.js';
import { manifestKind } from '../../src/image/source/registry/manifest.js';
import {
  chooseManifest,
  parseDescriptor,
  parseDescriptorList,
  type Descriptor,
} from '../../src/image/source/oci-select.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';

/**
 * What a registry answers, through the parse functions (the HTTP clients are tested against stand-ins elsewhere):
 * manifests and indexes (kind, descriptors, platform choice with one nested index), token responses, challenges.
 */

const DIGEST = `sha256:${'a'.repeat(64)}`;
const descriptor = (mediaType: string, platform?: object) => ({
  mediaType,
  digest: DIGEST,
  size: 528,
  ...(platform ? { platform } : {}),
});
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: descriptor('application/vnd.oci.image.config.v1+json'),
  layers: [descriptor('application/vnd.oci.image.layer.v1.tar+gzip')],
});
const INDEX = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    descriptor('application/vnd.oci.image.manifest.v1+json', { os: 'linux', architecture: 'amd64' }),
    descriptor('application/vnd.oci.image.manifest.v1+json', { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    {
      ...descriptor('application/vnd.oci.image.manifest.v1+json'),
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
    },
  ],
});
const LIST = INDEX.replace(
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
);
const TOKENS = [
  '"manifests":',
  '"layers":',
  '"mediaType":',
  '"platform":',
  '"digest":',
  '"size":',
  '-1',
  '1e309',
  '"sha256:',
];

function asJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigurationError('not JSON (the client says so before any parse function sees it)');
  }
}

test(
  'manifests and indexes: a kind, descriptors and a chosen platform, or a ConfigurationError',
  async () => {
    await fuzz(
      'registry-manifest',
      fc.tuple(mutatedText([MANIFEST, INDEX, LIST], TOKENS), mutatedText([INDEX, MANIFEST], TOKENS)),
      async ([top, nested]) => {
        const body = asJson(top);
        const kind = manifestKind(body, 'application/vnd.oci.image.index.v1+json', 'registry/app:1');
        if (kind === 'manifest') {
          parseDescriptor((body as Record<string, unknown>).config, 'config', 'registry/app:1');
          parseDescriptorList(body, 'layers', 'registry/app:1', 'manifest');
          return;
        }
        const list = parseDescriptorList(body, 'manifests', 'registry/app:1', 'index');
        await chooseManifest(list, { logger: new MemoryLogger() }, async (_: Descriptor) => asJson(nested), 'app:1');
      },
      400,
    );
  },
  FUZZ_TIMEOUT_MS,
);

test(
  'token responses: a token and a lifetime, or a ToolError',
  async () => {
    const seeds = ['{"token":"abc","expires_in":300}', '{"access_token":"x","issued_at":"2026-01-01T00:00:00Z"}', '{}'];
    await fuzz(
      'registry-token',
      mutatedText(seeds, ['"token":', '"expires_in":', '1e999', '-5']),
      (text) => parseToken(Buffer.from(text), new URL('https://auth.example.com/token')),
      300,
    );
  },
  FUZZ_TIMEOUT_MS,
);

test(
  'WWW-Authenticate challenges and Link headers: parsed or ignored, never thrown',
  async () => {
    const seeds = [
      'Bearer realm="https://auth.example.com/token",service="registry",scope="repository:a/b:pull"',
      'Basic realm="x", Bearer realm="y"',
      '</v2/a/tags/list?n=100&last=x>; rel="next"',
    ];
    await fuzz(
      'registry-headers',
      mutatedText(seeds, ['="', '\\"', ',', ';', '<', '>', 'rel="next"']),
      (text) => {
        parseChallenges(text);
        nextPageUrl(text, 'https://registry.example.com/v2/a/tags/list');
      },
      400,
    );
  },
  FUZZ_TIMEOUT_MS,
);
