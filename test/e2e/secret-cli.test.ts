import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../src/rescan/json-input.js';
import { Redactor } from '../../src/util/redact.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

/**
 * The CLI's side of issue 10 items 5 and 6 without a daemon: `compose inspect` interpolates without credentials,
 * `--secret-env` names are checked, the final error line is redacted, and the rescan commands' atomic writer
 * redacts what it writes.
 */

const SECRET = 'sEcReT-value-4242';
const work = await tempDir('imagegate-secret-cli-');
const saved = { ...process.env };

beforeEach(() => {
  process.env.IMAGEGATE_REGISTRY_PASSWORD = SECRET;
  process.env.MY_LISTED = `listed-${SECRET}`;
});
afterEach(() => {
  for (const name of ['IMAGEGATE_REGISTRY_PASSWORD', 'MY_LISTED']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('secrets on the command line', () => {
  it('compose inspect reads a withheld credential as unset', async () => {
    const dir = path.join(work, 'inspect');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'compose.yaml'),
      'services:\n  web:\n    volumes:\n      - /srv/${IMAGEGATE_REGISTRY_PASSWORD:-unset}:/data\n',
    );
    const run = await cli(['compose', 'inspect', '--json'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('/srv/unset');
    expect(run.stdout).not.toContain(SECRET);
  });

  it('a secret-named variable nobody listed reaches no report, cut, split at `:` or lower-cased', async () => {
    const dir = path.join(work, 'derived');
    await mkdir(dir, { recursive: true });
    const value = 'SuperSecret:Value/1234567890abcdefghij';
    const saved = process.env.MY_API_KEY;
    process.env.MY_API_KEY = value;
    try {
      const report = path.join(dir, 'trivy.json');
      await writeFile(
        report,
        '{"SchemaVersion":2,"ArtifactName":"x","ArtifactType":"container_image","Metadata":{"ImageConfig":{"config":{}}},"Results":[]}',
      );
      // A value cut at a report's column width, split at `:` by the volume syntax, lower-cased as a project name.
      await writeFile(
        path.join(dir, 'compose.yaml'),
        `name: "p\${MY_API_KEY}"\nservices:\n  app:\n    image: alpine\n    volumes:\n` +
          `      - "/${'a'.repeat(150)}\${MY_API_KEY}:/x"\n      - "\${MY_API_KEY}:/y"\n`,
      );
      const run = await cli(['check', '--trivy-report', 'trivy.json', '--compose', 'compose.yaml', '--json'], dir);
      const inspect = await cli(['compose', 'inspect', '--json'], dir);
      expect(inspect.code).toBe(0);
      const outputs = [run.stdout, run.stderr, inspect.stdout, inspect.stderr];
      for (const file of ['imagegate.json', 'imagegate.sarif', 'summary.md']) {
        outputs.push(await readFile(path.join(dir, 'imagegate-out', file), 'utf8'));
      }
      for (const fragment of ['SuperSecret', 'supersecret', 'Value/1234567890', '1234567890abcdefghij']) {
        for (const output of outputs) expect(output).not.toContain(fragment);
      }
      expect(inspect.stdout).toContain('***');
    } finally {
      if (saved === undefined) delete process.env.MY_API_KEY;
      else process.env.MY_API_KEY = saved;
    }
  });

  it('refuses a --secret-env that is not a variable name (exit 2, naming the flag)', async () => {
    await writeFile(path.join(work, 'x.tar'), '');
    const run = await cli(['check', '--archive', 'x.tar', '--secret-env', 'NOT-A-NAME'], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--secret-env 'NOT-A-NAME': expected a variable name");
  });

  it('redacts the final error line, including the values of --secret-env names', async () => {
    const run = await cli(
      ['check', '--archive', `missing-${SECRET}.tar`, '--policy', `listed-${SECRET}.yml`, '--secret-env', 'MY_LISTED'],
      work,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^imagegate: --archive: no such file: .*missing-\*\*\*\.tar\n$/);
    expect(run.stderr).not.toContain(SECRET);
  });

  it("rescan's atomic writer redacts what it writes", async () => {
    const file = path.join(work, 'rescan', 'summary.md');
    await writeFileAtomic(
      file,
      `token ${SECRET} and ${encodeURIComponent(SECRET)}\n`,
      'the summary',
      new Redactor([SECRET]),
    );
    expect(await readFile(file, 'utf8')).toBe('token *** and ***\n');
  });
});
