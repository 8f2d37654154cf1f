import { SUMMARY_LIMIT, renderBody } from '../../src/github/comment-body.js';
import { describeReaderChecks } from './rendered-checks.js';
import { GITHUB_LINKS, SHA } from './rendered-fixtures.js';

// The job summary the Action writes: the same body under the summary's 1 MiB limit (src/action/publish-results.ts).
const { summary: _summary, ...SUMMARY_LINKS } = GITHUB_LINKS;

describeReaderChecks({
  name: 'the job summary',
  render: (sample) =>
    renderBody(
      {
        result: sample.result,
        category: 'imagegate-examples',
        notes: [],
        commit: SHA,
        toolVersion: '0.1.0',
        links: SUMMARY_LINKS,
      },
      SUMMARY_LIMIT,
    ).body,
  links: SUMMARY_LINKS,
  fits: (markdown) => SUMMARY_LIMIT.measure(markdown) <= SUMMARY_LIMIT.max,
  linksRun: false,
  linksArtifact: true,
  listsEveryBlocking: true,
  linksSummaryWhenShortened: false,
});
