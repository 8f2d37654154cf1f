import { COMMENT_LIMIT, renderBody, SUMMARY_LIMIT, type BodyInput } from '../../src/github/comment-body.js';
import type { ReportLinks } from '../../src/report/links.js';
import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { blockedResult, manyFindings, WRITABLE_MOUNT } from '../report/blocking-fixtures.js';
import { expectSafeMarkdown } from '../report/markdown-support.js';

/** Many vulnerabilities: the PR comment stays under GitHub's limit and points at the job summary, which lists all. */

const LINKS: ReportLinks = {
  rule: (id) => `https://github.com/acme/imagegate/blob/v1/docs/rules.md#${id.replace('/', '')}`,
  source: (location) => `https://github.com/acme/api/blob/abc/${location.path}#L${location.line}`,
  summary: 'https://github.com/acme/api/actions/runs/42',
};

function input(count: number): BodyInput {
  return {
    result: blockedResult([...manyFindings(count), WRITABLE_MOUNT]),
    category: 'imagegate/image/docker.io/acme/api',
    notes: [],
    toolVersion: '0.1.0',
    links: LINKS,
  };
}

describe.each([250, 5000])('%i vulnerabilities', (count) => {
  const comment = renderBody(input(count), COMMENT_LIMIT);
  const summary = renderBody(input(count), SUMMARY_LIMIT);

  test('the PR comment fits, opens with why it failed and the next steps, and links to the job summary', () => {
    expect(comment.body.length).toBeLessThanOrEqual(65_536);
    // 250 fit whole (every advisory collapsed in the full report); 5,000 do not, and the comment says where they are.
    expect(comment.truncated).toBe(count > 250);
    const top = comment.body.indexOf('**Why the gate failed:**');
    expect(top).toBeGreaterThan(0);
    const details = comment.body.indexOf('<details>');
    if (details >= 0) expect(comment.body.indexOf('**Next steps**')).toBeLessThan(details);
    expect(comment.body).toContain(
      `… and ${count + 1 - 10} more blocking findings: the [job summary](<https://github.com/acme/api/actions/runs/42>) lists all of them.`,
    );
    if (comment.truncated) {
      expect(comment.body).toContain(
        '[Open the job summary](<https://github.com/acme/api/actions/runs/42>) for every finding.',
      );
    } else {
      for (let index = 0; index < count; index += 1) expect(comment.body).toContain(`CVE-2024-${10_000 + index}`);
    }
    // The footer's <sub> is imagegate's own.
    expectSafeMarkdown(comment.body.replace(/<\/?sub>/g, ''));
  });

  test('the job summary fits 1 MiB and lists every blocking vulnerability, collapsed per package', () => {
    expect(Buffer.byteLength(summary.body)).toBeLessThanOrEqual(1_000_000);
    for (let index = 0; index < count; index += 1) {
      const id = `CVE-2024-${10_000 + index}`;
      if (!summary.body.includes(`[\`${id}\`]`)) throw new Error(`${id} is missing from the job summary`);
    }
    expect(summary.body.match(/^<details><summary>🚫 10 blocking · <code>package-/gm)).toHaveLength(count / 10);
  });

  test('the MR note stays small', () => {
    const note = toGitLabNote(input(count).result, { noteKey: 'k', toolVersion: '0.1.0', links: LINKS });
    expect(note.length).toBeLessThan(20_000);
    expect(note).toContain('**Next steps**');
  });
});

test('the PR comment opens with why it failed, before the size, the chart and the collapsed full report', () => {
  const { body } = renderBody(
    { result: blockedResult(manyFindings(12)), category: 'c', notes: [], toolVersion: '0.1.0', links: LINKS },
    COMMENT_LIMIT,
  );
  const why = body.indexOf('**Why the gate failed:** 12 findings at or above the threshold: 🔴 4 critical · 🟠 8 high');
  expect(why).toBeGreaterThan(0);
  expect(why).toBeLessThan(body.indexOf('**Next steps**'));
  expect(body.indexOf('**Next steps**')).toBeLessThan(body.indexOf('#### Size and layers'));
  expect(body.indexOf('#### Size and layers')).toBeLessThan(body.indexOf('<details><summary>Full report</summary>'));
  expect(body).toContain(
    '\n1. upgrade `package-0` `1.0.0-1` → `1.0.9-2` (in the base image, `FROM` at ' +
      '[`services/api/Dockerfile:1`](<https://github.com/acme/api/blob/abc/services/api/Dockerfile#L1>)): ' +
      'fixes 4 of 4 critical, 6 of 8 high\n',
  );
});
