import { htmlText } from '../../src/report/html-text.js';
import { blockingTest } from '../../src/report/blocking.js';
import { packagesPart } from '../../src/report/markdown-packages.js';
import { allowSnippet } from '../../src/report/allow-snippet.js';
import { fenced } from '../../src/report/markdown-fence.js';
import { blockedResult, mixedFindings, vuln } from './blocking-fixtures.js';
import { expectSafeMarkdown, outsideFences } from './markdown-support.js';

/** The per-package blocks of the summary: their raw-HTML <summary> line and the advisory tables inside. */

function render(findings = mixedFindings(), maxRows = Number.POSITIVE_INFINITY) {
  const result = blockedResult(findings);
  return packagesPart(findings, result, { cell: 200, maxRows, blocks: blockingTest(result) });
}

test('one block per package, the upgrade that fixes most blocking findings first, with origin and counts', () => {
  const summaries = render()
    .split('\n')
    .filter((line) => line.startsWith('<details>'));
  expect(summaries).toEqual([
    '<details><summary>🚫 4 blocking · <code>openssl</code> 1.1.1k-1 → 1.1.1w-0+deb11u1 · 🔴 3 critical · 🟠 1 high · base image (FROM at services/api/Dockerfile:1)</summary>',
    '<details><summary>🚫 1 blocking · <code>curl</code> 7.74.0-1.3 → 7.74.0-1.3+deb11u7 · 🔴 1 critical · installed at services/api/Dockerfile:5</summary>',
    '<details><summary>🚫 1 blocking · <code>busybox</code> 1:1.30.1-6 (no fix yet) · 🔴 1 critical · base image (FROM at services/api/Dockerfile:1)</summary>',
    '<details><summary>🚫 1 blocking · <code>zlib1g</code> 1:1.2.11 → 1:1.2.13 · 🟠 1 high (1 unrated) · installed at services/api/Dockerfile:5</summary>',
    '<details><summary><code>libc6</code> 2.31-13 → 2.31-13+deb11u6 · 🟡 1 medium · base image (FROM at services/api/Dockerfile:1)</summary>',
  ]);
  expect(render(mixedFindings(), 3)).toContain('… and 5 more vulnerabilities in 4 more packages');
});

test('hostile package names and versions in the <summary> line: entities, no tag, mention, reference or link', () => {
  const hostile = vuln({
    id: 'CVE-2023-1',
    pkg: '</code></summary><img src=x onerror=alert(1)>@octocat',
    installed: '1.0 #12 GH-34 https://evil.example !5 ~bug &42',
    fixed: '2',
    severity: 'critical',
    layer: 1,
  });
  const line = render([hostile])
    .split('\n')
    .find((text) => text.startsWith('<details>'))!;
  expect(line).toBe(
    '<details><summary>🚫 1 blocking · <code>&lt;/code&gt;&lt;/summary&gt;&lt;img src=x onerror=alert(1)&gt;@&#8203;octocat</code> ' +
      '1.0 #&#8203;12 GH-&#8203;34 https:&#8203;//evil.example !&#8203;5 ~&#8203;bug &amp;&#8203;42 → 2 · 🔴 1 critical · ' +
      'base image (FROM at services/api/Dockerfile:1)</summary>',
  );
  expect(htmlText('a "quoted" \'one\'')).toBe('a &quot;quoted&quot; &#39;one&#39;');
  expectSafeMarkdown(render([hostile]));
});

test('an allowlist entry with backticks stays inside its fence', () => {
  const yaml = allowSnippet(vuln({ id: 'CVE-1', pkg: 'a```b', installed: '1', severity: 'high', layer: 1 }))!;
  const block = fenced(yaml, 'yaml');
  expect(block.split('\n')[0]).toBe('````yaml');
  expect(block.split('\n').at(-1)).toBe('````');
  expect(outsideFences(`before\n${block}\nafter`)).toBe('before\nafter');
});
