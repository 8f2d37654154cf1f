import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_TEMPLATE_NESTING, substitute } from '../../src/compose/loader/template.js';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { readDockerArchive } from '../../src/image/source/docker-archive.js';
import { MAX_LAYER_PATH_DEPTH } from '../../src/image/layers/layer-paths.js';
import { PathTable } from '../../src/image/layers/path-table.js';
import { readImage } from '../../src/image/read-image.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { sampleSpec as sampleImage } from '../image/support/archives.js';
import { cli } from '../support/cli.js';
import { OCI_INDEX } from '../support/registry-push.js';
import { tempDir } from '../support/temp.js';

/**
 * Attack item 6 of issue 10: input that controls how deep imagegate recurses. A layer path 8,000 directories deep
 * and a compose value `${A:-${A:-…}}` nested 2,000 deep used to end in "internal error: RangeError: Maximum call
 * stack size exceeded" with a stack trace; both are exit 2 naming where, through the real CLI.
 */

const dir = await tempDir('imagegate-deep-');

function expectCleanExit2(run: { code: number; stderr: string }): void {
  expect(run.code).toBe(2);
  expect(run.stderr).not.toMatch(/internal error|RangeError|Maximum call stack/);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('a layer path deeper than any image', () => {
  const deepPath = (depth: number) => `${Array.from({ length: depth - 1 }, () => 'd').join('/')}/f`;

  async function archive(name: string, depth: number): Promise<string> {
    const file = path.join(dir, name);
    await writeImageArchive(
      file,
      {
        repoTags: ['imagegate-test/deep:1'],
        created: '2024-01-01T00:00:00Z',
        steps: [
          { createdBy: 'RUN mkdir -p /d # buildkit', entries: [{ path: deepPath(depth), type: 'file', content: 'x' }] },
        ],
      },
      { format: 'docker-legacy' },
    );
    return file;
  }

  test('8,000 directories deep: exit 2 naming the archive, the layer and the entry, no stack trace', async () => {
    const file = await archive('deep-8000.tar', 8001);
    const run = await cli(['check', '--archive', file, '--out-dir', path.join(dir, 'out')], dir);
    expectCleanExit2(run);
    expect(run.stderr).toMatch(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: layer [0-9a-f]{64}/layer\\.tar: entry "d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/…" ` +
          'of 16001 characters \\(header at byte 0\\) is nested 8001 levels deep; imagegate reads layer paths at most ' +
          `${MAX_LAYER_PATH_DEPTH} levels deep`,
      ),
    );
  }, 60_000);

  test(`${MAX_LAYER_PATH_DEPTH} levels deep is read, and the tree has the file`, async () => {
    const file = await archive('deep-max.tar', MAX_LAYER_PATH_DEPTH);
    let found = false;
    await readDockerArchive(file, {
      logger: new MemoryLogger(),
      contents: {
        inspect: (trees) => {
          found = [...trees.entries(0)].some((entry) => entry.path === deepPath(MAX_LAYER_PATH_DEPTH));
        },
      },
    });
    expect(found).toBe(true);
  }, 60_000);

  test('the path table interns a path 100,000 levels deep without recursion', () => {
    const table = new PathTable();
    const deep = Array.from({ length: 100_000 }, () => 'd').join('/');
    const id = table.intern(deep);
    expect(table.size).toBe(100_001);
    expect(table.path(id)).toBe(deep);
    let levels = 0;
    for (let at = id; at > 0; at = table.parent(at)) levels += 1;
    expect(levels).toBe(100_000);
    expect(table.intern('d/d')).toBe(table.parent(table.parent(id) === -1 ? 0 : (table.lookup('d/d/d') ?? 0)));
  });
});

describe('compose interpolation nested deeper than anyone writes', () => {
  const nested = (depth: number) => `${'${A:-'.repeat(depth)}x${'}'.repeat(depth)}`;

  test('${A:-${A:-…}} 2,000 deep: exit 2 at the file, line and column, no stack trace', async () => {
    const project = path.join(dir, 'compose-deep');
    await mkdir(project, { recursive: true });
    await writeFile(
      path.join(project, 'compose.yaml'),
      `services:\n  web:\n    image: nginx\n    environment:\n      DEEP: "${nested(2000)}"\n`,
    );
    const run = await cli(['compose', 'inspect', '-f', 'compose.yaml'], project);
    expectCleanExit2(run);
    expect(run.stderr).toContain(
      `compose.yaml:5:13: interpolation nested more than ${MAX_TEMPLATE_NESTING} levels deep (\${A:-\${B:-…}}); ` +
        `imagegate reads at most ${MAX_TEMPLATE_NESTING} (in services.web.environment.DEEP)`,
    );
  });

  test(`${MAX_TEMPLATE_NESTING} levels are substituted as compose does; one more is refused`, () => {
    expect(substitute(nested(MAX_TEMPLATE_NESTING), () => undefined)).toEqual({ value: 'x', unset: [] });
    expect(substitute(nested(MAX_TEMPLATE_NESTING + 1), () => undefined).error).toEqual({
      kind: 'too-deep',
      limit: MAX_TEMPLATE_NESTING,
    });
  });

  test('a line of 50,000 ${A:-x} in a row: a loop, not a stack frame each, and linear, not quadratic', () => {
    const started = performance.now();
    const result = substitute('${A:-x}'.repeat(50_000), (name) => (name === 'A' ? undefined : 'y'));
    expect(result.value).toBe('x'.repeat(50_000));
    // The old scan read the rest of the line for every match: 50,000 × 350,000 characters.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('YAML and JSON nesting', () => {
  test('a policy of [[[… 100,000 deep is exit 2 at the bracket past the cap, before the YAML parser', async () => {
    const project = path.join(dir, 'policy-deep');
    await mkdir(project, { recursive: true });
    await writeFile(
      path.join(project, 'deep.yml'),
      `version: 1\ndefaults: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    );
    const run = await cli(['policy', 'validate', path.join(project, 'deep.yml')], project);
    expectCleanExit2(run);
    // `policy validate` lists each file's problems on stdout.
    expect(run.stdout).toContain('deep.yml:2:267: the policy file nests lists or maps more than 256 levels deep');
    expect(run.stdout).not.toMatch(/internal error|RangeError|Maximum call stack/);
  });

  test('a compose file of [[[… 100,000 deep is exit 2 at its line and column', async () => {
    const project = path.join(dir, 'compose-flow');
    await mkdir(project, { recursive: true });
    await writeFile(
      path.join(project, 'compose.yaml'),
      `services:\n  web:\n    image: nginx\n    x-deep: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    );
    const run = await cli(['compose', 'inspect', '-f', 'compose.yaml'], project);
    expectCleanExit2(run);
    expect(run.stderr).toContain(
      'compose.yaml:4:1013: the YAML nests lists or maps too deeply to be a compose file (more than 1000 levels)',
    );
  });
});

describe('nested OCI indexes', () => {
  test('an index nested 8 deep is exit 2 naming the layout blob; one level of nesting is followed', async () => {
    const { createHash } = await import('node:crypto');
    const { readFile } = await import('node:fs/promises');
    const layout = path.join(dir, 'nested-index');
    await writeImageArchive(layout, sampleImage(), { format: 'oci-dir', compression: 'gzip' });
    const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as {
      manifests: Array<Record<string, unknown>>;
    };
    let child = index.manifests[0] as Record<string, unknown>;
    const wrap = async (levels: number): Promise<Record<string, unknown>> => {
      let current = child;
      for (let level = 0; level < levels; level += 1) {
        const body = Buffer.from(
          JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ ...current, annotations: {} }] }),
        );
        const digest = createHash('sha256').update(body).digest('hex');
        await writeFile(path.join(layout, 'blobs', 'sha256', digest), body);
        current = { mediaType: OCI_INDEX, digest: `sha256:${digest}`, size: body.length };
      }
      return current;
    };
    const writeIndex = (top: Record<string, unknown>) =>
      writeFile(path.join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [top] }));

    await writeIndex(await wrap(1));
    const facts = await readImage({ kind: 'oci-layout', path: layout }, { logger: new MemoryLogger() });
    expect(facts.layers.length).toBeGreaterThan(0);

    child = index.manifests[0] as Record<string, unknown>;
    await writeIndex(await wrap(8));
    const run = await cli(['check', '--oci-layout', layout, '--out-dir', path.join(dir, 'out-nested')], dir);
    expectCleanExit2(run);
    expect(run.stderr).toMatch(
      /blobs\/sha256\/[0-9a-f]{64}: manifest sha256:[0-9a-f]{64} is an image index nested more than one level deep/,
    );
  }, 60_000);
});
