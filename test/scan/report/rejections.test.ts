import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseTrivyReport, readTrivyReport } from '../../../src/scan/report/trivy-report.js';
import { ConfigurationError, ExitCode } from '../../../src/util/errors.js';
import { tempDir } from '../../support/temp.js';
import { corpusPath, corpusText, describeWithCorpus } from './corpus-files.js';

const EXPECTED = 'expected a Trivy JSON report (`trivy image --format json --output FILE`)';

/** The ConfigurationError that parsing `text` throws. */
function rejection(text: string): ConfigurationError {
  try {
    parseTrivyReport(text, 'trivy.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('the report was accepted');
}

const vulnerabilityReport = (record: object) =>
  JSON.stringify(
    { SchemaVersion: 2, ArtifactName: 'app', Results: [{ Target: 't', Vulnerabilities: [record] }] },
    null,
    2,
  );

describe('documents that are not Trivy reports', () => {
  test.each([
    ['an empty array', '[]', 'trivy.json: is an empty JSON array; ' + EXPECTED],
    ['an empty object', '{}', 'trivy.json: is an empty JSON object; ' + EXPECTED],
    ['an empty file', '  \n', 'trivy.json: is empty; ' + EXPECTED],
    ['null', 'null', 'trivy.json: is the JSON value null; ' + EXPECTED],
    ['a number', '42', 'trivy.json: is the JSON value 42; ' + EXPECTED],
    ['an object of another tool', '{"name": "x"}', 'trivy.json: is a JSON object without SchemaVersion; ' + EXPECTED],
    [
      'a pre-0.20 Trivy report',
      '[{"Target": "alpine:3.10 (alpine 3.10.2)", "Vulnerabilities": []}]',
      'trivy.json: is a Trivy report from before v0.20 (a bare array of results without SchemaVersion); ' + EXPECTED,
    ],
    [
      'one result of a report',
      '{"Target": "x", "Class": "os-pkgs", "Vulnerabilities": []}',
      'trivy.json: is a single Trivy result, not a whole report; ' + EXPECTED,
    ],
    [
      'a SARIF log',
      '{"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": []}',
      'trivy.json: is a SARIF log (`--format sarif`); ' + EXPECTED,
    ],
    [
      'an SPDX document',
      '{"spdxVersion": "SPDX-2.3", "packages": []}',
      'trivy.json: is an SPDX document (`--format spdx-json`); ' + EXPECTED,
    ],
    [
      "imagegate's own result",
      '{"schemaVersion": 1, "verdict": "fail", "findings": []}',
      "trivy.json: is imagegate's own result (imagegate.json; that is what --baseline-report takes); " + EXPECTED,
    ],
    [
      'SchemaVersion alone',
      '{"SchemaVersion": 2}',
      'trivy.json: is a JSON object with SchemaVersion but no ArtifactName, ArtifactType or Results; ' + EXPECTED,
    ],
  ])('%s', (_what, text, message) => {
    const error = rejection(text);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(ExitCode.Configuration);
  });
});

describe('malformed reports name the line and column', () => {
  test.each([
    [
      'a JSON syntax error',
      '{\n  "SchemaVersion": 2,\n  "Results": [1,]\n}',
      'trivy.json:3:17: is not valid JSON (unexpected "]"; expected a value); ' + EXPECTED,
    ],
    [
      'a truncated report',
      '{\n  "SchemaVersion": 2,\n  "Results": [\n    {"Target": "x"',
      /^trivy\.json:4:19: is not valid JSON \(expected ',' or '\}'\)/,
    ],
    [
      "Trivy's table output",
      '\nReport Summary\n\n┌────────┐\n',
      'trivy.json:1:1: is not JSON; ' + EXPECTED + "; Trivy's default table output cannot be read",
    ],
    [
      'another schema version',
      '{\n  "SchemaVersion": 3,\n  "ArtifactName": "x"\n}',
      'trivy.json:2:20: SchemaVersion is 3; imagegate reads SchemaVersion 2 (Trivy 0.20 and later)',
    ],
    [
      'a SchemaVersion string',
      '{"SchemaVersion": "2", "ArtifactName": "x"}',
      'trivy.json:1:19: SchemaVersion is "2"; expected the number 2',
    ],
    [
      'a vulnerability without an id',
      vulnerabilityReport({ PkgName: 'openssl' }),
      'trivy.json:8:9: Results[0].Vulnerabilities[0] has no VulnerabilityID; expected the vulnerability id (CVE-…, GHSA-…)',
    ],
    [
      'a package name that is a number',
      vulnerabilityReport({ VulnerabilityID: 'CVE-1', PkgName: 7 }),
      'trivy.json:10:22: Results[0].Vulnerabilities[0].PkgName is 7; expected a string',
    ],
    [
      'a severity that is not a string',
      vulnerabilityReport({ VulnerabilityID: 'CVE-1', PkgName: 'p', Severity: 4 }),
      'trivy.json:11:23: Results[0].Vulnerabilities[0].Severity is 4; expected a string',
    ],
    [
      'References that are not strings',
      vulnerabilityReport({ VulnerabilityID: 'CVE-1', PkgName: 'p', References: ['https://a', { url: 'b' }] }),
      'trivy.json:13:13: Results[0].Vulnerabilities[0].References[1] is an object; expected a string',
    ],
    [
      'a CVSS score that is text',
      vulnerabilityReport({ VulnerabilityID: 'CVE-1', PkgName: 'p', CVSS: { nvd: { V3Score: 'high' } } }),
      'trivy.json:13:26: Results[0].Vulnerabilities[0].CVSS.nvd.V3Score is "high"; expected a number',
    ],
    [
      'Results that is an object',
      '{"SchemaVersion": 2, "ArtifactName": "a", "Results": {"Target": "x"}}',
      'trivy.json:1:54: Results is an object; expected an array',
    ],
    [
      'a result that is a string',
      '{"SchemaVersion": 2, "ArtifactName": "a", "Results": ["x"]}',
      'trivy.json:1:55: Results[0] is "x"; expected an object',
    ],
    [
      'a secret without a rule id',
      '{"SchemaVersion": 2, "ArtifactName": "a",\n "Results": [{"Target": "x", "Secrets": [{"Match": "***"}]}]}',
      'trivy.json:2:42: Results[0].Secrets[0] has no RuleID; expected the id of the secret rule that matched',
    ],
    [
      'a layer diff id that is not a digest',
      '{"SchemaVersion": 2, "ArtifactName": "a", "ArtifactType": "container_image",\n' +
        ' "Metadata": {"ImageConfig": {"rootfs": {"diff_ids": []}}, "Layers": [{"DiffID": "abc"}]}}',
      'trivy.json:2:82: Metadata.Layers[0].DiffID is "abc"; expected sha256:<64 hex digits>',
    ],
    [
      'an image size that is text',
      '{"SchemaVersion": 2, "ArtifactType": "container_image",\n "Metadata": {"Size": "5 MB", "ImageConfig": {"rootfs": {"diff_ids": []}}}}',
      'trivy.json:2:23: Metadata.Size is "5 MB"; expected a size in bytes',
    ],
    [
      'an image config with a bad diff id',
      '{"SchemaVersion": 2, "ArtifactType": "container_image",\n "Metadata": {"ImageConfig": {"rootfs": {"diff_ids": [1]}}}}',
      'trivy.json:2:30: Metadata.ImageConfig: image config: rootfs.diff_ids[0] is 1; expected sha256:<64 hex digits>',
    ],
  ])('%s', (_what, text, message) => {
    const error = rejection(text);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(error.position?.line).toBeDefined();
  });
});

describeWithCorpus('the corpus files in other formats', () => {
  test.each([
    ['other-formats/alpine-310.asff.golden', 'an AWS Security Finding Format document (ASFF)'],
    ['other-formats/alpine-310.gitlab-codequality.golden', 'a GitLab Code Quality report'],
    ['other-formats/alpine-310.gitlab.golden', 'a GitLab security report'],
    ['other-formats/alpine-310.gsbom.golden', 'a GitHub dependency snapshot'],
    ['other-formats/fluentd-multiple-lockfiles.cdx.json.golden', 'a CycloneDX SBOM'],
    ['other-formats/fluentd-multiple-lockfiles-short.cdx.json.golden', 'a CycloneDX SBOM'],
    ['alpine-310.sarif.golden', 'a SARIF log'],
    ['trivy-action/test/data/config-sarif-report/report.sarif', 'a SARIF log'],
    ['trivy-action/test/data/github-dep-snapshot/report.gsbom', 'a GitHub dependency snapshot'],
  ])('%s is rejected as %s', async (name, what) => {
    const error = await readTrivyReport(corpusPath(name), name).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message.startsWith(`${name}: is ${what}`)).toBe(true);
    expect((error as Error).message.endsWith(EXPECTED)).toBe(true);
  });
});

const dir = await tempDir('imagegate-trivy-report-');

describe('reading the file', () => {
  const report = JSON.stringify({ SchemaVersion: 2, ArtifactName: 'a', Results: [] });

  test('a missing file, a directory', async () => {
    await expect(readTrivyReport(path.join(dir, 'none.json'), 'none.json')).rejects.toThrow(
      'none.json: cannot read the Trivy report: no such file',
    );
    await expect(readTrivyReport(dir, 'out/')).rejects.toThrow(`out/: is a directory; ${EXPECTED}`);
  });

  test('a file over the size cap is refused before it is read', async () => {
    const file = path.join(dir, 'big.json');
    await writeFile(file, report);
    await expect(readTrivyReport(file, 'big.json', { maxBytes: 10 })).rejects.toThrow(
      `big.json: is ${report.length} B; imagegate reads Trivy reports up to 10 B`,
    );
    await expect(readTrivyReport(file, 'big.json')).resolves.toMatchObject({ scan: { artifactName: 'a' } });
  });

  test('UTF-16 with a byte-order mark (PowerShell 5 redirection) and UTF-8 with one are read', async () => {
    const le = path.join(dir, 'utf16le.json');
    await writeFile(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(report, 'utf16le')]));
    await expect(readTrivyReport(le, 'utf16le.json')).resolves.toMatchObject({ scan: { artifactName: 'a' } });
    const be = path.join(dir, 'utf16be.json');
    await writeFile(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(report, 'utf16le').swap16()]));
    await expect(readTrivyReport(be, 'utf16be.json')).resolves.toMatchObject({ scan: { artifactName: 'a' } });
    const bom = path.join(dir, 'bom.json');
    await writeFile(bom, '\ufeff' + report);
    await expect(readTrivyReport(bom, 'bom.json')).resolves.toMatchObject({ scan: { artifactName: 'a' } });
  });
});

describeWithCorpus('a damaged corpus report', () => {
  test('a missing quote deep inside is reported at its line', () => {
    const lines = corpusText('alpine-310.json.golden').split('\n');
    const line = lines.findIndex((text) => text.includes('"InstalledVersion"'));
    expect(line).toBeGreaterThan(50);
    lines[line] = (lines[line] as string).replace('"InstalledVersion": "', '"InstalledVersion": ');
    const error = rejection(lines.join('\n'));
    expect(error.position).toMatchObject({ path: 'trivy.json', line: line + 1 });
    expect(error.message).toContain('is not valid JSON');
  });
});
