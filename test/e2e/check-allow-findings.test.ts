import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { tempDir } from '../support/temp.js';

/**
 * `allow.findings` through the real CLI on a real image archive: an image with `make` in /usr/bin fails a policy
 * with `hygiene.toolchains`, an entry for that rule and path lets it pass, the same entry expired fails it again
 * and is reported at its line, and a typo in its rule is a configuration error at its line.
 */

const work = await tempDir();
const archive = path.join(work, 'image.tar');
await writeImageArchive(
  archive,
  {
    repoTags: ['registry.example.com/team/tools:1'],
    config: { User: '1000' },
    steps: [
      {
        createdBy: 'COPY make /usr/bin/make # buildkit',
        entries: [
          { path: 'usr', type: 'dir' },
          { path: 'usr/bin', type: 'dir' },
          { path: 'usr/bin/make', type: 'file', content: 'not really make' },
        ],
      },
    ],
  },
  { format: 'docker-legacy' },
);

interface Doc {
  verdict: string;
  findings: Array<{
    ruleId: string;
    suppressed: boolean;
    location: { path?: string; line?: number };
    properties: Record<string, unknown> | null;
  }>;
}

async function check(name: string, allow: string[]) {
  const policy = path.join(work, `${name}.yml`);
  await writeFile(
    policy,
    [
      'version: 1',
      'defaults:',
      '  hygiene: {toolchains: true}',
      'allow:',
      '  findings:',
      ...allow,
      'gate: {failOn: medium}',
      '',
    ].join('\n'),
  );
  const outDir = path.join(work, name);
  const run = await cli(['check', '--archive', archive, '--skip-scan', '--policy', policy, '--out-dir', outDir], work);
  const doc =
    run.code <= 1 ? (JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as Doc) : undefined;
  return { run, doc };
}

const entry = (rule: string, expires: string) => [
  `    - rule: ${rule}`, // line 6
  '      subject: /usr/bin/make',
  '      reason: the image runs make targets',
  `      expires: ${expires}`,
];

test('an entry for the rule and path suppresses the finding; the finding names its subject', async () => {
  const other = await check(
    'other-path',
    [...entry('"hygiene/*"', '2099-12-31')].join('\n').replace('/usr/bin/make', '/usr/local/bin/make').split('\n'),
  );
  expect(other.run.code).toBe(1);
  expect(other.doc?.findings.find((f) => f.ruleId === 'hygiene/toolchain')?.suppressed).toBe(false);
  expect(other.doc?.findings.find((f) => f.ruleId === 'allow/unused')?.location).toMatchObject({ line: 6 });

  const accepted = await check('accepted', entry('"hygiene/*"', '2099-12-31'));
  expect(accepted.run.code).toBe(0);
  expect(resultSchemaErrors(accepted.doc)).toEqual([]);
  const toolchain = accepted.doc?.findings.find((f) => f.ruleId === 'hygiene/toolchain');
  expect(toolchain).toMatchObject({ suppressed: true, properties: { subject: '/usr/bin/make', tool: 'make' } });

  const expired = await check('expired', entry('hygiene/toolchain', '2020-01-31'));
  expect(expired.run.code).toBe(1);
  const byRule = Object.fromEntries(expired.doc!.findings.map((f) => [f.ruleId, f]));
  expect(byRule['hygiene/toolchain']?.suppressed).toBe(false);
  expect(byRule['allow/expired']?.location).toMatchObject({ line: 6 });
});

test('a rule that matches no rule is a configuration error at its line', async () => {
  const typo = await check('typo', entry('hygiene/toolchian', '2099-12-31'));
  expect(typo.run.code).toBe(2);
  expect(typo.run.stderr).toMatch(
    /typo\.yml:6:13: `allow\.findings\[0]\.rule`: "hygiene\/toolchian" matches no rule; did you mean `hygiene\/toolchain`\?/,
  );
});
