import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { loadComposeProject } from '../../src/compose/loader/load.js';
import { tempDir } from '../support/temp.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';
import { corpusSeeds, repoSeeds } from './support/seeds.js';

/**
 * The compose loader with everything that runs on a project: interpolation from `.env` and the environment, merge
 * keys, `!reset`/`!override`, two `-f` files merged, `extends` and `include` within the project.
 */

const dir = await tempDir('imagegate-fuzz-compose-');
const BASE = [
  'x-common: &common',
  '  restart: always',
  '  volumes: ["${DATA:-/srv/data}:/data:ro"]',
  'services:',
  '  web:',
  '    <<: *common',
  '    image: nginx:${TAG:-1.27}',
  '    read_only: "${RO:-yes}"',
  '    volumes:',
  '      - type: bind',
  '        source: ./site',
  '        target: /usr/share/nginx/html',
  '  worker:',
  '    extends: { service: web }',
  '    profiles: [jobs]',
  '    volumes: !reset []',
  '',
].join('\n');
const OVERRIDE =
  'services:\n  web:\n    environment:\n      A: ${A:?set A}\n    volumes: !override ["/var/run/docker.sock:/var/run/docker.sock"]\n';
const SEEDS = [
  BASE,
  OVERRIDE,
  ...repoSeeds('examples/compose.yaml'),
  ...corpusSeeds('compose', ['.yml', '.yaml'], 30, 16 * 1024),
];
const TOKENS = [
  '${',
  '${A:-${B:-x}}',
  '$$',
  '<<: *',
  '&a ',
  '*a',
  '!reset ',
  '!override ',
  'extends:',
  'include:',
  '  - ',
  ': ',
];
const DOTENV = ['TAG=1.27\nDATA=/srv\nA=${TAG}-x\n', 'export B="q ${DATA:-x}"\n# c\nC=\'lit $X\'\n'];

let count = 0;
test(
  'loadComposeProject: a project or a ConfigurationError at file:line:col',
  async () => {
    await fuzz(
      'compose',
      fc.tuple(
        mutatedText(SEEDS, TOKENS),
        mutatedText([OVERRIDE, BASE], TOKENS),
        mutatedText(DOTENV, ['${', '\\', '"', "'", '=']),
      ),
      async ([main, override, dotenv]) => {
        const root = path.join(dir, `p${(count += 1)}`);
        await mkdir(root, { recursive: true });
        try {
          await writeFile(path.join(root, 'compose.yaml'), main);
          await writeFile(path.join(root, 'compose.override.yaml'), override);
          await writeFile(path.join(root, '.env'), dotenv);
          await loadComposeProject({
            files: ['compose.yaml', 'compose.override.yaml'],
            cwd: root,
            environment: { HOME: '/nonexistent', TAG: '1.27' },
            displayPath: (absolute) => path.relative(root, absolute),
          });
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      },
      300,
    );
  },
  FUZZ_TIMEOUT_MS,
);
