import { readFile } from 'node:fs/promises';

/** Every `imagegate check` option the parser accepts has a row in docs/cli.md's option table (or, for --help, a word). */

const root = new URL('../../', import.meta.url);
const source = await readFile(new URL('src/cli/cli-args.ts', root), 'utf8');
const page = await readFile(new URL('docs/cli.md', root), 'utf8');

function checkOptions(text: string): string[] {
  const block = /const CHECK_OPTIONS = \{([\s\S]*?)\n\} as const/.exec(text)?.[1] ?? '';
  return [...block.matchAll(/^\s+'?([a-z0-9-]+)'?: \{/gm)].map((match) => match[1] as string);
}

function undocumented(options: string[], markdown: string): string[] {
  const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
  return options.filter(
    (option) =>
      !(option === 'help'
        ? markdown.includes('`--help`')
        : rows.some((row) => row.includes(`\`--${option}\``) || row.includes(`\`--${option} `))),
  );
}

test('every check option is documented in docs/cli.md', () => {
  const options = checkOptions(source);
  expect(options.length).toBeGreaterThan(30);
  expect(options).toEqual(expect.arrayContaining(['context', 'allow-path', 'secret-env', 'verbose']));
  expect(undocumented(options, page)).toEqual([]);
});

test('the check can fail: an option without a table row is named', () => {
  expect(undocumented(['context', 'made-up-flag'], '| `--context DIR` | build |\n`--made-up-flag` in prose\n')).toEqual(
    ['made-up-flag'],
  );
});
