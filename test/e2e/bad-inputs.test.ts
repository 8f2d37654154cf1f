import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pack } from 'tar-stream';
import { describeWithDocker, makeContext } from '../support/docker.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

/**
 * Bad input never ends in a stack trace: exit code 2 with file:line:column and what was expected, or exit code 3
 * naming the tool. Every case runs the real CLI.
 */

const work = await tempDir();
const write = async (name: string, content: string | Buffer) => {
  const file = path.join(work, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
};

const dockerfile = await write('ctx/Dockerfile', 'FROM scratch\nCOPY a /a\nUSER 1000\n');
await write('ctx/a', 'a');
const goodPolicy = await write('good.yml', 'version: 1\n');

async function tarOf(entries: Array<{ name: string; content: string }>): Promise<Buffer> {
  const archive = pack();
  for (const entry of entries) archive.entry({ name: entry.name }, entry.content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Case {
  name: string;
  args: string[] | (() => Promise<string[]> | string[]);
  code: 2 | 3;
  /** Every pattern must appear in stderr. */
  expect: Array<string | RegExp>;
}

const archiveCases: Case[] = [
  {
    name: 'archive that does not exist',
    args: () => ['check', '--archive', path.join(work, 'missing.tar')],
    code: 2,
    expect: ['--archive', 'no such file', 'missing.tar'],
  },
  {
    name: 'empty archive',
    args: async () => ['check', '--archive', await write('empty.tar', '')],
    code: 2,
    expect: ['empty.tar'],
  },
  {
    name: 'archive of random bytes',
    args: async () => ['check', '--archive', await write('random.tar', Buffer.alloc(4096, 0x5a))],
    code: 2,
    expect: ['random.tar', /not a tar|checksum|header/i],
  },
  {
    name: 'truncated archive',
    args: async () => {
      const full = await tarOf([{ name: 'manifest.json', content: 'x'.repeat(3000) }]);
      return ['check', '--archive', await write('truncated.tar', full.subarray(0, 1500))];
    },
    code: 2,
    expect: ['truncated.tar', /truncated/i],
  },
  {
    name: 'archive with an entry named ../../etc/passwd',
    args: async () => {
      const tar = await tarOf([
        { name: '../../etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
        { name: 'manifest.json', content: '[]' },
      ]);
      return ['check', '--archive', await write('hostile.tar', tar)];
    },
    code: 2,
    expect: ['hostile.tar', '../../etc/passwd'],
  },
  {
    name: 'archive without manifest.json or index.json',
    args: async () => ['check', '--archive', await write('nomanifest.tar', await tarOf([{ name: 'x', content: 'x' }]))],
    code: 2,
    expect: ['nomanifest.tar', /manifest\.json|index\.json/],
  },
  {
    name: 'archive whose manifest is malformed JSON',
    args: async () => [
      'check',
      '--archive',
      await write('badjson.tar', await tarOf([{ name: 'manifest.json', content: '[{"Config": ' }])),
    ],
    code: 2,
    expect: ['badjson.tar', 'manifest.json', /JSON/i],
  },
  {
    name: 'archive whose manifest points at a missing layer',
    args: async () => {
      const manifest = JSON.stringify([{ Config: 'c.json', RepoTags: ['x:1'], Layers: ['abc/layer.tar'] }]);
      const config = JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [`sha256:${'0'.repeat(64)}`] },
        history: [{ created_by: 'COPY a /a' }],
      });
      const tar = await tarOf([
        { name: 'manifest.json', content: manifest },
        { name: 'c.json', content: config },
      ]);
      return ['check', '--archive', await write('missinglayer.tar', tar)];
    },
    code: 2,
    expect: ['missinglayer.tar', 'abc/layer.tar'],
  },
  {
    name: 'OCI layout directory without index.json',
    args: async () => {
      await write('layout/oci-layout', '{"imageLayoutVersion":"1.0.0"}');
      return ['check', '--oci-layout', path.join(work, 'layout')];
    },
    code: 2,
    expect: ['layout', 'index.json'],
  },
];

const cases: Case[] = [
  {
    name: 'unknown command',
    args: ['chek'],
    code: 2,
    expect: ["unknown command 'chek'"],
  },
  {
    name: 'unknown flag',
    args: ['check', '--contxt', '.'],
    code: 2,
    expect: ["Unknown option '--contxt'"],
  },
  { name: 'no image source', args: ['check'], code: 2, expect: ['no image given', '--context', '--oci-layout'] },
  {
    name: 'two image sources',
    args: () => ['check', '--context', path.dirname(dockerfile), '--image', 'alpine:3.20'],
    code: 2,
    expect: ['--context and --image'],
  },
  {
    name: 'shell metacharacters in an image reference',
    args: ['check', '--image', 'foo; rm -rf /'],
    code: 2,
    expect: ['--image', 'invalid image reference', 'foo; rm -rf /'],
  },
  {
    name: 'upper case repository',
    args: ['check', '--image', 'UPPER/case'],
    code: 2,
    expect: ['--image', 'invalid image reference', 'lower-case'],
  },
  {
    name: 'build arg without =',
    args: () => ['check', '--context', path.dirname(dockerfile), '--build-arg', 'VERSION'],
    code: 2,
    expect: ["--build-arg 'VERSION'", 'KEY=VALUE'],
  },
  {
    name: 'bad --fail-on',
    args: () => ['check', '--context', path.dirname(dockerfile), '--fail-on', 'severe'],
    code: 2,
    expect: ["--fail-on 'severe'", 'critical, high, medium, low, info, never'],
  },
  {
    name: 'context directory that does not exist',
    args: () => ['check', '--context', path.join(work, 'nope')],
    code: 2,
    expect: ['--context', 'no such directory'],
  },
  {
    name: 'context without a Dockerfile',
    args: async () => {
      await mkdir(path.join(work, 'empty-ctx'), { recursive: true });
      return ['check', '--context', path.join(work, 'empty-ctx')];
    },
    code: 2,
    expect: ['no Dockerfile in the context', '--dockerfile'],
  },
  {
    name: 'Dockerfile with no FROM',
    args: async () => [
      'check',
      '--context',
      path.dirname(dockerfile),
      '--dockerfile',
      await write('nofrom/Dockerfile', '# just a comment\nRUN echo hi\n'),
      '--policy',
      goodPolicy,
    ],
    code: 2,
    expect: [/nofrom\/Dockerfile:2:1/, /FROM/],
  },
  {
    name: 'Dockerfile with an unknown instruction',
    args: async () => [
      'check',
      '--context',
      path.dirname(dockerfile),
      '--dockerfile',
      await write('typo/Dockerfile', 'FROM scratch\nCOPPY a /a\n'),
      '--policy',
      goodPolicy,
    ],
    code: 2,
    expect: [/typo\/Dockerfile:2:1/, 'COPPY', 'COPY'],
  },
  {
    name: 'Dockerfile with an unterminated heredoc',
    args: async () => [
      'check',
      '--context',
      path.dirname(dockerfile),
      '--dockerfile',
      await write('heredoc/Dockerfile', 'FROM scratch\nRUN <<EOF\necho hi\n'),
      '--policy',
      goodPolicy,
    ],
    code: 2,
    expect: [/heredoc\/Dockerfile:2/, 'EOF'],
  },
  {
    name: 'unknown --target stage',
    args: () => ['check', '--context', path.dirname(dockerfile), '--target', 'tests', '--policy', goodPolicy],
    code: 2,
    expect: ['tests'],
  },
  {
    name: 'policy file that does not exist',
    args: () => ['check', '--context', path.dirname(dockerfile), '--policy', path.join(work, 'nope.yml')],
    code: 2,
    expect: ['--policy', 'no such file', 'nope.yml'],
  },
  {
    name: 'malformed YAML policy',
    args: async () => [
      'check',
      '--context',
      path.dirname(dockerfile),
      '--policy',
      await write('malformed.yml', 'version: 1\ndefaults:\n  size: {max: 300MB\n'),
    ],
    code: 2,
    expect: [/malformed\.yml:\d+:\d+/],
  },
  {
    name: 'policy with an unknown key',
    args: async () => [
      'check',
      '--context',
      path.dirname(dockerfile),
      '--policy',
      await write('unknown-key.yml', 'version: 1\ndefaults:\n  sise:\n    max: 300MB\n'),
    ],
    code: 2,
    expect: [/unknown-key\.yml:3:3/, 'size'],
  },
  {
    name: 'policy with a bad size',
    args: async () => [
      'check',
      '--context',
      path.dirname(dockerfile),
      '--policy',
      await write('bad-size.yml', 'version: 1\ndefaults:\n  size:\n    max: 300 MBs\n'),
    ],
    code: 2,
    expect: [/bad-size\.yml:4:10/, /size/],
  },
  {
    name: 'policy with a bad gate severity',
    args: async () => [
      'check',
      '--context',
      path.dirname(dockerfile),
      '--policy',
      await write('bad-gate.yml', 'version: 1\ngate:\n  failOn: severe\n'),
    ],
    code: 2,
    expect: [/bad-gate\.yml:3:11/, 'critical'],
  },
  {
    name: 'policy of the wrong version',
    args: async () => [
      'check',
      '--context',
      path.dirname(dockerfile),
      '--policy',
      await write('v2.yml', 'version: 2\n'),
    ],
    code: 2,
    expect: [/v2\.yml:1:10/],
  },
  {
    name: 'policy validate with an invalid file',
    args: async () => ['policy', 'validate', await write('invalid.yml', 'version: 1\nuser:\n  forbidRoot: yes\n')],
    code: 2,
    expect: [],
  },
];

describe('bad input ends with a clear error and the right exit code', () => {
  test.each([...cases, ...archiveCases].map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const run = await cli(typeof c.args === 'function' ? await c.args() : c.args, work);
    const output = run.stderr + run.stdout;
    expect({ code: run.code, output }).toMatchObject({ code: c.code });
    for (const pattern of c.expect) expect(output).toMatch(pattern);
    expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(output).not.toContain('internal error');
  });
});

describeWithDocker('bad input that reaches docker', () => {
  test('an image that is not in the daemon is a configuration error', async () => {
    const run = await cli(['check', '--image', 'imagegate-test/does-not-exist:never'], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('imagegate-test/does-not-exist:never');
  });

  test('an unreachable daemon is a tool error naming docker', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///tmp/imagegate-no-such-daemon.sock';
    try {
      const run = await cli(['check', '--image', 'alpine:3.20'], work);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/docker/);
      expect(run.stderr).toMatch(/imagegate-no-such-daemon\.sock|Cannot connect/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  test('a failing build is a tool error with the build output tail', async () => {
    const context = await makeContext({ Dockerfile: 'FROM scratch\nCOPY missing-file /x\n' });
    const run = await cli(
      ['check', '--context', context, '--policy', goodPolicy, '--tag', 'imagegate-test/fails:1'],
      work,
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('docker');
    expect(run.stderr).toMatch(/missing-file/);
  });
});
