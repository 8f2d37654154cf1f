import { ConfigurationError } from '../util/errors.js';
import type { Dockerfile, FromInstruction, Stage } from './types.js';

/** The stage a build produces: `target` by name (any case) or index, else the last stage. */
export function finalStage(dockerfile: Dockerfile, target?: string): Stage {
  const last = dockerfile.stages.at(-1);
  if (!last) throw new ConfigurationError('the Dockerfile has no stages', { path: dockerfile.path });
  if (target === undefined || target === '') return last;
  const byName = dockerfile.stages.find((stage) => stage.name === target.toLowerCase());
  if (byName) return byName;
  if (/^\d+$/.test(target)) {
    const byIndex = dockerfile.stages[Number(target)];
    if (byIndex) return byIndex;
  }
  const names = dockerfile.stages.map((stage) => stage.name ?? String(stage.index));
  throw new ConfigurationError(
    `build target "${target}" is not a stage of this Dockerfile: expected one of ${names.join(', ')}`,
    { path: dockerfile.path },
  );
}

/** The FROM that names the external image (or scratch) a stage is ultimately built on, following stage references. */
export function externalBase(dockerfile: Dockerfile, stage: Stage): FromInstruction {
  return stageChain(dockerfile, stage)[0]?.from ?? stage.from;
}

/** The stages a stage is built on, root first, the stage itself last. */
export function stageChain(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const chain = [stage];
  let current = stage;
  // stageRef always points at an earlier stage, so this ends; the bound guards hand-made models.
  while (current.from.stageRef !== undefined && chain.length <= dockerfile.stages.length) {
    const parent = dockerfile.stages[current.from.stageRef];
    if (!parent) break;
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}
