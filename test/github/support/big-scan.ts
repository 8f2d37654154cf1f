import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../../tools/archive/archive-writer.js';
import { sharedFile } from '../../support/shared.js';

/**
 * A run too big for one PR comment: an image of 150 layers (written with the project's archive writer, no
 * daemon) and a Trivy report derived from a real corpus record, repeated 300 times under new ids with hostile
 * titles (an @mention, HTML, a javascript: link, a bare URL) and re-pointed at the image's layers; a policy
 * allowlists half of them with long reasons, so the summary's tables are full.
 */

export const HOSTILE =
  '@octocat <img src=x onerror=alert(1)> [click](javascript:alert(1)) see https://evil.example/x <script>alert(2)</script>';

export interface BigScan {
  inputs: Record<string, string>;
  category: string;
}

const TAG = 'registry.example.com/team/big:1';
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

export async function writeBigScan(dir: string): Promise<BigScan> {
  const archive = path.join(dir, 'big.tar');
  const [image] = await writeImageArchive(
    archive,
    {
      repoTags: [TAG],
      config: { User: '1000' },
      steps: Array.from({ length: 150 }, (_, index) => ({
        createdBy: `RUN /bin/sh -c echo step ${index} && install-something --with-a-rather-long-option-list ${'x'.repeat(60)} # buildkit`,
        entries: [{ path: `layer-${index}.txt`, type: 'file' as const, content: `layer ${index}\n`.repeat(index + 1) }],
      })),
    },
    { format: 'docker-legacy' },
  );
  const corpus = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
  if (!corpus || !image) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
  const report = JSON.parse(await readFile(corpus, 'utf8')) as {
    ArtifactName: string;
    Metadata: Record<string, unknown>;
    Results: Array<{ Vulnerabilities?: Array<Record<string, unknown>> }>;
  };
  const template = report.Results.find((result) => result.Vulnerabilities?.length)!.Vulnerabilities![0]!;
  const diffIds = image.layers.map((layer) => layer.diffId);
  const vulnerabilities = Array.from({ length: 300 }, (_, index) => ({
    ...structuredClone(template),
    VulnerabilityID: `CVE-2099-${10_000 + index}`,
    PkgID: `pkg-${index}@1.0-${index}`,
    PkgName: `pkg-${index}`,
    PkgIdentifier: { PURL: `pkg:deb/debian/pkg-${index}@1.0-${index}` },
    InstalledVersion: `1.0-${index}`,
    FixedVersion: `1.1-${index}`,
    Severity: SEVERITIES[index % SEVERITIES.length],
    Title: `${HOSTILE} advisory ${index} ${'overflow in a parser '.repeat(8)}`,
    Description: `${HOSTILE}\n\nDetails ${index}.`,
    Layer: { DiffID: diffIds[index % diffIds.length] },
  }));
  report.Results = [{ ...report.Results[0], Vulnerabilities: vulnerabilities }];
  report.ArtifactName = TAG;
  report.Metadata = { ImageID: image.id, DiffIDs: diffIds, RepoTags: [TAG] };
  const trivyReport = path.join(dir, 'big-trivy.json');
  await writeFile(trivyReport, JSON.stringify(report, null, 2));

  const policy = path.join(dir, 'big-policy.yml');
  const entries = vulnerabilities
    .filter((_, index) => index % 2 === 0)
    .map(
      (vulnerability) =>
        `    - id: ${String(vulnerability.VulnerabilityID)}\n      reason: "accepted after review: ${'the vulnerable code path is not reachable from any entry point of this service; '.repeat(3)}"\n      expires: 2099-12-31`,
    );
  await writeFile(policy, ['version: 1', 'allow:', '  vulnerabilities:', ...entries, ''].join('\n'));
  return {
    inputs: { archive, 'trivy-report': trivyReport, dockerfile: 'Dockerfile', policy },
    category: 'imagegate/image/registry.example.com/team/big',
  };
}
