import { toGitLabNote } from '../../src/report/gitlab-note.js';
import { describeReaderChecks } from './rendered-checks.js';
import { GITLAB_LINKS, SHA } from './rendered-fixtures.js';

describeReaderChecks({
  name: 'the GitLab MR note',
  render: (sample) =>
    toGitLabNote(sample.result, {
      noteKey: 'imagegate-examples',
      toolVersion: '0.1.0',
      jobUrl: GITLAB_LINKS.run,
      commit: SHA.slice(0, 8),
      links: GITLAB_LINKS,
    }),
  links: GITLAB_LINKS,
  // GitLab refuses notes over 1,000,000 characters.
  fits: (markdown) => markdown.length <= 1_000_000,
  linksRun: true,
  linksArtifact: true,
  listsEveryBlocking: false,
  linksSummaryWhenShortened: false,
});
