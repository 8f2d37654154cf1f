import { readFile } from 'node:fs/promises';
import type { Dockerfile } from '../dockerfile/types.js';
import { findConfigSecrets, redactConfigSecrets } from '../image/config-secrets.js';
import type { ImageFacts } from '../image/facts.js';
import type { Policy } from '../policy/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';

/**
 * Where secrets in an image's config and history (config/secret) leave the run: nowhere. Right after the image is
 * read, its facts get `***` in place of each secret (so no report, table or truncated cell can show one), the
 * values go to the run's Redactor through the logger (so no log line and no later output shows them), and Trivy's
 * own report file, which copies the config and history, is rewritten through the Redactor.
 *
 * Found whatever the policy says: even with config/secret off, a secret is not printed. The name globs of every
 * `config.secrets.names` in the policy are used, so an image override's extra names redact too.
 */
export function hideConfigSecrets(image: ImageFacts, policy: Policy, logger: Logger): ImageFacts {
  const { image: hidden, values } = redactConfigSecrets(image, { names: secretNameGlobs(policy) });
  for (const value of values) logger.mask(value);
  return hidden;
}

/**
 * The same secrets before the image exists: the builder echoes each instruction (`Step 4/9 : ARG PASSWORD=…`) and
 * imagegate relays its output, so the values the Dockerfile and the `--build-arg`s would put in the config and
 * history are masked before the build starts. Read as the history they will become, with the same detectors.
 */
export function maskDockerfileSecrets(
  dockerfile: Dockerfile,
  buildArgs: Readonly<Record<string, string>>,
  policy: Policy,
  logger: Logger,
): void {
  const history = dockerfile.instructions.map((instruction) => ({
    createdBy: [`${instruction.keyword} ${instruction.args}`, ...instruction.heredocs].join('\n'),
    emptyLayer: instruction.keyword !== 'RUN',
  }));
  const args = Object.entries(buildArgs);
  if (args.length > 0) {
    const pairs = args.map(([name, value]) => `${name}=${value}`).join(' ');
    history.push({ createdBy: `RUN |${args.length} ${pairs} /bin/sh -c true`, emptyLayer: false });
  }
  const facts: ImageFacts = {
    source: 'daemon',
    id: '',
    repoTags: [],
    repoDigests: [],
    platform: { os: 'unknown', architecture: 'unknown' },
    size: 0,
    config: { user: '', env: [], entrypoint: null, cmd: null, workingDir: '', labels: {}, exposedPorts: [] },
    layers: [],
    history,
  };
  for (const secret of findConfigSecrets(facts, { names: secretNameGlobs(policy) })) logger.mask(secret.value);
}

/** Every `config.secrets.names` glob of the policy: an image override's extra names redact too. */
function secretNameGlobs(policy: Policy): string[] {
  const names = new Set<string>();
  for (const rules of [policy.defaults, ...policy.images.map((override) => override.rules)]) {
    const secrets = rules.config?.secrets;
    if (secrets) for (const name of secrets.names) names.add(name);
  }
  return [...names];
}

/** Rewrites a report file another tool wrote (Trivy's JSON) through the Redactor; a missing file is left alone. */
export async function redactToolOutput(file: string, redactor: Redactor): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  if (redactor.redact(text) !== text) await writeFileAtomic(file, text, 'the Trivy report', redactor);
}
