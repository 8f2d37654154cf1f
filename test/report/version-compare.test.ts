import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareVersions, fixVersionFor, highestVersion } from '../../src/report/version-compare.js';

const CORPUS = path.resolve('../shared/corpus/trivy');

describe('compareVersions', () => {
  test.each([
    // Installed → fixed pairs as Trivy reports them in its own goldens (../shared/corpus/trivy).
    ['1.1.1b-r1', '1.1.1d-r0'], // apk: letters in the upstream version
    ['1.1.20-r4', '1.1.20-r5'],
    ['2.35.1-r2', '2.35.2-r0'],
    ['1.1.0k-1~deb9u1', '1.1.0l-1~deb9u1'], // dpkg with a tilde revision
    ['1.43.4-2', '1.43.4-2+deb9u1'], // a security update appends to the revision
    ['2.0.5-1', '2.0.5-1+deb10u1'],
    ['1.44.1-1ubuntu1.1', '1.44.1-1ubuntu1.2'],
    ['1:1.0.2k-16.el7', '1:1.0.2k-19.el7'], // rpm with an epoch
    ['1:1.1.1k-4.el8', '1:1.1.1k-5.el8_5'],
    ['7.61.1-9.amzn2.0.1', '7.61.1-11.amzn2.0.2'], // 9 < 11 as numbers, not as text
    ['7.61.1-8.el8', '7.61.1-12.el8'],
    ['1.0.1e-57.el6', '1.0.1e-58.el6_10'],
    ['1.1.0i-lp151.8.3.1', '1.1.0i-lp151.8.6.1'],
    ['4.4.18-1.ph3', '4.4.18-2.ph3'],
    ['8.2.4081-1.cm1', '8.2.4082-1.cm1'],
    ['5.3.15', '5.3.18'],
    ['6.0.2.1', '6.0.3.1'],
    ['1.1.1k', '1.1.1w'],
  ])('%s < %s', (older, newer) => {
    expect(compareVersions(older, newer)).toBeLessThan(0);
    expect(compareVersions(newer, older)).toBeGreaterThan(0);
    expect(compareVersions(older, older)).toBe(0);
  });

  test('a tilde sorts before everything, even the end; an epoch beats the rest; v and leading zeros do not count', () => {
    expect(compareVersions('1.0~rc1', '1.0')).toBeLessThan(0);
    expect(compareVersions('1.0~rc1', '1.0~rc2')).toBeLessThan(0);
    expect(compareVersions('1.1.0k-1~deb9u1', '1.1.0k-1')).toBeLessThan(0);
    expect(compareVersions('1:0.9', '2.0')).toBeGreaterThan(0);
    expect(compareVersions('v1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.02', '1.2')).toBe(0);
    expect(compareVersions('1.0', '1.0.1')).toBeLessThan(0);
    expect(compareVersions('1.0a', '1.0+')).toBeLessThan(0);
  });

  test('every installed/fixed pair in the Trivy goldens orders the fix after the installed version', () => {
    if (!existsSync(CORPUS)) return;
    let pairs = 0;
    for (const file of readdirSync(CORPUS).filter((name) => name.endsWith('.json.golden'))) {
      const report = JSON.parse(readFileSync(path.join(CORPUS, file), 'utf8')) as {
        Results?: Array<{ Vulnerabilities?: Array<{ InstalledVersion: string; FixedVersion?: string }> }>;
      };
      for (const vulnerability of (report.Results ?? []).flatMap((result) => result.Vulnerabilities ?? [])) {
        if (!vulnerability.FixedVersion) continue;
        const fix = fixVersionFor(vulnerability.InstalledVersion, vulnerability.FixedVersion);
        expect({ file, installed: vulnerability.InstalledVersion, fix }).toEqual({
          file,
          installed: vulnerability.InstalledVersion,
          fix: expect.any(String),
        });
        expect(compareVersions(fix!, vulnerability.InstalledVersion)).toBeGreaterThan(0);
        pairs += 1;
      }
    }
    expect(pairs).toBeGreaterThanOrEqual(50);
  });
});

describe('fixVersionFor: the smallest listed fix above the installed version', () => {
  test.each([
    ['6.0.2.1', '6.0.3.1, 5.2.4.3', '6.0.3.1'], // fluentd-gems: one fix per release line
    ['1.9.0', '>= 3.1.0, >= 2.1.3, < 3.0.0', '2.1.3'], // language advisory ranges
    ['1.9.0', '>= 2.1.0', '2.1.0'],
    ['1:1.1.1k-4.el8', '1:1.1.1k-5.el8_5', '1:1.1.1k-5.el8_5'],
    ['3.0.1-r0', '3.0.8-r0', '3.0.8-r0'],
  ])('%s with %s → %s', (installed, fixed, expected) => {
    expect(fixVersionFor(installed, fixed)).toBe(expected);
  });

  test('no fix listed, or none above the installed version', () => {
    expect(fixVersionFor('1.0', undefined)).toBeUndefined();
    expect(fixVersionFor('1.0', '')).toBeUndefined();
    expect(fixVersionFor('2.0', '1.5, < 3.0')).toBeUndefined();
  });

  test('highestVersion', () => {
    expect(highestVersion(['1.1.1d-r0', '1.1.1d-r2', '1.1.1c-r9'])).toBe('1.1.1d-r2');
    expect(highestVersion([])).toBeUndefined();
  });
});
