import type { Finding } from '../../src/model/findings.js';
import { advisoryHref } from '../../src/report/markdown-blocking.js';
import { groupByPackage } from '../../src/report/package-groups.js';
import { vulnerabilityProperties } from '../../src/report/scan-findings.js';
import { codeSpan } from '../../src/util/markdown-escape.js';
import { blockedResult, vuln } from './blocking-fixtures.js';

/**
 * The helpers issue 17 made cheaper for the 100k-finding summary keep their exact answers: property reads in the
 * interface's key order, package groups that no choice of names can merge, a memoised URL check that answers as
 * the parse does, and code spans fenced as before. (The report goldens check the whole outputs byte for byte.)
 */

describe('report hot paths keep their answers', () => {
  test('vulnerabilityProperties: the usable strings and score, in the interface order; empty and mistyped dropped', () => {
    const finding = vuln({
      id: 'CVE-2024-1',
      severity: 'high',
      pkg: 'openssl',
      installed: '1.1',
      fixed: '1.2',
      layer: 2,
    });
    finding.properties = { ...finding.properties, cvssScore: 7.5, pkgPath: '', status: 3, extra: 'kept out' };
    const p = vulnerabilityProperties(finding);
    expect(Object.keys(p)).toEqual([
      'pkgName',
      'installedVersion',
      'fixedVersion',
      'scannerSeverity',
      'target',
      'layerDiffId',
      'title',
      'cvssScore',
    ]);
    expect(p).toMatchObject({ pkgName: 'openssl', installedVersion: '1.1', fixedVersion: '1.2', cvssScore: 7.5 });
    expect(vulnerabilityProperties({})).toEqual({});
  });

  test('groupByPackage: names, versions and places that would run together as text stay apart, first seen first', () => {
    const at = (pkg: string, installed: string, target?: string): Finding => {
      const finding = vuln({ id: `CVE-2024-${pkg}${installed}`, severity: 'high', pkg, installed, layer: 2 });
      finding.properties = { ...finding.properties, target: target ?? null };
      return finding;
    };
    const groups = groupByPackage(
      [at('a:1', 'b'), at('a', ':1b'), at('a', '1:b'), at('a:1', 'b', 'x'), at('a:1', 'b'), at('a', ':1b')],
      blockedResult([]),
    );
    expect(groups.map((g) => [g.pkgName, g.installedVersion, g.place ?? null, g.findings.length])).toEqual([
      ['a:1', 'b', null, 2],
      ['a', ':1b', null, 2],
      ['a', '1:b', null, 1],
      ['a:1', 'b', 'x', 1],
    ]);
  });

  test('advisoryHref answers the same from its memo, for good and bad URLs, past its bound', () => {
    for (let round = 0; round < 2; round += 1) {
      expect(advisoryHref('https://avd.aquasec.com/nvd/cve-2024-1')).toBe('https://avd.aquasec.com/nvd/cve-2024-1');
      expect(advisoryHref(' https://example.com/a b ')).toBe('https://example.com/a%20b');
      expect(advisoryHref('http://example.com/')).toBeUndefined();
      expect(advisoryHref('javascript:alert(1)')).toBeUndefined();
      expect(advisoryHref('https://user:pw@example.com/')).toBeUndefined();
    }
    for (let index = 0; index < 10_050; index += 1) advisoryHref(`https://example.com/${index}`);
    expect(advisoryHref('https://example.com/7')).toBe('https://example.com/7');
    expect(advisoryHref('javascript:alert(1)')).toBeUndefined();
  });

  test('codeSpan fences text without backticks with one, and longer runs with one more', () => {
    expect(codeSpan('libssl3')).toBe('`libssl3`');
    expect(codeSpan('a``b')).toBe('```a``b```');
    expect(codeSpan('`x')).toBe('`` `x ``');
  });
});
