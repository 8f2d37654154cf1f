import { mapHistory, type HistoryOrigin } from '../dockerfile/history-map.js';
import { stageChain } from '../dockerfile/stages.js';
import type { Instruction } from '../dockerfile/types.js';
import { splitWords } from '../dockerfile/words.js';
import { findConfigSecrets } from '../image/config-secrets.js';
import { SECRET_KIND_LABEL } from '../image/config-secret-patterns.js';
import type { ConfigSecretFact } from '../image/facts.js';
import type { Finding, Location } from '../model/findings.js';
import { code, md } from '../util/markdown-message.js';
import type { CheckContext } from './context.js';
import { makeFinding } from './make-finding.js';

/**
 * The image config's own rules: config/secret (credentials in ENV, LABEL, ARG values and history commands) and
 * config/expose-ssh (port 22 exposed). Each finding points at the Dockerfile line a person would change: the ENV,
 * LABEL, ARG, RUN or EXPOSE line; the FROM line when the base image brought it; without a Dockerfile, the image
 * (and the layer, for a history step that made one).
 */
export function checkConfig(context: CheckContext): Finding[] {
  return [...checkSecrets(context), ...checkExposeSsh(context)];
}

const SOURCE_LABEL: Record<ConfigSecretFact['source'], string> = {
  env: 'ENV',
  label: 'LABEL',
  arg: 'build arg',
  history: 'history step',
};

function checkSecrets(context: CheckContext): Finding[] {
  const rule = context.rules.config?.secrets;
  if (!rule) return [];
  // The pipeline finds them where it reads the image (and redacts them there); a caller that did not gets them here.
  const secrets: readonly ConfigSecretFact[] =
    context.image.configSecrets ?? findConfigSecrets(context.image, { names: rule.names });
  const names = new Set(rule.names);
  const origins = historyOrigins(context);
  return secrets
    .filter((secret) => secret.namePattern === undefined || names.has(secret.namePattern))
    .map((secret) => {
      const { location, where } = secretLocation(context, secret, origins);
      const shown = secret.prefix === '' ? '' : `${secret.prefix}…`;
      const what = SECRET_KIND_LABEL[secret.kind];
      const message =
        secret.source === 'history'
          ? md`History step ${secret.subject.slice('history:'.length)} of the image (${where}) holds ${what}${shown ? md` starting ${code(shown)}` : ''}: anyone who pulls the image reads it with \`docker history --no-trunc\`. Rotate it and pass it with \`RUN --mount=type=secret\` instead.`
          : md`${SOURCE_LABEL[secret.source]} ${code(secret.subject)} (${where}) holds ${what}${shown ? md` starting ${code(shown)}` : ''}: anyone who pulls the image reads it with \`docker inspect\` or \`docker history\`. Rotate it and pass it at build time with \`RUN --mount=type=secret\`, at run time through the environment or a secrets mount.`;
      return makeFinding('config/secret', context, {
        message,
        location,
        // Not the history index: a new base image shifts it. The prefix tells two values of one name apart.
        key: JSON.stringify([secret.source, secret.subject, secret.kind, secret.prefix]),
        properties: {
          subject: secret.subject,
          source: secret.source,
          kind: secret.kind,
          prefix: secret.prefix,
          ...(secret.historyIndex !== undefined ? { historyStep: secret.historyIndex + 1 } : {}),
        },
      });
    });
}

const SSH_PORT = /^22(?:\/(?:tcp|udp|sctp))?$/i;

function checkExposeSsh(context: CheckContext): Finding[] {
  if (!context.rules.config?.exposeSsh) return [];
  const ports = context.image.config.exposedPorts.filter((port) => SSH_PORT.test(port));
  if (ports.length === 0) return [];
  const origins = historyOrigins(context);
  return ports.map((port) => {
    const location = exposeLocation(context, port, origins);
    return makeFinding('config/expose-ssh', context, {
      message: md`The image exposes port ${code(port)}, the SSH port: an SSH server in a container is a second way in, with its own keys and patches. Use \`docker exec\` for a shell, and remove the SSH server and the EXPOSE.`,
      location,
      key: port.toLowerCase(),
      properties: { subject: port, port },
    });
  });
}

/** The Dockerfile origin of every history entry, when there is a Dockerfile for the image's stage. */
function historyOrigins(context: CheckContext): HistoryOrigin[] | undefined {
  const { dockerfile, stage } = context;
  return dockerfile && stage ? mapHistory(dockerfile, stage, context.image.history) : undefined;
}

function secretLocation(
  context: CheckContext,
  secret: ConfigSecretFact,
  origins: HistoryOrigin[] | undefined,
): { location: Location; where: string } {
  const { dockerfile, stage } = context;
  if (dockerfile && stage && secret.source === 'arg' && secret.name !== undefined) {
    const declaration = argDeclaration(context, secret.name);
    if (declaration) return { location: sourceAt(context, declaration), where: `ARG at line ${declaration.line}` };
  }
  if (secret.historyIndex !== undefined) {
    const origin = origins?.[secret.historyIndex];
    if (origin?.kind === 'instruction') {
      return {
        location: sourceAt(context, origin.instruction),
        where: `${origin.instruction.keyword} at line ${origin.instruction.line}`,
      };
    }
    if (origin?.kind === 'base') {
      return { location: sourceAt(context, origin.from), where: `from the base image of line ${origin.from.line}` };
    }
    const entry = context.image.history[secret.historyIndex];
    const layer = entry?.layerIndex === undefined ? undefined : context.image.layers[entry.layerIndex];
    return {
      location: { kind: 'image', image: context.imageName, ...(layer ? { layer: layer.diffId } : {}) },
      where:
        entry?.layerIndex !== undefined
          ? `layer #${entry.layerIndex + 1}`
          : secret.source === 'history'
            ? 'a metadata entry'
            : `history step ${secret.historyIndex + 1}`,
    };
  }
  return { location: context.imageLocation, where: 'image config' };
}

/** The ARG that declares `name` for the image's stage: the last one in its stage chain, else a global ARG. */
function argDeclaration(context: CheckContext, name: string): { line: number; column?: number } | undefined {
  const { dockerfile, stage } = context;
  if (!dockerfile || !stage) return undefined;
  const chain = stageChain(dockerfile, stage);
  for (const member of [...chain].reverse()) {
    const found = [...member.instructions].reverse().find((instruction) => declaresArg(instruction, name));
    if (found) return found;
  }
  return dockerfile.globalArgs.find((arg) => arg.name === name);
}

function declaresArg(instruction: Instruction, name: string): boolean {
  if (instruction.keyword !== 'ARG') return false;
  return instruction.body.split(/\s+/).some((word) => word === name || word.startsWith(`${name}=`));
}

function exposeLocation(context: CheckContext, port: string, origins: HistoryOrigin[] | undefined): Location {
  const { dockerfile, stage } = context;
  const number = 22;
  if (dockerfile && stage) {
    const exposes = stageChain(dockerfile, stage)
      .flatMap((member) => member.instructions)
      .filter(
        (instruction) =>
          instruction.keyword === 'EXPOSE' && exposesPort(instruction, dockerfile.escapeChar, number, port),
      );
    const last = exposes[exposes.length - 1];
    if (last) return sourceAt(context, last);
  }
  // The base image exposed it: its EXPOSE entry maps to the FROM line.
  const index = lastExposeEntry(context);
  const origin = index === undefined ? undefined : origins?.[index];
  if (origin?.kind === 'base') return sourceAt(context, origin.from);
  if (origin?.kind === 'instruction') return sourceAt(context, origin.instruction);
  return context.imageLocation;
}

/** Whether an EXPOSE instruction names the port: `22`, `22/tcp`, or a range such as `20-25`. */
function exposesPort(instruction: Instruction, escapeChar: string, number: number, port: string): boolean {
  const protocol = port.includes('/') ? port.slice(port.indexOf('/') + 1).toLowerCase() : 'tcp';
  return splitWords(instruction.body, escapeChar).some(({ value }) => {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/([a-z]+))?$/i.exec(value);
    if (!match) return false;
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    const wordProtocol = (match[3] ?? 'tcp').toLowerCase();
    return low <= number && number <= high && wordProtocol === protocol;
  });
}

const EXPOSE_ENTRY = /(?:^|\s)EXPOSE\s/;
/** Port 22 in an EXPOSE entry: `EXPOSE 22/tcp` (classic), `EXPOSE map[22/tcp:{}]` (BuildKit). */
const PORT_22 = /(?:^|[\s[])22(?:\/|[\s:\]]|$)/;

function lastExposeEntry(context: CheckContext): number | undefined {
  const history = context.image.history;
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const text = (history[index] as { createdBy: string }).createdBy;
    if (EXPOSE_ENTRY.test(text) && PORT_22.test(text)) return index;
  }
  return undefined;
}

function sourceAt(context: CheckContext, at: { line: number; column?: number }): Location {
  const path = context.dockerfile?.path ?? '';
  return { kind: 'source', path, line: at.line, ...(at.column !== undefined ? { column: at.column } : {}) };
}
