import { parseTrivyReport } from '../../../src/scan/report/trivy-report.js';
import { corpusJson, corpusReportNames, describeWithCorpus, list, type Json } from './corpus-files.js';

const COUNT = 100_000;

describeWithCorpus('a report with 100,000 vulnerabilities', () => {
  test('made by replicating every corpus image vulnerability, parses whole', () => {
    const imageReports = corpusReportNames().filter((name) => !name.includes('/'));
    const pool = imageReports.flatMap((name) =>
      list(corpusJson(name).Results).flatMap((result) =>
        list(result.Vulnerabilities).map((record) => ({ record, result })),
      ),
    );
    expect(pool.length).toBeGreaterThan(50);

    const base = corpusJson('fluentd-gems.json.golden');
    const results: Json[] = [];
    let expectedCritical = 0;
    for (let index = 0; index < COUNT; index += 1) {
      const { record, result } = pool[index % pool.length] as { record: Json; result: Json };
      // A result per 1,000 records, as a large image has many lock files.
      if (index % 1000 === 0) {
        results.push({
          Target: `${String(result.Target)} #${index}`,
          Class: result.Class,
          Type: result.Type,
          Vulnerabilities: [],
        });
      }
      (results[results.length - 1]?.Vulnerabilities as Json[]).push({
        ...record,
        VulnerabilityID: `CVE-2099-${index}`,
      });
      if (record.Severity === 'CRITICAL') expectedCritical += 1;
    }
    base.Results = results;
    const text = JSON.stringify(base);
    expect(text.length).toBeGreaterThan(100_000_000);

    const { scan, image } = parseTrivyReport(text, 'large.json');
    expect(scan.vulnerabilities).toHaveLength(COUNT);
    expect(scan.vulnerabilities[0]?.id).toBe('CVE-2099-0');
    expect(scan.vulnerabilities[COUNT - 1]?.id).toBe(`CVE-2099-${COUNT - 1}`);
    expect(scan.vulnerabilities.filter((v) => v.severity === 'CRITICAL')).toHaveLength(expectedCritical);
    expect(scan.vulnerabilities[COUNT - 1]?.target).toMatch(/ #99000$/);
    expect(image?.layers).toHaveLength(6);
  });
});
