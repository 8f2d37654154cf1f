import { readFile } from 'node:fs/promises';
import type { SourceLocation } from '../../src/model/findings.js';
import { RULE_FAMILIES, RULES } from '../../src/model/catalog.js';
import { gitHubReportLinks } from '../../src/github/report-links.js';
import { gitLabReportLinks } from '../../src/gitlab/report-links.js';
import { encodedRepositoryPath, trustedBaseUrl } from '../../src/report/link-parts.js';
import {
  actionDocsBase,
  DEFAULT_DOCS_BASE,
  PROJECT_URL,
  ruleAnchor,
  ruleDocsHref,
} from '../../src/report/rule-docs.js';
import { safeHttpsLink } from '../../src/report/scan-findings.js';
import { VERSION } from '../../src/version.js';

/**
 * Report links are built from the runner's trusted parts only (server URL, repository, commit, run id) plus a
 * percent-encoded path: exact hrefs for GitHub and GitLab, odd paths, hostile paths and missing variables.
 */

const SHA = '0123456789abcdef0123456789abcdef01234567';
const HEAD = 'fedcba9876543210fedcba9876543210fedcba98';
const at = (path: string, line = 12): SourceLocation => ({ kind: 'source', path, line, column: 3 });

const GITHUB_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/api',
  GITHUB_SHA: SHA,
  GITHUB_RUN_ID: '123456789',
  GITHUB_RUN_ATTEMPT: '1',
};

describe('GitHub links', () => {
  const links = gitHubReportLinks(GITHUB_ENV, { sha: SHA, pullRequest: undefined });

  test('a file at the commit, at the line; the run; its artifacts; the summary', () => {
    expect(links.source(at('services/api/Dockerfile'))).toBe(
      `https://github.com/acme/api/blob/${SHA}/services/api/Dockerfile#L12`,
    );
    expect(links.run).toBe('https://github.com/acme/api/actions/runs/123456789');
    expect(links.artifact).toBe('https://github.com/acme/api/actions/runs/123456789#artifacts');
    expect(links.summary).toBe('https://github.com/acme/api/actions/runs/123456789');
  });

  test('on a pull request, the head commit (what the reviewer reads), not the merge commit', () => {
    const pr = gitHubReportLinks(GITHUB_ENV, {
      sha: SHA,
      pullRequest: { number: 2, headSha: HEAD, baseRepository: 'acme/api', fromFork: false },
    });
    expect(pr.source(at('Dockerfile', 3))).toBe(`https://github.com/acme/api/blob/${HEAD}/Dockerfile#L3`);
  });

  test('a re-run attempt is named; GitHub Enterprise servers work as github.com', () => {
    const ghes = gitHubReportLinks(
      { ...GITHUB_ENV, GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_RUN_ATTEMPT: '3' },
      undefined,
    );
    expect(ghes.run).toBe('https://ghe.example.com/acme/api/actions/runs/123456789/attempts/3');
    expect(ghes.source(at('Dockerfile'))).toBe(`https://ghe.example.com/acme/api/blob/${SHA}/Dockerfile#L12`);
  });

  test.each([
    ['dir with space/Docker file', 'dir%20with%20space/Docker%20file'],
    ['ünïcode/Dockerfile.ñ', '%C3%BCn%C3%AFcode/Dockerfile.%C3%B1'],
    ['a#b/c?d=e', 'a%23b/c%3Fd%3De'],
    ['./compose.yaml', 'compose.yaml'],
    ['javascript:alert(1)', 'javascript%3Aalert(1)'],
    ['x/[y](z)|`w`', 'x/%5By%5D(z)%7C%60w%60'],
  ])('path %j is encoded per segment as %j', (path, encoded) => {
    expect(links.source(at(path))).toBe(`https://github.com/acme/api/blob/${SHA}/${encoded}#L12`);
  });

  test.each(['../secrets/Dockerfile', 'a/../../b', '/etc/passwd', 'C:/x/Dockerfile', 'a\\b', '', '\ud800x'])(
    'path %j gets no link',
    (path) => {
      expect(links.source(at(path))).toBeUndefined();
    },
  );

  test.each([
    ['no server', { GITHUB_SERVER_URL: undefined }],
    ['a javascript: server', { GITHUB_SERVER_URL: 'javascript:alert(1)//' }],
    ['a server with credentials', { GITHUB_SERVER_URL: 'https://user:pw@github.com' }],
    ['a server with a query', { GITHUB_SERVER_URL: 'https://github.com/?x=1' }],
    ['no repository', { GITHUB_REPOSITORY: undefined }],
    ['a repository that is a path', { GITHUB_REPOSITORY: 'acme/api/../../evil' }],
  ])('%s: no file and no run links', (_, change) => {
    const broken = gitHubReportLinks({ ...GITHUB_ENV, ...change }, undefined);
    expect(broken.source(at('Dockerfile'))).toBeUndefined();
    expect(broken.run).toBeUndefined();
    expect(broken.artifact).toBeUndefined();
    expect(broken.rule('size/max')).toBe(ruleDocsHref('size/max'));
  });

  test('no or an odd commit: no file links; no or an odd run id: no run links', () => {
    const noSha = gitHubReportLinks({ ...GITHUB_ENV, GITHUB_SHA: 'main' }, undefined);
    expect(noSha.source(at('Dockerfile'))).toBeUndefined();
    expect(noSha.run).toBeDefined();
    const noRun = gitHubReportLinks({ ...GITHUB_ENV, GITHUB_RUN_ID: '12/../3' }, undefined);
    expect(noRun.run).toBeUndefined();
    expect(noRun.source(at('Dockerfile'))).toBeDefined();
  });

  test('rule docs: the Action’s own repository at its ref when the runner names them, else the release', () => {
    expect(gitHubReportLinks(GITHUB_ENV, undefined).rule('compose/writable-bind-mount')).toBe(
      `${PROJECT_URL}/blob/v${VERSION}/docs/rules.md#compose-writable-bind-mount`,
    );
    const env = { ...GITHUB_ENV, GITHUB_ACTION_REPOSITORY: 'imagegate/imagegate', GITHUB_ACTION_REF: 'v1' };
    expect(gitHubReportLinks(env, undefined).rule('vuln/CVE-2024-3094')).toBe(
      'https://github.com/imagegate/imagegate/blob/v1/docs/rules.md#vuln',
    );
    for (const ref of ['', '../x', 'v1#frag', 'v1 x']) {
      expect(actionDocsBase({ ...env, GITHUB_ACTION_REF: ref })).toBe(DEFAULT_DOCS_BASE);
    }
    expect(actionDocsBase({ ...env, GITHUB_ACTION_REPOSITORY: 'x' })).toBe(DEFAULT_DOCS_BASE);
  });
});

describe('GitLab links', () => {
  const env = {
    CI_PROJECT_URL: 'https://gitlab.example.com/group/sub/api',
    CI_COMMIT_SHA: SHA,
    CI_JOB_URL: 'https://gitlab.example.com/group/sub/api/-/jobs/99',
  };
  const links = gitLabReportLinks(env);

  test('a file at the commit, the job and its artifacts', () => {
    expect(links.source(at('deploy/compose file.yaml', 7))).toBe(
      `https://gitlab.example.com/group/sub/api/-/blob/${SHA}/deploy/compose%20file.yaml#L7`,
    );
    expect(links.run).toBe('https://gitlab.example.com/group/sub/api/-/jobs/99');
    expect(links.artifact).toBe('https://gitlab.example.com/group/sub/api/-/jobs/99/artifacts/browse');
    expect(links.rule('size/max')).toBe(`${DEFAULT_DOCS_BASE}/docs/rules.md#size-max`);
  });

  test('hostile paths and missing variables give no link', () => {
    expect(links.source(at('../../etc/passwd'))).toBeUndefined();
    expect(gitLabReportLinks({}).source(at('Dockerfile'))).toBeUndefined();
    expect(gitLabReportLinks({}).run).toBeUndefined();
    expect(gitLabReportLinks({ ...env, CI_COMMIT_SHA: 'HEAD' }).source(at('Dockerfile'))).toBeUndefined();
    expect(gitLabReportLinks({ ...env, CI_JOB_URL: 'javascript:alert(1)' }).artifact).toBeUndefined();
  });
});

describe('rule docs', () => {
  test('every rule and family has its anchor in docs/rules.md', async () => {
    const page = await readFile(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    for (const rule of RULES) expect(page).toContain(`<a id="${ruleAnchor(rule.id)}"></a>`);
    for (const family of RULE_FAMILIES) expect(page).toContain(`<a id="${family.pattern.split('/')[0]}"></a>`);
    expect(ruleAnchor('secret/aws-access-key-id')).toBe('secret');
    expect(ruleAnchor('made/up')).toBeUndefined();
    expect(ruleDocsHref('made/up')).toBeUndefined();
  });

  test('PROJECT_URL is package.json’s homepage, and the docs link to the release tag', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      homepage: string;
      repository: { url: string };
    };
    expect(pkg.homepage).toBe(PROJECT_URL);
    expect(pkg.repository.url).toBe(`git+${PROJECT_URL}.git`);
    expect(DEFAULT_DOCS_BASE).toBe(`${PROJECT_URL}/blob/v${VERSION}`);
  });
});

describe('the parts', () => {
  test('base URLs: http(s) only, no credentials, query, fragment or characters that end a link', () => {
    expect(trustedBaseUrl(' https://github.com/ ')).toBe('https://github.com');
    expect(trustedBaseUrl('http://gitlab.local:8080/a/b')).toBe('http://gitlab.local:8080/a/b');
    for (const bad of ['ftp://x', 'data:text/html,x', 'https://x/#y', 'https://x/a|b', 'not a url', undefined]) {
      expect(trustedBaseUrl(bad)).toBeUndefined();
    }
    expect(trustedBaseUrl('https://x/a>b<c')).toBe('https://x/a%3Eb%3Cc');
  });

  test('paths: per-segment encoding, or nothing', () => {
    expect(encodedRepositoryPath('a//b/./c')).toBe('a/b/c');
    expect(encodedRepositoryPath('./')).toBeUndefined();
  });

  test('a scanner URL links only when https', () => {
    expect(safeHttpsLink('https://avd.aquasec.com/nvd/cve-2024-3094')).toBe(
      'https://avd.aquasec.com/nvd/cve-2024-3094',
    );
    expect(safeHttpsLink('https://x.example/a|b`c')).toBe('https://x.example/a%7Cb%60c');
    for (const bad of ['http://nvd.nist.gov/x', 'javascript:alert(1)', 'ftp://x', 'https://u:p@x.example/', 'x']) {
      expect(safeHttpsLink(bad)).toBeUndefined();
    }
  });
});
