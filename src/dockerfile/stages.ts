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

/**
 * The stages a build of `target` runs: the target, the stages it is built FROM, and those it copies or mounts
 * from (`COPY --from=name`, `RUN --mount=…,from=name`), transitively. Stages no path reaches are not built.
 */
export function stagesBuiltFor(dockerfile: Dockerfile, target: Stage): Stage[] {
  const byName = new Map<string, Stage>();
  for (const stage of dockerfile.stages) if (stage.name) byName.set(stage.name, stage);
  const resolve = (reference: string): Stage | undefined =>
    byName.get(reference.toLowerCase()) ?? (/^\d+$/.test(reference) ? dockerfile.stages[Number(reference)] : undefined);
  const reached = new Set<number>([target.index]);
  const queue: Stage[] = [target];
  // A worklist, not recursion: each stage is visited once.
  while (queue.length > 0) {
    const stage = queue.pop() as Stage;
    const references: string[] = [];
    if (stage.from.stageRef !== undefined) references.push(String(stage.from.stageRef));
    for (const instruction of stage.instructions) {
      for (const flag of instruction.flagList) {
        if (flag.name === 'from' && flag.value) references.push(flag.value);
        if (flag.name === 'mount' && flag.value) {
          const from = flag.value.split(',').find((part) => part.trim().startsWith('from='));
          if (from) references.push(from.trim().slice('from='.length));
        }
      }
    }
    for (const reference of references) {
      const next = resolve(reference);
      if (next && !reached.has(next.index)) {
        reached.add(next.index);
        queue.push(next);
      }
    }
  }
  return dockerfile.stages.filter((stage) => reached.has(stage.index));
}

/**
 * The SHELL in effect where each stage starts (inherited through `FROM <stage>`; `/bin/sh -c` otherwise), by stage
 * index. One pass in stage order, since a stage can only build on an earlier one.
 */
export function initialShells(dockerfile: Dockerfile): string[][] {
  const atStart: string[][] = [];
  const atEnd: string[][] = [];
  for (const stage of dockerfile.stages) {
    const inherited = stage.from.stageRef === undefined ? undefined : atEnd[stage.from.stageRef];
    const start = inherited ?? ['/bin/sh', '-c'];
    atStart[stage.index] = start;
    let shell = start;
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'SHELL' && instruction.execForm) shell = instruction.execForm;
    }
    atEnd[stage.index] = shell;
  }
  return atStart;
}
