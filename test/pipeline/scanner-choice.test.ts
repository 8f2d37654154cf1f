import { chooseScanners, describeScanners } from '../../src/pipeline/scanner-choice.js';
import { emptyImageRules } from '../../src/policy/merge.js';
import type { ImageRules } from '../../src/policy/types.js';

/** Which Trivy scanners a policy needs (issue 13 item 7); the CLI tests (test/e2e/check-scanners) run them. */

const rules = (parts: Partial<ImageRules> = {}): ImageRules => ({ ...emptyImageRules(), ...parts });
const trivy = { kind: 'trivy' as const, scanners: ['vuln' as const] };

test('secrets.forbid: true and a non-empty licenses.forbid add their scanners, with the reason', () => {
  const choice = chooseScanners(trivy, rules({ secrets: { forbid: true }, licenses: { forbid: ['AGPL-*'] } }));
  expect(choice.scan).toEqual({ kind: 'trivy', scanners: ['vuln', 'secret', 'license'] });
  expect(describeScanners(choice.scanners ?? [])).toBe(
    'vuln (default), secret (policy: secrets.forbid), license (policy: licenses.forbid)',
  );
  expect(choice.warnings).toEqual([]);
});

test('secrets.forbid unset or false, or an empty licenses.forbid, add nothing', () => {
  for (const parts of [{}, { secrets: { forbid: false } }, { licenses: { forbid: [] } }, { secrets: {} }]) {
    expect(chooseScanners(trivy, rules(parts)).scan).toEqual(trivy);
  }
});

test('an explicit list is run as given; what it leaves out is a warning naming the option', () => {
  const choice = chooseScanners(
    { ...trivy, scannersOption: 'scanners' },
    rules({ secrets: { forbid: true }, licenses: { forbid: ['GPL-3.0-only'] } }),
  );
  expect(choice.scan).toMatchObject({ scanners: ['vuln'] });
  expect(describeScanners(choice.scanners ?? [])).toBe('vuln (scanners)');
  expect(choice.warnings).toHaveLength(2);
  expect(choice.warnings[0]).toMatch(
    /^the policy sets secrets\.forbid, but scanners vuln leaves Trivy's secret scanner off/,
  );
});

test('a skipped scan warns for each rule it cannot feed; a brought report is taken as it is', () => {
  const needs = rules({ secrets: { forbid: true } });
  expect(chooseScanners({ kind: 'skip' }, needs).warnings).toEqual([
    "the policy sets secrets.forbid, but the scan is skipped: no file in the image is checked for secrets (drop the skip to run Trivy's secret scanner)",
  ]);
  expect(chooseScanners({ kind: 'skip' }, rules()).warnings).toEqual([]);
  expect(chooseScanners({ kind: 'report', file: 'trivy.json' }, needs)).toEqual({
    scan: { kind: 'report', file: 'trivy.json' },
    warnings: [],
  });
});
