import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { blockedResult, mixedFindings, vuln } from '../report/blocking-fixtures.js';
import { outsideFences } from '../report/markdown-support.js';

/** The MR note answers "why was I blocked" like the PR comment: 🚫 rows first, then the next steps. */

const options = { noteKey: 'imagegate/image/docker.io/acme/api', toolVersion: '0.1.0' };

test('blocking rows carry 🚫, then the next steps with the upgrade that fixes most and an allowlist entry', () => {
  const note = toGitLabNote(blockedResult(mixedFindings()), options);
  const rows = note.split('\n').filter((line) => line.startsWith('| 🚫 '));
  expect(rows).toHaveLength(8);
  expect(rows[0]).toBe(
    '| 🚫 🔴 critical | [`CVE-2023-0001`](<https://security-tracker.debian.org/tracker/CVE-2023-0001>) | `openssl` `1.1.1k-1` → `1.1.1n-0+deb11u1` | openssl: problem CVE-2023-0001 | `services/api/Dockerfile:1:1` |',
  );
  expect(note).toContain(
    '\n1. upgrade `openssl` `1.1.1k-1` → `1.1.1w-0+deb11u1` (in the base image, `FROM` at `services/api/Dockerfile:1`): ' +
      'fixes 3 of 5 critical, 1 of 3 high\n',
  );
  expect(note).toContain('\n4. add `:ro` at `compose.yaml:12` (`compose/writable-bind-mount`): fixes 1 of 3 high\n');
  expect(note).toContain('```yaml\nallow:\n  vulnerabilities:\n    - id: CVE-2023-0001\n');
  expect(note.indexOf('🚫 blocks the gate')).toBeLessThan(note.indexOf('**Next steps**'));
  // The split counts in the heading line.
  expect(note).toContain('🟠 3 high (1 vulnerability, 1 unrated, 1 policy)');
});

test("untrusted text in the new cells goes through GitLab's escaping", () => {
  const hostile = vuln({ id: 'CVE-2023-7777', pkg: 'pkg', installed: '1', fixed: '2', severity: 'critical', layer: 1 });
  hostile.properties!.title = 'see !123 and ~bug and %milestone and &42';
  const note = toGitLabNote(blockedResult([hostile]), options);
  const text = outsideFences(note);
  expect(text).toContain('see !&#8203;123 and \\~&#8203;bug and %&#8203;milestone and &amp;&#8203;42');
});

test('no next steps when nothing blocks', () => {
  const note = toGitLabNote(
    blockedResult([vuln({ id: 'CVE-1', pkg: 'a', installed: '1', severity: 'medium', layer: 1 })]),
    options,
  );
  expect(note).not.toContain('Next steps');
});
