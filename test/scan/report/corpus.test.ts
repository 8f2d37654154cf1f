import { readTrivyReport } from '../../../src/scan/report/trivy-report.js';
import { corpusJson, corpusPath, corpusReportNames, describeWithCorpus, list, type Json } from './corpus-files.js';

/** What a report holds, counted straight from the raw JSON, independently of the parser. */
function rawCounts(report: Json) {
  const results = list(report.Results);
  const count = (key: string) => results.reduce((sum, result) => sum + list(result[key]).length, 0);
  return { vulnerabilities: count('Vulnerabilities'), secrets: count('Secrets'), licenses: count('Licenses') };
}

describeWithCorpus('every Trivy JSON report of the corpus', () => {
  const names = corpusReportNames();

  test('the corpus has image, non-image and trivy-action reports', () => {
    expect(names.filter((name) => !name.includes('/')).length).toBeGreaterThanOrEqual(29);
    expect(names.filter((name) => name.startsWith('non-image/')).length).toBeGreaterThanOrEqual(50);
    expect(names.filter((name) => name.startsWith('trivy-action/'))).toHaveLength(4);
  });

  test.each(names)('%s parses with every record kept', async (name) => {
    const raw = corpusJson(name);
    const parsed = await readTrivyReport(corpusPath(name), name);
    const { scan } = parsed;
    expect(parsed.schemaVersion).toBe(2);
    expect({
      vulnerabilities: scan.vulnerabilities.length,
      secrets: scan.secrets.length,
      licenses: scan.licenses.length,
    }).toEqual(rawCounts(raw));
    expect(scan.artifactName).toBe(raw.ArtifactName);
    expect(scan.artifactType).toBe(raw.ArtifactType);

    // Record by record, in the report's order.
    const rawVulnerabilities = list(raw.Results).flatMap((result) =>
      list(result.Vulnerabilities).map((record) => [record.VulnerabilityID, record.PkgName, result.Target]),
    );
    expect(scan.vulnerabilities.map((v) => [v.id, v.pkgName, v.target])).toEqual(rawVulnerabilities);
    for (const vulnerability of scan.vulnerabilities) {
      expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']).toContain(vulnerability.severity);
      if (vulnerability.fixedVersion === undefined) expect(vulnerability.status).not.toBe('fixed');
    }

    // Image facts exactly for container-image reports; every layer a vulnerability names is one of them.
    expect(parsed.image !== undefined).toBe(raw.ArtifactType === 'container_image');
    if (parsed.image) {
      const diffIds = new Set(parsed.image.layers.map((layer) => layer.diffId));
      for (const vulnerability of scan.vulnerabilities) {
        if (vulnerability.layerDiffId) expect(diffIds).toContain(vulnerability.layerDiffId);
      }
      expect(parsed.warnings).toEqual([]);
    }
  });
});
