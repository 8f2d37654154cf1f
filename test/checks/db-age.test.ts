import { checkDbAge } from '../../src/checks/db-age.js';
import type { CheckContext } from '../../src/checks/context.js';
import { loadPolicy } from '../../src/policy/load.js';
import { diffPolicies } from '../../src/policy/policy-diff.js';
import { PolicyError } from '../../src/policy/problems.js';
import { makePolicyDir } from '../policy/temp-policies.js';
import { makeFacts } from '../support/facts.js';
import { scanContext } from './scan-context.js';
import { corpusReport, scanOf } from './trivy-fixtures.js';

/**
 * `scan/db-too-old` (issue 18 item 3) as a pure check: the DB's age against the policy's `scan.maxDbAge`, to the
 * second, located at the policy line, never without a known age.
 */

const report = corpusReport('alpine-39.json.golden');
const DAY = 86_400;

function context(ageSeconds: number | undefined, maxDbAge: CheckContext['scanPolicy'], offline = false): CheckContext {
  const scan = scanOf(report!, {
    ...(ageSeconds !== undefined ? { db: { updatedAt: '2026-11-27T06:00:00.000Z', ageSeconds, offline } } : {}),
  });
  return { ...scanContext({ image: makeFacts(), scan }), ...(maxDbAge ? { scanPolicy: maxDbAge } : {}) };
}

const SEVEN_DAYS = {
  maxDbAge: {
    ms: 7 * DAY * 1000,
    text: '7d',
    source: { kind: 'source' as const, path: '.imagegate.yml', line: 5, column: 13 },
  },
};

const run = report ? test : test.skip;

run('exactly maxDbAge old is allowed; one second more is a finding at the policy line', () => {
  expect(checkDbAge(context(7 * DAY, SEVEN_DAYS))).toEqual([]);
  const [finding, ...more] = checkDbAge(context(7 * DAY + 1, SEVEN_DAYS));
  expect(more).toEqual([]);
  expect(finding).toMatchObject({
    ruleId: 'scan/db-too-old',
    severity: 'high',
    location: { kind: 'source', path: '.imagegate.yml', line: 5, column: 13 },
    properties: { dbAgeSeconds: 7 * DAY + 1, maxDbAge: '7d', offline: false },
  });
  expect(finding?.message).toBe(
    'The Trivy vulnerability DB is 7 days old (updated 2026-11-27T06:00:00.000Z), more than the 7d scan.maxDbAge ' +
      'allows: vulnerabilities published since are missing.',
  );
});

run('offline says so; no limit or no known age is no finding', () => {
  expect(checkDbAge(context(40 * DAY, SEVEN_DAYS, true))[0]?.message).toContain(
    '(offline run: the cached DB was used whatever its age)',
  );
  expect(checkDbAge(context(400 * DAY, undefined))).toEqual([]);
  expect(checkDbAge(context(undefined, SEVEN_DAYS))).toEqual([]);
});

test('scan.maxDbAge is read with its line and column, later files replacing it; a bad duration is exit 2 at its line', async () => {
  const dir = await makePolicyDir();
  try {
    await dir.write({
      'p.yml': 'version: 1\nextends: [base.yml]\nscan:\n  maxDbAge: 36h\n',
      'base.yml': 'version: 1\nscan:\n  maxDbAge: 30d\n',
    });
    const policy = await loadPolicy(dir.file('p.yml'), { displayPath: dir.display });
    expect(policy.scan?.maxDbAge).toMatchObject({ ms: 36 * 3_600_000, text: '36h', source: { line: 4, column: 13 } });
    await dir.write({ 'bad.yml': 'version: 1\nscan:\n  maxDbAge: 7 days\n' });
    const error = await loadPolicy(dir.file('bad.yml'), { displayPath: dir.display }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).errors.map((e) => e.message).join('\n')).toMatch(/bad\.yml:3:13: /);
  } finally {
    await dir.remove();
  }
});

test('in the policy diff a longer or removed scan.maxDbAge is a relaxation, a shorter or new one a tightening', async () => {
  const dir = await makePolicyDir();
  try {
    await dir.write({
      'none.yml': 'version: 1\n',
      'week.yml': 'version: 1\nscan:\n  maxDbAge: 7d\n',
      'month.yml': 'version: 1\nscan:\n  maxDbAge: 30d\n',
    });
    const load = (name: string) => loadPolicy(dir.file(name), { displayPath: dir.display });
    const [none, week, month] = await Promise.all([load('none.yml'), load('week.yml'), load('month.yml')]);
    expect(diffPolicies(week, month)).toEqual([{ kind: 'relaxation', key: 'scan.maxDbAge', message: '1w → 30d' }]);
    expect(diffPolicies(week, none)).toEqual([{ kind: 'relaxation', key: 'scan.maxDbAge', message: '1w → none' }]);
    expect(diffPolicies(none, week)).toEqual([{ kind: 'tightening', key: 'scan.maxDbAge', message: 'none → 1w' }]);
    expect(diffPolicies(week, week)).toEqual([]);
  } finally {
    await dir.remove();
  }
});
