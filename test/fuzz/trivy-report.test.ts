import fc from 'fast-check';
import { parseTrivyReport, readReportFromText } from '../../src/scan/report/trivy-report.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';
import { corpusSeeds } from './support/seeds.js';

/** The Trivy JSON reader (the streaming byte walk and the text fallback), on mutated real reports. */

const MINIMAL = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: 'app:1',
  ArtifactType: 'container_image',
  Metadata: { OS: { Family: 'alpine', Name: '3.20.0' }, DiffIDs: ['sha256:' + 'a'.repeat(64)] },
  Results: [
    {
      Target: 'app:1 (alpine 3.20.0)',
      Class: 'os-pkgs',
      Type: 'alpine',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2024-0001',
          PkgName: 'openssl',
          InstalledVersion: '3.0.0',
          FixedVersion: '3.0.1',
          Severity: 'HIGH',
          Layer: { DiffID: 'sha256:' + 'a'.repeat(64) },
          Title: 'a title',
        },
      ],
    },
  ],
});
const SEEDS = [MINIMAL, ...corpusSeeds('trivy', ['.json.golden'], 12, 32 * 1024)];
const TOKENS = ['"Results":', '"Vulnerabilities":', '"Severity":', '"SchemaVersion":', '"Layer":', 'null', '[]', '{}'];
const deep = (n: number) =>
  `{"SchemaVersion":2,"Results":[{"Target":"x","Vulnerabilities":[${'['.repeat(n)}${']'.repeat(n)}]}]}`;

test(
  'parseTrivyReport: a report or a ConfigurationError naming the file',
  async () => {
    await fuzz(
      'trivy-report',
      fc.oneof(mutatedText(SEEDS, TOKENS), fc.constantFrom(deep(100_000), deep(5000), `{"a":${'['.repeat(200_000)}`)),
      (text) => parseTrivyReport(text, 'report.json'),
      300,
    );
  },
  FUZZ_TIMEOUT_MS,
);

test(
  'readReportFromText (the positions path): a report or a ConfigurationError',
  async () => {
    await fuzz('trivy-report-text', mutatedText(SEEDS, TOKENS), (text) => readReportFromText(text, 'report.json'), 150);
  },
  FUZZ_TIMEOUT_MS,
);
