import { ConfigurationError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { PLATFORM_ARGS } from './parse.js';
import { stageChain } from './stages.js';
import type { Dockerfile, Stage } from './types.js';

/**
 * Before a build: a FROM of the built stage (or a stage it is built on) that uses an ARG with no value at all —
 * declared without a default and not given with --build-arg, or never declared — would reach the builder as an
 * empty or broken image name, and docker would stop with its own message (exit 3, no line). Said here instead as a
 * configuration error at the FROM line. Variables the builder sets (TARGETARCH, …) are not ours to judge.
 */
export function checkFromArgsForBuild(dockerfile: Dockerfile, stage: Stage): void {
  for (const { from } of stageChain(dockerfile, stage)) {
    for (const name of from.unresolved) {
      if (PLATFORM_ARGS.has(name)) continue;
      const declarations = dockerfile.globalArgs.filter((arg) => arg.name === name);
      const last = declarations.at(-1);
      if (last?.value !== undefined) continue;
      const why = last
        ? `ARG ${name} on line ${last.line} has no default and no --build-arg ${name}=… is given`
        : `no ARG ${name} is declared before the first FROM, so FROM cannot use it`;
      throw new ConfigurationError(
        `the image ${excerpt(from.rawImage)} uses \${${name}}, which has no value: ${why}; ` +
          'the build would get an empty image name',
        { path: dockerfile.path, line: from.line, column: from.column },
      );
    }
  }
}
