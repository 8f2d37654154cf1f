import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadComposeProject } from '../../../src/compose/loader/load.js';
import { toPlain } from '../../../src/compose/loader/node.js';
import type { ComposeNode, ComposeProject } from '../../../src/compose/types.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { sharedDir } from '../../support/shared.js';
import { describeWhen } from '../../support/gate.js';

/**
 * Every compose file of the shared corpus (docker/awesome-compose, compose-go's test data, docker/compose's e2e
 * fixtures) loaded on its own, the way `docker compose -f FILE config` would: it loads, or it fails with a
 * ConfigurationError that names the place. The files expected to fail are listed with the reason; compose fails
 * on each of them too.
 */

const root = sharedDir() && path.join(sharedDir() as string, 'corpus', 'compose');
const describeWithCorpus = describeWhen(root, 'the shared compose corpus is missing');

const EXPECTED_FAILURES: Record<string, RegExp> = {
  // Invalid on purpose in compose-go's test data.
  'compose-go/loader/testdata/empty.yaml': /empty compose file/,
  'compose-go/loader/testdata/compose-include-cycle.yaml':
    /include cycle: .*compose-include-cycle\.yaml includes .*compose-include-cycle\.yaml/,
  // `remote:` is a resource loader that exists only inside compose-go's tests.
  'compose-go/loader/testdata/remote/cycle/compose.yaml':
    /cannot read compose file .*remote:cycle\/compose-cycle\.yaml/,
  'compose-go/loader/testdata/remote/cycle/compose-cycle.yaml':
    /cannot read compose file .*remote:cycle\/compose\.yaml/,
  'compose-go/loader/testdata/remote/nested/compose.yaml':
    /cannot read compose file .*remote:nested\/compose-nested\.yaml/,
  // A variable the example expects from the user's shell; unset, compose rejects the spec the same way.
  'awesome-compose/plex/compose.yaml': /invalid spec: :\/media\/: empty section between colons/,
  'docker-compose/pkg/e2e/fixtures/logs-test/cat.yaml': /invalid spec: :\/text_file\.txt: empty section between colons/,
};

function composeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return composeFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

function load(file: string, environment: Record<string, string> = {}): Promise<ComposeProject> {
  return loadComposeProject({
    files: [file],
    cwd: path.dirname(file),
    environment: { HOME: '/home/imagegate', ...environment },
    displayPath: (absolute) =>
      path
        .relative(root as string, absolute)
        .split(path.sep)
        .join('/'),
  });
}

function everyNode(node: ComposeNode, visit: (node: ComposeNode) => void): void {
  visit(node);
  if (node.kind === 'map') for (const entry of node.entries.values()) everyNode(entry.value, visit);
  if (node.kind === 'sequence') for (const item of node.items) everyNode(item, visit);
}

describeWithCorpus('compose corpus', () => {
  it('loads every file or fails with a clear configuration error, exactly for the expected files', async () => {
    const files = composeFiles(root as string);
    expect(files.length).toBeGreaterThan(100);
    const failures: Record<string, string> = {};
    let services = 0;
    let values = 0;
    for (const file of files) {
      const name = path
        .relative(root as string, file)
        .split(path.sep)
        .join('/');
      let project: ComposeProject;
      try {
        project = await load(file);
      } catch (error) {
        // Anything but a ConfigurationError (a crash, a TypeError) fails the test here.
        if (!(error instanceof ConfigurationError)) throw new Error(`${name}: ${String(error)}`, { cause: error });
        expect(error.position?.path).toBeDefined();
        failures[name] = error.message;
        continue;
      }
      for (const item of project.services) {
        services++;
        everyNode(item.body, (node) => {
          values++;
          expect(project.files).toContain(node.position.path);
          expect(node.position.line).toBeGreaterThanOrEqual(1);
          expect(node.position.column).toBeGreaterThanOrEqual(1);
          expect(node.baseDir).toBeDefined();
        });
      }
    }
    const report = Object.entries(failures).map(([name, message]) => `  ${name}\n      ${message}`);
    console.log(
      `compose corpus: ${files.length} files, ${files.length - report.length} loaded (${services} services, ` +
        `${values} positioned values), ${report.length} failed as expected:\n${report.join('\n')}`,
    );
    expect(Object.keys(failures).sort()).toEqual(Object.keys(EXPECTED_FAILURES).sort());
    for (const [name, pattern] of Object.entries(EXPECTED_FAILURES)) expect(failures[name]).toMatch(pattern);
  });

  it('loads the examples that need a variable once it is set', async () => {
    const plex = await load(path.join(root as string, 'awesome-compose/plex/compose.yaml'), {
      PLEX_MEDIA_PATH: '/media',
    });
    expect(toPlain(plex.services[0]!.body.entries.get('volumes')!.value)).toEqual(['/media:/media/']);
    const cat = await load(path.join(root as string, 'docker-compose/pkg/e2e/fixtures/logs-test/cat.yaml'), {
      FILE: './a.txt',
    });
    expect(cat.services).toHaveLength(1);
  });

  it('loads compose-go’s !reset example, the directory with a space, and the intentionally loose ones', async () => {
    const reset = await load(path.join(root as string, 'compose-go/loader/testdata/extends/reset.yaml'));
    expect(toPlain(reset.services.find((item) => item.name === 'base')!.body)).toEqual({ image: 'alpine:latest' });
    const spaced = await load(path.join(root as string, 'compose-go/cli/testdata/UNNORMALIZED PATH/compose.yaml'));
    expect(spaced.name).toBe('unnormalizedpath');
    expect(spaced.services[0]!.position.path).toBe('compose-go/cli/testdata/UNNORMALIZED PATH/compose.yaml');
    // compose rejects these (a depends_on cycle; an empty service body); imagegate does not check depends_on and
    // reads the empty body with a warning, since neither hides a mount.
    const cycle = await load(path.join(root as string, 'compose-go/loader/testdata/compose-depends-on-cycle.yaml'));
    expect(cycle.services).toHaveLength(3);
    const base = await load(path.join(root as string, 'compose-go/loader/testdata/extends/base.yaml'));
    expect(base.warnings.map((warning) => warning.message)).toContainEqual(
      expect.stringMatching(/service `nil` has an empty body/),
    );
  });
});
