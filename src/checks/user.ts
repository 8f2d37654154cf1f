import type { Dockerfile, Instruction, Stage } from '../dockerfile/types.js';
import type { Finding, Location } from '../model/findings.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';
import { code, md } from '../util/markdown-message.js';
import { resolveUser } from './user-resolution.js';

/**
 * user.forbidRoot: the image's effective user must not be root, resolved through the image's /etc/passwd when the
 * layer contents were read (`USER admin` is root when admin has UID 0); accounts.unknownUser: a USER the image does
 * not define, with which the container would not start.
 */
export function checkUser(context: CheckContext): Finding[] {
  const user = context.image.config.user.trim();
  const accounts = context.image.contents?.filesystem?.accounts;
  const resolved = accounts ? resolveUser(user, accounts) : { root: isRootUser(user), via: 'name' as const };
  const findings: Finding[] = [];
  if (!context.rules.user.forbidRoot && !(resolved.unknown && context.rules.accounts?.unknownUser !== false)) {
    return findings;
  }
  const userLine =
    context.dockerfile && context.stage ? lastUserInstruction(context.dockerfile, context.stage) : undefined;
  const location: Location =
    userLine && context.dockerfile
      ? { kind: 'source', path: context.dockerfile.path, line: userLine.line, column: userLine.column }
      : context.imageLocation;
  if (context.rules.user.forbidRoot && resolved.root) {
    const message =
      user === ''
        ? md`Image runs as root: its config sets no USER (user.forbidRoot). Add \`USER <uid>\` to the final stage.`
        : resolved.via === 'passwd' && !isRootUser(user)
          ? md`Image runs as root: USER is ${code(user)}, which the image's /etc/passwd maps to UID 0 (user.forbidRoot). Use an account with its own non-zero uid.`
          : md`Image runs as root: USER is '${user}' (user.forbidRoot). Use a non-root uid.`;
    // subject: the account, as allow.findings entries name it (`root` when USER is unset).
    const subject = user.split(':')[0]?.trim() || 'root';
    findings.push(makeFinding('user/root', context, { message, location, properties: { user, subject } }));
  }
  const unknown = resolved.unknown;
  if (unknown && context.rules.accounts?.unknownUser !== false) {
    const kind = unknown.file === '/etc/group' ? 'group' : 'user';
    const why =
      unknown.fileState === 'absent'
        ? md`the image has no ${unknown.file}`
        : md`the image's ${unknown.file} does not define it`;
    findings.push(
      makeFinding('user/unknown', context, {
        message: md`USER ${code(user)} names the ${kind} ${code(unknown.name)}, but ${why}: the container cannot start ("unable to find ${kind}"). Create it in the image, or use a numeric uid:gid (accounts.unknownUser).`,
        location,
        key: `${kind}:${unknown.name}`,
        properties: { subject: unknown.name, user, file: unknown.file },
      }),
    );
  }
  return findings;
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
