import { stageChain } from '../dockerfile/stages.js';
import type { Instruction } from '../dockerfile/types.js';
import type { Finding, Location } from '../model/findings.js';
import { code, md } from '../util/markdown-message.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';

/**
 * `dockerfile/no-healthcheck`: the image the build produces has no healthcheck. Only the target stage counts (with
 * the stages it is built FROM, whose HEALTHCHECK it inherits), never builder stages (hadolint#843); the image config
 * is read too, so a healthcheck inherited from the base image counts. `HEALTHCHECK NONE`, in the Dockerfile or the
 * config, is a deliberate choice and is not reported. A runtime healthcheck (a compose service that builds or runs
 * the image with `healthcheck.test`; later Kubernetes probes) satisfies the rule.
 */
export function checkNoHealthcheck(context: CheckContext): Finding[] {
  if (context.image.config.healthcheck && context.image.config.healthcheck.length > 0) return [];
  const { dockerfile, stage } = context;
  if (dockerfile && stage) {
    const written = stageChain(dockerfile, stage)
      .flatMap((chained) => chained.instructions)
      .some((instruction: Instruction) => instruction.keyword === 'HEALTHCHECK');
    if (written) return [];
  }
  if ((context.runtimeHealthchecks ?? []).length > 0) return [];

  const location: Location =
    dockerfile && stage
      ? { kind: 'source', path: dockerfile.path, line: stage.from.line, column: stage.from.column }
      : context.imageLocation;
  const subject = location.kind === 'source' ? `${location.path}:${location.line}` : context.imageName;
  const message =
    dockerfile && stage
      ? md`The image has no HEALTHCHECK: the stage ${code(stage.name ?? `#${stage.index}`)} that produces it sets none, nor do the stages and base image it is built on, and no compose service that runs it sets ${code('healthcheck.test')}. The engine cannot tell a hung container from a working one. Add ${code('HEALTHCHECK CMD …')} to the final stage, or a compose healthcheck; ${code('HEALTHCHECK NONE')} records that the image has none on purpose.`
      : md`The image ${code(context.imageName)} has no healthcheck in its config, and no compose service that runs it sets ${code('healthcheck.test')}. Add ${code('HEALTHCHECK CMD …')} to its Dockerfile, or a compose healthcheck.`;
  return [
    makeFinding('dockerfile/no-healthcheck', context, {
      message,
      location,
      key: 'no-healthcheck',
      properties: { subject },
    }),
  ];
}
