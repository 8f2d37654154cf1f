import { renderBody } from '../../src/github/comment-body.js';
import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { policyChangesSection } from '../../src/report/markdown-policy-changes.js';
import type { RunResult } from '../../src/report/run-result.js';
import { scannedResult } from './scan-fixtures.js';

/** The Policy changes section: the same content in the summary, the PR comment and the GitLab MR note, escaped. */

const BASE = '0123456789abcdef0123456789abcdef01234567';

function withChanges(overrides: Partial<RunResult> = {}): RunResult {
  return scannedResult({
    policySource: { origin: 'base', ref: BASE, commit: BASE, path: '.imagegate.yml' },
    policyChanges: [
      { kind: 'relaxation', key: 'gate.failOn', message: 'high → never' },
      {
        kind: 'relaxation',
        key: 'allow.vulnerabilities',
        message: 'new exception CVE-2025-1 until 2030-01-01: "see !12 @owner ~label #3 [x](https://evil.example) <b>"',
      },
      { kind: 'tightening', key: 'defaults.size.max', message: '300MB → 200MB' },
    ],
    headPolicy: { verdict: 'pass', failOn: 'never', counts: { critical: 1, high: 0, medium: 0, low: 0, info: 0 } },
    ...overrides,
  });
}

test('nothing without a policy ref', () => {
  expect(policyChangesSection(scannedResult())).toBe('');
  expect(toMarkdownSummary(scannedResult())).not.toContain('Policy changes');
});

test('relaxations one per line, tightenings briefly, the head verdict beside; untrusted text escaped', () => {
  const section = policyChangesSection(withChanges());
  expect(section.split('\n\n')).toEqual([
    '#### Policy changes',
    'The policy that decided is `.imagegate.yml` at `0123456789ab` (the base). ⚠️ This change **relaxes** it in 2 ' +
      'places; the relaxations apply only once merged, so review them with the code:',
    '- `gate.failOn`: high → never\n' +
      '- `allow.vulnerabilities`: new exception CVE-2025-1 until 2030-01-01: "see !12 @&#8203;owner \\~label #&#8203;3 ' +
      '\\[x\\](https:&#8203;//evil.example) &lt;b&gt;"',
    'Tightened: `defaults.size.max` (300MB → 200MB).',
    "Under this change's policy the gate would have ✅ passed (fails on `never`; 🔴 1 🟠 0 🟡 0 🔵 0 ⚪ 0); it did not decide.",
  ]);
});

test('the summary and the PR comment carry it after the gate line; the GitLab note escapes references too', () => {
  const result = withChanges();
  const summary = toMarkdownSummary(result);
  expect(summary.indexOf('#### Policy changes')).toBeGreaterThan(summary.indexOf('**Gate:**'));
  const comment = renderBody(
    { result, category: 'imagegate/image/x', notes: [], toolVersion: '0.1.0' },
    { max: 65_536, measure: (text) => text.length },
  ).body;
  expect(comment).toContain('- `gate.failOn`: high → never');
  const note = toGitLabNote(result, { noteKey: 'k', toolVersion: '0.1.0' });
  expect(note).toContain('#### Policy changes');
  // GitLab references (`!12` merge request, `~label`) are broken by a zero-width space as well.
  expect(note).toContain('!&#8203;12');
  expect(note).not.toMatch(/(^|[^\\])~label/);
  expect(note).not.toContain('<b>');
});

test('no policy at the base: says the change decided itself', () => {
  const result = withChanges({
    policySource: { origin: 'head', ref: BASE, commit: BASE, path: '.imagegate.yml', note: 'no policy file at X' },
    policyChanges: undefined,
    headPolicy: undefined,
  });
  expect(policyChangesSection(result)).toBe(
    "#### Policy changes\n\n⚠️ The base (`0123456789ab`) has no policy file, so this change's own policy decided. no policy file at X",
  );
});

test('an unchanged policy says so; many relaxations are counted after 50', () => {
  expect(policyChangesSection(withChanges({ policyChanges: [], headPolicy: undefined }))).toContain(
    'This change leaves it as it is.',
  );
  const many = Array.from({ length: 60 }, (_, index) => ({
    kind: 'relaxation' as const,
    key: `rules.r${index}`,
    message: 'high → low',
  }));
  const section = policyChangesSection(withChanges({ policyChanges: many, headPolicy: undefined }));
  expect(section.match(/^- `rules\./gm)).toHaveLength(50);
  expect(section).toContain('- … and 10 more (policy.changes in imagegate.json)');
});
