import { COMMENT_LIMIT, renderBody } from '../../src/github/comment-body.js';
import { describeReaderChecks } from './rendered-checks.js';
import { GITHUB_LINKS, SHA } from './rendered-fixtures.js';

describeReaderChecks({
  name: 'the PR comment',
  render: (sample) =>
    renderBody(
      {
        result: sample.result,
        category: 'imagegate-examples',
        notes: [],
        commit: SHA,
        toolVersion: '0.1.0',
        links: GITHUB_LINKS,
      },
      COMMENT_LIMIT,
    ).body,
  links: GITHUB_LINKS,
  fits: (markdown) => COMMENT_LIMIT.measure(markdown) <= COMMENT_LIMIT.max,
  linksRun: true,
  linksArtifact: true,
  listsEveryBlocking: false,
  linksSummaryWhenShortened: true,
});
