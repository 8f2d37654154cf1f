import { parseTrivyReport, readTrivyReport } from '../../../src/scan/report/trivy-report.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { corpusJson, corpusPath, corpusText, describeWithCorpus, list } from './corpus-files.js';

/**
 * `Results[].Packages` (Trivy's `--list-all-pkgs`), which the SBOM lists: the corpus's non-image reports carry
 * real package lists; the image goldens were made without the flag, so their scans have no `packages` at all.
 */

function packagesReport(packages: unknown): string {
  return JSON.stringify(
    {
      SchemaVersion: 2,
      ArtifactName: 'app',
      Results: [{ Target: 'app (alpine 3.20)', Class: 'os-pkgs', Type: 'alpine', Packages: packages }],
    },
    null,
    2,
  );
}

describeWithCorpus('Packages in corpus reports', () => {
  test('npm.json.golden: every package with its name, version, purl, licenses, target and type', async () => {
    const raw = list(list(corpusJson('non-image/npm.json.golden').Results)[0]?.Packages);
    const { scan } = await readTrivyReport(corpusPath('non-image/npm.json.golden'), 'npm.json');
    expect(scan.packages).toHaveLength(raw.length);
    expect(scan.packages?.[1]).toEqual({
      name: 'jquery',
      version: '3.3.9',
      pkgId: 'jquery@3.3.9',
      purl: 'pkg:npm/jquery@3.3.9',
      licenses: ['MIT'],
      target: 'package-lock.json',
      pkgType: 'npm',
    });
    // The text parser (reports brought inline) maps the same.
    expect(parseTrivyReport(corpusText('non-image/npm.json.golden'), 'npm.json').scan.packages).toEqual(scan.packages);
  });

  test('an image golden made without --list-all-pkgs has no package list (not an empty one)', () => {
    expect(parseTrivyReport(corpusText('alpine-310.json.golden'), 'a.json').scan).not.toHaveProperty('packages');
  });
});

test('a package keeps its layer, path and digest', () => {
  const { scan } = parseTrivyReport(
    packagesReport([
      {
        Name: 'musl',
        Version: '1.2.5-r0',
        FilePath: 'lib/apk/db/installed',
        Digest: 'sha1:0123456789abcdef0123456789abcdef01234567',
        Layer: { DiffID: 'sha256:' + 'a'.repeat(64) },
      },
    ]),
    'trivy.json',
  );
  expect(scan.packages).toEqual([
    {
      name: 'musl',
      version: '1.2.5-r0',
      licenses: [],
      pkgPath: 'lib/apk/db/installed',
      digest: 'sha1:0123456789abcdef0123456789abcdef01234567',
      layerDiffId: 'sha256:' + 'a'.repeat(64),
      target: 'app (alpine 3.20)',
      pkgType: 'alpine',
    },
  ]);
});

test('a package without a name, or with a name that is not a string, is exit 2 naming file:line:col', () => {
  const parse = (packages: unknown) => () => parseTrivyReport(packagesReport(packages), 'trivy.json');
  expect(parse([{ Version: '1' }])).toThrow(ConfigurationError);
  expect(parse([{ Version: '1' }])).toThrow(
    'trivy.json:10:9: Results[0].Packages[0] has no Name; expected the package name',
  );
  expect(parse([{ Name: 7 }])).toThrow(/^trivy\.json:\d+:\d+: Results\[0\]\.Packages\[0\]\.Name is 7/);
  expect(parse('many')).toThrow(/Results\[0\]\.Packages is "many"/);
});
