import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { defaultPolicy } from '../../src/policy/default-policy.js';
import { hideConfigSecrets, maskDockerfileSecrets, redactToolOutput } from '../../src/pipeline/config-secrets-stage.js';
import { ConsoleLogger } from '../../src/util/logger.js';
import { Redactor } from '../../src/util/redact.js';
import { makeFacts } from '../support/facts.js';
import { tempDir } from '../support/temp.js';

/**
 * The pipeline's edge for config/secret: what it masks before a build (the builder echoes the Dockerfile), what it
 * hides once the image is read, and Trivy's own JSON rewritten through the run's Redactor.
 */

const TOKEN = `ghp_${'Ab3'.repeat(12)}`;
const dir = await tempDir('imagegate-trivy-json-');

function logger() {
  const redactor = new Redactor();
  const lines: string[] = [];
  return { redactor, lines, logger: new ConsoleLogger({ redactor, write: (line) => lines.push(line) }) };
}

test('before a build: ENV, ARG defaults, LABELs, RUN commands, heredocs and --build-args are masked', () => {
  const { logger: log, lines, redactor } = logger();
  const dockerfile = parseDockerfile(
    [
      'FROM scratch',
      'ARG DB_PASSWORD=Xdef-Pass-91z',
      `ENV API_KEY=${TOKEN}`,
      'LABEL com.example.password="Xlbl-Pass-77q"',
      'RUN curl -u deploy:Xcurl-Pw-55k https://example.com',
      'RUN <<EOF',
      'mysql -uroot -pXheredoc-Pw1 -e "select 1"',
      'EOF',
      'ENV PLAIN=hello-world',
      '',
    ].join('\n'),
    { path: 'Dockerfile', buildArgs: {} },
  );
  maskDockerfileSecrets(dockerfile, { NPM_TOKEN: 'Xnpm-Token-42', OTHER: 'visible-value' }, defaultPolicy(), log);
  log.info(
    'Step: ARG DB_PASSWORD=Xdef-Pass-91z ENV API_KEY=' +
      `${TOKEN} Xlbl-Pass-77q Xcurl-Pw-55k Xheredoc-Pw1 Xnpm-Token-42 visible-value hello-world`,
  );
  expect(lines).toEqual(['Step: ARG DB_PASSWORD=*** ENV API_KEY=*** *** *** *** *** visible-value hello-world']);
  expect(redactor.values()).toHaveLength(6);
});

test('after the image is read: facts hidden, values masked in every later line', () => {
  const { logger: log, lines } = logger();
  const facts = makeFacts();
  facts.config.env = [`API_KEY=${TOKEN}`];
  const hidden = hideConfigSecrets(facts, defaultPolicy(), log);
  expect(hidden.config.env).toEqual(['API_KEY=***']);
  expect(hidden.configSecrets).toMatchObject([{ subject: 'API_KEY', prefix: 'ghp_' }]);
  log.warning(`something mentions ${TOKEN}`);
  expect(lines).toEqual(['warning: something mentions ***']);
});

test("Trivy's JSON, which copies the config and history, is rewritten through the Redactor", async () => {
  const file = path.join(dir, 'trivy.json');
  const text = JSON.stringify({ Metadata: { ImageConfig: { config: { Env: [`API_KEY=${TOKEN}`] } } } });
  await writeFile(file, text);
  await redactToolOutput(file, new Redactor([TOKEN]));
  expect(await readFile(file, 'utf8')).toBe(text.replace(TOKEN, '***'));
  await redactToolOutput(path.join(dir, 'missing.json'), new Redactor([TOKEN]));
});
