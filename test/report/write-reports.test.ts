import type { Log } from 'sarif';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { toResultDocument } from '../../src/report/result-json.js';
import { toSarif } from '../../src/report/sarif.js';
import { writeReports } from '../../src/report/write-reports.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { sampleResult } from './fixtures.js';
import { scannedResult } from './scan-fixtures.js';
import { noRedaction } from '../../src/util/redact.js';

const options = { toolVersion: '0.1.0', category: 'imagegate/image/docker.io/acme/api', redactor: noRedaction() };

describe('writeReports', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'imagegate-report-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('creates the directory and writes the three reports, each what its renderer gives', async () => {
    const result = sampleResult();
    const outDir = path.join(root, 'nested', 'imagegate-out');
    const paths = await writeReports(result, outDir, options);

    expect(paths).toEqual({
      json: path.join(outDir, 'imagegate.json'),
      sarif: path.join(outDir, 'imagegate.sarif'),
      summary: path.join(outDir, 'summary.md'),
    });
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual(toResultDocument(result, options));
    expect(JSON.parse(await readFile(paths.sarif, 'utf8'))).toEqual(toSarif(result, options));
    expect(await readFile(paths.summary, 'utf8')).toBe(toMarkdownSummary(result));
    expect((await readFile(paths.json, 'utf8')).endsWith('}\n')).toBe(true);
    expect((await readdir(outDir)).sort()).toEqual(['imagegate.json', 'imagegate.sarif', 'summary.md']);
  });

  test('returns absolute paths for a relative out dir, and passes Markdown options through', async () => {
    const relative = path.relative(process.cwd(), path.join(root, 'out'));
    const paths = await writeReports(sampleResult(), relative, { ...options, markdown: { title: 'api' } });
    expect(path.isAbsolute(paths.summary)).toBe(true);
    expect(await readFile(paths.summary, 'utf8')).toMatch(/^## ❌ failed: api · /);
  });

  test('the summary states the SARIF truncation that the written SARIF has', async () => {
    const paths = await writeReports(scannedResult(), path.join(root, 'out'), {
      ...options,
      limits: { maxResultsPerRun: 3 },
    });
    const sarif = JSON.parse(await readFile(paths.sarif, 'utf8')) as Log;
    expect(sarif.runs.map((run) => run.results?.length)).toEqual([3, 3]);
    const summary = await readFile(paths.summary, 'utf8');
    expect(summary).toContain(
      "(Trivy run, category `imagegate/vulnerabilities/docker.io/acme/api`): 6 of 9 results not in SARIF: GitHub's 3-results-per-run limit.",
    );
    expect(summary).toContain('(imagegate run, category `imagegate/image/docker.io/acme/api`): 4 of 7 results');
  });

  test('replaces earlier reports and leaves no temporary files', async () => {
    const outDir = path.join(root, 'out');
    await writeReports(sampleResult(), outDir, options);
    await writeFile(path.join(outDir, 'unrelated.txt'), 'kept');
    const passing = sampleResult({ verdict: 'pass' });
    const paths = await writeReports(passing, outDir, options);
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toMatchObject({ verdict: 'pass' });
    expect((await readdir(outDir)).sort()).toEqual([
      'imagegate.json',
      'imagegate.sarif',
      'summary.md',
      'unrelated.txt',
    ]);
  });

  test('an out dir that is a file is a configuration error naming it', async () => {
    const file = path.join(root, 'not-a-dir');
    await writeFile(file, 'x');
    const attempt = writeReports(sampleResult(), file, options);
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(writeReports(sampleResult(), file, options)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(`${file}: cannot write the reports here`) as unknown,
    });
  });
});
