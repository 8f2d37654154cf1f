import { splitWords } from '../dockerfile/words.js';
import type { Dockerfile, Instruction } from '../dockerfile/types.js';
import type { Finding } from '../model/findings.js';
import type { PackageCacheKind } from '../image/layers/content-facts.js';
import { formatBytes } from '../util/units.js';
import { plural } from '../util/plural.js';
import type { CheckContext } from './context.js';
import { layerLabel, layerLocation } from './layer-origin.js';
import { makeFinding } from './make-finding.js';
import { code, md, type Message } from '../util/markdown-message.js';

/**
 * Build hygiene: package-manager caches and compilers left in the final filesystem (from the layer contents), and
 * `COPY .` of a context without a .dockerignore (from the Dockerfile and the build context). Each rule runs when its
 * `hygiene.*` key is set and its facts exist.
 */
export function checkHygiene(context: CheckContext): Finding[] {
  return [...checkPackageCaches(context), ...checkToolchains(context), ...checkDockerignore(context)];
}

const CACHE_ADVICE: Record<PackageCacheKind, { what: string; fix: Message }> = {
  'apt-lists': {
    what: 'APT package lists',
    fix: md`remove them in the RUN that runs apt-get update (\`&& rm -rf /var/lib/apt/lists/*\`)`,
  },
  'apt-cache': {
    what: 'APT package cache',
    fix: md`run \`apt-get clean\` in the RUN that installs the packages, or use a cache mount`,
  },
  'apk-cache': {
    what: 'apk package cache',
    fix: md`install with \`apk add --no-cache\``,
  },
  'dnf-cache': {
    what: 'dnf package cache',
    fix: md`run \`dnf clean all\` in the RUN that installs the packages`,
  },
  'yum-cache': {
    what: 'yum package cache',
    fix: md`run \`yum clean all\` in the RUN that installs the packages`,
  },
  'pip-cache': {
    what: 'pip cache',
    fix: md`install with \`pip install --no-cache-dir\`, or use \`RUN --mount=type=cache,target=/root/.cache/pip\``,
  },
  'npm-cache': {
    what: 'npm cache',
    fix: md`run \`npm cache clean --force\` in the same RUN, or use a cache mount for ~/.npm`,
  },
  'yarn-cache': {
    what: 'Yarn cache',
    fix: md`run \`yarn cache clean\` in the same RUN, or use a cache mount`,
  },
  'go-build-cache': {
    what: 'Go build cache',
    fix: md`build in a builder stage and copy the binary, or use \`RUN --mount=type=cache,target=/root/.cache/go-build\``,
  },
  'go-module-cache': {
    what: 'Go module cache',
    fix: md`build in a builder stage and copy only the binary`,
  },
  'user-cache': {
    what: 'user cache (~/.cache)',
    fix: md`remove it in the RUN that fills it, or use a cache mount`,
  },
};

const TOOL_NAMES: Record<string, string> = {
  gcc: 'the GNU C compiler (gcc)',
  'g++': 'the GNU C++ compiler (g++)',
  clang: 'the Clang compiler',
  make: 'make',
  cmake: 'CMake',
  go: 'the Go toolchain',
  rustc: 'the Rust compiler (rustc)',
  cargo: 'Cargo',
  javac: 'the Java compiler (javac, a JDK)',
};

function checkPackageCaches(context: CheckContext): Finding[] {
  const rule = context.rules.hygiene.packageCaches;
  const caches = context.image.contents?.leftovers.packageCaches;
  if (!rule || !caches) return [];
  return caches
    .filter((cache) => cache.bytes >= rule.minBytes)
    .map((cache) => {
      const advice = CACHE_ADVICE[cache.kind];
      const writer = cache.layer >= 0 ? md`, most of it written by ${layerLabel(context, cache.layer)}` : md``;
      return makeFinding('hygiene/package-cache', context, {
        message: md`${capitalize(advice.what)} left in the image: ${cache.path} holds ${formatBytes(cache.bytes)} in ${plural(cache.files, 'file')}${writer}. Not needed at run time: ${advice.fix}.`,
        location: cache.layer >= 0 ? layerLocation(context, cache.layer) : context.imageLocation,
        key: `${cache.kind}:${cache.path}`,
        properties: { kind: cache.kind, path: cache.path, bytes: cache.bytes, files: cache.files, subject: cache.path },
      });
    });
}

function checkToolchains(context: CheckContext): Finding[] {
  const rule = context.rules.hygiene.toolchains;
  const tools = context.image.contents?.leftovers.toolchains;
  if (!rule || !tools) return [];
  const allowed = new Set<string>(rule.allow);
  return tools
    .filter((tool) => !allowed.has(tool.tool))
    .map((tool) =>
      makeFinding('hygiene/toolchain', context, {
        message: md`${capitalize(TOOL_NAMES[tool.tool] ?? tool.tool)} is in the final image: ${tool.path}${tool.bytes > 0 ? md`, ${formatBytes(tool.bytes)} with its files` : md``}, from ${layerLabel(context, tool.layer)}. Build in a builder stage and copy only the artifacts into the final stage.`,
        location: tool.layer >= 0 ? layerLocation(context, tool.layer) : context.imageLocation,
        key: tool.tool,
        properties: { tool: tool.tool, path: tool.path, bytes: tool.bytes, subject: tool.path },
      }),
    );
}

function checkDockerignore(context: CheckContext): Finding[] {
  const { dockerfile, buildContext } = context;
  if (!context.rules.hygiene.dockerignore || !dockerfile || !buildContext || buildContext.dockerignore) return [];
  return wholeContextCopies(dockerfile).map((instruction) =>
    makeFinding('hygiene/no-dockerignore', context, {
      message: md`${code(`${instruction.keyword} ${oneLine(instruction.args)}`)} copies the whole build context (${buildContext.path}) and there is no .dockerignore: .git, local .env files and keys, node_modules and build output all go into the image, and any change to any file invalidates the layer cache. Add a .dockerignore beside the context, or copy only what the image needs.`,
      location: { kind: 'source', path: dockerfile.path, line: instruction.line, column: instruction.column },
      key: `${instruction.keyword} ${oneLine(instruction.body)}`,
      properties: { context: buildContext.path },
    }),
  );
}

/** COPY/ADD instructions (not `--from`) with a source that is the context root: `.`, `./`, `/`, `*`, `./*`. */
export function wholeContextCopies(dockerfile: Dockerfile): Instruction[] {
  return dockerfile.instructions.filter((instruction) => {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
    if ('from' in instruction.flags) return false;
    const words = instruction.execForm ?? splitWords(instruction.body, dockerfile.escapeChar).map((word) => word.value);
    return words.slice(0, -1).some((source) => {
      const trimmed = source.replace(/\/+$/, '').replace(/^(?:\.\/|\/)+/, '');
      return trimmed === '' || trimmed === '.' || trimmed === '*';
    });
  });
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
