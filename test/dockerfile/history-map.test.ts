import { layerOrigins, mapHistory, type HistoryOrigin } from '../../src/dockerfile/history-map.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import type { Dockerfile } from '../../src/dockerfile/types.js';
import type { HistoryEntry } from '../../src/image/facts.js';
import { makeFacts } from '../support/facts.js';

/** `L <created_by>` for a filesystem layer, `E <created_by>` for an empty (metadata) entry. */
function history(...entries: string[]): HistoryEntry[] {
  let layer = 0;
  return entries.map((entry) => {
    const empty = entry.startsWith('E');
    return {
      createdBy: entry.slice(2),
      emptyLayer: empty,
      ...(empty ? {} : { layerIndex: layer++ }),
    };
  });
}

/** `base@<FROM line>`, `<KEYWORD>@<line>` or `unknown`, one per entry. */
function describe_(origins: HistoryOrigin[]): string[] {
  return origins.map((origin) =>
    origin.kind === 'instruction'
      ? `${origin.instruction.keyword}@${origin.instruction.line}`
      : origin.kind === 'base'
        ? `base@${origin.from.line}`
        : 'unknown',
  );
}

function mapped(dockerfile: string, entries: HistoryEntry[], target?: string): string[] {
  const df = parseDockerfile(dockerfile, { path: 'Dockerfile' });
  return describe_(mapHistory(df, finalStage(df, target), entries));
}

// The Dockerfile and histories of test/dockerfile/history-map-docker.test.ts, as Docker 20.10 recorded them.
const MULTI_STAGE = `# escape=\\
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

describe('mapHistory on BuildKit histories', () => {
  test('external base entries (and its ONBUILD trigger) → FROM; parent stage → its lines; ONBUILD trigger → ONBUILD', () => {
    const entries = history(
      'L COPY busybox /bin/busybox # buildkit',
      'L RUN /bin/busybox --install -s /bin # buildkit',
      'E ENV BASE=1',
      'L RUN /bin/sh -c echo triggered > /onbuild # buildkit',
      'E ARG GREETING=hello',
      'L RUN |1 GREETING=hello /bin/sh -c echo "$GREETING" > /greeting     && echo done > /done # buildkit',
      'L WORKDIR /src',
      'L COPY app.txt ./ # buildkit',
      'L RUN /bin/sh -c echo child > /child # buildkit',
      'E ENV MODE=test',
      'L RUN /bin/busybox touch /tested # buildkit',
    );
    expect(mapped(MULTI_STAGE, entries, 'test')).toEqual([
      'base@3',
      'base@3',
      'base@3',
      'base@3',
      'ARG@4',
      'RUN@5',
      'WORKDIR@7',
      'COPY@8',
      'ONBUILD@9',
      'ENV@12',
      'RUN@13',
    ]);
  });

  test('a final stage FROM scratch with COPY --from', () => {
    const entries = history(
      'L COPY /bin/busybox /bin/busybox # buildkit',
      'L COPY /greeting /child /out/ # buildkit',
      'E USER 1000',
    );
    expect(mapped(MULTI_STAGE, entries)).toEqual(['COPY@16', 'COPY@17', 'USER@18']);
  });

  test('every metadata instruction, in their Go-formatted forms', () => {
    const dockerfile = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin A=b
ARG X=1
ARG Y
RUN echo $X > /x
WORKDIR /work
USER 1000:1000
LABEL a=b c="d e"
EXPOSE 80 443/udp
VOLUME /data
STOPSIGNAL SIGTERM
SHELL ["/bin/sh", "-c"]
HEALTHCHECK --interval=5s CMD echo ok
ONBUILD RUN echo onbuild
MAINTAINER someone <a@b.c>
CMD echo shell form
ENTRYPOINT ["/bin/sh", "-c"]
`;
    const entries = history(
      'L COPY busybox /bin/busybox # buildkit',
      'L RUN /bin/busybox --install -s /bin # buildkit',
      'E ENV PATH=/bin A=b',
      'E ARG X=1',
      'E ARG Y',
      'L RUN |2 X=1 Y= /bin/sh -c echo $X > /x # buildkit',
      'L WORKDIR /work',
      'E USER 1000:1000',
      'E LABEL a=b c=d e',
      'E EXPOSE map[443/udp:{} 80/tcp:{}]',
      'E VOLUME [/data]',
      'E STOPSIGNAL SIGTERM',
      'E SHELL [/bin/sh -c]',
      `E HEALTHCHECK &{["CMD-SHELL" "echo ok"] "5s" "0s" "0s" '\\x00'}`,
      'E MAINTAINER someone <a@b.c>',
      'E CMD ["/bin/sh" "-c" "echo shell form"]',
      'E ENTRYPOINT ["/bin/sh" "-c"]',
    );
    // BuildKit records nothing for ONBUILD (line 16); nothing shifts because of it.
    expect(mapped(dockerfile, entries)).toEqual([
      'COPY@2',
      'RUN@3',
      'ENV@4',
      'ARG@5',
      'ARG@6',
      'RUN@7',
      'WORKDIR@8',
      'USER@9',
      'LABEL@10',
      'EXPOSE@11',
      'VOLUME@12',
      'STOPSIGNAL@13',
      'SHELL@14',
      'HEALTHCHECK@15',
      'MAINTAINER@17',
      'CMD@18',
      'ENTRYPOINT@19',
    ]);
  });

  test('heredoc RUN and COPY, and the flags current BuildKit writes', () => {
    const dockerfile = `FROM alpine
RUN <<EOF
apk add curl
EOF
RUN <<EOF bash
set -e
echo two
EOF
COPY --chown=1000:1000 --chmod=755 <<EOF /inline.txt
inline
EOF
COPY --parents --chmod=644 src/ /app/
`;
    const entries = history(
      'L ADD file:0065316a41144e95bcb133567cc86816b8368a823cc067d741e06ded59849fd8 in / ',
      'E CMD ["/bin/sh"]',
      'L RUN /bin/sh -c apk add curl\n # buildkit',
      'L RUN /bin/sh -c <<EOF bash\nset -e\necho two\nEOF # buildkit',
      'L COPY --chown=1000:1000 --chmod=755 <<EOF /inline.txt # buildkit',
      'L COPY --parents --chmod=644 src/ /app/ # buildkit',
    );
    expect(mapped(dockerfile, entries)).toEqual(['base@1', 'base@1', 'RUN@2', 'RUN@5', 'COPY@9', 'COPY@12']);
  });

  test('a custom SHELL prefix is understood', () => {
    const dockerfile =
      'FROM alpine\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN make | tee log\nRUN make install\n';
    const entries = history(
      'L ADD file:abc in / ',
      'E SHELL [/bin/bash -o pipefail -c]',
      'L RUN /bin/bash -o pipefail -c make | tee log # buildkit',
      'L RUN /bin/bash -o pipefail -c make install # buildkit',
    );
    expect(mapped(dockerfile, entries)).toEqual(['base@1', 'SHELL@2', 'RUN@3', 'RUN@4']);
  });
});

describe('mapHistory on classic-builder histories', () => {
  test('the multi-stage build with an external base and ONBUILD', () => {
    const entries = history(
      'L /bin/sh -c #(nop) COPY file:7027c77992f5b5a06465828d75ae4ff9adcec5f94bc05d3f683eb205e0ec1ac0 in /bin/busybox ',
      'L /bin/busybox --install -s /bin',
      'E /bin/sh -c #(nop)  ENV BASE=1',
      'E /bin/sh -c #(nop)  ONBUILD RUN echo triggered > /onbuild',
      'L /bin/sh -c echo triggered > /onbuild',
      'E /bin/sh -c #(nop)  ARG GREETING=hello',
      'L |1 GREETING=hello /bin/sh -c echo "$GREETING" > /greeting     && echo done > /done',
      'L /bin/sh -c #(nop) WORKDIR /src',
      'L /bin/sh -c #(nop) COPY --chown=1000:1000file:570a658a8fd56e4d3e2c1d53ad2ccfbb5a5f3cbbd1e0f4bbd9b5dd0a7e48f1c8 in /src/ ',
      'E /bin/sh -c #(nop)  ONBUILD RUN echo child > /child',
      'L /bin/sh -c echo child > /child',
      'E /bin/sh -c #(nop)  ENV MODE=test',
      'L /bin/busybox touch /tested',
    );
    expect(mapped(MULTI_STAGE, entries, 'test')).toEqual([
      'base@3',
      'base@3',
      'base@3',
      'base@3',
      'base@3',
      'ARG@4',
      'RUN@5',
      'WORKDIR@7',
      'COPY@8',
      'ONBUILD@9',
      'ONBUILD@9',
      'ENV@12',
      'RUN@13',
    ]);
  });

  test('COPY --from and multi-source COPY record only a hash and the destination', () => {
    const entries = history(
      'L /bin/sh -c #(nop) COPY file:66622fc90963203af10fc3a97e5fe6b1fe276e60aba66707f20b436ae322b75c in /bin/busybox ',
      'L /bin/sh -c #(nop) COPY multi:4e438e689b554f07be713db21225f63ee2f9e0f1a1d3bc3bbd0fb8fd0ce1d8c8 in /out/ ',
      'E /bin/sh -c #(nop)  USER 1000',
    );
    expect(mapped(MULTI_STAGE, entries)).toEqual(['COPY@16', 'COPY@17', 'USER@18']);
  });

  test('a real image: the fluentd fixture from Trivy, built on ubuntu', () => {
    const dockerfile = `FROM ubuntu:18.04
ARG DEBIAN_FRONTEND=noninteractive
COPY install.sh /tmp/install.sh
COPY Gemfile /Gemfile
RUN chmod +x /tmp/install.sh && \\
    /bin/bash -l -c /tmp/install.sh && \\
    rm /tmp/*
COPY fluent.conf /etc/fluent/fluent.conf
COPY run.sh /run.sh
EXPOSE 80
ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
CMD ["/run.sh"]
`;
    const entries = history(
      'L /bin/sh -c #(nop) ADD file:bc8179c87c8dbb3d962bed1801f99e7c860ff03797cde6ad19b107d43b973ada in / ',
      'E /bin/sh -c #(nop)  CMD ["bash"]',
      'E /bin/sh -c #(nop)  ARG DEBIAN_FRONTEND=noninteractive',
      'L /bin/sh -c #(nop) COPY file:4e7fdb1bc31a0f689d88f6af28d4f0352e89a2ac598c523e9637da3de75bfada in /tmp/install.sh ',
      'L /bin/sh -c #(nop) COPY file:c03560fcb4f0aff4cecd93039c348ba4992564740c77e3d6049a44fe79ca44ab in /Gemfile ',
      'L |1 DEBIAN_FRONTEND=noninteractive /bin/sh -c chmod +x /tmp/install.sh &&     /bin/bash -l -c /tmp/install.sh &&     rm /tmp/*',
      'L /bin/sh -c #(nop) COPY file:f742fdea941d5baccbf9a9c45ccc9cd943377f3c3e07da787a8d8d9f92a8b3d3 in /etc/fluent/fluent.conf ',
      'L /bin/sh -c #(nop) COPY file:a9ce963551c165ec55bb4d982d96336caa97e8c70011eb4ca58927956bd08e2a in /run.sh ',
      'E /bin/sh -c #(nop)  EXPOSE 80',
      'E /bin/sh -c #(nop)  ENV LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
      'E /bin/sh -c #(nop)  CMD ["/run.sh"]',
    );
    expect(mapped(dockerfile, entries)).toEqual([
      'base@1',
      'base@1',
      'ARG@2',
      'COPY@3',
      'COPY@4',
      'RUN@5',
      'COPY@8',
      'COPY@9',
      'EXPOSE@10',
      'ENV@11',
      'CMD@12',
    ]);
  });

  test('a long base image whose entries look like the stage’s: the newest ones belong to the stage', () => {
    // The tomcat image of Trivy's spring4shell fixture, with one COPY on top.
    const dockerfile = 'FROM tomcat:8.5.77-jdk11-openjdk\nCOPY app.war /usr/local/tomcat/webapps/\nEXPOSE 8080\n';
    const entries = history(
      'L /bin/sh -c #(nop) ADD file:966d3669b40f5fbaecee1ecbeb58debe19001076da5d94717080d55efbc25971 in / ',
      'E /bin/sh -c #(nop)  CMD ["bash"]',
      'L /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends ca-certificates',
      'E /bin/sh -c #(nop)  ENV JAVA_HOME=/usr/local/openjdk-11',
      'E /bin/sh -c #(nop) WORKDIR /usr/local/tomcat',
      'L /bin/sh -c #(nop) COPY dir:92f3a0f303b55a048a73bf243c664f89aa86500eab95c7d20c2da44ed3fb434b in /usr/local/tomcat ',
      'E /bin/sh -c #(nop)  EXPOSE 8080',
      'E /bin/sh -c #(nop)  CMD ["catalina.sh" "run"]',
      'L /bin/sh -c #(nop) COPY file:4a1136b54136f8775efe918c4cd6af1ad1e507b36a49286d4f2c6bde722d33f4 in /usr/local/tomcat/webapps/ ',
      'E /bin/sh -c #(nop)  EXPOSE 8080',
    );
    expect(mapped(dockerfile, entries)).toEqual([...Array<string>(8).fill('base@1'), 'COPY@2', 'EXPOSE@3']);
  });
});

describe('mapHistory robustness', () => {
  const dockerfile = 'FROM alpine\nRUN echo one\nUSER 1\nRUN echo two\nRUN echo two\nCOPY a /a\n';

  test('identical instructions keep their order', () => {
    const entries = history(
      'L ADD file:a in / ',
      'L RUN /bin/sh -c echo one # buildkit',
      'E USER 1',
      'L RUN /bin/sh -c echo two # buildkit',
      'L RUN /bin/sh -c echo two # buildkit',
      'L COPY a /a # buildkit',
    );
    expect(mapped(dockerfile, entries)).toEqual(['base@1', 'RUN@2', 'USER@3', 'RUN@4', 'RUN@5', 'COPY@6']);
  });

  test('an instruction missing from the history (an older build) does not shift the others', () => {
    const entries = history(
      'L ADD file:a in / ',
      'L RUN /bin/sh -c echo one # buildkit',
      'L RUN /bin/sh -c echo two # buildkit',
      'L RUN /bin/sh -c echo two # buildkit',
      'L COPY a /a # buildkit',
    );
    expect(mapped(dockerfile, entries)).toEqual(['base@1', 'RUN@2', 'RUN@4', 'RUN@5', 'COPY@6']);
  });

  test('among several RUNs, the text decides which one is missing', () => {
    const runs = 'FROM alpine\nRUN apk add curl\nRUN make build\nRUN make install\n';
    const entries = history('L ADD file:a in / ', 'L /bin/sh -c apk add curl', 'L /bin/sh -c make install');
    expect(mapped(runs, entries)).toEqual(['base@1', 'RUN@2', 'RUN@4']);
    const withoutLast = history('L ADD file:a in / ', 'L /bin/sh -c apk add curl', 'L /bin/sh -c make build');
    expect(mapped(runs, withoutLast)).toEqual(['base@1', 'RUN@2', 'RUN@3']);
  });

  test('an extra entry in the middle (docker commit) is unknown and does not shift the others', () => {
    const entries = history(
      'L ADD file:a in / ',
      'L RUN /bin/sh -c echo one # buildkit',
      'E USER 1',
      'L ',
      'L RUN /bin/sh -c echo two # buildkit',
      'L RUN /bin/sh -c echo two # buildkit',
      'L COPY a /a # buildkit',
    );
    expect(mapped(dockerfile, entries)).toEqual(['base@1', 'RUN@2', 'USER@3', 'unknown', 'RUN@4', 'RUN@5', 'COPY@6']);
  });

  test('entries without created_by are placed by position and kind', () => {
    const entries = history('L ', 'L ', 'E ', 'L ', 'L ', 'L ');
    expect(mapped(dockerfile, entries)).toEqual(['base@1', 'RUN@2', 'USER@3', 'RUN@4', 'RUN@5', 'COPY@6']);
  });

  test('a RUN entry recorded as empty by another tool still maps', () => {
    const entries = history(
      'L ADD file:a in / ',
      'E RUN echo one',
      'E USER 1',
      'L RUN echo two',
      'L RUN echo two',
      'L COPY a /a',
    );
    expect(mapped(dockerfile, entries)).toEqual(['base@1', 'RUN@2', 'USER@3', 'RUN@4', 'RUN@5', 'COPY@6']);
  });

  test('a filesystem layer never maps to a metadata instruction', () => {
    const entries = history('L USER 1');
    expect(mapped('FROM scratch\nUSER 1\n', entries)).toEqual(['unknown']);
  });

  test('FROM scratch: entries the Dockerfile cannot explain are unknown, not base', () => {
    const entries = history('L /bin/sh -c #(nop) ADD file:x in / ', 'L COPY app /app # buildkit');
    expect(mapped('FROM scratch\nCOPY app /app\n', entries)).toEqual(['unknown', 'COPY@2']);
  });

  test('a stage with no instructions: everything is base', () => {
    expect(mapped('FROM alpine\n', history('L ADD file:a in / ', 'E CMD ["/bin/sh"]'))).toEqual(['base@1', 'base@1']);
  });

  test('base layers map to the FROM naming the external image, through a chain of stages', () => {
    const chain = 'FROM alpine AS a\nRUN echo a\nFROM a AS b\nRUN echo b\nFROM b\nRUN echo c\n';
    const entries = history(
      'L ADD file:a in / ',
      'L RUN /bin/sh -c echo a # buildkit',
      'L RUN /bin/sh -c echo b # buildkit',
      'L RUN /bin/sh -c echo c # buildkit',
    );
    expect(mapped(chain, entries)).toEqual(['base@1', 'RUN@2', 'RUN@4', 'RUN@6']);
    expect(mapped(chain, entries.slice(0, 3), 'b')).toEqual(['base@1', 'RUN@2', 'RUN@4']);
  });

  test('an empty history maps to nothing', () => {
    expect(mapped(dockerfile, [])).toEqual([]);
  });
});

describe('layerOrigins', () => {
  const df: Dockerfile = parseDockerfile('FROM alpine\nENV A=1\nRUN make\nCOPY out /out\n', { path: 'Dockerfile' });
  const entries = history(
    'L ADD file:a in / ',
    'E ENV A=1',
    'L RUN /bin/sh -c make # buildkit',
    'L COPY out /out # buildkit',
  );

  test('one origin per filesystem layer, through historyIndex', () => {
    const facts = makeFacts({
      layerSizes: [1, 2, 3],
      history: entries,
      layers: [0, 2, 3].map((historyIndex, index) => ({
        diffId: `sha256:${String(index).padStart(64, '0')}`,
        size: 1,
        historyIndex,
      })),
    });
    expect(describe_(layerOrigins(df, finalStage(df), facts))).toEqual(['base@1', 'RUN@3', 'COPY@4']);
  });

  test('a layer without a history entry is unknown', () => {
    const facts = makeFacts({
      history: entries,
      layers: [
        { diffId: 'sha256:1', size: 1 },
        { diffId: 'sha256:2', size: 1, historyIndex: 3 },
        { diffId: 'sha256:3', size: 1, historyIndex: 99 },
      ],
    });
    expect(describe_(layerOrigins(df, finalStage(df), facts))).toEqual(['unknown', 'COPY@4', 'unknown']);
  });
});
