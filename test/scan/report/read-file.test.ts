import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readReportFromText, readTrivyReport } from '../../../src/scan/report/trivy-report.js';
import { exec } from '../../../src/util/exec.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { tempDir } from '../../support/temp.js';

/**
 * readTrivyReport reads a regular file a chunk at a time (1 MiB) and anything else (a pipe) whole. Reports here
 * are several chunks long, so records, strings and escapes fall across chunk edges.
 */

const dir = await tempDir('imagegate-trivy-read-');

function largeReport(count: number): string {
  const records = Array.from({ length: count }, (_, i) => ({
    VulnerabilityID: `CVE-2024-${i % 500}`,
    PkgName: `pkg-${i}`,
    InstalledVersion: '1.0',
    Severity: ['LOW', 'HIGH', 'CRITICAL'][i % 3],
    Title: `title of ${i % 500} with "quotes", \\ backslashes and é`,
    Description: 'd'.repeat(i % 700),
    References: [`https://example.com/${i % 500}`],
  }));
  return JSON.stringify(
    { SchemaVersion: 2, ArtifactName: 'app', Results: [{ Target: 't', Class: 'lang-pkgs', Vulnerabilities: records }] },
    null,
    2,
  );
}

test('a report of many chunks reads as the whole text does', async () => {
  const text = largeReport(20_000);
  expect(text.length).toBeGreaterThan(8 * 1024 * 1024);
  const file = path.join(dir, 'large.json');
  await writeFile(file, text);
  const read = await readTrivyReport(file, 'large.json');
  expect(read).toEqual(readReportFromText(text, 'large.json'));
  expect(read.scan.vulnerabilities).toHaveLength(20_000);
  expect(read.scan.vulnerabilities[19_999]?.advisory).toBe(read.scan.vulnerabilities[499]?.advisory);
});

test('a syntax error several chunks in is reported at its line', async () => {
  const lines = largeReport(20_000).split('\n');
  const line = lines.findIndex((text) => text.includes('"pkg-15000"'));
  lines[line] = (lines[line] as string).replace('"pkg-15000"', '"pkg-15000');
  const file = path.join(dir, 'broken.json');
  await writeFile(file, lines.join('\n'));
  const error = await readTrivyReport(file, 'broken.json').catch((caught: unknown) => caught);
  expect(error).toMatchObject({ position: { path: 'broken.json', line: line + 1 } });
  expect((error as Error).message).toContain('is not valid JSON');
});

describe('a named pipe', () => {
  async function throughPipe(name: string, text: string) {
    const fifo = path.join(dir, name);
    await exec('mkfifo', [fifo], { logger: new MemoryLogger() });
    const [read] = await Promise.allSettled([readTrivyReport(fifo, name), writeFile(fifo, text)]);
    if (read.status === 'rejected') throw read.reason;
    return read.value;
  }

  test('is read whole, once', async () => {
    const read = await throughPipe('report.fifo', largeReport(3000));
    expect(read.scan.vulnerabilities).toHaveLength(3000);
  });

  test('a problem in it is still located', async () => {
    const text = JSON.stringify({
      SchemaVersion: 2,
      ArtifactName: 'a',
      Results: [{ Vulnerabilities: [{ PkgName: 'p' }] }],
    });
    await expect(throughPipe('bad.fifo', text)).rejects.toThrow(
      `bad.fifo:1:${text.indexOf('{"PkgName"') + 1}: Results[0].Vulnerabilities[0] has no VulnerabilityID`,
    );
  });
});
