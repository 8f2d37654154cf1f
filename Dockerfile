# imagegate's own image: the bundled CLI on Node 24, Trivy installed by imagegate's own pinned, checksum-verified
# installer (`imagegate trivy install`), and a Docker client for --context and --image against a daemon (DOCKER_HOST,
# e.g. a docker:dind service), and Debian's git, through which `--policy-ref` reads the base commit's policy. It runs
# as uid 1000 with the CLI as entrypoint (`docker run IMAGE check --help`), and `imagegate`, `trivy`, `docker` and
# `git` are on PATH for CI jobs that run a shell in it (GitLab: `entrypoint: ['']`).
#
#   npm run bundle && docker build -t imagegate .
#
# Build arguments:
#   NODE_IMAGE                    the Node 24 base, pinned by digest
#   DOCKER_CLI_IMAGE              where the docker client comes from, pinned by digest
#   TRIVY_VERSION                 Trivy to install; empty = the version imagegate pins with its own checksums
#   TRIVY_SHA256                  SHA-256 of that version's release archive or binary (needed when it is not pinned)
#   IMAGEGATE_TRIVY_DOWNLOAD_URL  a Trivy release mirror (https, or http on localhost)
#   IMAGEGATE_VERSION, IMAGEGATE_REVISION   the version and commit recorded in the image's labels
#
# policies/imagegate-image.yml is what this image must satisfy; CI gates every build of it with imagegate itself.

# node:24-bookworm-slim (Node 24.19.0, Debian 12), the multi-platform index digest that docker-library/repo-info
# recorded in repos/node/remote/24-bookworm-slim.md at commit e2e97043fc3e24482c19623a66ea8fc74d2546e0.
ARG NODE_IMAGE=docker.io/library/node:24-bookworm-slim@sha256:a9f5f7c91a432850b2a8a7797adf5eadb6c733ceed61167806cee7ea7fbc29df
# docker:29-cli (Docker 29.7.1), the index digest that docker-library/repo-info recorded in
# repos/docker/remote/29-cli.md at commit 47e7cda154b78d2818658dc1d0bab86632d6283b.
ARG DOCKER_CLI_IMAGE=docker.io/library/docker:29-cli@sha256:27a51d5ab1cd38d9eeaba7b415b8c07bc10c31e1cf1ec8d78f6413fcfab3f44f

FROM ${DOCKER_CLI_IMAGE} AS docker-cli

# Trivy is fetched and verified here, by the same code `imagegate check` uses, so the final stage gets only the binary.
FROM ${NODE_IMAGE} AS trivy
ARG TRIVY_VERSION=
ARG TRIVY_SHA256=
ARG IMAGEGATE_TRIVY_DOWNLOAD_URL=
COPY dist/cli.js /opt/imagegate/cli.mjs
COPY dist/chunks/ /opt/imagegate/chunks/
RUN printf '{"type":"module"}\n' > /opt/imagegate/package.json \
 && trivy="$(node /opt/imagegate/cli.mjs trivy install ${TRIVY_VERSION:+--version "$TRIVY_VERSION"} \
      ${TRIVY_SHA256:+--sha256 "$TRIVY_SHA256"} --dir /tmp/trivy)" \
 && mkdir -p /opt/trivy \
 && cp "$trivy" /opt/trivy/trivy

# The CLI, and an `imagegate` command on PATH that runs it. cli.mjs loads each command's code from chunks/ (ES
# modules, as the package.json beside them says) when that command runs; the source maps stay out of the image.
FROM ${NODE_IMAGE} AS cli
COPY dist/cli.js /out/opt/imagegate/cli.mjs
COPY dist/chunks/ /out/opt/imagegate/chunks/
RUN printf '{"type":"module"}\n' > /out/opt/imagegate/package.json \
 && mkdir -p /out/usr/local/bin \
 && printf '#!/bin/sh\nexec node /opt/imagegate/cli.mjs "$@"\n' > /out/usr/local/bin/imagegate \
 && chmod 0755 /out/usr/local/bin/imagegate

FROM ${NODE_IMAGE}
ARG NODE_IMAGE
ARG IMAGEGATE_VERSION=0.1.0
ARG IMAGEGATE_REVISION=
LABEL org.opencontainers.image.title="imagegate" \
      org.opencontainers.image.description="Container-image policy gate for CI: size, layers, base image, user, vulnerabilities and compose mounts against a whitelist policy" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/imagegate/imagegate" \
      org.opencontainers.image.version="${IMAGEGATE_VERSION}" \
      org.opencontainers.image.revision="${IMAGEGATE_REVISION}" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
# git, because on merge requests the GitLab component passes --policy-ref $CI_MERGE_REQUEST_DIFF_BASE_SHA: the base
# commit's policy decides, and imagegate reads it through git (rev-parse, ls-tree, cat-file). Without git such a
# job stops with exit 3. Debian's package, no recommends (ssh, less, patch), and no apt lists left in the layer.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*
COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker
# On PATH, a trivy in imagegate's supported range is the one `imagegate check` runs: no download at scan time.
COPY --from=trivy /opt/trivy/trivy /usr/local/bin/trivy
COPY --from=cli /out/ /
# The base image's `node` user, by number so that runtimes can verify it is not root (runAsNonRoot).
USER 1000:1000
ENTRYPOINT ["node", "/opt/imagegate/cli.mjs"]
CMD ["--help"]
