import { COMMENT_LIMIT, renderBody } from '../../src/github/comment-body.js';
import { gitHubReportLinks } from '../../src/github/report-links.js';
import { gitLabReportLinks } from '../../src/gitlab/report-links.js';
import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { DEFAULT_DOCS_BASE, RULE_DOCS_LINKS } from '../../src/report/rule-docs.js';
import { DOCKERFILE, sampleResult } from './fixtures.js';
import { cells, expectSafeMarkdown, table } from './markdown-support.js';
import { scannedResult } from './scan-fixtures.js';

/** The links as the renderers place them: rule ids, locations, CVE ids, and the footers' run and artifacts. */

const SHA = '0123456789abcdef0123456789abcdef01234567';
const HEAD = 'fedcba9876543210fedcba9876543210fedcba98';
const RUN = 'https://github.com/acme/api/actions/runs/42';
const github = gitHubReportLinks(
  {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/api',
    GITHUB_RUN_ID: '42',
  },
  { sha: SHA, pullRequest: { number: 7, headSha: HEAD, baseRepository: 'acme/api', fromFork: false } },
);
const rules = `${DEFAULT_DOCS_BASE}/docs/rules.md`;
const blob = (path: string, line: number) => `https://github.com/acme/api/blob/${HEAD}/${path}#L${line}`;

/** Every href of `[label](<href>)` links in the text. */
const hrefs = (markdown: string) => [...markdown.matchAll(/\]\(<([^>]*)>\)/g)].map((match) => match[1]!);

describe('the job summary with GitHub links', () => {
  const summary = toMarkdownSummary(sampleResult(), { links: github });

  test('rule ids link to their docs, source locations to the file at the PR head; image locations stay text', () => {
    const rows = table(summary, '### Findings').slice(2).map(cells);
    const size = rows.find((row) => row[1]?.includes('size/max'))!;
    expect(size[1]).toContain(`[\`size/max\`](<${rules}#size-max>)`);
    expect(size[3]).toBe(`[\`${DOCKERFILE}:1:1\`](<${blob(DOCKERFILE, 1)}>)`);
    const image = rows.find((row) => row[1]?.includes('layers/max`'))!;
    expect(image[3]).toBe('`docker.io/acme/api:1.2.3`');
    // A rule the docs do not know is not linked.
    expect(rows.find((row) => row[1]?.includes('layers/wasted'))![1]).not.toContain('](');
  });

  test('a path with a space and a # is encoded in the href and shown as written', () => {
    const suppressed = summary.slice(summary.indexOf('suppressed finding'));
    expect(suppressed).toContain(
      '[`deploy/my app/Dockerfile#prod:3:1`](<https://github.com/acme/api/blob/' +
        `${HEAD}/deploy/my%20app/Dockerfile%23prod#L3>)`,
    );
  });

  test('every link is one the links built; the rest stays safe', () => {
    const all = hrefs(summary);
    expect(all.length).toBeGreaterThan(3);
    for (const href of all)
      expect(href.startsWith(`${rules}#`) || href.startsWith(`https://github.com/acme/api/blob/${HEAD}/`)).toBe(true);
    expectSafeMarkdown(summary, all);
  });

  test('without links (or with rule docs only) nothing but rule ids is linked', () => {
    expect(hrefs(toMarkdownSummary(sampleResult()))).toEqual([]);
    const local = hrefs(toMarkdownSummary(sampleResult(), { links: RULE_DOCS_LINKS }));
    expect(local.length).toBeGreaterThan(0);
    for (const href of local) expect(href.startsWith(`${rules}#`)).toBe(true);
  });

  test('vulnerability rows: the CVE to its https advisory, the location to the file', () => {
    const scanned = toMarkdownSummary(scannedResult(), { links: github });
    // The blocking table at the top locates each CVE; the per-package blocks below link the advisory too.
    const row = cells(scanned.split('\n').find((line) => line.startsWith('| ') && line.includes(`${DOCKERFILE}:5:1`))!);
    expect(row[1]).toBe('[`CVE-2024-3094`](<https://avd.aquasec.com/nvd/cve-2024-3094>)');
    expect(row[4]).toBe(`[\`${DOCKERFILE}:5:1\`](<${blob(DOCKERFILE, 5)}>)`);
    expect(scanned).toContain('[`CVE-2024-3094`](<https://avd.aquasec.com/nvd/cve-2024-3094>) | `5.6.2-r0`');
  });
});

describe('the PR comment', () => {
  const body = renderBody(
    { result: sampleResult(), category: 'c', notes: [], toolVersion: '0.1.0', commit: HEAD, links: github },
    COMMENT_LIMIT,
  ).body;

  test('the footer links the full report (the run’s summary), the run and its artifacts', () => {
    const footer = body.trimEnd().split('\n').at(-1)!;
    expect(footer).toContain(`[full report](<${RUN}>)`);
    expect(footer).toContain(`[workflow run](<${RUN}>)`);
    expect(footer).toContain(`[artifacts](<${RUN}#artifacts>)`);
  });

  test('the full report inside it links locations at the head commit', () => {
    expect(body).toContain(`(<${blob(DOCKERFILE, 7)}>)`);
  });
});

describe('the MR note with GitLab links', () => {
  const links = gitLabReportLinks({
    CI_PROJECT_URL: 'https://gitlab.example.com/acme/api',
    CI_COMMIT_SHA: SHA,
    CI_JOB_URL: 'https://gitlab.example.com/acme/api/-/jobs/9',
  });
  const note = toGitLabNote(sampleResult(), { noteKey: 'k', toolVersion: '0.1.0', links });

  test('rule ids and locations are linked; the footer links the job and its artifacts', () => {
    expect(note).toContain(`[\`size/max\`](<${rules}#size-max>)`);
    expect(note).toContain(
      `[\`${DOCKERFILE}:1:1\`](<https://gitlab.example.com/acme/api/-/blob/${SHA}/${DOCKERFILE}#L1>)`,
    );
    expect(note).toContain('[job log](<https://gitlab.example.com/acme/api/-/jobs/9>)');
    expect(note).toContain('[artifacts](<https://gitlab.example.com/acme/api/-/jobs/9/artifacts/browse>)');
  });

  test('without links, no link', () => {
    expect(hrefs(toGitLabNote(sampleResult(), { noteKey: 'k', toolVersion: '0.1.0' }))).toEqual([]);
  });
});
