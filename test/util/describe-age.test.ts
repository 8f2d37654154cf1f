import { describeAge } from '../../src/util/describe-age.js';

/**
 * One age wording for the summary's cached-scan line (seconds under two minutes) and the DB's age (summary, terminal,
 * scan/db-age finding). The outputs are the ones the two former copies produced, boundary by boundary.
 */
describe('describeAge', () => {
  test.each([
    [0, '0 minutes'],
    [59, '0 minutes'],
    [60, '1 minute'],
    [119, '1 minute'],
    [120, '2 minutes'],
    [7199, '119 minutes'],
    [7200, '2 hours'],
    [172_799, '47 hours'],
    [172_800, '2 days'],
    [86_400 * 1204, '1,204 days'],
  ])('the DB age of %i seconds is %s', (seconds, text) => {
    expect(describeAge(seconds)).toBe(text);
  });

  test.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [119, '119 seconds'],
    [120, '2 minutes'],
    [7199, '119 minutes'],
    [7200, '2 hours'],
    [172_800, '2 days'],
  ])('the cached scan saved %i seconds ago is %s ago', (seconds, text) => {
    expect(describeAge(seconds, { seconds: true })).toBe(text);
  });
});

test('large counts are grouped like every count in the reports (the DB age too, which once printed 1204 days)', () => {
  expect(describeAge(1204 * 86_400, { seconds: true })).toBe('1,204 days');
});
