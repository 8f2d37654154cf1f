import type { Dockerfile, Instruction, Stage } from '../dockerfile/types.js';
import type { Finding, Location } from '../model/findings.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';
import { md } from '../util/markdown-message.js';

/** user.forbidRoot: the image's effective user must not be root. */
export function checkUser(context: CheckContext): Finding[] {
  if (!context.rules.user.forbidRoot) return [];
  const user = context.image.config.user.trim();
  if (!isRootUser(user)) return [];
  const userLine =
    context.dockerfile && context.stage ? lastUserInstruction(context.dockerfile, context.stage) : undefined;
  const location: Location =
    userLine && context.dockerfile
      ? { kind: 'source', path: context.dockerfile.path, line: userLine.line, column: userLine.column }
      : context.imageLocation;
  const message =
    user === ''
      ? md`Image runs as root: its config sets no USER (user.forbidRoot). Add \`USER <uid>\` to the final stage.`
      : md`Image runs as root: USER is '${user}' (user.forbidRoot). Use a non-root uid.`;
  return [makeFinding('user/root', context, { message, location, properties: { user } })];
}

/** `''`, `root`, `0` and any `root:…`/`0:…` run as uid 0: the group does not matter. */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0]?.trim() ?? '';
  return name === '' || name === 'root' || /^0+$/.test(name);
}

/** The USER instruction in effect: the last one in the stage, else in the stage it is built FROM, and so on. */
function lastUserInstruction(dockerfile: Dockerfile, stage: Stage): Instruction | undefined {
  const seen = new Set<number>();
  let current: Stage | undefined = stage;
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    const users = current.instructions.filter((instruction) => instruction.keyword === 'USER');
    const last = users[users.length - 1];
    if (last) return last;
    current = current.from.stageRef === undefined ? undefined : dockerfile.stages[current.from.stageRef];
  }
  return undefined;
}
