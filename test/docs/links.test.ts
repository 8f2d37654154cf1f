import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every relative link in the README and docs/ names a file that exists, and an anchor a heading it has. */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of withoutCode(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Fenced code blocks and code spans hold examples, not links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

function brokenLinks(file: string, markdown: string, exists: (target: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const [, target] of withoutCode(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (target === undefined || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [pathPart = '', anchor] = target.split('#');
    const resolved = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart));
    if (resolved.startsWith('../')) {
      problems.push(`${file}: ${target} leaves the repository`);
      continue;
    }
    const text = exists(resolved);
    if (text === undefined) problems.push(`${file}: ${target} does not exist`);
    else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(text).has(anchor))
      problems.push(`${file}: ${target} names no heading of ${resolved}`);
  }
  return problems;
}

function onDisk(relative: string): string | undefined {
  const full = path.join(repoRoot, relative);
  if (!existsSync(full)) return undefined;
  return statSync(full).isFile() ? readFileSync(full, 'utf8') : '';
}

const pages = [
  'README.md',
  'SECURITY.md',
  ...readdirSync(path.join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.posix.join('docs', name.split(path.sep).join('/'))),
];

test.each(pages)('%s: every relative link resolves', (file) => {
  expect(brokenLinks(file, onDisk(file) ?? '', onDisk)).toEqual([]);
});

test('the check can fail: a missing file, a missing anchor and a link out of the repository are caught', () => {
  const files: Record<string, string> = { 'docs/a.md': '# Title\n\n## Exit codes (CLI)\n', 'action.yml': '' };
  const page = [
    '[ok](a.md#exit-codes-cli) [ok](../action.yml) [ok](#here) [web](https://example.com/x.md)',
    '[gone](b.md) [no anchor](a.md#exit-codes) [out](../../etc/passwd)',
    '`[in code](nowhere.md)`',
    '## Here',
  ].join('\n');
  expect(brokenLinks('docs/c.md', page, (name) => (name === 'docs/c.md' ? page : files[name]))).toEqual([
    'docs/c.md: b.md does not exist',
    'docs/c.md: a.md#exit-codes names no heading of docs/a.md',
    'docs/c.md: ../../etc/passwd leaves the repository',
  ]);
});
