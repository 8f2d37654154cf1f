import { readFile } from 'node:fs/promises';
import { redactConfigSecrets } from '../image/config-secrets.js';
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
  const names = new Set<string>();
  for (const rules of [policy.defaults, ...policy.images.map((override) => override.rules)]) {
    const secrets = rules.config?.secrets;
    if (secrets) for (const name of secrets.names) names.add(name);
  }
  const { image: hidden, values } = redactConfigSecrets(image, { names: [...names] });
  for (const value of values) logger.mask(value);
  return hidden;
}

/** Rewrites a report file another tool wrote (Trivy's JSON) through the Redactor; a missing file is left alone. */
export async function redactToolOutput(file: string, redactor: Redactor): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  if (redactor.redact(text) !== text) await writeFileAtomic(file, text, 'the Trivy report', redactor);
}
