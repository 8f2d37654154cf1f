import { COMMENT_LIMIT, renderBody } from '../../src/github/comment-body.js';
import { toCodeQualityReport } from '../../src/report/gitlab-code-quality.js';
import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { toJunitXml } from '../../src/report/junit.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { moreLine } from '../../src/report/markdown-table.js';
import type { RunResult } from '../../src/report/run-result.js';
import { toTerminalSummary } from '../../src/report/terminal.js';
import { failingBudgets, passingBudgets } from './budget-fixtures.js';
import { DOCKERFILE, imageOnlyResult } from './fixtures.js';
import { cells, outsideCodeSpans, table } from './markdown-support.js';
import { scannedResult } from './scan-fixtures.js';
import { COMMENT_COLUMN_CHARACTERS, minContentWidth, tables } from './layout-support.js';

/** Item 5 of issue 12: headings nested under the report's title, plurals, no issue references, narrow tables. */

/** Everything a report can show: scan, budgets, layer contents, compose, a baseline, policy changes. */
function everything(overrides: Partial<RunResult> = {}): RunResult {
  const budgets = failingBudgets();
  const scanned = scannedResult();
  const [first, ...rest] = scanned.findings;
  return {
    ...scanned,
    image: budgets.image,
    budgets: budgets.budgets!,
    compose: { projects: [{ name: 'app', files: ['compose.yaml'], services: 1, mounts: 1 }] },
    baseline: { new: first ? [first] : [], fixed: [], unchanged: rest.length, file: 'previous/imagegate.json' },
    policySource: { origin: 'base', ref: 'main', commit: '0123456789abcdef0123456789abcdef01234567', path: 'p.yml' },
    policyChanges: [{ kind: 'tightening', key: 'defaults.layers.max', message: '20 → 15' }],
    ...overrides,
  };
}

const comment = (result: RunResult) =>
  renderBody({ result, category: 'c', notes: [], toolVersion: '0.1.0', commit: 'a'.repeat(40) }, COMMENT_LIMIT).body;

/** Heading levels in order, outside fenced code. */
function headingLevels(markdown: string): number[] {
  const outside = markdown.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
  return [...outside.matchAll(/^(#{1,6}) /gm)].map((match) => match[1]!.length);
}

describe('headings', () => {
  test('the summary: its title at ##, sections at ### (policy changes one deeper), or from headingLevel', () => {
    const levels = headingLevels(toMarkdownSummary(everything()));
    expect(levels[0]).toBe(2);
    expect(new Set(levels.slice(1))).toEqual(new Set([3, 4]));
    const nested = headingLevels(toMarkdownSummary(everything(), { headingLevel: 4 }));
    expect(nested).toEqual(levels.map((level) => level + 2));
    expect(toMarkdownSummary(everything(), { headingLevel: 4 })).toMatch(/^#### ❌ failed: imagegate/);
  });

  test('the PR comment: its title is ###, everything else, the Full report included, is smaller', () => {
    const body = comment(everything());
    const levels = headingLevels(body);
    expect(levels[0]).toBe(3);
    expect(Math.min(...levels.slice(1))).toBe(4);
    const details = body.slice(body.indexOf('<details><summary>Full report</summary>'));
    expect(details).toMatch(/^<details><summary>Full report<\/summary>\n\n#### ❌ failed: imagegate/);
    expect(Math.min(...headingLevels(details))).toBe(4);
    expect(
      headingLevels(details)
        .slice(1)
        .every((level) => level >= 5),
    ).toBe(true);
  });

  test('the MR note: title ###, sections ####', () => {
    const note = toGitLabNote(everything(), { noteKey: 'k', toolVersion: '0.1.0' });
    const levels = headingLevels(note);
    expect(levels[0]).toBe(3);
    expect(levels.slice(1).every((level) => level >= 4)).toBe(true);
  });
});

describe('plurals', () => {
  test('one is singular, two plural, in every counted noun imagegate writes', () => {
    const one = toMarkdownSummary(everything());
    expect(one).toContain('(1 service, 1 mount)');
    const two = toMarkdownSummary(
      everything({ compose: { projects: [{ name: 'app', files: ['compose.yaml'], services: 2, mounts: 2 }] } }),
    );
    expect(two).toContain('(2 services, 2 mounts)');
    expect(moreLine(1, 'findings')).toEqual(['', '… and 1 more finding (it is in `imagegate.json`).']);
    expect(moreLine(2, 'vulnerabilities')).toEqual([
      '',
      '… and 2 more vulnerabilities (all of them are in `imagegate.json`).',
    ]);
    expect(moreLine(1, 'vulnerabilities')[1]).toContain('1 more vulnerability ');
    const single = { ...imageOnlyResult() };
    single.image = { ...single.image, layers: single.image.layers.slice(0, 1) };
    const text = toTerminalSummary(single, { json: 'j', sarif: 's', summary: 'm' } as never, '/');
    expect(text).toMatch(/, 1 layer, user /);
    expect(comment(single)).toContain('in **1** layer (no baseline');
    for (const report of [one, comment(everything()), text]) {
      expect(report).not.toMatch(/\b1 (?:layers|services|mounts|findings|vulnerabilities|files|copies|entries)\b/);
    }
  });
});

describe('issue references', () => {
  /** `#3` or `GH-3` outside code: GitHub and GitLab link them to issues. Entities (`&#8203;`) are not references. */
  function references(markdown: string): string[] {
    const outside = markdown
      .replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '')
      .split('\n')
      .map(outsideCodeSpans)
      .join('\n')
      .replace(/&#\d+;/g, '\u200b');
    return outside.match(/(?:#|\bGH-)\d+/gi) ?? [];
  }

  test('no report imagegate renders says #<digit> or GH-<digit> outside code', () => {
    for (const result of [everything(), passingBudgets(), imageOnlyResult()]) {
      expect(references(toMarkdownSummary(result))).toEqual([]);
      expect(references(comment(result))).toEqual([]);
      expect(references(toGitLabNote(result, { noteKey: 'k', toolVersion: '0.1.0' }))).toEqual([]);
    }
    // Plain-text reports carry untrusted text verbatim (nothing renders them as Markdown); imagegate's own words in
    // them say `layer 3` too, checked on runs whose untrusted text has no reference in it.
    for (const result of [passingBudgets(), failingBudgets(), imageOnlyResult()]) {
      expect(references(toTerminalSummary(result, { json: 'j', sarif: 's', summary: 'm' } as never, '/'))).toEqual([]);
      expect(references(toJunitXml(result, { toolVersion: '0.1.0' }))).toEqual([]);
      expect(references(JSON.stringify(toCodeQualityReport(result)))).toEqual([]);
    }
  });

  test('the wasted-files table names layers as "layer 3", never "#3"', () => {
    const rows = table(toMarkdownSummary(everything()), '### Wasted files').slice(2).map(cells);
    expect(rows[0]?.[2]).toBe('layer 2 (line 5)');
    expect(rows[0]?.[4]).toBe('layer 3 (line 7)');
  });
});

describe('width', () => {
  /**
   * The rule (docs/reports.md): a table's narrowest layout, Σ over columns of the longest unbreakable run + padding,
   * fits GitHub's comment column (100 characters of table text). Measured with realistic untrusted prose: a longer
   * unbroken word in a message or reason is kept as written and may widen its table.
   */
  const realistic = everything({
    findings: everything().findings.map((finding) =>
      finding.suppressedBy
        ? { ...finding, suppressedBy: { ...finding.suppressedBy, reason: 'not reachable' } }
        : finding,
    ),
  });

  test.each([
    ['the job summary', toMarkdownSummary(realistic)],
    ['the PR comment', comment(realistic)],
    ['the MR note', toGitLabNote(realistic, { noteKey: 'k', toolVersion: '0.1.0' })],
  ])('every table of %s fits the comment column', (_, markdown) => {
    const measured = tables(markdown);
    expect(measured.length).toBeGreaterThan(0);
    const tooWide = measured
      .map((rows) => ({ header: rows[0], width: minContentWidth(rows, cells) }))
      .filter(({ width }) => width > COMMENT_COLUMN_CHARACTERS);
    expect(tooWide).toEqual([]);
  });

  test('long tokens are abbreviated: digests to 12 hex digits, long references and paths lose their middle', () => {
    const long = `ghcr.io/acme/${'very-long-team-name/'.repeat(4)}api:1.2.3`;
    const result = everything();
    const summary = toMarkdownSummary({ ...result, image: { ...result.image, reference: long } });
    expect(summary).toContain('- **Digest:** `sha256:abababababab`\n');
    const reference = /- \*\*Reference:\*\* `([^`]+)`/.exec(summary)?.[1] ?? '';
    expect([...reference]).toHaveLength(72);
    expect(reference.startsWith('ghcr.io/acme/very-long-team-name/')).toBe(true);
    expect(reference.endsWith('/api:1.2.3')).toBe(true);
    expect(reference).toContain('…');
  });

  test('a Location column that says the same on every row is said once instead', () => {
    const result = imageOnlyResult();
    const summary = toMarkdownSummary(result);
    const locations = new Set(
      result.findings.filter((finding) => !finding.suppressedBy).map((finding) => JSON.stringify(finding.location)),
    );
    if (locations.size === 1) {
      expect(cells(table(summary, '### Findings')[0]!)).not.toContain('Location');
      expect(summary).toMatch(/\nEvery finding is at `[^`]+`\.\n/);
    }
    const sameEverywhere = everything({
      findings: everything().findings.map((finding) => ({
        ...finding,
        location: { kind: 'source' as const, path: DOCKERFILE, line: 1 },
      })),
    });
    const findings = toMarkdownSummary(sameEverywhere);
    expect(cells(table(findings, '### Findings')[0]!)).toEqual(['Severity', 'Rule', 'Message']);
    expect(findings).toContain(`Every finding is at \`${DOCKERFILE}:1\`.`);
  });
});
