import { readFileSync } from 'node:fs';
import { parseTrivyReport, readReportFromBytes, readReportFromText } from '../../../src/scan/report/trivy-report.js';
import { NotReadableAsBytes } from '../../../src/scan/report/json-reader.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { corpusPath, corpusReportNames, describeWithCorpus } from './corpus-files.js';

/**
 * The parser reads a report as bytes, record by record, and reads it again as one JSON.parse'd text only when
 * something is wrong. These tests hold the two ways to the same answers, and check that a good report never
 * needs the second.
 */

describeWithCorpus('every corpus report', () => {
  test.each(corpusReportNames())('%s: read as bytes alone, and the same as read as text', (name) => {
    const bytes = readFileSync(corpusPath(name));
    const fast = readReportFromBytes(bytes, name);
    expect(fast).toEqual(readReportFromText(bytes.toString('utf8'), name));
  });
});

const header = { SchemaVersion: 2, ArtifactName: 'app', ArtifactType: 'filesystem' };

describe('documents the byte walk hands to the text path', () => {
  test('a repeated key: JSON.parse keeps the last value, and so does the report', () => {
    const text =
      '{"SchemaVersion": 2, "ArtifactName": "app", ' +
      '"Results": [{"Target": "old", "Vulnerabilities": [{"VulnerabilityID": "CVE-1", "PkgName": "a"}]}], ' +
      '"Results": [{"Target": "new", "Vulnerabilities": [{"VulnerabilityID": "CVE-2", "PkgName": "b"}]}]}';
    expect(() => readReportFromBytes(Buffer.from(text), 'r.json')).toThrow(NotReadableAsBytes);
    expect(parseTrivyReport(text, 'r.json').scan.vulnerabilities.map((v) => [v.id, v.target])).toEqual([
      ['CVE-2', 'new'],
    ]);
  });

  test('a type error: found by the byte walk without a position, then located by the text path', () => {
    const text = JSON.stringify({ ...header, Results: [{ Target: 't', Vulnerabilities: [{ PkgName: 'p' }] }] });
    expect(() => readReportFromBytes(Buffer.from(text), 'r.json')).toThrow(ConfigurationError);
    const column = text.indexOf('{"PkgName"') + 1;
    expect(() => parseTrivyReport(text, 'r.json')).toThrow(
      `r.json:1:${column}: Results[0].Vulnerabilities[0] has no VulnerabilityID; expected the vulnerability id (CVE-…, GHSA-…)`,
    );
  });
});

describe('the byte walk', () => {
  test('Target, Class and Type after the records still reach every record', () => {
    const text =
      '{"SchemaVersion": 2, "ArtifactName": "app", "Results": [' +
      '{"Vulnerabilities": [{"VulnerabilityID": "CVE-1", "PkgName": "a"}], "Secrets": [{"RuleID": "key"}],' +
      ' "Licenses": [{"Name": "GPL-3.0"}], "Target": "late", "Class": "lang-pkgs", "Type": "npm"},' +
      '{"Target": "early", "Vulnerabilities": [{"VulnerabilityID": "CVE-2", "PkgName": "b"}]}]}';
    const { scan } = readReportFromBytes(Buffer.from(text), 'r.json');
    expect(scan.vulnerabilities.map((v) => [v.id, v.target, v.resultClass, v.pkgType])).toEqual([
      ['CVE-1', 'late', 'lang-pkgs', 'npm'],
      ['CVE-2', 'early', '', ''],
    ]);
    expect(scan.secrets[0]?.target).toBe('late');
    expect(scan.licenses[0]?.target).toBe('late');
  });

  test('parts of a result no rule reads (Packages, misconfigurations) are checked, not kept', () => {
    const result = {
      Target: 't',
      Packages: [{ Name: 'a', Version: '1' }],
      Misconfigurations: [{ ID: 'DS001' }],
      Vulnerabilities: [{ VulnerabilityID: 'CVE-1', PkgName: 'a' }],
    };
    const good = JSON.stringify({ ...header, Results: [result] });
    expect(readReportFromBytes(Buffer.from(good), 'r.json').scan.vulnerabilities).toHaveLength(1);
    const broken = good.replace('"Version":"1"', '"Version":1"');
    expect(() => readReportFromBytes(Buffer.from(broken), 'r.json')).toThrow(NotReadableAsBytes);
    expect(() => parseTrivyReport(broken, 'r.json')).toThrow(/^r\.json:1:\d+: is not valid JSON/);
  });
});
