import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { layerOrigins, mapHistory, type HistoryOrigin } from '../../src/dockerfile/history-map.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import type { HistoryEntry, LayerFacts } from '../../src/image/facts.js';
import { describeWithDocker, makeContext } from '../support/docker.js';
import { makeFacts } from '../support/facts.js';

/**
 * Builds real images with both builders and checks that every layer maps to the Dockerfile line that made it. The
 * 20.10 client at /usr/bin/docker builds with BuildKit when DOCKER_BUILDKIT=1 (a newer client without buildx refuses).
 */
const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

const BASE_DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV BASE=1
ONBUILD RUN echo triggered > /onbuild
`;

const DOCKERFILE = `# escape=\\
ARG BASE_IMAGE=placeholder
FROM \${BASE_IMAGE} AS build
ARG GREETING=hello
RUN echo "$GREETING" > /greeting \\
    && echo done > /done
WORKDIR /src
COPY --chown=1000:1000 app.txt ./
ONBUILD RUN echo child > /child

FROM build AS test
ENV MODE=test
RUN ["/bin/busybox", "touch", "/tested"]

FROM scratch AS final
COPY --from=test /bin/busybox /bin/busybox
COPY --from=test /greeting /child /out/
USER 1000
`;

function describeOrigin(origin: HistoryOrigin): string {
  if (origin.kind === 'instruction') return `${origin.instruction.keyword}@${origin.instruction.line}`;
  return origin.kind === 'base' ? `base@${origin.from.line}` : 'unknown';
}

/** History and layers from the image config in `docker save`, the way the engine stored them. */
async function savedImage(tag: string): Promise<{ history: HistoryEntry[]; layers: LayerFacts[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-save-'));
  try {
    await execa(DOCKER, ['save', '-o', path.join(dir, 'image.tar'), tag]);
    await execa('tar', ['-xf', path.join(dir, 'image.tar'), '-C', dir]);
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Array<{ Config: string }>;
    const config = JSON.parse(await readFile(path.join(dir, (manifest[0] as { Config: string }).Config), 'utf8')) as {
      history: Array<{ created_by?: string; empty_layer?: boolean }>;
      rootfs: { diff_ids: string[] };
    };
    const layers: LayerFacts[] = [];
    const history: HistoryEntry[] = config.history.map((entry, index) => {
      if (entry.empty_layer) return { createdBy: entry.created_by ?? '', emptyLayer: true };
      const diffId = config.rootfs.diff_ids[layers.length] as string;
      layers.push({ diffId, size: 0, historyIndex: index });
      return { createdBy: entry.created_by ?? '', emptyLayer: false, layerIndex: layers.length - 1 };
    });
    expect(layers).toHaveLength(config.rootfs.diff_ids.length);
    return { history, layers };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describeWithDocker('history → Dockerfile lines on real builds', () => {
  const tags: string[] = [];
  let context = '';
  const unique = `${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    context = await makeContext(
      { Dockerfile: DOCKERFILE, 'Dockerfile.base': BASE_DOCKERFILE, 'app.txt': 'app\n' },
      { withBusybox: true },
    );
  });

  afterAll(async () => {
    // Newest first, so the base image is no longer a parent when it is removed.
    if (tags.length > 0) await execa(DOCKER, ['rmi', '-f', ...tags.reverse()], { reject: false });
    if (context) await rm(context, { recursive: true, force: true });
  });

  async function build(builder: '0' | '1', tag: string, args: string[]): Promise<void> {
    tags.push(tag);
    await execa(DOCKER, ['build', '-q', '-t', tag, ...args, context], { env: { DOCKER_BUILDKIT: builder } });
  }

  describe.each([
    { name: 'BuildKit', builder: '1' as const },
    { name: 'classic builder', builder: '0' as const },
  ])('$name', ({ builder }) => {
    const baseTag = `imagegate-test/dfmap-base-${builder}:${unique}`;
    const df = parseDockerfile(DOCKERFILE, { path: 'Dockerfile', buildArgs: { BASE_IMAGE: baseTag } });

    beforeAll(async () => {
      await build(builder, baseTag, ['-f', path.join(context, 'Dockerfile.base')]);
    });

    test('a stage on an external base and a parent stage: base layers → FROM, ONBUILD trigger → ONBUILD', async () => {
      const tag = `imagegate-test/dfmap-test-${builder}:${unique}`;
      await build(builder, tag, ['--build-arg', `BASE_IMAGE=${baseTag}`, '--target', 'test']);
      const { history, layers } = await savedImage(tag);
      const stage = finalStage(df, 'test');
      const facts = makeFacts({ history, layers });
      expect(layerOrigins(df, stage, facts).map(describeOrigin)).toEqual([
        'base@3', // COPY busybox (base image)
        'base@3', // RUN --install (base image)
        'base@3', // the base image's ONBUILD trigger, run by this FROM
        'RUN@5',
        'WORKDIR@7',
        'COPY@8',
        'ONBUILD@9', // the trigger of the build stage's ONBUILD, run by FROM build
        'RUN@13',
      ]);
      const origins = mapHistory(df, stage, history);
      expect(origins.filter((origin) => origin.kind === 'unknown')).toEqual([]);
      expect(origins.filter((origin) => origin.kind === 'instruction').map(describeOrigin)).toEqual(
        expect.arrayContaining(['ARG@4', 'ENV@12']),
      );
    });

    test('the final stage FROM scratch with COPY --from', async () => {
      const tag = `imagegate-test/dfmap-final-${builder}:${unique}`;
      await build(builder, tag, ['--build-arg', `BASE_IMAGE=${baseTag}`]);
      const { history, layers } = await savedImage(tag);
      const facts = makeFacts({ history, layers });
      expect(layerOrigins(df, finalStage(df), facts).map(describeOrigin)).toEqual(['COPY@16', 'COPY@17']);
      expect(mapHistory(df, finalStage(df), history).map(describeOrigin)).toEqual(['COPY@16', 'COPY@17', 'USER@18']);
    });
  });
});
