import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadComposeProject } from '../../src/compose/loader/load.js';
import { composeHealthchecks, type CheckedImage } from '../../src/compose/runtime-healthchecks.js';
import type { ComposeProject } from '../../src/compose/types.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { tempDir } from '../support/temp.js';

/** Which compose services give the checked image a healthcheck (they satisfy dockerfile/no-healthcheck). */

const root = await tempDir('imagegate-healthchecks-');

async function project(compose: string): Promise<ComposeProject> {
  const dir = await mkdtemp(path.join(root, 'p-'));
  await mkdir(path.join(dir, 'other'), { recursive: true });
  await writeFile(path.join(dir, 'compose.yaml'), compose);
  return loadComposeProject({
    files: ['compose.yaml'],
    cwd: dir,
    environment: {},
    displayPath: (absolute) => path.relative(root, absolute),
  });
}

function checked(loaded: ComposeProject, overrides: Partial<CheckedImage> = {}): CheckedImage {
  return {
    dockerfile: path.join(loaded.projectDir, 'Dockerfile'),
    stage: { name: 'app', isLast: true },
    reference: parseImageReference('ghcr.io/acme/api:1.0'),
    ...overrides,
  };
}

test('services that build this Dockerfile or run this image, with a healthcheck test, are runtime healthchecks', async () => {
  const loaded = await project(
    [
      'services:',
      '  api:',
      '    build: .',
      '    healthcheck:',
      '      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]',
      '  web:',
      '    image: ghcr.io/acme/api:1.0',
      '    healthcheck:',
      '      test: curl -f http://localhost/ || exit 1',
      '  long:',
      '    build: { context: ., dockerfile: Dockerfile, target: app }',
      '    healthcheck: { test: ["CMD-SHELL", "true"] }',
      '',
    ].join('\n'),
  );
  const found = composeHealthchecks([loaded], checked(loaded));
  expect(found.map((entry) => [entry.kind, entry.name, entry.location.line])).toEqual([
    ['compose', 'api', 4],
    ['compose', 'web', 8],
    ['compose', 'long', 12],
  ]);
  expect(found[0]?.location.path).toMatch(/^p-\w+\/compose\.yaml$/);
});

test('near misses: another Dockerfile, another target, another image, NONE, disable, no test', async () => {
  const loaded = await project(
    [
      'services:',
      '  other-context:',
      '    build: ./other',
      '    healthcheck: { test: ["CMD", "true"] }',
      '  other-dockerfile:',
      '    build: { context: ., dockerfile: Dockerfile.dev }',
      '    healthcheck: { test: ["CMD", "true"] }',
      '  builder-target:',
      '    build: { context: ., target: build }',
      '    healthcheck: { test: ["CMD", "true"] }',
      '  other-image:',
      '    image: ghcr.io/acme/api:2.0',
      '    healthcheck: { test: ["CMD", "true"] }',
      '  none:',
      '    build: .',
      '    healthcheck: { test: ["NONE"] }',
      '  disabled:',
      '    build: .',
      '    healthcheck: { test: ["CMD", "true"], disable: true }',
      '  tuned-only:',
      '    build: .',
      '    healthcheck: { interval: 10s }',
      '  plain:',
      '    build: .',
      '',
    ].join('\n'),
  );
  expect(composeHealthchecks([loaded], checked(loaded))).toEqual([]);
});

test('a service without target builds the last stage: it is no healthcheck for a --target build of another', async () => {
  const loaded = await project(
    ['services:', '  api:', '    build: .', '    healthcheck: { test: ["CMD", "true"] }', ''].join('\n'),
  );
  expect(composeHealthchecks([loaded], checked(loaded, { stage: { name: 'test', isLast: false } }))).toEqual([]);
  expect(composeHealthchecks([loaded], checked(loaded, { dockerfile: undefined, reference: undefined }))).toEqual([]);
});
